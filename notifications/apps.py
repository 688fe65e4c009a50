from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from audit import registry

        registry.register_actions(
            {"notification_preferences_changed": "Notification choices changed"}
        )
