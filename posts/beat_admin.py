"""django-celery-beat's admin, re-registered with two guards.

- Its actions (enable, disable, toggle, run) need the change right: beat's own
  admin offers them to anyone who may view the list.
- The publishing schedule (the dispatcher's and the reaper's periodic tasks, and
  the schedules they run on) is changed or deleted by superusers only, whatever
  other rights a person has: stopping or slowing those tasks stops publishing.

It lives in posts because posts owns that schedule (its beat entries); who may
do what in admin stays in accounts.roles, which makes beat view-only for moderators.
"""

import django_celery_beat.admin as beat_admin  # registers beat's admin first, so that it can be replaced
from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

# Tasks that publishing stands on, by entry name or task name (a copy runs the same task).
PUBLISHING_TASKS = frozenset({"posts.dispatch_due", "posts.reap_stuck", "posts.verify_due"})
PUBLISHING_ONLY = (
    "the publishing schedule (posts.dispatch_due, posts.reap_stuck, posts.verify_due) is changed by superusers only"
)


def publishing_tasks(tasks: QuerySet[PeriodicTask] | None = None) -> QuerySet[PeriodicTask]:
    tasks = PeriodicTask.objects.all() if tasks is None else tasks
    return tasks.filter(Q(name__in=PUBLISHING_TASKS) | Q(task__in=PUBLISHING_TASKS))


class PublishingScheduleGuard:
    """Only a superuser changes or deletes an object of the publishing schedule, or acts on it.
    (Bulk deletion asks `has_delete_permission` of every object it would delete, cascades
    included, and refuses the whole deletion when one is protected.)"""

    def publishing(self, queryset: QuerySet) -> QuerySet:
        """The objects of `queryset` that the publishing schedule is made of."""
        raise NotImplementedError

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)

    def _may_touch(self, request: HttpRequest, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        return not self.publishing(type(obj).objects.filter(pk=obj.pk)).exists()

    def _actionable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if request.user.is_superuser:
            return queryset
        kept = queryset.exclude(pk__in=self.publishing(queryset).values("pk"))
        if skipped := queryset.count() - kept.count():
            self.message_user(request, f"{skipped} skipped: {PUBLISHING_ONLY}.", messages.WARNING)
        return kept


class PeriodicTaskAdmin(PublishingScheduleGuard, beat_admin.PeriodicTaskAdmin):
    def publishing(self, queryset: QuerySet[PeriodicTask]) -> QuerySet[PeriodicTask]:
        return publishing_tasks(queryset)

    @admin.action(description="Enable selected tasks", permissions=["change"])
    def enable_tasks(self, request: HttpRequest, queryset: QuerySet[PeriodicTask]) -> None:
        super().enable_tasks(request, self._actionable(request, queryset))

    @admin.action(description="Disable selected tasks", permissions=["change"])
    def disable_tasks(self, request: HttpRequest, queryset: QuerySet[PeriodicTask]) -> None:
        super().disable_tasks(request, self._actionable(request, queryset))

    @admin.action(description="Toggle activity of selected tasks", permissions=["change"])
    def toggle_tasks(self, request: HttpRequest, queryset: QuerySet[PeriodicTask]) -> None:
        super().toggle_tasks(request, self._actionable(request, queryset))

    @admin.action(description="Run selected tasks", permissions=["change"])
    def run_tasks(self, request: HttpRequest, queryset: QuerySet[PeriodicTask]) -> None:
        actionable = self._actionable(request, queryset)
        if actionable.exists():
            super().run_tasks(request, actionable)


class ScheduleGuard(PublishingScheduleGuard):
    """A schedule that a publishing task runs on (deleting it would delete the task too)."""

    def publishing(self, queryset: QuerySet) -> QuerySet:
        return queryset.filter(periodictask__in=publishing_tasks()).distinct()


class IntervalScheduleAdmin(ScheduleGuard, beat_admin.IntervalScheduleAdmin):
    pass


class CrontabScheduleAdmin(ScheduleGuard, beat_admin.CrontabScheduleAdmin):
    pass


class SolarScheduleAdmin(ScheduleGuard, beat_admin.SolarScheduleAdmin):
    pass


class ClockedScheduleAdmin(ScheduleGuard, beat_admin.ClockedScheduleAdmin):
    pass


for model, model_admin in [
    (PeriodicTask, PeriodicTaskAdmin),
    (IntervalSchedule, IntervalScheduleAdmin),
    (CrontabSchedule, CrontabScheduleAdmin),
    (SolarSchedule, SolarScheduleAdmin),
    (ClockedSchedule, ClockedScheduleAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
