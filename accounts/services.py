"""Use cases for users and their connected accounts: the only code that changes them."""

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from importlib import import_module
from uuid import UUID

from django.conf import settings
from django.contrib.auth import SESSION_KEY, password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

import networks
from accounts import refresh_tokens
from accounts.models import OAuthStateUse, PendingConnection, SocialAccount, User, validate_timezone
from accounts.oauth_state import (
    StateExpired,
    StateInvalid,
    StateOtherBrowser,
    code_challenge,
    new_browser_nonce,
    new_code_verifier,
    state_sign,
    state_verify,
)
from accounts.roles import Role
from accounts.selectors import pending_connection_choices
from accounts.signals import social_account_disconnected, social_account_expired, social_account_reconnected
from networks.connect import CredentialsRefused
from networks.oauth import (
    Connection,
    Identity,
    NothingToConnect,
    OAuthProvider,
    RefreshUnsupported,
)
from networks.publishing import AccountRef
from networks.spec import NetworkSpec
from socialtrend.errors import ApplicationError, ConflictError, NotFoundError, UpstreamError
from socialtrend.outbound import OutboundError, OutcomeUnknownError, RetryableError
from socialtrend.retention import delete_in_batches
from socialtrend.validators import validate_http_url

logger = logging.getLogger(__name__)

EMAIL_TAKEN = "A user with this e-mail already exists."
# Session engines that keep sessions in the database, where a user's can be found.
DATABASE_SESSION_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")


class EmailTaken(ApplicationError):
    pass


def user_create(*, email: str, password: str, name: str = "", timezone: str = "UTC", role: str = Role.USER) -> User:
    """Register a user. Whether the e-mail is taken is told last, once everything else
    is valid, and only after the password is hashed: the answer says no more than it
    must and costs what a registration costs."""
    email = User.objects.normalize_email(email).lower()
    validate_timezone(timezone)
    user = User(email=email, name=name, timezone=timezone, role=role)
    _validate_password(password, user, field="password")
    user.set_password(password)
    if User.objects.filter(email__iexact=email).exists():
        raise EmailTaken(EMAIL_TAKEN, field="email")
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise EmailTaken(EMAIL_TAKEN, field="email") from exc
    return user


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


