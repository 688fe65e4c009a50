from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Start page, dashboards and demo"

    def ready(self) -> None:
        # UK GDPR (issue 12): how the audit log names erasure requests and the purge.
        from accounts.models import ErasureRequest, ErasureStatus
        from audit import registry
        from home.privacy.erasure import ACTIONS as ERASURE_ACTIONS
        from home.privacy.retention import ACTIONS as RETENTION_ACTIONS
        from home.privacy.views import ACTIONS as EXPORT_ACTIONS

        registry.register(
            ErasureRequest,
            label="Erasure request",
            url_name="erasure_request_detail",
            states=ErasureStatus,
            actions=ERASURE_ACTIONS,
        )
        registry.register_regions(ErasureRequest, "person__borough")
        registry.register_actions({"person_changed_in_admin": "Person changed in the admin"})
        registry.register_actions(RETENTION_ACTIONS)
        registry.register_actions(EXPORT_ACTIONS)
