from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        from posts import receivers  # noqa: F401 - connects the receivers

        # Pillow refuses to open an image of more than twice this many pixels (and warns above it).
        Image.MAX_IMAGE_PIXELS = settings.MEDIA_MAX_IMAGE_PIXELS

    def health_warnings(self) -> list[str]:
        """Networks that refuse every post until an operator acts (shown by /healthz)."""
        from pymediainfo import MediaInfo

        from posts.selectors import network_alerts

        warnings = [f"{alert.network}: {alert.message}" for alert in network_alerts()]
        if not MediaInfo.can_parse():
            warnings.append("video uploads fail: the MediaInfo library (libmediainfo) cannot be loaded")
        return warnings
