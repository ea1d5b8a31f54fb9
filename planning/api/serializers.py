from rest_framework import serializers

from planning.models import PostingSlot
from socialtrend.api.fields import IdField


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
