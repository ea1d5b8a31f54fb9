"""Use cases for trends: refresh a source, store and score what it found, backfill, prune, watchlists.

The only code that writes trend data. A refresh never raises for a source's
failure: it records a `SourceRun` that says what went wrong, so beat's other
sources carry on.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from networks.trends import FetchedTrend, FetchResult, SourceError, normalize_keyword
from socialtrend.errors import ApplicationError, ConflictError, NotFoundError
from trends import cache as trend_cache
from trends.models import RunStatus, SourceRun, TrendItem, TrendSnapshot, WatchKeyword
from trends.scoring import score_batch
from trends.selectors import previous_values, source_backoff_until, tracked_keywords
from trends.sources import build_source, enabled_sources, history_source, source_enabled

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 2000


def source_refresh(*, source: str) -> SourceRun | None:
    """Fetch one source, store and score its trends, and record the run.

    Returns None, without calling the network, when the source is disabled or
    backing off after a 429.
    """
    if not source_enabled(source):
        logger.info("trend source %s is disabled; skipping", source)
        return None
    if (until := source_backoff_until(source)) is not None:
        logger.info("trend source %s backs off until %s; skipping", source, until.isoformat())
        return None
    started = timezone.now()
    run = SourceRun.objects.create(source=source, started_at=started)
    try:
        result = build_source(source).fetch()
    except Exception as exc:  # a source's bug must end as a failed run, not stop the others
        logger.exception("trend source %s crashed", source)
        result = FetchResult(trends=[], errors=[f"unexpected {type(exc).__name__}: {exc}"])
    stored = trends_store(source=source, trends=result.trends, captured_at=started) if result.trends else 0
    if not result.errors:
        _retire_absent(source=source, captured_at=started)
    return _run_finish(run=run, result=result, stored=stored)


def _run_finish(*, run: SourceRun, result: FetchResult, stored: int) -> SourceRun:
    finished = timezone.now()
    run.finished_at = finished
    run.duration_ms = int((finished - run.started_at).total_seconds() * 1000)
    run.items = stored
    run.error = "\n".join(result.errors)[:MAX_ERROR_LENGTH]
    run.status = RunStatus.SUCCESS if not result.errors else RunStatus.PARTIAL if stored else RunStatus.FAILED
    if result.rate_limited:
        backoff = result.retry_after_seconds or settings.TRENDS_BACKOFF_SECONDS
        run.retry_after = finished + timedelta(seconds=backoff)
    run.save(update_fields=["finished_at", "duration_ms", "items", "error", "status", "retry_after"])
    log = logger.info if run.status == RunStatus.SUCCESS else logger.warning
    log("trend source %s: %s, %d items in %d ms %s", run.source, run.status, stored, run.duration_ms, run.error)
    return run


def trends_store(*, source: str, trends: Iterable[FetchedTrend], captured_at: datetime) -> int:
    """Upsert the items, append one scored snapshot each, and update their latest score."""
    first_seen: dict[tuple[str, str], FetchedTrend] = {}
    for trend in trends:
        first_seen.setdefault((trend.key, trend.region), trend)
    unique = list(first_seen.values())
    with transaction.atomic():
        items = _items_upsert(source=source, trends=unique, seen_at=captured_at)
        history = previous_values(item_ids=[item.pk for item in items.values()], window=settings.TRENDS_SCORE_WINDOW)
        by_region: dict[str, list[FetchedTrend]] = defaultdict(list)
        for trend in unique:
            by_region[trend.region].append(trend)
        snapshots = []
        for batch in by_region.values():
            rows = [(items[(trend.key, trend.region)], trend.value, trend.metrics) for trend in batch]
            means = [fmean(history[item.pk]) if item.pk in history else None for item, _, _ in rows]
            snapshots += _scored_snapshots(rows=rows, means=means, captured_at=captured_at)
        for snapshot in snapshots:
            snapshot.item.latest_score = snapshot.score
        TrendSnapshot.objects.bulk_create(snapshots, ignore_conflicts=True)
        TrendItem.objects.bulk_update(list(items.values()), ["latest_score"])
        transaction.on_commit(trend_cache.invalidate)
    return len(unique)


Row = tuple[TrendItem, float, dict]  # item, value, metrics


def _scored_snapshots(*, rows: list[Row], means: list[float | None], captured_at: datetime) -> list[TrendSnapshot]:
    """One batch's snapshots, ranked and scored against each other (see trends.scoring)."""
    scores = score_batch([value for _, value, _ in rows], means)
    return [
        TrendSnapshot(
            item=item, captured_at=captured_at, value=value, rank=scored.rank, score=scored.score, metrics=metrics
        )
        for (item, value, metrics), scored in zip(rows, scores, strict=True)
    ]


