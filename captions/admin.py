from django.contrib import admin

from captions.models import CaptionRequest


@admin.register(CaptionRequest)
class CaptionRequestAdmin(admin.ModelAdmin):
    """History is a record: moderators look at it; nothing here edits what a model answered."""

    list_display = ("id", "user", "created_at", "status", "model", "offline", "total_tokens", "latency_ms")
    list_filter = ("status", "offline", "model")
    search_fields = ("user__email",)
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    readonly_fields = (
        "user",
        "created_at",
        "status",
        "input",
        "output",
        "model",
        "offline",
        "error",
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
        "latency_ms",
    )

    def has_add_permission(self, request) -> bool:
        return False
