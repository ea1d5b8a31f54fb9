"""The delivery state machine as data: every allowed move, and the one function that makes it.

    pending -> queued -> publishing -> published | failed | unknown
       ^                    |  \\-> pending (retryable, backoff)
       |                    +----> waiting_for_reconnect (401/403: the account expired)
    pending | queued -> waiting_for_reconnect -> pending (reconnected in its window)
                                               -> failed (still expired past its window)
    failed | unknown -> pending (a person's retry)    unknown -> published | failed (a lookup)

A move is a conditional UPDATE on the statuses it may leave, on rows locked in
id order (so two movers cannot deadlock, and PostgreSQL re-checks the status
after a wait): of two racing processes one moves a row, the other sees it gone.
Moves that record a network call log an attempt; moves that reach an outcome
are announced to the apps above once committed. The publishing hot path
(`delivery_sql`) reads the same table for its claims and its success UPDATE.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from posts.models import Delivery, DeliveryAttempt
from posts.signals import delivery_outcomes_committed

S = Delivery.Status
O = DeliveryAttempt.Outcome  # noqa: E741 - read as "outcome"


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    # Logged as a DeliveryAttempt with this outcome (a network call was made), if any.
    attempt: str | None = None
    # An outcome the owner hears about (webhooks, notifications).
    announce: bool = False

    @property
    def ends(self) -> bool:
        return self.target in Delivery.ENDED


NOT_STARTED = (S.PENDING, S.QUEUED)
WAITING = S.WAITING_FOR_RECONNECT

TRANSITIONS: dict[str, Transition] = {
    # The dispatcher and the publish task (their SQL is in delivery_sql).
    "claim": Transition((S.PENDING,), S.QUEUED),
    "requeue": Transition((S.QUEUED,), S.QUEUED),
    "begin": Transition((S.QUEUED,), S.PUBLISHING),
    # A success is recorded over `unknown` too: if the reaper gave up on a slow
    # call that then succeeded, the truth wins.
    "publish": Transition((S.PUBLISHING, S.UNKNOWN), S.PUBLISHED, O.PUBLISHED, announce=True),
    # The outcome of one call.
    "retry_later": Transition((S.PUBLISHING,), S.PENDING, O.RETRY),
    "fail": Transition((S.PUBLISHING,), S.FAILED, O.FAILED, announce=True),
    "lose": Transition((S.PUBLISHING,), S.UNKNOWN, O.UNKNOWN, announce=True),
    "reap": Transition((S.PUBLISHING,), S.UNKNOWN, O.UNKNOWN, announce=True),
    # The network refused the account: nothing went out, so the delivery waits for a reconnect.
    "refuse_account": Transition((S.PUBLISHING,), WAITING, O.AUTH, announce=True),
    # Claimed for an account that expired meanwhile: no call was made.
    "hold": Transition((S.PUBLISHING,), WAITING),
    # What accounts announce.
    "pause": Transition(NOT_STARTED, WAITING),
    "resume": Transition((WAITING,), S.PENDING),
    "cancel": Transition((*NOT_STARTED, WAITING), S.CANCELLED),
    # The dispatcher's lateness window (the system was down, or the account still expired).
    "miss_window": Transition((*NOT_STARTED, WAITING), S.FAILED, announce=True),
    # A lookup of an unknown outcome.
    "found": Transition((S.UNKNOWN,), S.PUBLISHED, O.VERIFIED, announce=True),
    "not_found": Transition((S.UNKNOWN,), S.FAILED, O.MISSING, announce=True),
    # A person's decisions.
    "retry": Transition((S.FAILED, S.UNKNOWN), S.PENDING),
    # A moderator's "mark failed": the owner hears of it as of any failure.
    "give_up": Transition((*NOT_STARTED, WAITING, S.UNKNOWN), S.FAILED, announce=True),
    "dismiss": Transition((S.FAILED, S.UNKNOWN), S.CANCELLED),
}


def deliveries_move(
    name: str,
    deliveries: QuerySet[Delivery],
    *,
    reason: str | None = None,
    now: datetime | None = None,
    calls: Iterable[Delivery] = (),
    http_status: int | None = None,
    skip_locked: bool = False,
    **fields,
) -> list[Delivery]:
    """Move those of `deliveries` in one of the transition's source statuses; returns them.

    `reason` becomes `last_error` (what the person reads). `calls` are the
    deliveries whose network call this records: each gets its attempt row even
    if its delivery moved on meanwhile (the call happened); without them the
    moved rows get one (the reaper's, for a worker that never logged its own).
    `fields` are further columns to set (`due_at`, ...).
    """
    transition = TRANSITIONS[name]
    now = now or timezone.now()
    changes = {"status": transition.target, "updated_at": now, **fields}
    if reason is not None:
        changes["last_error"] = reason
    if transition.ends:
        changes["finished_at"] = now
    with transaction.atomic():
        moving = list(
            deliveries.filter(status__in=transition.sources)
            .select_for_update(skip_locked=skip_locked, of=("self",))
            .select_related("post")
            .order_by("pk")
        )
        Delivery.objects.filter(pk__in=[d.pk for d in moving]).update(**changes)
        if transition.attempt:
            logged = list(calls) or moving
            DeliveryAttempt.objects.bulk_create(
                attempt_row(d, transition.attempt, reason or "", http_status, now) for d in logged
            )
        if transition.announce:
            outcomes_announce(moving)
    return moving


def delivery_move(name: str, delivery: Delivery, **kwargs) -> bool:
    """Move one delivery; False when it was not in a source status (someone else moved it)."""
    return bool(deliveries_move(name, Delivery.objects.filter(pk=delivery.pk), **kwargs))


def attempt_row(
    delivery: Delivery, outcome: str, error: str, http_status: int | None, now: datetime
) -> DeliveryAttempt:
    return DeliveryAttempt(
        delivery=delivery,
        started_at=delivery.started_at or now,
        finished_at=now,
        outcome=outcome,
        error=error,
        http_status=http_status,
    )


def outcomes_announce(changed: list[Delivery]) -> None:
    """Apps above (outgoing webhooks, notifications) hear about outcomes once they are committed.

    The owners travel with the ids so that the common case, an owner with no
    webhooks, costs one indexed lookup and no re-read of the deliveries.
    """
    if changed:
        ids = [d.pk for d in changed]
        owner_ids = {d.post.owner_id for d in changed}
        transaction.on_commit(
            lambda: delivery_outcomes_committed.send(sender=Delivery, delivery_ids=ids, owner_ids=owner_ids)
        )
