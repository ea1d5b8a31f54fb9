from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and accounts"

    def ready(self) -> None:
        from accounts import receivers  # noqa: F401 - connects them

    def retention_prune(self, *, older_than_days: int | None) -> dict[str, int]:
        """Called by socialtrend.retention: expired refresh tokens, whatever the days asked."""
        from accounts import services

        return services.expired_tokens_prune()
