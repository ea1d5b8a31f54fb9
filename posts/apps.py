from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"

    def ready(self) -> None:
        from posts import receivers  # noqa: F401 - connects the receivers

    def health_warnings(self) -> list[str]:
        """Networks that refuse every post until an operator acts (shown by /healthz)."""
        from posts.selectors import network_alerts

        return [f"{alert.network}: {alert.message}" for alert in network_alerts()]
