from django.contrib import admin
from django.db import models

from trends.models import SourceRun, TrendItem, TrendSnapshot, WatchKeyword


@admin.register(TrendItem)
class TrendItemAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "region", "category", "latest_score", "last_seen_at", "first_seen_at")
    list_filter = ("source", "region", "category")
    search_fields = ("title", "key")
    readonly_fields = ("source", "key", "first_seen_at", "last_seen_at", "latest_score")
    date_hierarchy = "last_seen_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(TrendSnapshot)
class TrendSnapshotAdmin(admin.ModelAdmin):
    list_display = ("item", "captured_at", "score", "value", "rank")
    list_filter = ("item__source",)
    search_fields = ("item__title",)
    list_select_related = ("item",)
    raw_id_fields = ("item",)
    date_hierarchy = "captured_at"
    # History is what the sources said; editing it would make scores lie.
    readonly_fields = ("item", "captured_at", "value", "rank", "score", "metrics")


@admin.register(SourceRun)
class SourceRunAdmin(admin.ModelAdmin):
    list_display = ("source", "status", "started_at", "duration_ms", "items", "retry_after")
    list_filter = ("source", "status")
    search_fields = ("error",)
    date_hierarchy = "started_at"
    # Only `retry_after` stays editable: clearing it ends a source's back-off at once.
    readonly_fields = ("source", "status", "started_at", "finished_at", "duration_ms", "items", "error")


@admin.register(WatchKeyword)
class WatchKeywordAdmin(admin.ModelAdmin):
    list_display = ("keyword", "user", "created_at")
    search_fields = ("keyword", "user__email")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
