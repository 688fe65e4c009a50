from django.apps import AppConfig


class PressureConfig(AppConfig):
    name = "pressure"
    verbose_name = "Pressure in the open: the league table, crisis calls and reports"

    def ready(self) -> None:
        # Each area registers its models and actions with the audit log.
        from pressure.crisis.registry import register as register_crisis
        from pressure.monthly.registry import register as register_monthly

        register_monthly()
        register_crisis()
