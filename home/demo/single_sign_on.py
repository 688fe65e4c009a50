"""Demo data for single sign-on: the demo boroughs' email domains and the
Microsoft Entra tenant each one trusts (made-up tenant IDs).

With no SSO_ variables set, as in `make run`, the sign-in page shows no
organisation button; these settings are there for a coordinator to see in the
admin, and to work at once if someone points the demo at a test tenant.
Boroughs that already have domains or tenants keep them.
"""

import uuid

from boroughs.models import Borough
from home.demo.plan import DEMO_BOROUGHS


def demo_tenant_id(domain: str) -> str:
    """A stable, made-up Entra tenant ID for a demo borough's domain."""
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, f"tenant.{domain}"))


def seed_single_sign_on() -> int:
    """Give each demo borough its domain and tenant; returns how many changed."""
    changed = 0
    for borough in Borough.objects.filter(gss_code__in=list(DEMO_BOROUGHS)):
        domain = f"{borough.name.lower().replace(' ', '')}.gov.uk"
        fields = []
        if not borough.email_domains:
            borough.email_domains = domain
            fields.append("email_domains")
        if not borough.sso_tenant_ids:
            borough.sso_tenant_ids = demo_tenant_id(domain)
            fields.append("sso_tenant_ids")
        if fields:
            borough.save(update_fields=fields)
            changed += 1
    return changed
