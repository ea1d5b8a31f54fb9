"""What each role may do in Django admin.

Roles are the single source of admin access: `admin` is a superuser;
`moderator` reads and acts on everyone's posts, social accounts, trends,
captions and webhooks (view and change), and may look at users but not change them or
their roles, and at beat's schedule but not change it or run its actions (stopping
the dispatcher stops publishing: that is an admin's call); `user` has no admin access.
"""

from django.apps import apps
from django.db import models


class Role(models.TextChoices):
    USER = "user", "User"
    MODERATOR = "moderator", "Moderator"
    ADMIN = "admin", "Admin"


MODERATED_APPS = frozenset({"accounts", "posts", "trends", "captions", "webhooks", "django_celery_beat"})
MODERATOR_ACTIONS = frozenset({"view", "change"})
# Models in moderated apps that a moderator may only look at.
MODERATOR_READ_ONLY = frozenset({"accounts.user", "django_celery_beat.periodictask"})
# Apps all of whose models a moderator may only look at.
MODERATOR_READ_ONLY_APPS = frozenset({"django_celery_beat"})


def moderator_may(perm: str) -> bool:
    """`perm` is Django's "app_label.action_model" string."""
    app_label, _, codename = perm.partition(".")
    action, _, model = codename.partition("_")
    if not _moderated(app_label) or action not in MODERATOR_ACTIONS:
        return False
    if action == "view":
        return True
    return app_label not in MODERATOR_READ_ONLY_APPS and f"{app_label}.{model}" not in MODERATOR_READ_ONLY


def _moderated(app_label: str) -> bool:
    """The apps above, and any app whose config says `moderated = True` (a network's own records)."""
    if app_label in MODERATED_APPS:
        return True
    try:
        return getattr(apps.get_app_config(app_label), "moderated", False)
    except LookupError:
        return False
