"""Reads for captions: a user's history, quota use, and the trends a brief rides."""

from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet

from accounts.models import User
from captions.generators.base import TrendRef
from captions.models import CaptionRequest, CaptionStatus
from socialtrend.errors import ApplicationError, NotFoundError
from trends.selectors import trend_list_for_captions


def caption_request_list(*, user: User) -> QuerySet[CaptionRequest]:
    return CaptionRequest.objects.filter(user=user).order_by("-created_at", "-id")


def caption_request_get(*, user: User, request_id: int) -> CaptionRequest:
    """Another user's request is as absent as one that never existed."""
    request = caption_request_list(user=user).filter(pk=request_id).first()
    if request is None:
        raise NotFoundError("No such caption request.")
    return request


def caption_requests_counted_since(*, user: User, since: datetime) -> int:
    """Requests that use quota: done or in flight. Failed ones are given back."""
    return CaptionRequest.objects.filter(
        user=user, created_at__gte=since, status__in=[CaptionStatus.PENDING, CaptionStatus.SUCCEEDED]
    ).count()


def trends_to_ride(*, user: User, trend_ids: list[int], ride_trends: bool) -> tuple[TrendRef, ...]:
    """The chosen trends (all must exist and be the user's to see), or the current top ones
    the user may see, as plain (title, source) data."""
    if trend_ids and ride_trends:
        raise ApplicationError("Give trend_ids or ride_trends, not both.", field="ride_trends")
    if trend_ids:
        items = trend_list_for_captions(user=user, ids=trend_ids)
        unknown = sorted(set(trend_ids) - {item.id for item in items})
        if unknown:
            raise ApplicationError(f"Unknown trend ids: {', '.join(map(str, unknown))}.", field="trend_ids")
    elif ride_trends:
        items = trend_list_for_captions(user=user, limit=settings.CAPTIONS_RIDE_TRENDS_LIMIT)
    else:
        return ()
    return tuple(TrendRef(title=item.title, source=item.source) for item in items)
