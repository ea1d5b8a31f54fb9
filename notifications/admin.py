"""Notifications, read-only: what each person was told, and when it was read or e-mailed."""

from django.contrib import admin

from notifications.models import Notification
from socialtrend.admin import ReadOnlyMixin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("id", "owner", "kind", "title", "created_at", "read_at", "emailed_at")
    list_filter = ("kind", ("owner", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "owner__email")
    list_select_related = ("owner",)
