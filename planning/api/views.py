"""Thin views over the planning services: slots, the queue of one account, add to queue; series."""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import SocialAccount
from accounts.selectors import social_account_get
from planning import selectors
from planning.api.serializers import (
    BulkInput,
    BulkOutput,
    CountOutput,
    PostQuery,
    QueueAddInput,
    QueueOrderInput,
    QueueOutput,
    SeriesCreateInput,
    SeriesOutput,
    SeriesUpdateInput,
    SeriesUpdateOutput,
    SlotsInput,
)
from planning.services import bulk as bulk_services
from planning.services import queue as services
from planning.services import series as series_services
from posts.selectors import post_get_for_update
from socialtrend.api.schema import CONFLICT, ERROR_RESPONSES, NOT_FOUND

TAG, SERIES_TAG = ["queue"], ["series"]


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
    @extend_schema(
        tags=TAG, request=QueueOrderInput, responses={200: QueueOutput, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT}
    )
    def post(self, request: Request, account_id: int) -> Response:
        account = social_account_get(owner=request.user, pk=account_id)
        data = QueueOrderInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.queue_reorder(account=account, post_ids=data.validated_data["post_ids"])
        return _queue_response(account)


def _action_view(action, summary: str) -> type[APIView]:
    """A POST that runs one queue service on one account and answers how many posts moved."""

    class ActionView(APIView):
        @extend_schema(tags=TAG, request=None, responses={200: CountOutput, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT})
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


class SeriesListView(APIView):
    @extend_schema(
        tags=SERIES_TAG,
        parameters=[OpenApiParameter("post", int, required=True, description="A post's id: its series, if any.")],
        responses={200: SeriesOutput(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        data = PostQuery(data=request.query_params)
        data.is_valid(raise_exception=True)
        found = selectors.series_of_post(owner=request.user, post_id=data.validated_data["post"])
        return Response(SeriesOutput([selectors.series_view(s) for s in found], many=True).data)

    @extend_schema(
        tags=SERIES_TAG,
        request=SeriesCreateInput,
        responses={201: SeriesOutput, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT},
        description="Repeat a scheduled post on a rule; its occurrences are made as posts "
        "SERIES_HORIZON_DAYS ahead, each editable or cancelled alone.",
    )
    def post(self, request: Request) -> Response:
        data = SeriesCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        post = post_get_for_update(owner=request.user, pk=data.validated_data["post_id"])
        made = series_services.series_create(post=post, rule=data.validated_data["rule"])
        return Response(SeriesOutput(selectors.series_view(made)).data, status=status.HTTP_201_CREATED)


class SeriesDetailView(APIView):
    @extend_schema(tags=SERIES_TAG, responses={200: SeriesOutput, **ERROR_RESPONSES, **NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(SeriesOutput(selectors.series_view(selectors.series_get(owner=request.user, pk=pk))).data)

    @extend_schema(
        tags=SERIES_TAG,
        request=SeriesUpdateInput,
        responses={200: SeriesUpdateOutput, **ERROR_RESPONSES, **NOT_FOUND},
        description="Edit this occurrence and the following ones, or all; one occurrence alone is "
        "edited as a post (PATCH /api/v1/posts/{id}/).",
    )
    def patch(self, request: Request, pk: int) -> Response:
        series = selectors.series_get(owner=request.user, pk=pk)
        data = SeriesUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        post = post_get_for_update(owner=request.user, pk=fields.pop("post_id"))
        scope = fields.pop("scope")
        return Response(series_services.series_update(series=series, post=post, scope=scope, changes=fields))


class SeriesStopView(APIView):
    @extend_schema(
        tags=SERIES_TAG, request=None, responses={200: CountOutput, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        """End the series: its occurrences not yet started are cancelled."""
        cancelled = series_services.series_stop(series=selectors.series_get(owner=request.user, pk=pk))
        return Response({"moved": cancelled})


class BulkView(APIView):
    @extend_schema(
        tags=["posts"],
        request=BulkInput,
        responses={200: BulkOutput, **ERROR_RESPONSES, **NOT_FOUND},
        description="One action on many posts, each atomic alone; the answer says per post what happened. "
        "Every id must be one of yours, or nothing is done.",
    )
    def post(self, request: Request) -> Response:
        data = BulkInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        query = data.validated_data
        minutes = query.get("shift_minutes")
        outcomes = bulk_services.posts_bulk(
            owner=request.user,
            post_ids=query["post_ids"],
            action=query["action"],
            shift=timedelta(minutes=minutes) if minutes is not None else None,
            at=query.get("scheduled_at"),
        )
        done = sum(outcome.ok for outcome in outcomes)
        results = [outcome.__dict__ for outcome in outcomes]
        return Response(BulkOutput({"done": done, "failed": len(outcomes) - done, "results": results}).data)
