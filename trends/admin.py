"""Admin for trends: read-only pages (the data is what the sources said); moderators act
through the services, which also clear the API's cached answers: hide or show an item,
end a source's back-off."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from socialtrend.admin import ReadOnlyMixin, report_action
from trends import services
from trends.models import SourceRun, TrendItem, TrendSnapshot, WatchKeyword


class HiddenFilter(admin.SimpleListFilter):
    title = "hidden"
    parameter_name = "hidden"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", "Hidden"), ("no", "Shown")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(hidden_at__isnull=self.value() == "no")
        return queryset


@admin.register(TrendItem)
class TrendItemAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "source", "region", "category", "latest_score", "last_seen_at", "hidden_at")
    list_filter = ("source", "region", "category", HiddenFilter)
    search_fields = ("title", "key")
    date_hierarchy = "last_seen_at"
    actions = ["hide", "unhide"]

    @admin.action(description="Hide (from lists, search and captions)", permissions=["change"])
    def hide(self, request: HttpRequest, queryset: QuerySet[TrendItem]) -> None:
        done = services.trend_items_hide(item_ids=list(queryset.values_list("pk", flat=True)))
        report_action(self, request, done=done, total=queryset.count(), what="trend items hidden", why="already")

    @admin.action(description="Show again", permissions=["change"])
    def unhide(self, request: HttpRequest, queryset: QuerySet[TrendItem]) -> None:
        done = services.trend_items_unhide(item_ids=list(queryset.values_list("pk", flat=True)))
        report_action(self, request, done=done, total=queryset.count(), what="trend items shown", why="not hidden")


@admin.register(TrendSnapshot)
class TrendSnapshotAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("item", "captured_at", "score", "value", "rank")
    list_filter = ("item__source",)
    search_fields = ("item__title",)
    list_select_related = ("item",)
    date_hierarchy = "captured_at"


@admin.register(SourceRun)
class SourceRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("source", "status", "started_at", "duration_ms", "items", "retry_after")
    list_filter = ("source", "status")
    search_fields = ("error",)
    date_hierarchy = "started_at"
    actions = ["end_backoff"]

    @admin.action(description="End the back-off (refresh again at once)", permissions=["change"])
    def end_backoff(self, request: HttpRequest, queryset: QuerySet[SourceRun]) -> None:
        done = services.source_runs_backoff_end(run_ids=list(queryset.values_list("pk", flat=True)))
        report_action(
            self, request, done=done, total=queryset.count(), what="source back-offs ended", why="not backing off"
        )


@admin.register(WatchKeyword)
class WatchKeywordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("keyword", "user", "created_at")
    search_fields = ("keyword", "user__email")
    list_select_related = ("user",)
