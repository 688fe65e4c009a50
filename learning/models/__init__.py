"""The learning side's models, one module per area."""

from learning.models.events import *  # noqa: F403
from learning.models.events import __all__ as _events
from learning.models.references import *  # noqa: F403
from learning.models.references import __all__ as _references
from learning.models.reports import *  # noqa: F403
from learning.models.reports import __all__ as _reports
from learning.models.supervision import *  # noqa: F403
from learning.models.supervision import __all__ as _supervision

__all__ = [*_references, *_reports, *_events, *_supervision]
