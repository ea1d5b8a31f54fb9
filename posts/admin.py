"""Admin for media, posts and deliveries. Moderators see and act on everyone's.

Deliveries are read-only here: their state changes only through the actions,
which call the same services as the API (retry, publish now, cancel, mark failed).
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from posts import (
    beat_admin,  # noqa: F401 - re-registers beat's admin with its guards
    selectors,
)
from posts.models import Delivery, DeliveryAttempt, Media, NetworkAlert, Post
from posts.services import deliveries as delivery_services
from posts.services import drafts as draft_services
from socialtrend.admin import ReadOnlyMixin, report_action
from socialtrend.errors import ConflictError


@admin.register(Media)
class MediaAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("id", "original_name", "kind", "mime_type", "size", "width", "height", "owner", "created_at")
    list_filter = ("kind", "mime_type", ("owner", admin.RelatedOnlyFieldListFilter))
    search_fields = ("original_name", "owner__email", "checksum")
    list_select_related = ("owner",)


class DeliveryInline(ReadOnlyMixin, admin.TabularInline):
    model = Delivery
    fields = ("account", "status", "due_at", "attempts", "remote_url", "last_error")
    readonly_fields = fields
    extra = 0
    show_change_link = True


class PostStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return Post.Status.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(Post)
class PostAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("id", "short_caption", "owner", "scheduled_at", "status")
    list_filter = (PostStatusFilter, ("owner", admin.RelatedOnlyFieldListFilter), "scheduled_at")
    search_fields = ("caption", "owner__email")
    date_hierarchy = "scheduled_at"
    list_select_related = ("owner",)
    inlines = [DeliveryInline]
    actions = ["duplicate", "delete_unpublished"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.with_status(super().get_queryset(request))

    @admin.action(description="Duplicate into a new draft (for the same owner)", permissions=["change"])
    def duplicate(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        done = sum(_succeeds(draft_services.post_duplicate, post=post) for post in queryset)
        why = "none of their accounts is connected any more"
        report_action(self, request, done=done, total=len(queryset), what="posts duplicated as drafts", why=why)

    @admin.action(description="Delete (drafts and cancelled posts only)", permissions=["change"])
    def delete_unpublished(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        done = sum(_succeeds(draft_services.post_delete, post=post) for post in queryset)
        why = "only drafts and cancelled posts can be deleted"
        report_action(self, request, done=done, total=len(queryset), what="posts deleted", why=why)

    @admin.display(description="caption")
    def short_caption(self, post: Post) -> str:
        return post.caption[:60]

    @admin.display(description="status", ordering="status")
    def status(self, post: Post) -> str:
        return Post.Status(post.status).label


class AttemptInline(ReadOnlyMixin, admin.TabularInline):
    model = DeliveryAttempt
    fields = ("started_at", "finished_at", "outcome", "http_status", "error")
    readonly_fields = fields
    extra = 0


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("id", "post", "account", "network", "owner", "status", "due_at", "attempts", "last_error")
    list_filter = ("status", "network", ("post__owner", admin.RelatedOnlyFieldListFilter))
    search_fields = ("account__handle", "post__owner__email", "remote_id", "last_error")
    list_select_related = ("post__owner", "account")
    inlines = [AttemptInline]
    actions = ["retry", "publish_now", "retry_confirmed", "cancel", "mark_failed"]

    @admin.display(description="owner", ordering="post__owner__email")
    def owner(self, delivery: Delivery) -> str:
        return delivery.post.owner.email

    @admin.action(description="Retry at their scheduled time (failed)", permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        self._report_retry(request, delivery_services.deliveries_retry(queryset))

    @admin.action(description="Publish now (failed)", permissions=["change"])
    def publish_now(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        self._report_retry(request, delivery_services.deliveries_retry(queryset, publish_now=True))

    @admin.action(description="Retry failed and unknown, accepting that an unknown may publish twice")
    def retry_confirmed(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        self._report_retry(request, delivery_services.deliveries_retry(queryset, confirm=True))

    @admin.action(description="Cancel (not yet started)", permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        reason = f"Cancelled by {request.user} in admin."
        done = sum(delivery_services.delivery_cancel(delivery=d, reason=reason) for d in queryset)
        self._report(request, queryset, done, "cancelled")

    @admin.action(description="Mark failed (unknown or not yet started)", permissions=["change"])
    def mark_failed(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        reason = f"Marked failed by {request.user} in admin."
        done = sum(delivery_services.delivery_mark_failed_by_person(delivery=d, reason=reason) for d in queryset)
        self._report(request, queryset, done, "marked failed")

    def _report_retry(self, request: HttpRequest, report: delivery_services.RetryReport) -> None:
        """Each delivery counted once, under the reason it was or was not retried."""
        skipped = {
            "not failed or unknown": len(report.not_retryable),
            "account not active": len(report.account_inactive),
            "unknown outcome, not confirmed": len(report.needs_confirm),
        }
        reasons = ", ".join(f"{n} {why}" for why, n in skipped.items() if n)
        level = messages.WARNING if reasons else messages.SUCCESS
        self.message_user(
            request, f"{len(report.retried)} deliveries retried" + (f"; skipped: {reasons}." if reasons else "."), level
        )

    def _report(self, request: HttpRequest, queryset: QuerySet, done: int, what: str) -> None:
        skipped = queryset.count() - done
        level = messages.SUCCESS if not skipped else messages.WARNING
        suffix = f"; {skipped} skipped (their state or account does not allow it)" if skipped else ""
        self.message_user(request, f"{done} deliveries {what}{suffix}.", level)


@admin.register(NetworkAlert)
class NetworkAlertAdmin(admin.ModelAdmin):
    """What operators must fix. An alert goes by itself when its network publishes again;
    deleting one by hand (superusers) only hides it until the next failure."""

    list_display = ("network", "message", "first_seen_at", "last_seen_at", "occurrences")
    readonly_fields = ("network", "message", "first_seen_at", "last_seen_at", "occurrences")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _succeeds(action, **kwargs) -> bool:
    """Run a service for one object of an action; a refusal (409) counts as skipped."""
    try:
        action(**kwargs)
    except ConflictError:
        return False
    return True
