"""Input and output shapes of the posts API."""

from datetime import timedelta

from rest_framework import serializers

import networks
from accounts.models import SocialAccount
from posts.models import ALT_TEXT_MAX_LENGTH, Delivery, Media, Post
from socialtrend.api.fields import IdField, UserDateTimeField

MAX_TEXT = 40000


class MediaOutput(serializers.ModelSerializer):
    url = serializers.FileField(source="file", read_only=True, use_url=True)

    class Meta:
        model = Media
        fields = [
            "id",
            "url",
            "original_name",
            "kind",
            "mime_type",
            "size",
            "width",
            "height",
            "checksum",
            "alt_text",
            "created_at",
        ]
        read_only_fields = fields


ALT_TEXT_HELP = "What the image or video shows, for people who cannot see it (sent as its description)."


class MediaUploadInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    alt_text = serializers.CharField(
        max_length=ALT_TEXT_MAX_LENGTH, allow_blank=True, required=False, default="", help_text=ALT_TEXT_HELP
    )


class MediaUpdateInput(serializers.Serializer):
    alt_text = serializers.CharField(max_length=ALT_TEXT_MAX_LENGTH, allow_blank=True, help_text=ALT_TEXT_HELP)


class AccountBriefOutput(serializers.ModelSerializer):
    class Meta:
        model = SocialAccount
        fields = ["id", "network", "handle", "display_name", "status"]
        read_only_fields = fields


class DeliveryOutput(serializers.ModelSerializer):
    account = AccountBriefOutput(read_only=True)
    post = serializers.IntegerField(source="post_id", read_only=True, help_text="The post this delivery belongs to.")
    text = serializers.CharField(read_only=True, help_text="What is published: the variant, else the caption.")

    class Meta:
        model = Delivery
        fields = [
            "id",
            "post",
            "account",
            "caption",
            "text",
            "options",
            "status",
            "due_at",
            "attempts",
            "remote_id",
            "remote_url",
            "last_error",
            "published_at",
            "finished_at",
            "verification",
            "verified_at",
        ]
        read_only_fields = fields


class PostOutput(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=Post.Status.choices, read_only=True)
    media = MediaOutput(many=True, read_only=True)
    deliveries = DeliveryOutput(many=True, read_only=True)

    class Meta:
        model = Post
        fields = ["id", "caption", "scheduled_at", "status", "media", "deliveries", "created_at", "updated_at"]
        read_only_fields = fields


class PostUpdateInput(serializers.Serializer):
    caption = serializers.CharField(allow_blank=True, max_length=MAX_TEXT, required=False, trim_whitespace=False)
    media_ids = serializers.ListField(child=IdField(), max_length=20, required=False)
    account_ids = serializers.ListField(child=IdField(), max_length=50, required=False)
    scheduled_at = UserDateTimeField(
        required=False, allow_null=True, help_text="ISO 8601; without an offset it is read in your timezone."
    )
    variants = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=MAX_TEXT, trim_whitespace=False),
        required=False,
        help_text="Caption per account: {account_id: caption}.",
    )
    options = serializers.DictField(
        child=serializers.DictField(),
        required=False,
        help_text='Network options per account, e.g. {"12": {"title": "..."}}; each network\'s options '
        "are listed by GET /api/v1/networks/.",
    )


class PostCreateInput(PostUpdateInput):
    account_ids = serializers.ListField(child=IdField(), max_length=50)
    publish_now = serializers.BooleanField(default=False, help_text="Publish at once, ignoring scheduled_at.")


POST_ORDERINGS = ["scheduled_at", "-scheduled_at", "-updated_at"]


