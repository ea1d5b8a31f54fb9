"""Thin views over the planning services: slots, the queue of one account, add to queue."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import SocialAccount
from accounts.selectors import social_account_get
from planning import selectors, services
from planning.api.serializers import (
    CountOutput,
    QueueAddInput,
    QueueOrderInput,
    QueueOutput,
    SlotsInput,
)
from posts.selectors import post_get_for_update
from socialtrend.api.schema import CONFLICT, ERROR_RESPONSES, NOT_FOUND

TAG = ["queue"]


def _queue_response(account: SocialAccount) -> Response:
    return Response(QueueOutput(selectors.queue_view(account, now=timezone.now())).data)


class QueueView(APIView):
    @extend_schema(tags=TAG, responses={200: QueueOutput, **ERROR_RESPONSES, **NOT_FOUND})
    def get(self, request: Request, account_id: int) -> Response:
        return _queue_response(social_account_get(owner=request.user, pk=account_id))


class SlotsView(APIView):
    @extend_schema(
        tags=TAG,
        request=SlotsInput,
        responses={200: QueueOutput, **ERROR_RESPONSES, **NOT_FOUND},
        description="Replace the account's weekly slots. Posts already placed keep their times; "
        "`entries[].on_slot` says which no longer sit on a slot, and `reslot` moves them.",
    )
    def put(self, request: Request, account_id: int) -> Response:
        account = social_account_get(owner=request.user, pk=account_id)
        data = SlotsInput(data=request.data)
        data.is_valid(raise_exception=True)
        slots = [(slot["weekday"], slot["time"]) for slot in data.validated_data["slots"]]
        services.slots_set(account=account, slots=slots)
        return _queue_response(account)


class QueueAddView(APIView):
    @extend_schema(
        tags=TAG,
        request=QueueAddInput,
        responses={201: QueueOutput, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT},
        description="Place a draft or scheduled post in the first slot free on all its accounts; "
        "answers with the queue of its first account.",
    )
    def post(self, request: Request) -> Response:
        data = QueueAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        post = post_get_for_update(owner=request.user, pk=data.validated_data["post_id"])
        services.queue_add(post=post)
        first = post.deliveries.order_by("account_id").first().account
        response = _queue_response(first)
        response.status_code = status.HTTP_201_CREATED
        return response


class QueueOrderView(APIView):
    @extend_schema(tags=TAG, request=QueueOrderInput, responses={200: QueueOutput, **ERROR_RESPONSES, **CONFLICT})
    def post(self, request: Request, account_id: int) -> Response:
        account = social_account_get(owner=request.user, pk=account_id)
        data = QueueOrderInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.queue_reorder(account=account, post_ids=data.validated_data["post_ids"])
        return _queue_response(account)


def _action_view(action, summary: str) -> type[APIView]:
    """A POST that runs one queue service on one account and answers how many posts moved."""

    class ActionView(APIView):
        @extend_schema(tags=TAG, request=None, responses={200: CountOutput, **ERROR_RESPONSES, **CONFLICT})
        def post(self, request: Request, account_id: int) -> Response:
            moved = action(account=social_account_get(owner=request.user, pk=account_id))
            return Response({"moved": moved})

    ActionView.__doc__ = summary
    ActionView.__name__ = ActionView.__qualname__ = f"Queue{action.__name__.title().replace('_', '')}View"
    return ActionView


QueueShuffleView = _action_view(services.queue_shuffle, "Hand the queue's times out in a random order.")
QueuePauseView = _action_view(services.queue_pause, "Pause: the queued posts lose their times and keep their order.")
QueueResumeView = _action_view(services.queue_resume, "Resume: waiting posts take the next free slots, in order.")
QueueReslotView = _action_view(services.queue_reslot, "Move posts that no longer sit on a slot to the next free ones.")
