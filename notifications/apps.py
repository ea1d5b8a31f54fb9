from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "Notifications"
    # Moderators may look at what people were told (accounts.roles).
    moderated = True

    def ready(self) -> None:
        from notifications import receivers  # noqa: F401 - connects the receivers
