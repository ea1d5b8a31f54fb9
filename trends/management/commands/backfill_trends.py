from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from socialtrend.errors import ApplicationError
from trends import services
from trends.sources import source_names


class Command(BaseCommand):
    help = (
        "Store past daily interest of keywords as trend history (from a source that can tell past interest). "
        "Idempotent: points already stored are kept, not duplicated."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", required=True, choices=source_names())
        parser.add_argument("--from", dest="start", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--keywords", nargs="+", help="Default: the tracked and watched keywords.")

    def handle(self, *args, source: str, start: date, end: date, keywords: list[str] | None, **options) -> None:
        progress = tqdm(total=len(keywords) if keywords else None, unit="keyword", file=self.stderr)
        try:
            result = services.trends_backfill(
                source=source, start=start, end=end, keywords=keywords, on_keyword=lambda keyword: progress.update()
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        finally:
            progress.close()
        for error in result.errors:
            self.stderr.write(f"failed: {error}")
        self.stdout.write(f"{result.created} points stored, {result.existing} already there")
        if result.errors and not result.created and not result.existing:
            raise CommandError("no keyword could be backfilled")
