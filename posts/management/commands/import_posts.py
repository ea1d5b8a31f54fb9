"""Import posts from a CSV file: `scheduled_at, caption, accounts, media`.

- `scheduled_at`: ISO 8601; without an offset it is read in the owner's timezone.
- `accounts`: the owner's account handles separated by spaces, each optionally
  `network:handle` when two networks share a handle.
- `media`: file paths separated by `;`, read from under `--media-root` (by
  default the CSV's folder): a relative path is taken from there, and a path
  that leads outside it (absolute, `../`, a symbolic link) is a bad line, so a
  CSV cannot import a file it was not handed, such as another user's upload.

Every line goes through the same services as the API. The file is read one
line at a time, never whole; good lines are imported, each bad line is
reported by its number as it is met; `--dry-run` checks without storing.
"""

import csv
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from tqdm import tqdm

from accounts.models import SocialAccount, User
from posts.models import Media
from posts.services.media import media_create
from posts.services.posts import post_create
from socialtrend.errors import ApplicationError

COLUMNS = ("scheduled_at", "caption", "accounts", "media")


class LineError(Exception):
    pass


class DryRunRollback(Exception):
    pass


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
        lines = imported = bad = 0
        stored: list[str] = []  # file names, removed again when the import is rolled back
        try:
            with file.open(newline="", encoding="utf-8-sig") as handle, transaction.atomic():
                for number, row in tqdm(self._rows(handle), desc="import", unit="line", file=sys.stderr, disable=None):
                    lines += 1
                    try:
                        media = self._import_line(user, row, root=root)
                    except LineError as exc:
                        bad += 1
                        self.stderr.write(f"line {number}: {exc}")
                        self.stderr.flush()
                        continue
                    imported += 1
                    stored.extend(item.file.name for item in media)
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            # The rows are rolled back; the files stored for them go too.
            self._forget_files(stored)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            self._forget_files(stored)  # a line past the first ones cannot be read: nothing is kept
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        verb = "would import" if dry_run else "imported"
        self.stdout.write(f"{lines} lines: {verb} {imported}, {bad} bad.")
        if bad:
            raise CommandError(f"{bad} bad lines (listed above).")

    def _rows(self, handle):
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"Missing columns: {', '.join(missing)} (expected {', '.join(COLUMNS)}).")
        for row in reader:
            yield reader.line_num, row

    def _import_line(self, user: User, row: dict, *, root: Path) -> list[Media]:
        """Import one line in a savepoint; returns the media it stored."""
        created: list[Media] = []
        try:
            with transaction.atomic():
                scheduled_at = self._time(user, row["scheduled_at"])
                accounts = self._accounts(user, row["accounts"])
                created.extend(self._media(user, row["media"], root))
                post_create(
                    owner=user,
                    caption=row["caption"] or "",
                    account_ids=[a.pk for a in accounts],
                    media_ids=[m.pk for m in created],
                    scheduled_at=scheduled_at,
                )
        except ApplicationError as exc:
            self._forget_files([item.file.name for item in created])
            raise LineError("; ".join(f"{f}: {m[0]}" for f, m in exc.errors.items()) or exc.message) from exc
        except LineError:
            self._forget_files([item.file.name for item in created])
            raise
        return created

    @staticmethod
    def _time(user: User, raw: str):
        value = parse_datetime(raw.strip()) if raw and raw.strip() else None
        if value is None:
            raise LineError(f"scheduled_at: {raw!r} is not an ISO 8601 date and time.")
        if timezone.is_naive(value):
            value = value.replace(tzinfo=ZoneInfo(user.timezone))
        return value

    @staticmethod
    def _accounts(user: User, raw: str) -> list[SocialAccount]:
        accounts = []
        for token in (raw or "").replace(";", " ").split():
            network, _, handle = token.rpartition(":")
            found = SocialAccount.objects.filter(owner=user, handle__iexact=handle.removeprefix("@"))
            found = found.exclude(status=SocialAccount.Status.REVOKED)
            if network:
                found = found.filter(network=network)
            matches = list(found[:2])
            if len(matches) != 1:
                problem = "no connected account" if not matches else "more than one account; write network:handle"
                raise LineError(f"accounts: {token}: {problem}.")
            accounts.append(matches[0])
        if not accounts:
            raise LineError("accounts: name at least one account handle.")
        return accounts

    @staticmethod
    def _media(user: User, raw: str, root: Path) -> list[Media]:
        media = []
        for item in filter(None, (p.strip() for p in (raw or "").split(";"))):
            # Resolved (symbolic links and `..` followed) before it is judged; an absolute
            # path replaces the root in the join, and is judged the same way.
            path = (root / item).resolve()
            if not path.is_relative_to(root):
                raise LineError(f"media: {item}: outside the media root {root}.")
            if not path.is_file():
                raise LineError(f"media: {item}: no such file.")
            with path.open("rb") as content:
                media.append(media_create(owner=user, content=content, name=path.name, size=path.stat().st_size))
        return media

    @staticmethod
    def _forget_files(names: list[str]) -> None:
        storage = Media._meta.get_field("file").storage
        for name in names:
            storage.delete(name)
