"""Read queries for trends, sources, watchlists and the captions app."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from networks.trends import normalize_keyword
from socialtrend.errors import NotFoundError
from trends.models import SourceRun, TrendItem, TrendSnapshot, WatchKeyword
from trends.sources import enabled_sources, source_enabled, source_interval, source_label, source_method, source_names

# API ordering name -> model fields; every ordering ends on a unique column so pages are stable.
ORDERINGS = {
    "-score": ("-latest_score", "-last_seen_at", "id"),
    "score": ("latest_score", "last_seen_at", "id"),
    "-last_seen": ("-last_seen_at", "-latest_score", "id"),
    "last_seen": ("last_seen_at", "latest_score", "id"),
    "-first_seen": ("-first_seen_at", "id"),
    "first_seen": ("first_seen_at", "id"),
    "title": ("title", "id"),
    "-title": ("-title", "id"),
}
DEFAULT_ORDERING = "-score"
KEYWORD_MAX_LENGTH = WatchKeyword._meta.get_field("keyword").max_length


KEYWORD_CATEGORY = "keyword"  # what keyword-tracking sources call the items of tracked keywords


def visible_items() -> QuerySet[TrendItem]:
    """Items that the API and captions may show: not hidden by a moderator."""
    return TrendItem.objects.filter(hidden_at__isnull=True)


def configured_keywords() -> list[str]:
    """The operator's TRENDS_KEYWORDS as stored: their items are public."""
    return [normalize_keyword(keyword)[:KEYWORD_MAX_LENGTH] for keyword in settings.TRENDS_KEYWORDS]


def readable_keywords(*, user) -> list[str]:
    """Keywords whose items `user` may see, sorted: the configured ones and their own watchlist's.

    A watched keyword is private: its items belong to the users who watch it.
    """
    watched = WatchKeyword.objects.filter(user=user).values_list("keyword", flat=True)
    return sorted({*configured_keywords(), *watched} - {""})


def items_for(*, user, keywords: list[str] | None = None) -> QuerySet[TrendItem]:
    """The visible items `user` may see: every trend but keyword items, and the keyword items
    of `readable_keywords` (pass them when already read)."""
    keywords = readable_keywords(user=user) if keywords is None else keywords
    keyword_item = Q(category=KEYWORD_CATEGORY, region="")
    return visible_items().filter(~keyword_item | Q(key__in=keywords))


def trend_list(
    *,
    user,
    keywords: list[str] | None = None,
    source: str | None = None,
    region: str | None = None,
    q: str | None = None,
    min_score: float | None = None,
    ordering: str = DEFAULT_ORDERING,
) -> QuerySet[TrendItem]:
    items = items_for(user=user, keywords=keywords)
    if source:
        items = items.filter(source=source)
    if region:
        items = items.filter(region=region)
    if q:
        items = items.filter(Q(title__icontains=q) | Q(category__icontains=q))
    if min_score is not None:
        items = items.filter(latest_score__gte=min_score)
    return items.order_by(*ORDERINGS[ordering])


def trend_get(*, user, trend_id: int) -> TrendItem:
    """Another user's watched keyword is as absent as an item that never existed."""
    item = items_for(user=user).filter(pk=trend_id).first()
    if item is None:
        raise NotFoundError("No trend with this id.")
    return item


def trend_history(*, item: TrendItem, since: datetime | None = None) -> list[TrendSnapshot]:
    """The newest TRENDS_HISTORY_POINTS snapshots (after `since`), oldest first, as a chart draws them."""
    snapshots = item.snapshots.all()
    if since is not None:
        snapshots = snapshots.filter(captured_at__gte=since)
    newest = snapshots.order_by("-captured_at")[: settings.TRENDS_HISTORY_POINTS]
    return list(reversed(newest))


def trend_list_for_captions(*, user, ids: list[int] | None = None, limit: int = 5) -> list[TrendItem]:
    """Trends to ground `user`'s captions on (only those they may see): the given ids in their
    order (unknown ids ignored), else the top `limit`.

    Each item has `id`, `title`, `source`, `url`, `region`, `category` and `latest_score` (0-100).
    """
    items = items_for(user=user)
    if ids is not None:
        found = items.in_bulk(ids)
        return [found[trend_id] for trend_id in dict.fromkeys(ids) if trend_id in found]
    return list(items.filter(latest_score__gt=0).order_by(*ORDERINGS[DEFAULT_ORDERING])[:limit])


def previous_values(*, item_ids: list[int], window: int) -> dict[int, list[float]]:
    """Each item's values in its last `window` snapshots, newest first."""
    recent = (
        TrendSnapshot.objects.filter(item_id__in=item_ids)
        .annotate(recency=Window(RowNumber(), partition_by=[F("item_id")], order_by=F("captured_at").desc()))
        .filter(recency__lte=window)
        .order_by("item_id", "recency")
    )
    values: dict[int, list[float]] = {}
    for item_id, value in recent.values_list("item_id", "value"):
        values.setdefault(item_id, []).append(value)
    return values


def sources_never_run() -> list[str]:
    ran = set(SourceRun.objects.values_list("source", flat=True).distinct())
    return [name for name in enabled_sources() if name not in ran]


def latest_run(source: str) -> SourceRun | None:
    return SourceRun.objects.filter(source=source).order_by("-started_at", "-id").first()


def source_backoff_until(source: str) -> datetime | None:
    """When a 429 backed the source off, the time until which it is skipped."""
    return _backoff_until(latest_run(source))


def _backoff_until(run: SourceRun | None) -> datetime | None:
    if run is None or run.retry_after is None or run.retry_after <= timezone.now():
        return None
    return run.retry_after


@dataclass(frozen=True)
class SourceStatus:
    name: str
    label: str
    enabled: bool
    interval_seconds: int
    methods: str
    backoff_until: datetime | None
    last_run: SourceRun | None


def source_statuses() -> list[SourceStatus]:
    statuses = []
    for name in source_names():
        run = latest_run(name)
        statuses.append(
            SourceStatus(
                name=name,
                label=source_label(name),
                enabled=source_enabled(name),
                interval_seconds=source_interval(name),
                methods=source_method(name),
                backoff_until=_backoff_until(run),
                last_run=run,
            )
        )
    return statuses


def tracked_keywords() -> list[str]:
    """Keywords whose interest keyword-capable sources record: configured ones, then every watchlist's."""
    configured = configured_keywords()
    watched = WatchKeyword.objects.order_by("keyword").values_list("keyword", flat=True).distinct()
    return list(dict.fromkeys(keyword for keyword in [*configured, *watched] if keyword))


def watchlist_for_user(*, user) -> list[WatchKeyword]:
    return watch_keywords_with_trends(list(WatchKeyword.objects.filter(user=user)))


def watch_keywords_with_trends(watches: list[WatchKeyword]) -> list[WatchKeyword]:
    """Gives each keyword `.trends`: the items that record its interest, one per source."""
    keys = [watch.keyword for watch in watches]
    items = visible_items().filter(category=KEYWORD_CATEGORY, region="", key__in=keys)
    by_key: dict[str, list[TrendItem]] = {}
    for item in items.order_by("source"):
        by_key.setdefault(item.key, []).append(item)
    for watch in watches:
        watch.trends = by_key.get(watch.keyword, [])
    return watches
