"""Posts in and out as CSV: `scheduled_at, caption, accounts, media`, the same columns both ways.

- `scheduled_at`: ISO 8601; without an offset it is read in the owner's timezone; empty makes a draft.
- `accounts`: the owner's handles separated by spaces, each optionally `network:handle`.
- `media`: items separated by `;`: `media:ID` names an item of the owner's media library (what
  an export writes); a file path is read from under `media_root` (the command's `--media-root`),
  and a path leading outside it (absolute, `../`, a symbolic link) is a bad line. Without a media
  root (an upload through the API) only `media:ID` is accepted.

Every line goes through `posts.services.posts.post_create`, in its own savepoint; the file is
read one line at a time, never whole, and each bad line is reported by number and field as it
is met. A dry run checks every line and stores nothing (files stored for media included).
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import SocialAccount, User
from posts.models import Media, Post
from posts.services.media import media_create
from posts.services.posts import post_create
from socialtrend.errors import ApplicationError

COLUMNS = ("scheduled_at", "caption", "accounts", "media")
MEDIA_REFERENCE = "media:"


@dataclass(frozen=True)
class LineProblem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


@dataclass
class ImportReport:
    lines: int = 0
    imported: int = 0
    problems: list[LineProblem] = field(default_factory=list)
    post_ids: list[int] = field(default_factory=list)


class _BadLine(Exception):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field, self.message = field_name, message


class _DryRun(Exception):
    pass


def posts_import_csv(
    *,
    owner: User,
    handle: TextIO,
    media_root: Path | None = None,
    dry_run: bool = False,
    on_problem: Callable[[LineProblem], None] = lambda problem: None,
    progress: Callable[[Iterable], Iterable] = lambda rows: rows,
) -> ImportReport:
    """Import the good lines of a CSV (none with `dry_run`); 400 on `file` for a file without the columns."""
    report = ImportReport()
    stored: list[str] = []  # file names, removed again when the import is rolled back
    try:
        with transaction.atomic():
            for number, row in progress(_rows(handle)):
                report.lines += 1
                try:
                    post, media = _import_line(owner, row, media_root=media_root)
                except _BadLine as bad:
                    problem = LineProblem(number, bad.field, bad.message)
                    report.problems.append(problem)
                    on_problem(problem)
                    continue
                report.imported += 1
                report.post_ids.append(post.pk)
                stored.extend(item.file.name for item in media)
            if dry_run:
                raise _DryRun
    except _DryRun:
        _forget_files(stored)  # the rows are rolled back; the files stored for them go too
        report.post_ids = []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        _forget_files(stored)  # a line past the first ones cannot be read: nothing is kept
        raise ApplicationError(f"The file cannot be read: {error}", field="file") from error
    return report


def posts_export_csv(posts: Iterable[Post]) -> Iterator[str]:
    """The CSV lines (header first) of `posts` (from `posts.selectors.post_list`, deliveries and
    media prefetched), which `posts_import_csv` reads back."""
    yield _csv_line(COLUMNS)
    for post in posts:
        accounts = " ".join(f"{d.account.network}:{d.account.handle}" for d in post.deliveries.all())
        media = ";".join(f"{MEDIA_REFERENCE}{item.pk}" for item in post.media.all())  # prefetched in order
        when = post.scheduled_at.isoformat() if post.scheduled_at else ""
        yield _csv_line((when, post.caption, accounts, media))


def _csv_line(values: Iterable[str]) -> str:
    line = io.StringIO()
    csv.writer(line).writerow(values)
    return line.getvalue()


def _rows(handle: TextIO) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(handle)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ApplicationError(f"Missing columns: {', '.join(missing)} (expected {', '.join(COLUMNS)}).", field="file")
    for row in reader:
        yield reader.line_num, row


def _import_line(owner: User, row: dict[str, str], *, media_root: Path | None) -> tuple[Post, list[Media]]:
    """One line in a savepoint: the post and the media it stored."""
    created: list[Media] = []
    try:
        with transaction.atomic():
            scheduled_at = _time(owner, row["scheduled_at"])
            accounts = _accounts(owner, row["accounts"])
            media = _media(owner, row["media"], media_root, created)
            post = post_create(
                owner=owner,
                caption=row["caption"] or "",
                account_ids=[a.pk for a in accounts],
                media_ids=[m.pk for m in media],
                scheduled_at=scheduled_at,
            )
    except ApplicationError as error:
        _forget_files([item.file.name for item in created])
        name, messages = next(iter(error.errors.items()), ("caption", [error.message]))
        raise _BadLine(name.split(".")[0], messages[0]) from error
    except _BadLine:
        _forget_files([item.file.name for item in created])
        raise
    return post, created


def _time(owner: User, raw: str | None):
    if not raw or not raw.strip():
        return None  # a draft
    value = parse_datetime(raw.strip())
    if value is None:
        raise _BadLine("scheduled_at", f"{raw!r} is not an ISO 8601 date and time.")
    if timezone.is_naive(value):
        value = value.replace(tzinfo=ZoneInfo(owner.timezone))
    return value


def _accounts(owner: User, raw: str | None) -> list[SocialAccount]:
    accounts = []
    for token in (raw or "").replace(";", " ").split():
        network, _, handle = token.rpartition(":")
        found = SocialAccount.objects.filter(owner=owner, handle__iexact=handle.removeprefix("@"))
        found = found.exclude(status=SocialAccount.Status.REVOKED)
        if network:
            found = found.filter(network=network)
        matches = list(found[:2])
        if len(matches) != 1:
            problem = "no connected account" if not matches else "more than one account; write network:handle"
            raise _BadLine("accounts", f"{token}: {problem}.")
        accounts.append(matches[0])
    if not accounts:
        raise _BadLine("accounts", "name at least one account handle.")
    return accounts


def _media(owner: User, raw: str | None, root: Path | None, created: list[Media]) -> list[Media]:
    """The line's media in order: library items by reference, files stored (into `created`) as met."""
    media = []
    for item in filter(None, (p.strip() for p in (raw or "").split(";"))):
        if item.startswith(MEDIA_REFERENCE):
            media.append(_library_item(owner, item))
            continue
        if root is None:
            raise _BadLine("media", f"{item}: name an item of your media library as media:ID.")
        # Resolved (symbolic links and `..` followed) before it is judged; an absolute
        # path replaces the root in the join, and is judged the same way.
        path = (root / item).resolve()
        if not path.is_relative_to(root):
            raise _BadLine("media", f"{item}: outside the media root {root}.")
        if not path.is_file():
            raise _BadLine("media", f"{item}: no such file.")
        with path.open("rb") as content:
            stored = media_create(owner=owner, content=content, name=path.name, size=path.stat().st_size)
        created.append(stored)
        media.append(stored)
    return media


def _library_item(owner: User, item: str) -> Media:
    number = item.removeprefix(MEDIA_REFERENCE)
    found = Media.objects.filter(owner=owner, pk=int(number)).first() if number.isascii() and number.isdigit() else None
    if found is None:
        raise _BadLine("media", f"{item}: no such item in your media library.")
    return found


def _forget_files(names: list[str]) -> None:
    storage = Media._meta.get_field("file").storage
    for name in names:
        storage.delete(name)
