"""Reading publications back: is what we published live, and did an `unknown` go out?

A sweep (beat, every PUBLISH_VERIFY_INTERVAL seconds) takes the deliveries
whose verification is `pending` once their network's `visible_after` has
passed since they finished, and asks the network:

- a `published` delivery is read back by its remote id: seen means
  `verified` (with when); not shown for PUBLISH_VERIFY_PATIENCE seconds more
  means `missing`, flagged to the person;
- an `unknown` one is looked up by the id it may carry, else among the
  account's recent publications by text and time (`Publisher.find`): found
  means `published` (verified), never sent again; still not there after the
  patience means it did not go out, so it `fails` and may be retried without
  a warning; a network that cannot tell leaves it for a person (`undecidable`),
  whose retry is then confirmed as one that may publish twice.

A network that cannot be asked right now (an outage, a 429) is asked again at
the next sweep; after the patience its deliveries count as `undecidable`.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

import networks
from accounts.services import account_ref
from networks.publishing import Lookup, Publisher
from posts import selectors
from posts.changes import owners_changed
from posts.models import Delivery
from posts.services.publishing import publish_request_for
from posts.services.transitions import delivery_move
from posts.signals import delivery_checks_committed
from socialtrend.outbound import OutboundError

logger = logging.getLogger(__name__)

S = Delivery.Status
V = Delivery.Verification


@dataclass
class VerifyReport:
    verified: int = 0
    missing: int = 0
    found: int = 0
    not_found: int = 0
    undecidable: int = 0
    # Published to a network that cannot read publications back: left unchecked.
    unverifiable: int = 0
    later: int = 0


def deliveries_verify_due(*, now: datetime | None = None) -> VerifyReport:
    now = now or timezone.now()
    report = VerifyReport()
    for network in networks.publishing_names():
        publisher = networks.publisher(network)
        for delivery in _due(network, publisher, now):
            outcome = delivery_verify(delivery=delivery, publisher=publisher, now=now)
            setattr(report, outcome, getattr(report, outcome) + 1)
    if report != VerifyReport():
        logger.info("verification: %s", report)
    return report


def _due(network: str, publisher: Publisher, now: datetime) -> QuerySet[Delivery]:
    recheck = now - timedelta(seconds=settings.PUBLISH_VERIFY_INTERVAL)
    return (
        Delivery.objects.filter(
            verification=V.PENDING,
            network=network,
            finished_at__lte=now - timedelta(seconds=publisher.visible_after),
        )
        .filter(Q(checked_at__isnull=True) | Q(checked_at__lte=recheck))
        .select_related("account", "post")
        .order_by("finished_at")[: settings.PUBLISH_VERIFY_BATCH]
    )


def delivery_verify(*, delivery: Delivery, publisher: Publisher, now: datetime) -> str:
    """Ask the network about one delivery and record the answer; returns the report's field for it."""
    patience_over = (
        delivery.finished_at + timedelta(seconds=publisher.visible_after + settings.PUBLISH_VERIFY_PATIENCE) <= now
    )
    try:
        lookup = _ask(delivery, publisher)
    except OutboundError as exc:
        logger.warning("delivery %s: the network could not be asked: %s", delivery.pk, exc.message)
        if patience_over:
            return _undecidable(delivery, f"the network could not be asked ({exc.message})", now)
        return _later(delivery, now)
    if lookup is None and delivery.status == S.PUBLISHED:
        return _set(delivery, now, "unverifiable", verification=V.NONE)  # nothing to flag: it was published
    if lookup is None:
        return _undecidable(delivery, f"{networks.label(delivery.network)} cannot look it up", now)
    if delivery.status == S.PUBLISHED:
        if lookup.found:
            return _set(delivery, now, "verified", verification=V.VERIFIED, verified_at=now)
        return _set(delivery, now, "missing", verification=V.MISSING) if patience_over else _later(delivery, now)
    if lookup.found:
        return _found(delivery, lookup, now)
    if patience_over:
        reason = (
            f"Checked with {networks.label(delivery.network)}: it was not published. Retrying it publishes it once."
        )
        moved = delivery_move("not_found", delivery, reason=reason, now=now, verification=V.MISSING, checked_at=now)
        return "not_found" if moved else "later"
    return _later(delivery, now)


def _ask(delivery: Delivery, publisher: Publisher) -> Lookup | None:
    """Read it back by id where there is one; otherwise (an unknown outcome) look for it."""
    account = account_ref(delivery.account)
    if delivery.remote_id:
        try:
            return publisher.verify(account, delivery.remote_id)
        except NotImplementedError:
            return None
    media = selectors.media_by_post(post_ids=[delivery.post_id]).get(delivery.post_id, [])
    published_after = (delivery.started_at or delivery.finished_at) - timedelta(seconds=5)
    return publisher.find(publish_request_for(delivery, media), published_after)


def _found(delivery: Delivery, lookup: Lookup, now: datetime) -> str:
    """An unknown outcome that did go out: published, with what the network says it is."""
    moved = delivery_move(
        "found",
        delivery,
        reason="",
        now=now,
        remote_id=lookup.remote_id[:255],
        remote_url=lookup.url[:1000],
        published_at=delivery.started_at or now,
        verification=V.VERIFIED,
        verified_at=now,
        checked_at=now,
    )
    return "found" if moved else "later"


def _undecidable(delivery: Delivery, why: str, now: datetime) -> str:
    fields = {"verification": V.UNDECIDABLE}
    if delivery.status == S.UNKNOWN:
        fields["last_error"] = f"The outcome is unknown and {why}. Check the account: retrying may publish it twice."
    return _set(delivery, now, "undecidable", **fields)


def _later(delivery: Delivery, now: datetime) -> str:
    Delivery.objects.filter(pk=delivery.pk, verification=V.PENDING).update(checked_at=now, updated_at=now)
    return "later"


def _set(delivery: Delivery, now: datetime, outcome: str, **fields) -> str:
    """Record a verification outcome on a delivery still waiting for it (a person's retry
    meanwhile wins); the owner hears about what needs them."""
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=delivery.status, verification=V.PENDING).update(
            checked_at=now, updated_at=now, **fields
        )
        if updated:
            owners_changed([delivery.post.owner_id])  # a poll of the post sees it at once
        if updated and fields["verification"] in (V.MISSING, V.UNDECIDABLE):
            ids, owners = [delivery.pk], {delivery.post.owner_id}
            transaction.on_commit(
                lambda: delivery_checks_committed.send(sender=Delivery, delivery_ids=ids, owner_ids=owners)
            )
    return outcome if updated else "later"
