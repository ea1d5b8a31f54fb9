"""Use cases for JWT refresh tokens: issue, rotate with reuse detection, revoke.

SimpleJWT records every refresh token it issues (`OutstandingToken`, which keeps
the token itself) and refuses those on its blacklist (`BlacklistedToken`).

A login starts a *family*; each rotation hands out the family's next token and
blacklists the one presented. The family is named by the `jti` of its first
token and carried in the `fam` claim of every later one, so it survives
rotation without a table of its own. Presenting a token that was already
rotated out means two parties hold the family (a thief and its owner): the
whole family is revoked, and both must log in again (reuse detection, as in
OAuth 2.0 Security BCP, RFC 9700 section 4.14.2).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.state import token_backend
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from socialtrend.errors import ApplicationError

FAMILY_CLAIM = "fam"


class TokenRejected(ApplicationError):
    """The refresh token cannot be used (invalid, expired, revoked or reused)."""

    status_code = 401
    default_message = "Token is invalid or expired"


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def token_pair_issue(*, user: User) -> TokenPair:
    """A new family for `user` (a login, or the session that just changed its password)."""
    refresh = RefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def refresh_token_rotate(*, refresh: str) -> TokenPair:
    """Exchange a refresh token for the next of its family; the presented one is blacklisted."""
    try:
        token = RefreshToken(refresh)
    except TokenError as exc:
        _revoke_family_if_reused(refresh)
        raise TokenRejected(str(exc)) from exc
    user = User.objects.filter(pk=token.get(api_settings.USER_ID_CLAIM), is_active=True).first()
    if user is None:
        raise TokenRejected("No active account found for the given token.")
    outstanding, _ = token.outstand()
    try:
        # The database decides between two requests racing with the same token:
        # one blacklists it, the other finds it blacklisted, which is a reuse.
        with transaction.atomic():
            BlacklistedToken.objects.create(token=outstanding)
    except IntegrityError as exc:
        _family_revoke(user_id=user.pk, family=family_of(token.payload))
        raise TokenRejected("Token is blacklisted") from exc
    token[FAMILY_CLAIM] = family_of(token.payload)
    token.set_jti()
    token.set_exp()
    token.set_iat()
    token.outstand()
    return TokenPair(access=str(token.access_token), refresh=str(token))


def refresh_token_revoke(*, user: User, refresh: str) -> None:
    """Log out: revoke the caller's own refresh token (and so its family)."""
    try:
        token = RefreshToken(refresh)
    except TokenError as exc:
        raise ApplicationError("Token is invalid, expired or already revoked.", field="refresh") from exc
    if str(token.get(api_settings.USER_ID_CLAIM)) != str(user.pk):
        raise ApplicationError("This refresh token is not yours.", field="refresh")
    token.blacklist()
    _family_revoke(user_id=user.pk, family=family_of(token.payload))


def refresh_tokens_revoke_all(*, user: User) -> int:
    """Blacklist every refresh token of `user` that could still be used; returns how many."""
    live = OutstandingToken.objects.filter(user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True)
    return _blacklist(live)


def family_of(payload: dict) -> str:
    return payload.get(FAMILY_CLAIM) or payload[api_settings.JTI_CLAIM]


def _revoke_family_if_reused(refresh: str) -> None:
    """A refused token revokes its family only if it is genuinely ours (signed, unexpired,
    a refresh token) and was refused for being blacklisted."""
    try:
        payload = token_backend.decode(refresh, verify=True)
    except TokenBackendError:
        return
    if payload.get(api_settings.TOKEN_TYPE_CLAIM) != RefreshToken.token_type:
        return
    if BlacklistedToken.objects.filter(token__jti=payload.get(api_settings.JTI_CLAIM)).exists():
        _family_revoke(user_id=payload.get(api_settings.USER_ID_CLAIM), family=family_of(payload))


def _family_revoke(*, user_id, family: str) -> int:
    live = OutstandingToken.objects.filter(
        user_id=user_id, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )
    members = [row for row in live if row.jti == family or _stored_family(row) == family]
    return _blacklist(members)


def _stored_family(row: OutstandingToken) -> str | None:
    # The row holds the token as issued (by us): its claims need no second signature check.
    try:
        return token_backend.decode(row.token, verify=False).get(FAMILY_CLAIM)
    except TokenBackendError:
        return None


def _blacklist(rows) -> int:
    count = 0
    for row in rows:
        _, created = BlacklistedToken.objects.get_or_create(token=row)
        count += created
    return count
