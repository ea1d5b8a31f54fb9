from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"
    verbose_name = "Outgoing webhooks"

    def ready(self) -> None:
        from webhooks import receivers  # noqa: F401 - connects the receivers

    def retention_prune(self, *, older_than_days: int | None) -> dict[str, int]:
        """Called by socialtrend.retention (the daily prune, `manage.py prune`)."""
        from django.conf import settings

        from webhooks import services

        days = settings.WEBHOOK_RETENTION_DAYS if older_than_days is None else older_than_days
        return services.webhooks_prune(older_than_days=days) if days else {}
