from rest_framework import serializers

from planning.models import PostingSlot
from planning.services import bulk
from posts.api.serializers import MAX_TEXT
from socialtrend.api.fields import IdField, UserDateTimeField


class SlotSerializer(serializers.Serializer):
    weekday = serializers.ChoiceField(choices=PostingSlot.Weekday.choices, help_text="Monday is 0.")
    time = serializers.TimeField(format="%H:%M", input_formats=["%H:%M"], help_text="Local wall time, HH:MM.")


class SlotsInput(serializers.Serializer):
    slots = SlotSerializer(many=True, allow_empty=True)


class QueueEntryOutput(serializers.Serializer):
    post_id = serializers.IntegerField()
    scheduled_at = serializers.DateTimeField(allow_null=True, help_text="Null while the queue is paused.")
    caption = serializers.CharField()
    account_ids = serializers.ListField(child=serializers.IntegerField())
    on_slot = serializers.BooleanField(help_text="False when its time is no longer one of the account's slots.")


class QueueOutput(serializers.Serializer):
    account_id = serializers.IntegerField()
    timezone = serializers.CharField(help_text="The owner's timezone, in which slots are wall times.")
    paused = serializers.BooleanField()
    slots = SlotSerializer(many=True)
    slots_are_default = serializers.BooleanField(help_text="True until slots are saved: the network's default.")
    next_free = serializers.ListField(child=serializers.DateTimeField(), help_text="The next free slot times.")
    entries = QueueEntryOutput(many=True)


class QueueAddInput(serializers.Serializer):
    post_id = IdField()


class QueueOrderInput(serializers.Serializer):
    post_ids = serializers.ListField(child=IdField(), max_length=1000, help_text="Every scheduled post, in order.")


class CountOutput(serializers.Serializer):
    moved = serializers.IntegerField()


class PostQuery(serializers.Serializer):
    post = IdField()


class SeriesCreateInput(serializers.Serializer):
    post_id = IdField(help_text="A scheduled post: it becomes the first occurrence.")
    rule = serializers.CharField(
        max_length=500,
        help_text="An RFC 5545 RRULE without DTSTART, e.g. FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10 or "
        "FREQ=DAILY;INTERVAL=3;UNTIL=20270131T230000Z. FREQ is DAILY, WEEKLY, MONTHLY or YEARLY.",
    )


class OccurrenceOutput(serializers.Serializer):
    post_id = serializers.IntegerField(allow_null=True, help_text="Null once that occurrence's post was deleted.")
    at = serializers.DateTimeField()
    status = serializers.CharField(help_text="The post's status, or `deleted`.")


class SeriesOutput(serializers.Serializer):
    id = serializers.IntegerField()
    rule = serializers.CharField()
    starts_at = serializers.DateTimeField()
    timezone = serializers.CharField(help_text="Where the rule's wall times are read.")
    ended_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.CharField(help_text="Why the last occurrence could not be made, if it could not.")
    occurrences = OccurrenceOutput(many=True)


class SeriesUpdateInput(serializers.Serializer):
    post_id = IdField(help_text="The occurrence the edit starts from (for `following`).")
    scope = serializers.ChoiceField(choices=["following", "all"])
    caption = serializers.CharField(allow_blank=True, max_length=MAX_TEXT, required=False, trim_whitespace=False)
    media_ids = serializers.ListField(child=IdField(), max_length=20, required=False)
    account_ids = serializers.ListField(child=IdField(), max_length=50, required=False)


class SeriesUpdateOutput(serializers.Serializer):
    updated = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text="Occurrences that had started publishing, left as they were.")


class BulkInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(bulk.ACTIONS))
    post_ids = serializers.ListField(child=IdField(), min_length=1, max_length=500)
    shift_minutes = serializers.IntegerField(
        required=False, min_value=-525600, max_value=525600, help_text="reschedule: move each post by this much."
    )
    scheduled_at = UserDateTimeField(required=False, help_text="reschedule: put each post at this time.")


class BulkOutcomeOutput(serializers.Serializer):
    post_id = serializers.IntegerField()
    ok = serializers.BooleanField()
    message = serializers.CharField()


class BulkOutput(serializers.Serializer):
    done = serializers.IntegerField()
    failed = serializers.IntegerField()
    results = BulkOutcomeOutput(many=True)
