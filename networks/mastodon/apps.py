from django.apps import AppConfig


class MastodonConfig(AppConfig):
    name = "networks.mastodon"
    label = "mastodon"
    verbose_name = "Mastodon network"
    default_auto_field = "django.db.models.BigAutoField"
