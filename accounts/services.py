"""Use cases for users: the only code that creates or changes a User."""

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import SocialAccount, User, validate_timezone
from accounts.roles import Role
from posts.services import deliveries as delivery_services
from socialtrend.errors import ApplicationError
from socialtrend.networks import Network

EMAIL_TAKEN = "A user with this e-mail already exists."


def user_create(*, email: str, password: str, name: str = "", timezone: str = "UTC", role: str = Role.USER) -> User:
    email = User.objects.normalize_email(email).lower()
    validate_timezone(timezone)
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(EMAIL_TAKEN, field="email")
    candidate = User(email=email, name=name, timezone=timezone, role=role)
    _validate_password(password, candidate, field="password")
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password, name=name, timezone=timezone, role=role)
    except IntegrityError as exc:  # a concurrent registration won the race
        raise ApplicationError(EMAIL_TAKEN, field="email") from exc


def user_update_profile(*, user: User, name: str | None = None, timezone: str | None = None) -> User:
    changed = []
    if name is not None:
        user.name = name
        changed.append("name")
    if timezone is not None:
        validate_timezone(timezone)
        user.timezone = timezone
        changed.append("timezone")
    if changed:
        user.save(update_fields=changed)
    return user


def user_change_password(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ApplicationError("The current password is not correct.", field="old_password")
    _validate_password(new_password, user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])


def user_set_role(*, user: User, role: str) -> User:
    user.role = Role(role)
    user.save(update_fields=["role"])
    return user


def refresh_token_revoke(*, refresh: str) -> None:
    """Log out: blacklist the refresh token so it can no longer be used."""
    try:
        RefreshToken(refresh).blacklist()
    except TokenError as exc:
        raise ApplicationError("Token is invalid, expired or already revoked.", field="refresh") from exc


def _validate_password(password: str, user: User, *, field: str) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], errors={field: exc.messages}) from exc


def demo_user_ensure() -> tuple[User, bool]:
    """Create the demo user once; later calls reset its password to the configured one."""
    user = User.objects.filter(email=settings.DEMO_USER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=settings.DEMO_USER_EMAIL, password=settings.DEMO_USER_PASSWORD, name="Demo"
        )
        return user, True
    user.set_password(settings.DEMO_USER_PASSWORD)
    user.save(update_fields=["password"])
    return user, False


def social_account_connect_sandbox(*, owner: User, handle: str) -> tuple[SocialAccount, bool]:
    """Connect (or reconnect) a sandbox account; returns it and whether it is new."""
    account, created = SocialAccount.objects.update_or_create(
        owner=owner,
        network=Network.SANDBOX,
        remote_id=f"sandbox:{handle.lower()}",
        defaults={"handle": handle, "display_name": handle, "status": SocialAccount.Status.ACTIVE, "status_reason": ""},
    )
    return account, created


def social_account_disconnect(*, account: SocialAccount) -> int:
    """Revoke the account, forget its tokens and cancel what it had not published; returns how many."""
    reason = f"{account} was disconnected."
    with transaction.atomic():
        account.status = SocialAccount.Status.REVOKED
        account.status_reason = reason
        account.access_token = ""
        account.refresh_token = ""
        account.token_expires_at = None
        account.save(
            update_fields=["status", "status_reason", "access_token", "refresh_token", "token_expires_at", "updated_at"]
        )
        return delivery_services.deliveries_cancel_for_account(account=account, reason=reason)


def social_account_expire(*, account: SocialAccount, reason: str) -> int:
    """The network rejected the account's credentials: mark it expired and fail its
    pending deliveries with the reason (no retry storm); returns how many failed."""
    with transaction.atomic():
        SocialAccount.objects.filter(pk=account.pk).exclude(status=SocialAccount.Status.REVOKED).update(
            status=SocialAccount.Status.EXPIRED, status_reason=reason, updated_at=timezone.now()
        )
        account.refresh_from_db(fields=["status", "status_reason", "updated_at"])
        return delivery_services.deliveries_fail_for_account(account=account, reason=reason)
