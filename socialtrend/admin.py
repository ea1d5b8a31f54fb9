"""Pieces the apps' admins share (the core registers no admin of its own).

Admins are read-only by default: state changes through actions that call the
app's services, the same code the API runs, never through a model form.
"""

from django.contrib import messages
from django.http import HttpRequest


class ReadOnlyMixin:
    """No add, no delete, every field read-only; the change page still shows the object."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [f.name for f in self.model._meta.fields]


def report_action(model_admin, request: HttpRequest, *, done: int, total: int, what: str, why: str) -> None:
    """Tell the person what an action did: "3 <what>", and how many it skipped, and why."""
    skipped = total - done
    suffix = f"; {skipped} skipped ({why})" if skipped else ""
    model_admin.message_user(request, f"{done} {what}{suffix}.", messages.WARNING if skipped else messages.SUCCESS)