def user_change_password(*, user: User, old_password: str, new_password: str) -> refresh_tokens.TokenPair:
    """Change the password; every refresh token of the user is revoked (by the save, see
    `user_access_revoke`), and the session that changed it gets a new pair."""
    if not user.check_password(old_password):
        raise ApplicationError("The current password is not correct.", field="old_password")
    _validate_password(new_password, user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return refresh_tokens.token_pair_issue(user=user)


def user_set_role(*, user: User, role: str) -> User:
    role = Role(role)
    if role != Role.ADMIN:
        _ensure_another_admin(user)
    user.role = role
    user.save(update_fields=["role"])
    return user


def user_deactivate(*, user: User) -> User:
    """Refuse the user's logins from now on; the save revokes their refresh tokens and
    ends their sessions (`user_access_revoke`). Their posts and accounts stay."""
    _ensure_another_admin(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def user_reactivate(*, user: User) -> User:
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


def user_access_revoke(*, user: User, end_sessions: bool) -> None:
    """What a new password or a deactivation costs the user, whichever code saved it
    (`User.save()` announces both: accounts.receivers calls this): every refresh token,
    and with `end_sessions` every session (admin). A password change needs no session
    cleanup: Django refuses a session whose password hash no longer matches."""
    revoked = refresh_tokens.refresh_tokens_revoke_all(user=user)
    ended = _user_sessions_end(user) if end_sessions else 0
    logger.info("user %s: %d refresh tokens revoked, %d sessions ended", user.pk, revoked, ended)


def _user_sessions_end(user: User) -> int:
    # Only database sessions can be found by user; other engines still refuse an inactive
    # user, as ModelBackend does on every request.
    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    for key in keys:
        store(session_key=key).delete()
    return len(keys)


def _ensure_another_admin(user: User) -> None:
    """An admin who stops being one (role or deactivation) must not be the last one."""
    if user.role != Role.ADMIN or not user.is_active:
        return
    if not User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk).exists():
        raise ConflictError(f"{user} is the last active admin.", field="role")


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
    if not user.check_password(settings.DEMO_USER_PASSWORD):  # a reset revokes the demo's tokens
        user.set_password(settings.DEMO_USER_PASSWORD)
        user.save(update_fields=["password"])
    return user, False


def social_account_connect_direct(
    *, owner: User, network: str, handle: str, credentials: Mapping[str, str] | None = None
) -> tuple[SocialAccount, bool]:
    """Connect (or reconnect) an account of a network connected without an authorize redirect:
    its connector checks the handle and the spec's `connect_fields` with the network there and
    then. Returns the account and whether it is new."""
    spec = _spec(network)
    if spec.connect != "direct":
        raise ApplicationError(
            f'"{network}" connects through its authorization flow, not with a handle.', field="network"
        )
    fields = _connect_fields(spec, credentials or {})
    try:
        connection = networks.direct_connector(network).connect(handle=handle, credentials=fields)
    except CredentialsRefused as exc:
        field = exc.field if exc.field == "handle" else f"credentials.{exc.field}"
        raise ApplicationError(exc.message, field=field) from exc
    except OutboundError as exc:
        logger.warning("connecting %s for user %s failed: %s", network, owner.pk, exc.message)
        raise UpstreamError(f"{spec.label} could not be reached to connect the account. Try again later.") from exc
    existed = SocialAccount.objects.filter(owner=owner, network=network, remote_id=connection.profile.remote_id)
    created = not existed.exists()
    return _social_account_store(user=owner, network=network, identity=connection.identities()[0]), created


def _connect_fields(spec: NetworkSpec, credentials: Mapping[str, str]) -> dict[str, str]:
    """The connect fields the spec declares, each given or defaulted and checked; nothing else."""
    declared = {spec_field.name: spec_field for spec_field in spec.connect_fields}
    errors = {f"credentials.{name}": ["Not a field of this network."] for name in credentials if name not in declared}
    values = {}
    for name, spec_field in declared.items():
        value = str(credentials.get(name, "")).strip() or spec_field.default
        if spec_field.required and not value:
            errors[f"credentials.{name}"] = [f"{spec_field.label} is required."]
        elif len(value) > spec_field.max_length:
            errors[f"credentials.{name}"] = [f"{spec_field.label} is longer than {spec_field.max_length} characters."]
        elif value and spec_field.kind == "url":
            try:
                validate_http_url(value)
            except ValidationError as exc:
                errors[f"credentials.{name}"] = exc.messages
        values[name] = value
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)
    return values


def _is_expired(*, owner: User, network: str, remote_id: str) -> bool:
    return SocialAccount.objects.filter(
        owner=owner, network=network, remote_id=remote_id, status=SocialAccount.Status.EXPIRED
    ).exists()


def _announce_reconnect(account: SocialAccount, was_expired: bool) -> None:
    """An expired account that works again: posts resumes what waited for it."""
    if was_expired:
        social_account_reconnected.send(sender=SocialAccount, account=account)


def social_account_disconnect(*, account: SocialAccount) -> None:
    """Revoke the account and forget its tokens; what it had not published is cancelled (posts listens)."""
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
        social_account_disconnected.send(sender=SocialAccount, account=account, reason=reason)


