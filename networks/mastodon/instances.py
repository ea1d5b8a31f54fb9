"""The instance a person types, as the one form every call and the database use.

A person may type `mastodon.social`, `https://mastodon.social/` or
`@ada@mastodon.social`; each becomes `https://mastodon.social`. Only https and a
host name (or address) with an optional port are taken, and the host must resolve
to public addresses only: the server calls it, so a typed name must never reach
the server's own network. `MASTODON_ALLOW_PRIVATE_INSTANCES` lifts both rules for
development and tests, whose fakes listen on http://127.0.0.1.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings

from socialtrend.errors import ApplicationError
from socialtrend.outbound import PrivateAddressError, refuse_private_url

FIELD = "instance"
# A host name after IDNA encoding: dot-separated labels of letters, digits and hyphens.
_HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$")
EXAMPLE = "Type your Mastodon server's name, such as mastodon.social."


def instance_base_url(typed: str) -> str:
    """`https://host[:port]` for what a person typed; an `ApplicationError` on field "instance" otherwise."""
    value = typed.strip()
    if "@" in value and "://" not in value:  # a full handle, @ada@mastodon.social: its domain
        value = value.rsplit("@", 1)[1]
    if not value:
        raise ApplicationError(EXAMPLE, field=FIELD)
    if "://" not in value:
        value = f"https://{value}"
    parts = urlsplit(value)
    allow_private = settings.MASTODON_ALLOW_PRIVATE_INSTANCES
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise ApplicationError("The Mastodon server must be reached over https.", field=FIELD)
    if parts.username or parts.password or parts.query or parts.fragment or parts.path.strip("/"):
        raise ApplicationError(f"Only the server's name, without a path. {EXAMPLE}", field=FIELD)
    host = _host(parts.hostname or "")
    try:
        port = parts.port
    except ValueError as exc:
        raise ApplicationError("The server's port is not a number from 1 to 65535.", field=FIELD) from exc
    base_url = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
    if not allow_private:
        _refuse_private(base_url, host)
    return base_url


def instance_host(base_url: str) -> str:
    return urlsplit(base_url).netloc


def _host(hostname: str) -> str:
    try:
        host = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise ApplicationError(f"That is not a server name. {EXAMPLE}", field=FIELD) from exc
    if not _HOST.match(host) and not _is_address(host):
        raise ApplicationError(f"That is not a server name. {EXAMPLE}", field=FIELD)
    return host


def _is_address(host: str) -> bool:  # IPv4 only: an IPv6 literal would need brackets everywhere
    return bool(re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", host))


def _refuse_private(base_url: str, host: str) -> None:
    try:
        refuse_private_url(base_url)
    except PrivateAddressError as exc:
        raise ApplicationError(f"{host} cannot be reached from this server: {exc}.", field=FIELD) from exc
