from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        # Sign-in, sign-out and two-factor changes are recorded by listening
        # to Django's and allauth's signals: those flows are theirs, not ours.
        from audit import receivers, registry

        registry.register_actions(receivers.ACTIONS)