def social_account_expire(*, account: SocialAccount, reason: str) -> None:
    """The network rejected the account's credentials: mark it expired and announce it
    (posts pauses its pending deliveries until a reconnect, so there is no retry storm;
    webhooks tell the owner the first time)."""
    with transaction.atomic():
        was_active = SocialAccount.objects.filter(pk=account.pk, status=SocialAccount.Status.ACTIVE).exists()
        SocialAccount.objects.filter(pk=account.pk).exclude(status=SocialAccount.Status.REVOKED).update(
            status=SocialAccount.Status.EXPIRED, status_reason=reason, updated_at=timezone.now()
        )
        account.refresh_from_db(fields=["status", "status_reason", "updated_at"])
        social_account_expired.send(sender=SocialAccount, account=account, reason=reason, newly=was_active)


# --- Connecting networks and keeping their tokens fresh ---------------------------


class ConnectFailed(Exception):
    """The OAuth callback could not connect an account; `code` goes back to the SPA."""

    MESSAGES = {
        "denied": "You did not grant access on the network's page.",
        "invalid_state": "The connect link is not valid. Start connecting again.",
        "expired_state": "The connect link expired. Start connecting again.",
        "other_browser": "Finish connecting in the browser where you started it.",
        "missing_code": "The network sent no authorization code.",
        "exchange_failed": "The network did not accept the authorization. Try again later.",
        "nothing_to_connect": "The network gave nothing to publish as.",
    }

    def __init__(self, code: str, message: str = ""):
        self.code = code
        self.message = message or self.MESSAGES[code]
        super().__init__(self.message)


@dataclass(frozen=True)
class ConnectOutcome:
    """A finished callback: the accounts it connected, or the choice the person must make first."""

    accounts: list[SocialAccount] = field(default_factory=list)
    pending: PendingConnection | None = None


@dataclass(frozen=True)
class ConnectStart:
    authorize_url: str
    # Goes to the starting browser in a cookie; the callback requires it (see accounts.oauth_state).
    browser_nonce: str


def social_account_connect_start(*, user: User, network: str, fields: Mapping[str, str] | None = None) -> ConnectStart:
    """Where to send the user; the signed `state` binds the answer to this user, network and browser.

    `fields` are what the person typed for the network's `connect_fields` (an instance);
    others are ignored. The provider checks them (a 400 naming the field) and prepares the connect."""
    provider = _oauth_provider(network)
    if not networks.is_configured(network):
        raise ConflictError(f"{networks.label(network)} is not configured on this server.", field="network")
    typed = {option.name: str((fields or {}).get(option.name, "")) for option in _spec(network).connect_fields}
    context = provider.prepare(typed)
    verifier = new_code_verifier() if provider.uses_pkce else ""
    nonce = new_browser_nonce()
    state = state_sign(user_id=user.pk, network=network, browser_nonce=nonce, code_verifier=verifier, context=context)
    challenge = code_challenge(verifier) if verifier else ""
    url = provider.bind(context).authorize_url(state=state, code_challenge=challenge)
    return ConnectStart(authorize_url=url, browser_nonce=nonce)


def social_account_connect_finish(
    *, network: str, state: str, browser_nonce: str, code: str = "", error: str = ""
) -> ConnectOutcome:
    """Complete the OAuth callback; raises `ConnectFailed` (storing nothing) when it cannot.

    A sign-in with one identity becomes an account now; one with several (the pages a person
    manages, the organizations they administer) waits as a `PendingConnection` for their pick."""
    provider = _oauth_provider(network)
    try:
        verified = state_verify(state, network=network, browser_nonce=browser_nonce)
    except StateExpired as exc:
        raise ConnectFailed("expired_state") from exc
    except StateOtherBrowser as exc:
        raise ConnectFailed("other_browser") from exc
    except StateInvalid as exc:
        raise ConnectFailed("invalid_state") from exc
    user = User.objects.filter(pk=verified.user_id, is_active=True).first()
    if user is None or not _state_use_once(state):
        raise ConnectFailed("invalid_state")
    if error:
        raise ConnectFailed("denied")
    if not code:
        raise ConnectFailed("missing_code")
    try:
        connection = provider.bind(verified.context).complete(code=code, code_verifier=verified.code_verifier)
    except OutboundError as exc:
        logger.warning("connecting %s for user %s failed: %s", network, user.pk, exc.message)
        raise ConnectFailed("exchange_failed") from exc
    except NothingToConnect as exc:
        raise ConnectFailed("nothing_to_connect", str(exc)) from exc
    identities = connection.identities()
    if len(identities) == 1:
        return ConnectOutcome(accounts=[_social_account_store(user=user, network=network, identity=identities[0])])
    return ConnectOutcome(pending=_pending_connection_create(user=user, network=network, connection=connection))


