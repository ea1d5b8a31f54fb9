"""Bluesky (the AT Protocol): posts are `app.bsky.feed.post` records written to the account's
own server (its PDS) over XRPC, connected with a handle and an app password."""

from collections.abc import Mapping
from typing import Any

from networks.spec import GRAPHEMES, ConnectField, MediaRules, NetworkSpec, Option, Setting, TextRules

# app.bsky.feed.post: `text` has maxGraphemes 300 (and maxLength 3000 UTF-8 bytes).
MAX_GRAPHEMES = 300
# app.bsky.embed.images: at most 4 images.
MAX_IMAGES = 4
DEFAULT_SERVICE = "https://bsky.social"


def alt_texts(options: Mapping[str, Any]) -> list[str]:
    """The `alt_text` option, one description per line, in the order of the post's images."""
    value = options.get("alt_text") or ""
    return [line.strip() for line in str(value).splitlines()]


def check_options(options: Mapping[str, Any], *, account_remote_id: str, media_count: int) -> dict[str, str]:
    described = len([line for line in alt_texts(options) if line])
    if described > media_count:
        return {"alt_text": f"There are {described} image descriptions for {media_count} media items."}
    return {}


SPEC = NetworkSpec(
    name="bluesky",
    label="Bluesky",
    text=TextRules(max_length=MAX_GRAPHEMES, counting=GRAPHEMES),
    # Up to 4 images, or one MP4 video (app.bsky.embed.video), never both.
    media=MediaRules(max_items=MAX_IMAGES, video_alone=True),
    options=(
        Option(
            "alt_text",
            "Image descriptions",
            kind="textarea",
            help="Alt text for screen readers: one line per image or video, in order; an empty line or none "
            "uses the description saved with the media item.",
            max_length=4000,
        ),
    ),
    connect="direct",
    connect_fields=(
        ConnectField(
            "password",
            "App password",
            kind="password",
            help="Create one in Bluesky under Settings → Privacy and security → App passwords; "
            "never your account password.",
            max_length=200,
        ),
        ConnectField(
            "service",
            "Server",
            kind="url",
            default=DEFAULT_SERVICE,
            help="Your PDS: https://bsky.social for accounts made on bsky.app, or your own server.",
            max_length=500,
        ),
    ),
    # Access tokens last about 2 hours; refreshSession renews them (and rotates the refresh token).
    refreshes_tokens=True,
    # A PDS allows 5,000 write points an hour per account (a post costs 3): far more than this.
    concurrency=10,
    calls_to_action=("What do you think?", "Reply with yours."),
    settings=(
        Setting(
            "BLUESKY_APP_URL",
            "https://bsky.app",
            "url",
            "Where post links point: https://bsky.app/profile/<handle>/post/<rkey>.",
        ),
        # A person types the server's address: like a webhook URL, it must be public unless an
        # operator allows otherwise (a PDS on the same private network; the tests' PDS on loopback).
        Setting("BLUESKY_ALLOW_PRIVATE_SERVICES", False, "bool", "Allow PDS addresses that are not public."),
    ),
    publisher="networks.bluesky.publisher.BlueskyPublisher",
    connector="networks.bluesky.connect.BlueskyConnector",
    check_options=check_options,
)
