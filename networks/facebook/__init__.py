"""Facebook Pages: the Graph API's Page feed, photos and videos, connected with Facebook Login for Business."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from networks.spec import Features, MediaRules, NetworkSpec, Option, Setting, TextRules

# A Page post's message: 63,206 characters (Facebook's limit for posts).
MAX_LENGTH = 63206
# Photos of one post: each uploaded unpublished, then attached to one feed post.
MAX_PHOTOS = 10


def check_options(options: Mapping[str, Any], *, account_remote_id: str, media_count: int) -> dict[str, str]:
    link = options.get("link") or ""
    if not link:
        return {}
    if not isinstance(link, str) or urlsplit(link).scheme not in ("http", "https") or not urlsplit(link).netloc:
        return {"link": "The Facebook link must be a full http(s) address."}
    if media_count:
        return {"link": "A Facebook post carries a link or media, not both: Facebook shows the link's preview."}
    return {}


SPEC = NetworkSpec(
    name="facebook",
    label="Facebook Pages",
    text=TextRules(max_length=MAX_LENGTH),
    media=MediaRules(max_items=MAX_PHOTOS, video_alone=True),
    options=(
        Option(
            "link",
            "Link",
            kind="url",
            help="Shared with its preview under the text (a post with a link carries no media).",
            max_length=2000,
        ),
    ),
    features=Features(link_posts=True),
    # Page tokens got with a long-lived user token do not expire (Meta's access token guide).
    refreshes_tokens=False,
    concurrency=4,
    calls_to_action=(
        "Tell us what you think in the comments.",
        "Share this with someone who needs it.",
        "Follow our Page for more.",
    ),
    required_settings=("FACEBOOK_CLIENT_ID", "FACEBOOK_CLIENT_SECRET"),
    settings=(
        Setting("FACEBOOK_CLIENT_ID", help="The Meta app's id"),
        Setting("FACEBOOK_CLIENT_SECRET"),
        Setting("FACEBOOK_REDIRECT_URI", help="https://<host>/api/v1/social-accounts/callback/facebook/"),
        Setting(
            "FACEBOOK_CONFIG_ID",
            help="Facebook Login for Business configuration id (its permissions: pages_show_list, "
            "pages_manage_posts, pages_read_engagement); without it the dialog asks for those scopes",
        ),
        Setting("FACEBOOK_DIALOG_URL", "https://www.facebook.com", "url"),
        Setting("FACEBOOK_GRAPH_URL", "https://graph.facebook.com", "url"),
        # Video uploads go to Graph's video host.
        Setting("FACEBOOK_GRAPH_VIDEO_URL", "https://graph-video.facebook.com", "url"),
        # The same Graph API version as Instagram's: v27.0 (2026-11-04), served about two years.
        Setting("FACEBOOK_GRAPH_VERSION", "v27.0", help="Graph API version, e.g. v27.0"),
    ),
    publisher="networks.facebook.publisher.FacebookPublisher",
    oauth="networks.facebook.oauth.FacebookOAuth",
    check_options=check_options,
)