def _items_upsert(*, source: str, trends: list[FetchedTrend], seen_at: datetime) -> dict[tuple[str, str], TrendItem]:
    TrendItem.objects.bulk_create(
        [
            TrendItem(
                source=source,
                key=trend.key,
                title=_printable(trend.title),
                url=trend.url,
                region=trend.region,
                category=trend.category,
                first_seen_at=seen_at,
                last_seen_at=seen_at,
            )
            for trend in trends
        ],
        update_conflicts=True,
        unique_fields=["source", "key", "region"],
        update_fields=["title", "url", "category", "last_seen_at"],
    )
    # Not every database returns ids from an upsert: read them back.
    wanted = {(trend.key, trend.region) for trend in trends}
    found = TrendItem.objects.filter(source=source, key__in={key for key, _ in wanted})
    return {(item.key, item.region): item for item in found if (item.key, item.region) in wanted}


def _printable(text: str) -> str:
    """Without control characters: PostgreSQL refuses NUL, and none belongs in a title."""
    return "".join(char for char in text if char.isprintable())


def _retire_absent(*, source: str, captured_at: datetime) -> None:
    """An item missing from a source's complete answer is no longer trending: one point at 0, then nothing."""
    with transaction.atomic():
        gone = list(TrendItem.objects.filter(source=source, last_seen_at__lt=captured_at, latest_score__gt=0))
        if not gone:
            return
        TrendSnapshot.objects.bulk_create(
            [
                TrendSnapshot(item=item, captured_at=captured_at, value=0, rank=0, score=0, metrics={"absent": True})
                for item in gone
            ],
            ignore_conflicts=True,
        )
        TrendItem.objects.filter(pk__in=[item.pk for item in gone]).update(latest_score=0)
        transaction.on_commit(trend_cache.invalidate)


def refresh_enqueue(*, source: str | None = None) -> list[str]:
    """Queue a refresh of one source, or of every enabled one; the worker runs them."""
    from trends.tasks import refresh_source

    if source is not None and not source_enabled(source):
        raise ApplicationError(f'The "{source}" source is not enabled.', field="source")
    names = [source] if source else enabled_sources()
    for name in names:
        transaction.on_commit(lambda name=name: refresh_source.delay(name))
    return names


@dataclass(frozen=True)
class BackfillResult:
    created: int
    existing: int
    errors: list[str]


def trends_backfill(
    *,
    source: str,
    start: date,
    end: date,
    keywords: list[str] | None = None,
    on_keyword: Callable[[str], None] = lambda keyword: None,
) -> BackfillResult:
    """Store past interest of keywords (default: the tracked ones) as snapshots; running it again adds nothing.

    Each date's points are scored as one batch across the keywords, with the
    points before it as history, like a refresh at that time would have.
    """
    if start > end:
        raise ApplicationError("The start date is after the end date.", field="from")
    provider = history_source(source)
    names = list(dict.fromkeys(normalize_keyword(k) for k in keywords)) if keywords else tracked_keywords()
    if not names:
        raise ApplicationError("No keywords: pass some or add them to a watchlist.", field="keywords")
    series: dict[str, list[tuple[datetime, float]]] = {}
    errors = []
    for keyword in names:
        try:
            series[keyword] = provider.keyword_history(keyword, start=start, end=end)
        except SourceError as exc:
            errors.append(f"{keyword}: {exc}")
        on_keyword(keyword)
    created, existing = _history_store(source=source, series=series)
    return BackfillResult(created=created, existing=existing, errors=errors)


def _history_store(*, source: str, series: dict[str, list[tuple[datetime, float]]]) -> tuple[int, int]:
    points = {(keyword, moment): value for keyword, history in series.items() for moment, value in history}
    if not points:
        return 0, 0
    with transaction.atomic():
        items = {}
        for keyword, history in series.items():
            if history:
                items[keyword] = _keyword_item_cover(source=source, keyword=keyword, moments=[m for m, _ in history])
        snapshots = _history_snapshots(items=items, points=points)
        before = TrendSnapshot.objects.filter(item__in=items.values()).count()
        TrendSnapshot.objects.bulk_create(snapshots, ignore_conflicts=True)
        created = TrendSnapshot.objects.filter(item__in=items.values()).count() - before
        for item in items.values():
            item.latest_score = item.snapshots.order_by("-captured_at").values_list("score", flat=True).first() or 0
        TrendItem.objects.bulk_update(list(items.values()), ["latest_score"])
        transaction.on_commit(trend_cache.invalidate)
    return created, len(snapshots) - created


