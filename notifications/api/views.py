"""The notification centre's API: the list, the unread count, marking read, and preferences.
Owner-scoped: another user's notification is a 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import selectors, services
from notifications.models import Notification
from socialtrend.api.schema import ERROR_RESPONSES, NOT_FOUND

TAGS = ["notifications"]


class NotificationOutput(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at"]
        read_only_fields = fields


class KindOutput(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class PreferencesInput(serializers.Serializer):
    in_app = serializers.ListField(
        child=serializers.ChoiceField(choices=Notification.Kind.choices),
        max_length=20,
        required=False,
        help_text="Kinds shown in the app.",
    )
    email = serializers.ListField(
        child=serializers.ChoiceField(choices=Notification.Kind.choices),
        max_length=20,
        required=False,
        help_text="Kinds also sent by e-mail.",
    )


class PreferencesOutput(serializers.Serializer):
    in_app = serializers.ListField(child=serializers.CharField())
    email = serializers.ListField(child=serializers.CharField())
    kinds = KindOutput(many=True, help_text="Every kind, with what it is called.")


UnreadCount = inline_serializer("UnreadCount", {"unread": serializers.IntegerField()})
Marked = inline_serializer("MarkedRead", {"marked": serializers.IntegerField()})


class NotificationListView(GenericAPIView):
    serializer_class = NotificationOutput

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("unread", bool, description="Only those not read yet.")],
        responses={200: NotificationOutput(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        unread = serializers.BooleanField(required=False).run_validation(request.query_params.get("unread", False))
        page = self.paginate_queryset(selectors.notification_list(user=request.user, unread=bool(unread)))
        return self.get_paginated_response(NotificationOutput(page, many=True).data)


class UnreadCountView(APIView):
    @extend_schema(tags=TAGS, responses={200: UnreadCount, **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(user=request.user)})


class NotificationReadView(APIView):
    @extend_schema(tags=TAGS, request=None, responses={200: NotificationOutput, **ERROR_RESPONSES, **NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        notification = selectors.notification_get(user=request.user, pk=pk)
        return Response(NotificationOutput(services.notification_mark_read(notification=notification)).data)


class NotificationReadAllView(APIView):
    @extend_schema(tags=TAGS, request=None, responses={200: Marked, **ERROR_RESPONSES})
    def post(self, request: Request) -> Response:
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})


class PreferencesView(APIView):
    @extend_schema(tags=TAGS, responses={200: PreferencesOutput, **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        return Response(_preferences(services.preferences_get(user=request.user)))

    @extend_schema(
        tags=TAGS,
        request=PreferencesInput,
        responses={200: PreferencesOutput, **ERROR_RESPONSES},
        description="Which kinds are shown in the app and sent by e-mail; a list left out stays as it was.",
    )
    def put(self, request: Request) -> Response:
        data = PreferencesInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(_preferences(services.preferences_update(user=request.user, **data.validated_data)))


def _preferences(prefs) -> dict:
    kinds = [{"value": value, "label": label} for value, label in Notification.Kind.choices]
    return PreferencesOutput({"in_app": prefs.in_app, "email": prefs.email, "kinds": kinds}).data
