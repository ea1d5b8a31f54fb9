import signal
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Wait until the web process answers /healthz, then print where to open the app and the "
        "demo login. `make run` starts it beside the services (Procfile), so this is the last "
        "line on a quiet console; it then stays up, since honcho stops everything when one exits."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="where the web process listens")
        parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for /healthz")
        parser.add_argument("--interval", type=float, default=0.5, help="seconds between tries")
        parser.add_argument("--exit", action="store_true", help="exit after printing instead of staying up")

    def handle(self, *args, url: str, timeout: float, interval: float, exit: bool, **options) -> None:
        url = url.rstrip("/")
        status = self.wait_for(f"{url}/healthz", timeout, interval)
        if status is None:
            self.stderr.write(self.style.ERROR(f"The web process did not answer {url}/healthz in {timeout:g}s."))
        else:
            if status != 200:
                self.stderr.write(
                    self.style.WARNING(f"{url}/healthz answers {status}: a service is down (see its body).")
                )
            self.stdout.write(self.style.SUCCESS(f"SocialTrend is up: open {url}/"))
            self.stdout.write(f"  demo login: {settings.DEMO_USER_EMAIL} / {settings.DEMO_USER_PASSWORD}")
        self.stdout.flush()
        if not exit:
            signal.pause()  # until honcho stops the services (SIGTERM/SIGINT)

    @staticmethod
    def wait_for(url: str, timeout: float, interval: float) -> int | None:
        """The status /healthz answers (any status: the server is up), or None at the timeout."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local URL
                    return response.status
            except urllib.error.HTTPError as exc:
                return exc.code
            except (urllib.error.URLError, OSError):
                if time.monotonic() >= deadline:
                    return None
                time.sleep(interval)
