from django.apps import AppConfig


class CaptionsConfig(AppConfig):
    name = "captions"

    def retention_prune(self, *, older_than_days: int | None) -> dict[str, int]:
        """Called by socialtrend.retention (the daily prune, `manage.py prune`)."""
        from django.conf import settings

        from captions import services

        days = settings.CAPTION_RETENTION_DAYS if older_than_days is None else older_than_days
        return services.caption_requests_prune(older_than_days=days) if days else {}