def _keyword_item_cover(*, source: str, keyword: str, moments: list[datetime]) -> TrendItem:
    """The keyword's item, its first/last seen widened to cover `moments`."""
    item, created = TrendItem.objects.select_for_update().get_or_create(
        source=source,
        key=keyword,
        region="",
        defaults={"title": keyword, "category": "keyword", "first_seen_at": min(moments), "last_seen_at": max(moments)},
    )
    if not created:
        item.first_seen_at = min(item.first_seen_at, *moments)
        item.last_seen_at = max(item.last_seen_at, *moments)
        item.save(update_fields=["first_seen_at", "last_seen_at"])
    return item


def _history_snapshots(
    *, items: dict[str, TrendItem], points: dict[tuple[str, datetime], float]
) -> list[TrendSnapshot]:
    window = settings.TRENDS_SCORE_WINDOW
    earlier: dict[str, list[float]] = defaultdict(list)
    snapshots = []
    for moment in sorted({moment for _, moment in points}):
        batch = [keyword for keyword in items if (keyword, moment) in points]
        rows = [(items[k], points[(k, moment)], {"interest": points[(k, moment)], "backfill": True}) for k in batch]
        means = [fmean(earlier[k][-window:]) if earlier[k] else None for k in batch]
        snapshots += _scored_snapshots(rows=rows, means=means, captured_at=moment)
        for keyword in batch:
            earlier[keyword].append(points[(keyword, moment)])
    return snapshots


@dataclass(frozen=True)
class PruneResult:
    snapshots: int
    items: int
    runs: int


def trends_prune(*, older_than: timedelta) -> PruneResult:
    """Delete snapshots and runs older than the cut-off, and items not seen since."""
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        snapshots, _ = TrendSnapshot.objects.filter(captured_at__lt=cutoff).delete()
        _, items = TrendItem.objects.filter(last_seen_at__lt=cutoff).delete()
        runs, _ = SourceRun.objects.filter(started_at__lt=cutoff).delete()
        transaction.on_commit(trend_cache.invalidate)
    return PruneResult(snapshots=snapshots, items=items.get("trends.TrendItem", 0), runs=runs)


def trend_items_hide(*, item_ids: list[int]) -> int:
    """A moderator takes items out of every list, search and caption grounding; returns how many."""
    with transaction.atomic():
        hidden = TrendItem.objects.filter(pk__in=item_ids, hidden_at__isnull=True).update(hidden_at=timezone.now())
        transaction.on_commit(trend_cache.invalidate)
    return hidden


def trend_items_unhide(*, item_ids: list[int]) -> int:
    with transaction.atomic():
        shown = TrendItem.objects.filter(pk__in=item_ids, hidden_at__isnull=False).update(hidden_at=None)
        transaction.on_commit(trend_cache.invalidate)
    return shown


def source_runs_backoff_end(*, run_ids: list[int]) -> int:
    """End the back-off that a 429 set on these runs: their sources refresh again at once."""
    return SourceRun.objects.filter(pk__in=run_ids, retry_after__gt=timezone.now()).update(retry_after=None)


def watch_keyword_add(*, user, keyword: str) -> WatchKeyword:
    normalized = normalize_keyword(keyword)
    if not normalized:
        raise ApplicationError("Enter a keyword.", field="keyword")
    if WatchKeyword.objects.filter(user=user, keyword=normalized).exists():
        raise ConflictError("This keyword is already on your watchlist.", field="keyword")
    if WatchKeyword.objects.filter(user=user).count() >= settings.TRENDS_WATCHLIST_MAX:
        raise ApplicationError(f"A watchlist holds at most {settings.TRENDS_WATCHLIST_MAX} keywords.", field="keyword")
    try:
        with transaction.atomic():
            return WatchKeyword.objects.create(user=user, keyword=normalized)
    except IntegrityError as exc:  # the same keyword added twice at once
        raise ConflictError("This keyword is already on your watchlist.", field="keyword") from exc


def watch_keyword_remove(*, user, keyword_id: int) -> None:
    deleted, _ = WatchKeyword.objects.filter(user=user, pk=keyword_id).delete()
    if not deleted:
        raise NotFoundError("No such keyword on your watchlist.")
