"""Import posts from a CSV file: `scheduled_at, caption, accounts, media`
(planning/services/csv_io.py says what each column holds).

Good lines are imported, each bad line is reported by its number as it is met;
`--dry-run` checks without storing. Media paths are read from under
`--media-root` (by default the CSV's folder) and may not leave it.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.models import User
from planning.services.csv_io import posts_import_csv
from socialtrend.errors import ApplicationError


class Command(BaseCommand):
    help = "Import scheduled posts from a CSV file (scheduled_at, caption, accounts, media)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--owner", required=True, help="E-mail of the user who owns the posts.")
        parser.add_argument("--dry-run", action="store_true", help="Check every line; store nothing.")
        parser.add_argument(
            "--media-root",
            type=Path,
            help="The folder media paths are read from, and may not leave (default: the CSV's folder).",
        )

    def handle(self, *args, file: Path, owner: str, dry_run: bool, media_root: Path | None, **options) -> None:
        user = User.objects.filter(email__iexact=owner).first()
        if user is None:
            raise CommandError(f"No user with e-mail {owner}.")
        root = (media_root or file.parent).resolve()
        if not root.is_dir():
            raise CommandError(f"--media-root {media_root}: no such folder.")
        try:
            with file.open(newline="", encoding="utf-8-sig") as handle:
                report = posts_import_csv(
                    owner=user,
                    handle=handle,
                    media_root=root,
                    dry_run=dry_run,
                    on_problem=self._report,
                    progress=lambda rows: tqdm(rows, desc="import", unit="line", file=sys.stderr, disable=None),
                )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except ApplicationError as error:
            raise CommandError(f"{file}: {error.message}") from error
        verb = "would import" if dry_run else "imported"
        bad = len(report.problems)
        self.stdout.write(f"{report.lines} lines: {verb} {report.imported}, {bad} bad.")
        if bad:
            raise CommandError(f"{bad} bad lines (listed above).")

    def _report(self, problem) -> None:
        self.stderr.write(str(problem))
        self.stderr.flush()
