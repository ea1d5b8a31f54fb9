from django.contrib import admin

from planning.models import AccountQueue, Occurrence, PostingSlot, QueueEntry, Series


@admin.register(PostingSlot)
class PostingSlotAdmin(admin.ModelAdmin):
    list_display = ["account", "weekday", "time"]
    list_filter = ["weekday"]
    search_fields = ["account__handle", "account__owner__email"]
    raw_id_fields = ["account"]


@admin.register(AccountQueue)
class AccountQueueAdmin(admin.ModelAdmin):
    list_display = ["account", "slots_saved", "paused_at"]
    list_filter = ["slots_saved"]
    search_fields = ["account__handle", "account__owner__email"]
    raw_id_fields = ["account"]
    # Pausing and resuming move posts: they go through the services (the API), not an edit form.
    readonly_fields = ["paused_at"]


@admin.register(QueueEntry)
class QueueEntryAdmin(admin.ModelAdmin):
    list_display = ["post", "order_at", "created_at"]
    search_fields = ["post__caption"]
    raw_id_fields = ["post"]
    readonly_fields = ["post", "order_at", "created_at"]


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    fields = ["at", "post"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "rule", "starts_at", "ended_at", "last_error"]
    list_filter = ["ended_at"]
    search_fields = ["owner__email", "caption"]
    # The content and the rule are the person's; occurrences are made by the services.
    readonly_fields = ["owner", "rule", "starts_at", "timezone", "account_ids", "media_ids", "ended_at", "last_error"]
    inlines = [OccurrenceInline]
