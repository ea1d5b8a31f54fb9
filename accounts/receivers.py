"""Accounts' own reactions to what its models announce (connected in AccountsConfig.ready)."""

from django.dispatch import receiver

from accounts import services
from accounts.signals import user_access_changed


@receiver(user_access_changed, dispatch_uid="accounts.user_access_revoke")
def revoke_access(sender, user, password_changed: bool, deactivated: bool, **kwargs) -> None:
    services.user_access_revoke(user=user, end_sessions=deactivated)
