"""Mastodon, on any instance: the app registers itself on each instance a person names
(`POST /api/v1/apps`), then OAuth 2.0 (authorization code with PKCE); statuses with media,
descriptions, visibility and a content warning; an instance's trending tags as trends.

A Django app of its own (`networks.mastodon`): its model keeps the app's registration on
each instance (client id and encrypted secret).
"""

from networks.spec import (
    EVERY_DAY,
    GRAPHEMES_LINKS_23,
    ConnectField,
    MediaRules,
    NetworkSpec,
    Option,
    PostingTimes,
    Setting,
    TextRules,
    TrendsInfo,
)

VISIBILITIES = (
    ("public", "Public"),
    ("unlisted", "Quiet public (not in public timelines)"),
    ("private", "Followers only"),
    ("direct", "Mentioned people only"),
)
# Mastodon's default (StatusLengthValidator::MAX_CHARS); an instance may allow more or fewer, which
# the publisher reads from the instance (configuration.statuses.max_characters) before posting.
DEFAULT_MAX_CHARACTERS = 500
# MediaAttachment::MAX_DESCRIPTION_LENGTH, also configuration.media_attachments.description_limit.
DEFAULT_DESCRIPTION_LIMIT = 1500

SPEC = NetworkSpec(
    name="mastodon",
    label="Mastodon",
    # Grapheme clusters, every URL 23, a mention's @domain free; the content warning counts too.
    text=TextRules(max_length=DEFAULT_MAX_CHARACTERS, counting=GRAPHEMES_LINKS_23),
    # Status::MEDIA_ATTACHMENTS_LIMIT is 4; Mastodon refuses a video or audio with other media.
    media=MediaRules(max_items=4, video_alone=True),
    options=(
        Option("visibility", "Visibility", kind="choice", default="public", choices=VISIBILITIES),
        Option(
            "spoiler_text",
            "Content warning (optional)",
            help="Shown instead of the post until a reader opens it; counts towards the instance's limit.",
            max_length=DEFAULT_MAX_CHARACTERS,
        ),
    ),
    # Threads would be statuses with `in_reply_to_id`; they wait for posts to carry threads (issue 18).
    connect_fields=(
        ConnectField(
            "instance",
            "Your Mastodon server",
            required=True,
            help="The server your account is on, e.g. mastodon.social",
            max_length=253,
        ),
    ),
    # Mastodon's access tokens do not expire and it issues no refresh tokens.
    refreshes_tokens=False,
    # 300 calls per account in 5 minutes and 30 uploads in 30 minutes (docs: rate limits), per account.
    concurrency=10,
    calls_to_action=("Boosts welcome!", "What do you think? Reply below.", "Follow for more."),
    caption_separator="\n\n",
    # The app registers itself on each instance: nothing to set up beforehand.
    required_settings=(),
    settings=(
        Setting(
            "MASTODON_REDIRECT_URI",
            help="Empty: PUBLIC_BASE_URL + /api/v1/social-accounts/callback/mastodon/ (registered on each instance).",
        ),
        Setting("MASTODON_CLIENT_NAME", "SocialTrend", help="The app's name, shown on each instance's consent page."),
        Setting("MASTODON_WEBSITE", "", "url", "The app's homepage, shown on the consent page (optional)."),
        Setting(
            "MASTODON_ALLOW_PRIVATE_INSTANCES",
            False,
            "bool",
            "Development and tests only: allow http:// and non-public addresses as instances.",
        ),
        Setting(
            "MASTODON_INSTANCE_CACHE_SECONDS",
            3600,
            "int",
            "How long an instance's limits (GET /api/v2/instance) are kept before they are read again.",
        ),
        # Large media are processed after the upload answers 202; keep the wait inside CELERY_TASK_SOFT_TIME_LIMIT.
        Setting("MASTODON_MEDIA_POLL_INTERVAL", 2.0, "float"),
        Setting("MASTODON_MEDIA_POLL_MAX_WAIT", 60.0, "float"),
        Setting(
            "TRENDS_MASTODON_INSTANCE",
            "",
            "url",
            "Instance whose trending tags are read, e.g. https://mastodon.social.",
        ),
        Setting("TRENDS_MASTODON_LIMIT", 20, "int", "Trending tags read per refresh (Mastodon answers at most 20)."),
        Setting("TRENDS_MASTODON_INTERVAL", 900, "int", "Seconds between two Mastodon trend refreshes."),
    ),
    django_app=True,
    publisher="networks.mastodon.publisher.MastodonPublisher",
    oauth="networks.mastodon.oauth.MastodonOAuth",
    trends=TrendsInfo(
        label="Mastodon",
        method="An instance's trending hashtags (GET /api/v1/trends/tags): uses and accounts per day.",
        interval_setting="TRENDS_MASTODON_INTERVAL",
        source="networks.mastodon.trends.build_source",
        enabled="networks.mastodon.trends.enabled",
    ),
    # The fediverse reads all week, with no algorithm to resurface a post: three slots a day.
    posting_times=PostingTimes(days=EVERY_DAY),
)
