"""Caption use cases: the only code that creates or changes a CaptionRequest."""

import logging
import time
from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import networks
from accounts.models import User
from captions import selectors
from captions.composer import compose_variants
from captions.generators import caption_model_from_settings
from captions.generators.base import CaptionBrief, TargetNetwork, TrendRef, Usage
from captions.models import CaptionRequest, CaptionStatus, Tone
from socialtrend import retention
from socialtrend.errors import ApplicationError, QuotaExceededError

logger = logging.getLogger(__name__)

DEFAULT_MAX_HASHTAGS = 3


def caption_request_create(
    *,
    user: User,
    networks: list[str],
    topic: str = "",
    draft: str = "",
    tone: str = Tone.FRIENDLY,
    language: str = "en",
    count: int = 1,
    trend_ids: list[int] | None = None,
    ride_trends: bool = False,
    hashtags_include: list[str] | None = None,
    hashtags_max: int = DEFAULT_MAX_HASHTAGS,
) -> CaptionRequest:
    """Check the brief, take a unit of today's quota and queue the writing: a worker calls the
    model (`caption_request_write`), so no web worker waits on it. Bad input and a spent quota
    are refused here, before anything is queued."""
    if bool(topic.strip()) == bool(draft.strip()):
        raise ApplicationError("Give either a topic or a draft, not both.", field="topic")
    hashtags_include = hashtags_include or []
    if len(hashtags_include) > hashtags_max:
        raise ApplicationError(
            f"At most {hashtags_max} hashtags (hashtags.max) can be included.", field="hashtags.include"
        )
    trends = selectors.trends_to_ride(user=user, trend_ids=trend_ids or [], ride_trends=ride_trends)
    request_input = {
        "topic": topic,
        "draft": draft,
        "networks": networks,
        "tone": tone,
        "language": language,
        "count": count,
        "trend_ids": trend_ids or [],
        "ride_trends": ride_trends,
        "trends": [{"title": t.title, "source": t.source} for t in trends],
        "hashtags": {"include": hashtags_include, "max": hashtags_max},
    }
    with transaction.atomic():
        request = _caption_request_reserve(user=user, request_input=request_input)
        transaction.on_commit(lambda: _enqueue(request.pk))
    return request


def caption_request_write(*, request_id: int) -> CaptionRequest | None:
    """Write the captions of a queued request; None when there is nothing to do (another
    message already started it). Every outcome, success or failure, is recorded on the row."""
    started = time.monotonic()
    claimed = CaptionRequest.objects.filter(
        pk=request_id, status=CaptionStatus.PENDING, started_at__isnull=True
    ).update(started_at=timezone.now())
    if not claimed:
        return None
    request = CaptionRequest.objects.get(pk=request_id)
    model = caption_model_from_settings()
    try:
        variants, usage = compose_variants(model, _brief(request.input))
    except Exception as exc:
        _caption_request_fail(request=request, model_name=model.name, error=exc, started=started)
        if not isinstance(exc, ApplicationError):
            logger.exception("caption request %s failed", request.pk)
        return request
    return _caption_request_succeed(
        request=request,
        model_name=model.name,
        offline=model.offline,
        output=[asdict(variant) for variant in variants],
        usage=usage,
        started=started,
    )


def _brief(request_input: dict) -> CaptionBrief:
    """The model's brief, from the request as it was validated and stored."""
    hashtags = request_input["hashtags"]
    return CaptionBrief(
        text=request_input["draft"] or request_input["topic"],
        is_draft=bool(request_input["draft"]),
        targets=tuple(_target(network, hashtags["max"]) for network in request_input["networks"]),
        tone=request_input["tone"],
        language=request_input["language"],
        count=request_input["count"],
        trends=tuple(TrendRef(title=t["title"], source=t["source"]) for t in request_input["trends"]),
        hashtags_include=tuple(hashtags["include"]),
    )


def _enqueue(request_id: int) -> None:
    from captions.tasks import caption_request_write_task  # tasks import the services they wrap

    caption_request_write_task.delay(request_id)


def _target(network: str, hashtags_max: int) -> TargetNetwork:
    rules = networks.get(network).text
    cap = hashtags_max if rules.max_hashtags is None else min(hashtags_max, rules.max_hashtags)
    return TargetNetwork(network=network, max_length=rules.max_length, max_hashtags=cap)


def _caption_request_reserve(*, user: User, request_input: dict) -> CaptionRequest:
    """Count today's requests and record this one in one transaction, locking the user's row,
    so that parallel requests cannot both take the last unit of quota."""
    quota = settings.CAPTIONS_DAILY_QUOTA
    with transaction.atomic():
        User.objects.select_for_update().only("pk").get(pk=user.pk)
        day_start = _utc_day_start()
        if quota and selectors.caption_requests_counted_since(user=user, since=day_start) >= quota:
            retry_after = int((day_start + timedelta(days=1) - timezone.now()).total_seconds()) + 1
            raise QuotaExceededError(
                f"You have used all {quota} caption requests for today; the quota renews at midnight UTC.",
                retry_after=retry_after,
            )
        return CaptionRequest.objects.create(user=user, input=request_input)


def _caption_request_succeed(
    *, request: CaptionRequest, model_name: str, offline: bool, output: list[dict], usage: Usage, started: float
) -> CaptionRequest:
    request.status = CaptionStatus.SUCCEEDED
    request.model = model_name
    request.offline = offline
    request.output = output
    request.prompt_tokens = usage.prompt_tokens
    request.completion_tokens = usage.completion_tokens
    request.total_tokens = usage.total_tokens
    request.latency_ms = _elapsed_ms(started)
    request.save(
        update_fields=[
            "status",
            "model",
            "offline",
            "output",
            "prompt_tokens",
            "completion_tokens",
            "total_tokens",
            "latency_ms",
        ]
    )
    logger.info(
        "caption request %s by user %s: %s, %s tokens, %s ms",
        request.pk,
        request.user_id,
        model_name,
        usage.total_tokens,
        request.latency_ms,
    )
    return request


def _caption_request_fail(*, request: CaptionRequest, model_name: str, error: Exception, started: float) -> None:
    """A failed request is kept in the history but does not count against the quota."""
    request.status = CaptionStatus.FAILED
    request.model = model_name
    request.error = (getattr(error, "message", "") or "Internal error.")[:500]
    request.latency_ms = _elapsed_ms(started)
    request.save(update_fields=["status", "model", "error", "latency_ms"])


def _utc_day_start() -> datetime:
    return timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def caption_requests_prune(*, older_than_days: int) -> dict[str, int]:
    """Delete caption requests (history) older than `older_than_days`; the quota counts only today's."""
    old = CaptionRequest.objects.filter(created_at__lt=retention.cutoff(older_than_days))
    return {"caption requests": retention.delete_in_batches(old)["captions.CaptionRequest"]}
