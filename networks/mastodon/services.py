"""The app's registration on an instance: the only code that writes `MastodonInstance`."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from networks.mastodon.client import MastodonAPI
from networks.mastodon.models import MastodonInstance

# What the app asks of an account: its profile, its statuses (verify, find) and to post and delete them.
SCOPES = "read:accounts read:statuses write:media write:statuses"
CALLBACK_PATH = "/api/v1/social-accounts/callback/mastodon/"


def redirect_uri() -> str:
    return settings.MASTODON_REDIRECT_URI or f"{settings.PUBLIC_BASE_URL}{CALLBACK_PATH}"


def instance_registration_ensure(*, base_url: str) -> MastodonInstance:
    """The app's registration on `base_url`, registering it (`POST /api/v1/apps`) the first time,
    or again when the redirect URI or the scopes changed since. Raises `OutboundError`."""
    uri = redirect_uri()
    current = MastodonInstance.objects.filter(base_url=base_url).first()
    if current and current.redirect_uri == uri and current.scopes == SCOPES:
        return current
    app = MastodonAPI(base_url).json(
        "POST",
        "/api/v1/apps",
        json={
            "client_name": settings.MASTODON_CLIENT_NAME,
            "redirect_uris": uri,
            "scopes": SCOPES,
            **({"website": settings.MASTODON_WEBSITE} if settings.MASTODON_WEBSITE else {}),
        },
        safe_to_retry=True,  # an unused registration harms nothing
    )
    fields = {
        "client_id": app["client_id"],
        "client_secret": app["client_secret"],
        "redirect_uri": uri,
        "scopes": SCOPES,
        "registered_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            instance, _ = MastodonInstance.objects.update_or_create(base_url=base_url, defaults=fields)
    except IntegrityError:  # another connect registered first: use theirs, the consent pages it sent out match it
        instance = MastodonInstance.objects.get(base_url=base_url)
    return instance


def instance_registration_forget(*, base_url: str) -> None:
    """The instance no longer knows the registration (`invalid_client`): the next connect registers anew."""
    MastodonInstance.objects.filter(base_url=base_url).delete()
