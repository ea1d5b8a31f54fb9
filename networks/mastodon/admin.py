"""The app's registrations on Mastodon instances, read-only (the secret is never shown)."""

from django.contrib import admin
from django.http import HttpRequest

from networks.mastodon.models import MastodonInstance


@admin.register(MastodonInstance)
class MastodonInstanceAdmin(admin.ModelAdmin):
    list_display = ("base_url", "client_id", "scopes", "registered_at")
    search_fields = ("base_url",)
    fields = ("base_url", "client_id", "redirect_uri", "scopes", "registered_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
