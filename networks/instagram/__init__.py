"""Instagram: Graph API content publishing with Instagram Login (Business Login)."""

from collections.abc import Mapping
from typing import Any

from networks.spec import (
    EVERY_DAY,
    Features,
    MediaRules,
    NetworkSpec,
    Option,
    PostingTimes,
    Setting,
    TextRules,
    extract_hashtags,
)

MAX_LENGTH = 2200
MAX_HASHTAGS = 30


def check_options(options: Mapping[str, Any], *, account_remote_id: str, media_count: int) -> dict[str, str]:
    comment = options.get("first_comment")
    if comment is None:
        return {}
    if not isinstance(comment, str):
        return {"first_comment": "The Instagram first comment must be text."}
    # The caption limits (2,200 characters, 30 hashtags) hold for a comment too.
    if len(comment) > MAX_LENGTH:
        return {"first_comment": f"Instagram comments allow {MAX_LENGTH} characters; this one has {len(comment)}."}
    hashtags = len(extract_hashtags(comment))
    if hashtags > MAX_HASHTAGS:
        return {"first_comment": f"Instagram comments allow {MAX_HASHTAGS} hashtags; this one has {hashtags}."}
    return {}


SPEC = NetworkSpec(
    name="instagram",
    label="Instagram",
    # Graph API: 2,200 characters, 30 hashtags; every post carries media; carousels up to 10.
    text=TextRules(max_length=MAX_LENGTH, max_hashtags=MAX_HASHTAGS),
    media=MediaRules(required=True, max_items=10),
    options=(
        Option(
            "first_comment",
            "First comment",
            kind="textarea",
            help="Posted as a comment right after the post goes live.",
            max_length=MAX_LENGTH,
        ),
    ),
    features=Features(first_comment=True),
    refreshes_tokens=True,
    concurrency=10,
    calls_to_action=("Double-tap if you agree.", "Tell us in the comments!", "Save this for later."),
    required_settings=("INSTAGRAM_CLIENT_ID", "INSTAGRAM_CLIENT_SECRET"),
    settings=(
        Setting("INSTAGRAM_CLIENT_ID"),
        Setting("INSTAGRAM_CLIENT_SECRET"),
        Setting("INSTAGRAM_REDIRECT_URI", help="https://<host>/api/v1/social-accounts/callback/instagram/"),
        Setting("INSTAGRAM_AUTHORIZE_URL", "https://www.instagram.com/oauth/authorize"),
        Setting("INSTAGRAM_OAUTH_URL", "https://api.instagram.com", "url"),
        Setting("INSTAGRAM_GRAPH_URL", "https://graph.instagram.com", "url"),
        # Graph API versions live about two years: v24.0 until 2028-02-18, v27.0 (2026-11-04) until later.
        Setting("INSTAGRAM_GRAPH_VERSION", "v27.0", help="Graph API version, e.g. v27.0"),
        Setting("INSTAGRAM_POLL_INTERVAL", 10.0, "float", "Seconds between two reads of a container's status."),
        # Keep the wait well inside CELERY_TASK_SOFT_TIME_LIMIT: a publish task that is cut off ends "unknown".
        Setting("INSTAGRAM_POLL_MAX_WAIT", 60.0, "float"),
    ),
    publisher="networks.instagram.publisher.InstagramPublisher",
    oauth="networks.instagram.oauth.InstagramOAuth",
    check_options=check_options,
    # Instagram is browsed in the evening and at lunch, weekends included.
    posting_times=PostingTimes(days=EVERY_DAY, times=("11:00", "19:00")),
)
