from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and accounts"

    def ready(self) -> None:
        from accounts import receivers  # noqa: F401 - connects them
