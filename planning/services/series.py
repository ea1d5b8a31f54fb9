"""Recurring posts: a rule (RFC 5545, through python-dateutil) and the posts it makes.

Each occurrence is an ordinary post made by `posts.services.posts.post_create`, a
horizon ahead (SERIES_HORIZON_DAYS), so the calendar shows it and it can be edited
or cancelled alone. Only future times are made: after downtime the missed ones are
skipped, never fired at once (those already made obey the dispatcher's lateness window).
"""

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from planning.models import Occurrence, Series
from posts.models import Delivery, Post
from posts.services import posts as post_services
from socialtrend.errors import ApplicationError, ConflictError
from socialtrend.humanize import human_time

FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
RULE_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "COUNT", "UNTIL", "WKST"}
MAX_COUNT = 1000
SCOPES = ("following", "all")


def rule_of(text: str, *, starts_at: datetime, zone: str) -> rrule:
    """The rule `text` starting at `starts_at`, its wall times read in `zone`; 400 on `rule` if unfit."""
    text = text.strip().removeprefix("RRULE:")
    parts = dict(part.partition("=")[::2] for part in text.split(";") if part)
    unknown = sorted(set(parts) - RULE_PARTS)
    if unknown:
        raise _rule_error(f"{unknown[0]} is not supported; use {', '.join(sorted(RULE_PARTS))}.")
    if parts.get("FREQ") not in FREQUENCIES:
        raise _rule_error(f"FREQ must be one of {', '.join(sorted(FREQUENCIES))}.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise _rule_error("A rule ends after COUNT times or on UNTIL, not both.")
    if "COUNT" in parts and not (
        parts["COUNT"].isascii() and parts["COUNT"].isdigit() and 1 <= int(parts["COUNT"]) <= MAX_COUNT
    ):
        raise _rule_error(f"COUNT must be 1 to {MAX_COUNT}.")
    try:
        return rrulestr(text, dtstart=starts_at.astimezone(ZoneInfo(zone)))
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise _rule_error(f"Not a recurrence rule: {error}.") from error


def occurrence_times(series: Series, *, after: datetime, until: datetime) -> list[datetime]:
    """The rule's times in (after, until], in UTC. The rule runs on aware wall times, so a
    09:00 post stays 09:00 local across daylight-saving changes."""
    rule = rule_of(series.rule, starts_at=series.starts_at, zone=series.timezone)
    local = rule.between(
        after.astimezone(ZoneInfo(series.timezone)), until.astimezone(ZoneInfo(series.timezone)), inc=True
    )
    return [at.astimezone(UTC) for at in local if at > after]


def series_create(*, post: Post, rule: str) -> Series:
    """Make `post` the first occurrence of a series repeating on `rule`."""
    if post.scheduled_at is None:
        raise ApplicationError("Schedule the post first: its time is the series' first occurrence.", field="post_id")
    if Occurrence.objects.filter(post=post).exists():
        raise ConflictError("This post already belongs to a series.")
    deliveries = list(post.deliveries.exclude(status=Delivery.Status.CANCELLED))
    if any(d.status != Delivery.Status.PENDING or d.attempts for d in deliveries) or not deliveries:
        raise ConflictError("Publishing has started or ended for this post; repeat a post that is still scheduled.")
    zone = post.owner.timezone
    rule_of(rule, starts_at=post.scheduled_at, zone=zone)
    with transaction.atomic():
        series = Series.objects.create(
            owner=post.owner,
            rule=rule.strip().removeprefix("RRULE:"),
            starts_at=post.scheduled_at,
            timezone=zone,
            caption=post.caption,
            account_ids=[d.account_id for d in deliveries],
            media_ids=list(post.post_media.order_by("position").values_list("media_id", flat=True)),
            variants={str(d.account_id): d.caption for d in deliveries if d.caption},
            options={str(d.account_id): d.options for d in deliveries if d.options},
        )
        Occurrence.objects.create(series=series, post=post, at=post.scheduled_at)
    series_extend(series=series)
    return series


def series_extend(*, series: Series, now: datetime | None = None) -> int:
    """Make the occurrences due within the horizon that were never made; how many were made."""
    now = now or timezone.now()
    until = now + timedelta(days=settings.SERIES_HORIZON_DAYS)
    with transaction.atomic():
        series = Series.objects.select_for_update().get(pk=series.pk)
        if series.ended_at is not None:
            return 0
        made = set(series.occurrences.values_list("at", flat=True))
        created = 0
        for at in occurrence_times(series, after=now, until=until):
            if at in made:
                continue
            try:
                with transaction.atomic():
                    post = post_services.post_create(owner=series.owner, scheduled_at=at, **_content(series))
            except ApplicationError as error:
                series.last_error = f"{human_time(at, series.timezone)}: {error.message}"
                series.save(update_fields=["last_error"])
                break
            Occurrence.objects.create(series=series, post=post, at=at)
            created += 1
        else:
            if series.last_error:
                series.last_error = ""
                series.save(update_fields=["last_error"])
    return created


def series_extend_all() -> int:
    return sum(series_extend(series=series) for series in Series.objects.filter(ended_at__isnull=True))


def series_update(*, series: Series, post: Post, scope: str, changes: Mapping[str, Any]) -> dict[str, int]:
    """Change the content of this occurrence and the following ones ("following") or of every
    occurrence not yet started ("all"), and of those still to be made. Occurrences that started
    are left as they are and counted as skipped."""
    if scope not in SCOPES:
        raise ApplicationError(
            f"scope must be one of {', '.join(SCOPES)}; edit one post alone through its own page.", field="scope"
        )
    pivot = Occurrence.objects.filter(series=series, post=post).first()
    if pivot is None:
        raise ApplicationError("This post is not an occurrence of this series.", field="post_id")
    targets = series.occurrences.exclude(post=None).select_related("post")
    if scope == "following":
        targets = targets.filter(at__gte=pivot.at)
    updated = skipped = 0
    with transaction.atomic():
        for occurrence in targets:
            try:
                with transaction.atomic():
                    post_services.post_update(post=occurrence.post, **changes)
                updated += 1
            except ConflictError:
                skipped += 1
        _set_content(series, changes)
    return {"updated": updated, "skipped": skipped}


def series_stop(*, series: Series) -> int:
    """End the series: nothing more is made, and its occurrences not yet started are cancelled."""
    if series.ended_at is not None:
        raise ConflictError("This series has already ended.")
    cancelled = 0
    with transaction.atomic():
        series.ended_at = timezone.now()
        series.save(update_fields=["ended_at"])
        for occurrence in series.occurrences.exclude(post=None).filter(at__gt=series.ended_at).select_related("post"):
            try:
                post_services.post_cancel(post=occurrence.post, reason="The series was stopped.")
                cancelled += 1
            except ConflictError:
                continue  # started or already cancelled: it stays as it is
    return cancelled


def _content(series: Series) -> dict[str, Any]:
    return {
        "account_ids": series.account_ids,
        "caption": series.caption,
        "media_ids": series.media_ids,
        "variants": series.variants,
        "options": series.options,
    }


def _set_content(series: Series, changes: Mapping[str, Any]) -> None:
    fields = [name for name in ("caption", "account_ids", "media_ids", "variants", "options") if name in changes]
    for name in fields:
        setattr(series, name, changes[name])
    if fields:
        series.save(update_fields=fields)


def _rule_error(message: str) -> ApplicationError:
    return ApplicationError(message, field="rule")
