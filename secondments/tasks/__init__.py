"""Celery tasks for the marketplace, one module per concern.

Tasks are thin: they take primary keys or a date, re-fetch, and call a
service. Celery's autodiscovery imports this package; importing every module
in it registers their tasks (each task sets its name explicitly, as
``secondments.tasks.<name>``, so beat and callers do not depend on the module).
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
