import uuid
from zoneinfo import available_timezones

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.timezone import now

import networks
from accounts.roles import Role, moderator_may
from accounts.signals import user_access_changed
from socialtrend.crypto import EncryptedTextField


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(f'"{value}" is not an IANA time zone name (for example "Europe/Berlin").')


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields["role"] = Role.ADMIN
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser):
    """A person who logs in by e-mail. Admin access follows from `role` alone."""

    email = models.EmailField("e-mail", unique=True)
    name = models.CharField(max_length=150, blank=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.USER, db_index=True)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_valid"),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        """Announce a new password or a deactivation, whichever code saved it.

        The API's service, the admin's password form, `manage.py changepassword`
        and a shell all end in this save, so this is the one place that sees them
        all (receivers revoke the user's refresh tokens: accounts.receivers).
        `set_password()` leaves the raw password in `_password` until the save;
        Django clears it before saving a re-hash of the same password (a hasher
        upgrade at login), which is therefore not a change.
        """
        update_fields = kwargs.get("update_fields")
        existing = not self._state.adding

        def saves(field: str) -> bool:
            return existing and (update_fields is None or field in update_fields)

        password_changed = self._password is not None and saves("password")
        deactivated = (
            not self.is_active and saves("is_active") and User.objects.filter(pk=self.pk, is_active=True).exists()
        )
        super().save(*args, **kwargs)
        if password_changed or deactivated:
            user_access_changed.send(sender=User, user=self, password_changed=password_changed, deactivated=deactivated)

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_superuser(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_moderator(self) -> bool:
        return self.is_staff

    def has_perm(self, perm: str, obj=None) -> bool:
        if not self.is_active:
            return False
        return self.is_superuser or (self.role == Role.MODERATOR and moderator_may(perm))

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label: str) -> bool:
        return self.has_perm(f"{app_label}.view_")


class SocialAccount(models.Model):
    """A connected account on one network, owned by one user.

    Tokens are encrypted at rest (`EncryptedTextField`) and never serialized,
    logged or shown in admin.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="social_accounts")
    # A name from the network registry (checked by the services that create accounts).
    network = models.CharField(max_length=16)
    handle = models.CharField(max_length=255)
    display_name = models.CharField(max_length=255, blank=True)
    avatar_url = models.URLField(max_length=1000, blank=True)
    # The network's own id for the account (a user id, a person or organization
    # URN, a username: whatever its API names the author by).
    remote_id = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    status_reason = models.TextField(blank=True)
    access_token = EncryptedTextField(blank=True)
    refresh_token = EncryptedTextField(blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    scopes = models.JSONField(default=list, blank=True)
    # Network-specific settings that are not secrets (e.g. the kind of author).
    options = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["network", "handle"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "network", "remote_id"], name="socialaccount_unique_per_owner"),
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "expired", "revoked"]), name="socialaccount_status_valid"
            ),
            models.CheckConstraint(condition=~models.Q(network=""), name="socialaccount_network_named"),
        ]

    def __str__(self) -> str:
        return f"{networks.label(self.network)} @{self.handle}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class OAuthStateUse(models.Model):
    """A connect `state` that has come back once. The state is signed and expires
    (accounts.oauth_state); this row makes it single-use: a second callback with
    it is a replay. Rows go once the state could no longer verify anyway."""

    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.digest[:12]


class PendingConnection(models.Model):
    """A sign-in that offered several identities to publish as (pages, organizations, the person):
    what the owner picks from on the accounts page. The choices carry their tokens, so they are
    encrypted like an account's; a row is used once and lives CONNECT_CHOICE_MAX_AGE seconds."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="pending_connections")
    network = models.CharField(max_length=16)
    # Who signed in at the network, to say whose pages these are.
    signed_in_as = models.CharField(max_length=255, blank=True)
    # JSON list of the identities (profile, kind, tokens), see accounts.services.
    choices = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{networks.label(self.network)} choice for {self.owner_id}"
