from django.core.management.base import BaseCommand, CommandError

from trends import services
from trends.models import RunStatus
from trends.sources import enabled_sources, source_names


class Command(BaseCommand):
    help = "Refresh trend sources now, in this process (default: every enabled source)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", choices=source_names(), help="Refresh only this source.")

    def handle(self, *args, source: str | None = None, **options) -> None:
        names = [source] if source else enabled_sources()
        failed = []
        for name in names:
            run = services.source_refresh(source=name)
            if run is None:
                self.stdout.write(f"{name}: skipped (disabled or backing off after a 429)")
                continue
            line = f"{name}: {run.status}, {run.items} items in {run.duration_ms} ms"
            self.stdout.write(line + (f"\n  {run.error}" if run.error else ""))
            if run.status == RunStatus.FAILED:
                failed.append(name)
        if failed:
            raise CommandError(f"failed: {', '.join(failed)}")
