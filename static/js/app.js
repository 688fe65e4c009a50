// Start the GOV.UK Frontend components on the page (error summary focus,
// conditional reveals, the service navigation menu on small screens).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
