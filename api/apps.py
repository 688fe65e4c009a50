from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "REST API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the schema extensions with drf-spectacular.
        from api import schema  # noqa: F401
        from api.models import ApiToken
        from api.tokens import ACTIONS
        from audit import registry

        registry.register(ApiToken, label="API token", actions=ACTIONS)
