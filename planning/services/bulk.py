"""Bulk actions of the list view: one service call per post, each atomic alone, each outcome reported.

Every id must be one of the owner's posts before anything is done: a request naming
another person's post (or none) changes nothing.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from accounts.models import User
from planning.services import queue
from posts.models import Delivery, Post
from posts.services import deliveries as delivery_services
from posts.services import drafts
from posts.services import posts as post_services
from socialtrend.errors import ApplicationError, NotFoundError
from socialtrend.humanize import human_time


@dataclass(frozen=True)
class BulkOutcome:
    post_id: int
    ok: bool
    message: str


def _reschedule(post: Post, *, shift: timedelta | None, at: datetime | None) -> str:
    if at is None:
        if post.scheduled_at is None:
            raise ApplicationError("A draft has no time to shift; set a date instead.")
        at = post.scheduled_at + shift
    post_services.post_update(post=post, scheduled_at=at)
    return f"Rescheduled to {human_time(at, post.owner.timezone)}."


def _cancel(post: Post, **_) -> str:
    count = post_services.post_cancel(post=post)
    return f"Cancelled ({count} {'delivery' if count == 1 else 'deliveries'})."


def _add_to_queue(post: Post, **_) -> str:
    queue.queue_add(post=post)
    post.refresh_from_db(fields=["scheduled_at"])
    if post.scheduled_at is None:
        return "Queued; it waits for the paused queue."
    return f"Queued for {human_time(post.scheduled_at, post.owner.timezone)}."


def _retry_failed(post: Post, **_) -> str:
    """Its failed deliveries back in line at the post's time (now if that has passed). Unknown
    outcomes are left for the post's page, where a person confirms they may publish twice."""
    report = delivery_services.deliveries_retry(post.deliveries.filter(status=Delivery.Status.FAILED))
    if not report.retried:
        reason = "its account must be reconnected first" if report.account_inactive else "nothing has failed"
        raise ApplicationError(f"Nothing retried: {reason}.")
    count = len(report.retried)
    return f"{count} failed {'delivery' if count == 1 else 'deliveries'} back in line."


def _duplicate(post: Post, **_) -> str:
    return f"Copied into draft {drafts.post_duplicate(post=post).pk}."


def _delete(post: Post, **_) -> str:
    drafts.post_delete(post=post)
    return "Deleted."


ACTIONS: dict[str, Callable[..., str]] = {
    "reschedule": _reschedule,
    "cancel": _cancel,
    "add_to_queue": _add_to_queue,
    "retry_failed": _retry_failed,
    "duplicate": _duplicate,
    "delete": _delete,
}


def posts_bulk(
    *,
    owner: User,
    post_ids: Sequence[int],
    action: str,
    shift: timedelta | None = None,
    at: datetime | None = None,
) -> list[BulkOutcome]:
    if action not in ACTIONS:
        raise ApplicationError(f"action must be one of {', '.join(ACTIONS)}.", field="action")
    if action == "reschedule" and (shift is None) == (at is None):
        raise ApplicationError("Reschedule by a shift or to a time, one of the two.", field="shift_minutes")
    if len(set(post_ids)) != len(post_ids):
        raise ApplicationError("A post is listed twice.", field="post_ids")
    posts = Post.objects.filter(owner=owner, pk__in=post_ids).select_related("owner").in_bulk()
    missing = [pk for pk in post_ids if pk not in posts]
    if missing:
        raise NotFoundError(f"No post with id {missing[0]} among yours; nothing was changed.")
    outcomes = []
    for pk in post_ids:
        try:
            with transaction.atomic():
                message = ACTIONS[action](posts[pk], shift=shift, at=at)
            outcomes.append(BulkOutcome(pk, True, message))
        except ApplicationError as error:
            outcomes.append(BulkOutcome(pk, False, error.message))
    return outcomes