def _state_use_once(state: str) -> bool:
    """Mark a verified `state` used; False if it already was (a replayed callback)."""
    now = timezone.now()
    OAuthStateUse.objects.filter(expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            OAuthStateUse.objects.create(
                digest=hashlib.sha256(state.encode()).hexdigest(),
                expires_at=now + timedelta(seconds=settings.OAUTH_STATE_MAX_AGE),
            )
    except IntegrityError:
        return False
    return True


def _social_account_store(
    *, user: User, network: str, identity: Identity, expires_at: datetime | None = None
) -> SocialAccount:
    with transaction.atomic():
        was_expired = _is_expired(owner=user, network=network, remote_id=identity.profile.remote_id)
        account = _social_account_save(user=user, network=network, identity=identity, expires_at=expires_at)
        _announce_reconnect(account, was_expired)
    return account


def _social_account_save(*, user: User, network: str, identity: Identity, expires_at: datetime | None) -> SocialAccount:
    tokens, profile = identity.tokens, identity.profile
    account, _ = SocialAccount.objects.update_or_create(
        owner=user,
        network=network,
        remote_id=profile.remote_id,
        defaults={
            "handle": profile.handle[:255],
            "display_name": profile.display_name[:255],
            "avatar_url": profile.avatar_url[:1000],
            "status": SocialAccount.Status.ACTIVE,
            "status_reason": "",
            "access_token": tokens.access_token,
            "refresh_token": tokens.refresh_token,
            "token_expires_at": expires_at or tokens.expires_at(),
            "scopes": tokens.scopes,
            "options": dict(identity.options),
        },
    )
    return account


def _pending_connection_create(*, user: User, network: str, connection: Connection) -> PendingConnection:
    now = timezone.now()
    PendingConnection.objects.filter(expires_at__lte=now).delete()
    return PendingConnection.objects.create(
        owner=user,
        network=network,
        signed_in_as=(connection.profile.display_name or connection.profile.handle)[:255],
        choices=json.dumps([_identity_dump(identity) for identity in connection.identities()]),
        expires_at=now + timedelta(seconds=settings.CONNECT_CHOICE_MAX_AGE),
    )


def _identity_dump(identity: Identity) -> dict:
    expires_at = identity.tokens.expires_at()
    return {
        "profile": asdict(identity.profile),
        "kind": identity.kind,
        "access_token": identity.tokens.access_token,
        "refresh_token": identity.tokens.refresh_token,
        "scopes": identity.tokens.scopes,
        # When the sign-in happened decides when its tokens run out, not when the person picked.
        "expires_at": expires_at.isoformat() if expires_at else None,
    }


def pending_connection_choose(*, owner: User, pending_id: UUID, remote_ids: Sequence[str]) -> list[SocialAccount]:
    """Connect the identities the owner picked; the pending connection is used up."""
    if not remote_ids:
        raise ApplicationError("Choose at least one account to connect.", field="remote_ids")
    with transaction.atomic():
        pending = _pending_connection_locked(owner=owner, pending_id=pending_id)
        offered = {choice.remote_id: choice for choice in pending_connection_choices(pending)}
        unknown = [remote_id for remote_id in remote_ids if remote_id not in offered]
        if unknown:
            raise ApplicationError(
                f"Not among the accounts this sign-in offered: {', '.join(unknown)}.", field="remote_ids"
            )
        accounts = [
            _social_account_store(
                user=owner,
                network=pending.network,
                identity=offered[remote_id].identity,
                expires_at=offered[remote_id].expires_at,
            )
            for remote_id in dict.fromkeys(remote_ids)
        ]
        pending.delete()
    return accounts


def pending_connection_cancel(*, owner: User, pending_id: UUID) -> None:
    with transaction.atomic():
        _pending_connection_locked(owner=owner, pending_id=pending_id).delete()


def _pending_connection_locked(*, owner: User, pending_id: UUID) -> PendingConnection:
    pending = (
        PendingConnection.objects.select_for_update()
        .filter(pk=pending_id, owner=owner, expires_at__gt=timezone.now())
        .first()
    )
    if pending is None:
        raise NotFoundError("This choice of accounts expired or was already made. Connect again.")
    return pending


def social_account_refresh_tokens(*, account: SocialAccount) -> bool:
    """Refresh one account's tokens. A refused refresh expires the account; a network
    hiccup leaves it for the next run. Returns whether new tokens were stored."""
    try:
        tokens = networks.token_refresher(account.network).refresh(account=account_ref(account))
    except (RetryableError, OutcomeUnknownError) as exc:
        logger.warning("token refresh for account %s postponed: %s", account.pk, exc.message)
        return False
    except RefreshUnsupported as exc:
        # The token still works until it runs out; only then is the account expired.
        if account.token_expires_at and account.token_expires_at <= timezone.now():
            social_account_expire(account=account, reason=f"The access token expired. {exc}")
        return False
    except OutboundError as exc:
        social_account_expire(account=account, reason=f"The network refused to refresh the token: {exc.message}")
        return False
    account.access_token = tokens.access_token
    account.refresh_token = tokens.refresh_token or account.refresh_token
    account.token_expires_at = tokens.expires_at()
    account.scopes = tokens.scopes or account.scopes
    account.save(update_fields=["access_token", "refresh_token", "token_expires_at", "scopes", "updated_at"])
    return True


def social_accounts_refresh_due() -> int:
    """Refresh every active account whose token expires within the window; returns how many were refreshed."""
    horizon = timezone.now() + timedelta(hours=settings.TOKEN_REFRESH_WINDOW_HOURS)
    due = SocialAccount.objects.filter(
        status=SocialAccount.Status.ACTIVE, token_expires_at__isnull=False, token_expires_at__lte=horizon
    ).filter(network__in=[spec.name for spec in networks.publishing_specs() if spec.refreshes_tokens])
    return sum(social_account_refresh_tokens(account=account) for account in due.iterator())


def account_ref(account: SocialAccount) -> AccountRef:
    """The account as a network call sees it (tokens decrypted), with no tie to the database."""
    return AccountRef(
        id=account.pk,
        network=account.network,
        handle=account.handle,
        remote_id=account.remote_id,
        access_token=account.access_token,
        refresh_token=account.refresh_token,
        scopes=tuple(account.scopes or ()),
        options=account.options or {},
    )


def _spec(network: str) -> NetworkSpec:
    try:
        return networks.get(network)
    except networks.UnknownNetworkError as exc:
        raise NotFoundError(f'"{network}" is not a network you can connect.', field="network") from exc


def _oauth_provider(network: str) -> OAuthProvider:
    if _spec(network).connect != "oauth":
        raise NotFoundError(f'"{network}" is not a network you can connect.', field="network")
    return networks.oauth_provider(network)


def expired_tokens_prune() -> dict[str, int]:
    """Forget refresh tokens past their expiry (each rotation adds one; an expired one can
    never be used, blacklisted or not), their blacklist rows with them, and the choices of
    accounts nobody made in time (they hold network tokens)."""
    now = timezone.now()
    deleted = delete_in_batches(OutstandingToken.objects.filter(expires_at__lt=now))
    deleted.update(delete_in_batches(PendingConnection.objects.filter(expires_at__lte=now)))
    return {label: count for label, count in deleted.items() if count}
