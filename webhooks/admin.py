from django.contrib import admin

from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "owner", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "owner__email")
    # The secret is never shown again after creation, not even here. The URL is changed
    # only through the API, which refuses private targets; admins can switch an endpoint off.
    fields = ("owner", "url", "events", "description", "is_active", "created_at", "updated_at")
    readonly_fields = ("owner", "url", "events", "created_at", "updated_at")


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ("attempted_at", "succeeded", "response_status", "duration_ms", "error", "response_body")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "endpoint", "status", "attempt_count", "next_attempt_at", "created_at")
    list_filter = ("status", "event__event")
    search_fields = ("endpoint__url", "endpoint__owner__email")
    readonly_fields = ("event", "endpoint", "attempt_count", "created_at", "updated_at")
    fields = ("event", "endpoint", "status", "attempt_count", "next_attempt_at", "created_at", "updated_at")
    inlines = [WebhookAttemptInline]
