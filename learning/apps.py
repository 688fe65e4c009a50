from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "What placements teach: references, reports, the library, events, supervision"

    def ready(self) -> None:
        # Each area registers its models and actions with the audit log.
        from learning.events.registry import register as register_events
        from learning.references.registry import register as register_references
        from learning.reports.registry import register as register_reports
        from learning.supervision.registry import register as register_supervision

        register_references()
        register_reports()
        register_events()
        register_supervision()
