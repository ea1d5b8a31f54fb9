"""X (Twitter): API v2 through tweepy, OAuth 2.0 with PKCE, recent post counts as trends."""

from networks.spec import (
    EVERY_DAY,
    TWITTER_WEIGHTED,
    MediaRules,
    NetworkSpec,
    PostingTimes,
    Setting,
    TextRules,
    TrendsInfo,
)

SPEC = NetworkSpec(
    name="x",
    label="X (Twitter)",
    text=TextRules(max_length=280, counting=TWITTER_WEIGHTED),
    # X takes "up to 4 photos, 1 animated GIF or 1 video in a Post" (its media best practices), so
    # video_alone should be True; the publisher refuses a mix until the composer's tests expect it.
    # Up to 4 images, or one video alone (a GIF counts as an image here).
    media=MediaRules(max_items=4, video_alone=True),
    refreshes_tokens=True,
    concurrency=20,
    calls_to_action=("Thoughts?", "Reply with yours.", "Retweet if you agree."),
    caption_separator=" ",
    required_settings=("X_CLIENT_ID", "X_CLIENT_SECRET"),
    settings=(
        Setting("X_CLIENT_ID", help="OAuth 2.0 client id of the X app."),
        Setting("X_CLIENT_SECRET", help="OAuth 2.0 client secret (confidential client)."),
        Setting("X_REDIRECT_URI", help="https://<host>/api/v1/social-accounts/callback/x/"),
        Setting("X_AUTHORIZE_URL", "https://x.com/i/oauth2/authorize", "url"),
        # Token, profile and media upload calls; tweets go through tweepy, which hard-codes its host.
        Setting("X_API_URL", "https://api.x.com", "url"),
        Setting("X_MEDIA_MAX_WAIT", 60.0, "float", "Longest wait for X to process an uploaded video (seconds)."),
        Setting("TRENDS_X_BEARER_TOKEN", help="App-only bearer token for recent post counts (trends)."),
        Setting("TRENDS_X_INTERVAL", 900, "int", "Seconds between two X trend refreshes."),
    ),
    sdk_loggers=("tweepy",),
    publisher="networks.x.publisher.XPublisher",
    oauth="networks.x.oauth.XOAuth",
    trends=TrendsInfo(
        label="X",
        method="tweepy Client.get_recent_tweets_count (GET /2/tweets/counts/recent) per tracked keyword.",
        interval_setting="TRENDS_X_INTERVAL",
        source="networks.x.trends.build_source",
        enabled="networks.x.trends.enabled",
    ),
    # Conversation on X runs all week: three slots a day, the queue's usual start.
    posting_times=PostingTimes(days=EVERY_DAY),
)
