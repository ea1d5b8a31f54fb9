"""Pieces the apps' admins share (the core registers no admin of its own).

Admins are read-only by default: state changes through actions that call the
app's services, the same code the API runs, never through a model form.
"""

from django.http import HttpRequest


class ReadOnlyMixin:
    """No add, no delete, every field read-only; the change page still shows the object."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [f.name for f in self.model._meta.fields]