class PostFilterInput(serializers.Serializer):
    """The list's filters: `from` and `to` (ISO 8601, your timezone without an offset), status, account."""

    def get_fields(self) -> dict:
        return {
            "from": UserDateTimeField(required=False),
            "to": UserDateTimeField(required=False),
            "status": serializers.ChoiceField(choices=Post.Status.choices, required=False),
            "account": IdField(required=False),
            "network": serializers.ChoiceField(choices=networks.publishing_names(), required=False),
            "q": serializers.CharField(max_length=200, required=False, help_text="Words the caption contains."),
            "ordering": serializers.ChoiceField(choices=POST_ORDERINGS, required=False, default="scheduled_at"),
        }

    def selector_filters(self) -> dict:
        """The validated query as `posts.selectors.post_list`'s keyword arguments."""
        query = self.validated_data
        return {
            "start": query.get("from"),
            "end": query.get("to"),
            "status": query.get("status"),
            "account_id": query.get("account"),
            "network": query.get("network"),
            "search": query.get("q"),
            "ordering": query["ordering"],
        }


# A month view shows six weeks; two months leave room for any view and timezone.
CALENDAR_MAX_DAYS = 62


class CalendarInput(serializers.Serializer):
    """A bounded range, so that one answer stays a few thousand posts at most."""

    def get_fields(self) -> dict:
        return {
            "from": UserDateTimeField(help_text="Scheduled at or after (ISO 8601)."),
            "to": UserDateTimeField(help_text="Scheduled before (ISO 8601)."),
        }

    def validate(self, attrs: dict) -> dict:
        if attrs["to"] <= attrs["from"]:
            raise serializers.ValidationError({"to": ["Must be after from."]})
        if attrs["to"] - attrs["from"] > timedelta(days=CALENDAR_MAX_DAYS):
            raise serializers.ValidationError({"to": [f"At most {CALENDAR_MAX_DAYS} days after from."]})
        return attrs


class CalendarDeliveryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    account = serializers.IntegerField(help_text="The account's id.")
    network = serializers.CharField()
    status = serializers.ChoiceField(choices=Delivery.Status.choices)


class CalendarPostOutput(serializers.Serializer):
    id = serializers.IntegerField()
    scheduled_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=Post.Status.choices)
    first_line = serializers.CharField(help_text="The caption's first line, up to 80 characters.")
    deliveries = CalendarDeliveryOutput(many=True)


class CalendarOutput(serializers.Serializer):
    """Documents the calendar's answer; the view writes plain rows (no serializer runs)."""

    posts = CalendarPostOutput(many=True)


class RetryInput(serializers.Serializer):
    publish_now = serializers.BooleanField(
        default=False, help_text="Publish at once instead of at the post's scheduled time."
    )
    at = UserDateTimeField(
        required=False, help_text="Reschedule to this time instead (ISO 8601; without an offset, your timezone)."
    )
    confirm = serializers.BooleanField(
        default=False,
        help_text="Required to retry an `unknown` delivery: it may already be live, and may be published twice.",
    )

    def validate(self, data: dict) -> dict:
        if data["publish_now"] and data.get("at"):
            raise serializers.ValidationError({"at": "Choose either publish_now or a time, not both."})
        return data


class BulkRetryInput(RetryInput):
    post = IdField(required=False, help_text="Retry this post's failed deliveries.")
    account = IdField(required=False, help_text="Retry this account's failed deliveries.")

    def validate(self, data: dict) -> dict:
        if ("post" in data) == ("account" in data):
            raise serializers.ValidationError({"post": "Give exactly one of post or account."})
        return super().validate(data)


class RetryReportOutput(serializers.Serializer):
    retried = serializers.ListField(child=serializers.IntegerField(), help_text="Deliveries back in line.")
    needs_confirm = serializers.ListField(
        child=serializers.IntegerField(), help_text="Unknown outcomes left alone: retry them with `confirm`."
    )
    account_inactive = serializers.ListField(
        child=serializers.IntegerField(), help_text="Their account must be reconnected first."
    )
    not_retryable = serializers.ListField(child=serializers.IntegerField(), help_text="Not failed or unknown.")


class DashboardOutput(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Posts per status.")
    next_scheduled = PostOutput(many=True)
    last_outcomes = DeliveryOutput(many=True)
    accounts_needing_attention = AccountBriefOutput(many=True)
