"""Read queries for media, posts, deliveries and the dashboard.

A post's status is computed here, in SQL, from its deliveries; this is the one
place that decides it (the API, the admin and the dashboard all read it from here).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Case, CharField, Count, F, Prefetch, Q, QuerySet, Value, When

from accounts.models import SocialAccount, User
from posts.models import Delivery, Media, NetworkAlert, Post, PostMedia
from socialtrend.errors import NotFoundError

S = Delivery.Status
P = Post.Status


def _count(condition: Q) -> Count:
    return Count("deliveries", filter=condition)


def with_status(posts: QuerySet[Post]) -> QuerySet[Post]:
    """Annotate `status`:

    - publishing: a delivery is queued or publishing, or waits for a retry, or
      some have ended while others still wait;
    - waiting_for_reconnect: a delivery waits for its account to be reconnected;
    - draft / scheduled: every delivery waits, with no time / with a time;
    - needs_check: a delivery's outcome is unknown (it may be live: a person checks);
    - published: every delivery that was not cancelled is published;
    - partially_failed: some published, some failed;
    - failed: none published, some failed;
    - cancelled: every delivery was cancelled.
    """
    d = "deliveries__"
    return posts.annotate(
        n_total=Count("deliveries"),
        n_waiting=_count(Q(**{f"{d}status": S.PENDING})),
        n_running=_count(
            Q(**{f"{d}status__in": [S.QUEUED, S.PUBLISHING]})
            | Q(**{f"{d}attempts__gt": 0}, **{f"{d}status": S.PENDING})
        ),
        n_paused=_count(Q(**{f"{d}status": S.WAITING_FOR_RECONNECT})),
        n_published=_count(Q(**{f"{d}status": S.PUBLISHED})),
        n_failed=_count(Q(**{f"{d}status": S.FAILED})),
        n_unknown=_count(Q(**{f"{d}status": S.UNKNOWN})),
        n_cancelled=_count(Q(**{f"{d}status": S.CANCELLED})),
    ).annotate(
        status=Case(
            When(n_running__gt=0, then=Value(P.PUBLISHING)),
            When(n_paused__gt=0, then=Value(P.WAITING_FOR_RECONNECT)),
            When(
                Q(n_waiting__gt=0) & (Q(n_published__gt=0) | Q(n_failed__gt=0) | Q(n_unknown__gt=0)),
                then=Value(P.PUBLISHING),
            ),
            When(Q(n_total=0) | Q(n_waiting__gt=0, scheduled_at__isnull=True), then=Value(P.DRAFT)),
            When(n_waiting__gt=0, then=Value(P.SCHEDULED)),
            When(n_unknown__gt=0, then=Value(P.NEEDS_CHECK)),
            When(n_failed=0, n_published__gt=0, then=Value(P.PUBLISHED)),
            When(n_published__gt=0, then=Value(P.PARTIALLY_FAILED)),
            When(n_failed__gt=0, then=Value(P.FAILED)),
            default=Value(P.CANCELLED),
            output_field=CharField(),
        )
    )


def post_list(
    *,
    owner: User,
    start: datetime | None = None,
    end: datetime | None = None,
    status: str | None = None,
    account_id: int | None = None,
    network: str | None = None,
    search: str | None = None,
    ordering: str = "scheduled_at",
) -> QuerySet[Post]:
    """The calendar's and the list's query: posts scheduled in [start, end), by status, account,
    network and words of the caption, oldest first (or `-scheduled_at`, `-updated_at`)."""
    posts = Post.objects.filter(owner=owner)
    if network is not None:
        posts = posts.filter(pk__in=Delivery.objects.filter(network=network).values("post_id"))
    for word in (search or "").split()[:10]:
        posts = posts.filter(caption__icontains=word)
    if start is not None:
        posts = posts.filter(scheduled_at__gte=start)
    if end is not None:
        posts = posts.filter(scheduled_at__lt=end)
    if account_id is not None:
        posts = posts.filter(pk__in=Delivery.objects.filter(account_id=account_id).values("post_id"))
    posts = with_status(posts)
    if status:
        posts = posts.filter(status=status)
    key = ordering.lstrip("-")
    return _with_details(posts).order_by(
        F(key).desc(nulls_last=True) if ordering.startswith("-") else F(key).asc(nulls_last=True), "pk"
    )


def post_get(*, owner: User, pk: int) -> Post:
    post = _with_details(with_status(Post.objects.filter(owner=owner, pk=pk))).first()
    if post is None:
        raise NotFoundError("No such post.")
    return post


def post_get_for_update(*, owner: User, pk: int) -> Post:
    post = Post.objects.filter(owner=owner, pk=pk).select_related("owner").first()
    if post is None:
        raise NotFoundError("No such post.")
    return post


def media_list(*, owner: User) -> QuerySet[Media]:
    return Media.objects.filter(owner=owner)


def media_get(*, owner: User, pk: int) -> Media:
    media = Media.objects.filter(owner=owner, pk=pk).first()
    if media is None:
        raise NotFoundError("No such media.")
    return media


def media_by_post(*, post_ids: Iterable[int]) -> dict[int, list[Media]]:
    """Each post's media in position order (posts without media are absent).

    One query on the link table: the publish path's alternative to
    `prefetch_related("post__media")`, whose bookkeeping cost more than the
    query itself in a profile of the burst benchmark.
    """
    by_post: dict[int, list[Media]] = defaultdict(list)
    links = PostMedia.objects.filter(post_id__in=post_ids).select_related("media").order_by("post_id", "position")
    for link in links:
        by_post[link.post_id].append(link.media)
    return by_post


def delivery_get(*, owner: User, pk: int) -> Delivery:
    delivery = Delivery.objects.filter(post__owner=owner, pk=pk).select_related("account", "post").first()
    if delivery is None:
        raise NotFoundError("No such delivery.")
    return delivery


def deliveries_to_retry(*, owner: User, post: int | None = None, account: int | None = None) -> QuerySet[Delivery]:
    """One post's or one account's failed and unknown deliveries among the owner's (another user's: none)."""
    deliveries = Delivery.objects.filter(post__owner=owner, status__in=[S.FAILED, S.UNKNOWN])
    if post is not None:
        deliveries = deliveries.filter(post_id=post)
    if account is not None:
        deliveries = deliveries.filter(account_id=account)
    return deliveries


def dashboard(*, owner: User, now: datetime) -> dict:
    posts = with_status(Post.objects.filter(owner=owner))
    counts = Counter(posts.values_list("status", flat=True))
    return {
        "counts": {status: counts.get(status, 0) for status in P.values},
        "next_scheduled": list(
            _with_details(posts.filter(status=P.SCHEDULED, scheduled_at__gte=now)).order_by("scheduled_at")[:10]
        ),
        "last_outcomes": list(
            Delivery.objects.filter(post__owner=owner, status__in=[S.PUBLISHED, S.FAILED, S.UNKNOWN])
            .select_related("account", "post")
            .order_by("-finished_at", "-pk")[:10]
        ),
        "accounts_needing_attention": list(
            SocialAccount.objects.filter(owner=owner, status=SocialAccount.Status.EXPIRED).order_by("network", "handle")
        ),
    }


def _with_details(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.select_related("account").order_by("pk")),
        Prefetch("media", queryset=Media.objects.order_by("post_media__position")),
    )


def network_alerts() -> list[NetworkAlert]:
    return list(NetworkAlert.objects.all())
