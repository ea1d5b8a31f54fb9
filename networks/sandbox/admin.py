"""What the sandbox network "published", read-only: the demo's and the tests' evidence."""

from django.contrib import admin
from django.http import HttpRequest

from networks.sandbox.models import SandboxPublication


@admin.register(SandboxPublication)
class SandboxPublicationAdmin(admin.ModelAdmin):
    list_display = ("remote_id", "delivery_id", "account_id", "called_at", "media_count")
    search_fields = ("remote_id", "text")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
