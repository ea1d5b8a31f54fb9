"""LinkedIn: the versioned Posts, Images and Videos APIs, OAuth 2.0 with OpenID Connect."""

from collections.abc import Mapping
from typing import Any

from networks.spec import MediaRules, NetworkSpec, Option, Setting, TextRules

VISIBILITIES = (("PUBLIC", "Public"), ("CONNECTIONS", "Connections only"), ("LOGGED_IN", "Signed-in LinkedIn members"))
VISIBILITY_VALUES = tuple(value for value, _ in VISIBILITIES)
ORGANIZATION_PREFIX = "urn:li:organization:"


def post_url(urn: str) -> str:
    """Where a post (`urn:li:share:...` or `urn:li:ugcPost:...`) is seen on LinkedIn."""
    return f"https://www.linkedin.com/feed/update/{urn}/"


def check_options(options: Mapping[str, Any], *, account_remote_id: str, media_count: int) -> dict[str, str]:
    visibility = options.get("visibility", "PUBLIC")
    if visibility not in VISIBILITY_VALUES:
        return {"visibility": f"LinkedIn visibility must be one of {', '.join(VISIBILITY_VALUES)}."}
    if account_remote_id.startswith(ORGANIZATION_PREFIX) and visibility != "PUBLIC":
        return {"visibility": "LinkedIn organization posts are always PUBLIC."}
    return {}


SPEC = NetworkSpec(
    name="linkedin",
    label="LinkedIn",
    # Posts API commentary: 3,000 characters; content is one image, a multiImage, or one video.
    text=TextRules(max_length=3000),
    media=MediaRules(max_items=20, video_alone=True),
    options=(
        Option("visibility", "Visibility", kind="choice", default="PUBLIC", choices=VISIBILITIES),
        Option("title", "Video title (optional)", help="Shown with a video post; LinkedIn ignores it otherwise"),
    ),
    refreshes_tokens=True,
    concurrency=4,
    calls_to_action=("What is your take? Share it below.", "Let's discuss in the comments.", "Follow for more."),
    required_settings=("LINKEDIN_CLIENT_ID", "LINKEDIN_CLIENT_SECRET"),
    settings=(
        Setting("LINKEDIN_CLIENT_ID"),
        Setting("LINKEDIN_CLIENT_SECRET"),
        Setting("LINKEDIN_REDIRECT_URI", help="https://<host>/api/v1/social-accounts/callback/linkedin/"),
        Setting("LINKEDIN_AUTHORIZE_URL", "https://www.linkedin.com/oauth/v2/authorization", "url"),
        Setting("LINKEDIN_OAUTH_URL", "https://www.linkedin.com/oauth/v2", "url"),
        Setting("LINKEDIN_API_URL", "https://api.linkedin.com", "url"),
        # Pages need LinkedIn's Community Management API product on the app (rw_organization_admin to
        # list the organizations a member administers, w_organization_social to post as them);
        # without it LinkedIn refuses the sign-in over the unknown scopes, so it is off by default.
        Setting(
            "LINKEDIN_PAGES",
            False,
            "bool",
            "Offer the organizations (pages) a member administers at connect; needs the Community Management API.",
        ),
        # LinkedIn releases a version a month (none in December) and serves each for
        # about a year, then answers 426 NONEXISTENT_VERSION. 202609 is the newest
        # version known to be released when this was last checked (2026-12-01: LinkedIn's
        # versioning page listed it as the latest in September 2026); it is served until
        # about 2027-09-15. Move it on at least every few months.
        Setting(
            "LINKEDIN_VERSION",
            "202609",
            help="Linkedin-Version, monthly YYYYMM; LinkedIn retires each version about a year after its release.",
        ),
        # An uploaded video is polled until AVAILABLE before the post refers to it; keep
        # the wait well inside CELERY_TASK_SOFT_TIME_LIMIT.
        Setting("LINKEDIN_VIDEO_POLL_INTERVAL", 5.0, "float"),
        Setting("LINKEDIN_VIDEO_POLL_MAX_WAIT", 60.0, "float"),
    ),
    publisher="networks.linkedin.publisher.LinkedInPublisher",
    oauth="networks.linkedin.oauth.LinkedInOAuth",
    check_options=check_options,
)
