"""Admin for webhooks: read-only pages; endpoints and deliveries change only through
actions that call the services (switch an endpoint off or on, retry or give up a delivery)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from socialtrend.admin import ReadOnlyMixin, report_action
from webhooks import services
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("url", "owner", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "owner__email")
    list_select_related = ("owner",)
    # The secret is never shown again after creation, not even here. Endpoints are
    # created and their URL changed only through the API, which refuses private targets.
    fields = ("owner", "url", "events", "description", "is_active", "created_at", "updated_at")
    actions = ["deactivate", "activate"]

    @admin.action(description="Switch off (no more events are sent)", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        self._set_active(request, queryset, active=False, what="switched off")

    @admin.action(description="Switch on", permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        self._set_active(request, queryset, active=True, what="switched on")

    def _set_active(self, request: HttpRequest, queryset: QuerySet, *, active: bool, what: str) -> None:
        endpoints = list(queryset.exclude(is_active=active))
        for endpoint in endpoints:
            services.webhook_endpoint_update(endpoint=endpoint, is_active=active)
        report_action(
            self, request, done=len(endpoints), total=queryset.count(), what=f"webhook endpoints {what}", why="already"
        )


class WebhookAttemptInline(ReadOnlyMixin, admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    fields = ("attempted_at", "succeeded", "response_status", "duration_ms", "error", "response_body")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("event", "endpoint", "status", "attempt_count", "next_attempt_at", "created_at")
    list_filter = ("status", "event__event")
    search_fields = ("endpoint__url", "endpoint__owner__email")
    list_select_related = ("event", "endpoint")
    fields = ("event", "endpoint", "status", "attempt_count", "next_attempt_at", "created_at", "updated_at")
    inlines = [WebhookAttemptInline]
    actions = ["retry_now", "give_up"]

    @admin.action(description="Retry now (failed, to an endpoint that is on)", permissions=["change"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        done = sum(services.webhook_delivery_retry(delivery=delivery) for delivery in queryset)
        report_action(
            self,
            request,
            done=done,
            total=queryset.count(),
            what="webhook deliveries queued for a retry",
            why="only a failed delivery to an endpoint that is on is retried",
        )

    @admin.action(description="Give up (pending: no more tries)", permissions=["change"])
    def give_up(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        done = sum(services.webhook_delivery_give_up(delivery=delivery) for delivery in queryset)
        report_action(
            self,
            request,
            done=done,
            total=queryset.count(),
            what="webhook deliveries given up",
            why="only a pending delivery can be given up",
        )
