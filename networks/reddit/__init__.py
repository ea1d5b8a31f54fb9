"""Reddit through PRAW: submissions (text, link, image, video) and hot/rising posts as trends."""

import re
from collections.abc import Mapping
from typing import Any

from networks.spec import Features, MediaRules, NetworkSpec, Option, Setting, TextRules, TrendsInfo

# Community names: 3-21 letters, digits or underscores (a few old ones are 2).
SUBREDDIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_]{1,20}")
TITLE_MAX_LENGTH = 300


def check_options(options: Mapping[str, Any], *, account_remote_id: str, media_count: int) -> dict[str, str]:
    errors = {}
    subreddit = str(options.get("subreddit") or "")
    if not subreddit:
        errors["subreddit"] = 'Reddit needs a subreddit, e.g. "python".'
    elif not SUBREDDIT.fullmatch(subreddit):
        errors["subreddit"] = f'"{subreddit}" is not a subreddit name (letters, digits and _; without "r/").'
    # Its length is checked with every network's title (posts' validation).
    if not str(options.get("title") or "").strip():
        errors["title"] = "Reddit needs a title."
    url = options.get("url")
    if url is not None:
        if not isinstance(url, str) or not re.fullmatch(r"https?://\S+", url):
            errors["url"] = "A Reddit link post needs an http(s) URL."
        elif media_count:
            errors["url"] = "A Reddit post is either a link or carries media, not both."
    return errors


SPEC = NetworkSpec(
    name="reddit",
    label="Reddit",
    text=TextRules(max_length=40000),
    media=MediaRules(max_items=1),
    options=(
        Option("subreddit", "Subreddit", required=True, help="Without r/", max_length=21),
        Option("title", "Title", required=True, max_length=TITLE_MAX_LENGTH),
        Option("url", "Link (optional)", kind="url", help="A link post carries no media"),
    ),
    features=Features(link_posts=True),
    concurrency=2,
    calls_to_action=("Curious what you all think.", "Happy to answer questions.", "What did I miss?"),
    required_settings=("REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET"),
    settings=(
        Setting("REDDIT_CLIENT_ID", help="Client id of the Reddit web app."),
        Setting("REDDIT_CLIENT_SECRET"),
        Setting("REDDIT_REDIRECT_URI", help="https://<host>/api/v1/social-accounts/callback/reddit/"),
        Setting(
            "REDDIT_USER_AGENT",
            "web:socialtrend:1.0 (self-hosted)",
            help="Reddit asks for <platform>:<app id>:<version> (by /u/<Reddit username>); generic ones get throttled.",
        ),
        # REDDIT_URL serves OAuth (www.reddit.com), REDDIT_OAUTH_URL the API.
        Setting("REDDIT_URL", "https://www.reddit.com", "url"),
        Setting("REDDIT_OAUTH_URL", "https://oauth.reddit.com", "url"),
        Setting("TRENDS_REDDIT_CLIENT_ID", help="Script or web app for read-only trend listings."),
        Setting("TRENDS_REDDIT_CLIENT_SECRET"),
        Setting("TRENDS_REDDIT_USER_AGENT", "server:socialtrend:1.0 (trends refresher)"),
        Setting("TRENDS_REDDIT_SUBREDDITS", ["popular"], "list"),
        Setting("TRENDS_REDDIT_LIMIT", 25, "int", "Posts read per listing."),
        Setting("TRENDS_REDDIT_OAUTH_URL", "https://oauth.reddit.com"),
        Setting("TRENDS_REDDIT_URL", "https://www.reddit.com"),
        Setting("TRENDS_REDDIT_INTERVAL", 900, "int", "Seconds between two Reddit trend refreshes."),
    ),
    sdk_loggers=("praw", "prawcore"),
    publisher="networks.reddit.publisher.RedditPublisher",
    oauth="networks.reddit.oauth.RedditOAuth",
    trends=TrendsInfo(
        label="Reddit",
        method="PRAW subreddit.hot() and subreddit.rising() of the configured subreddits.",
        interval_setting="TRENDS_REDDIT_INTERVAL",
        source="networks.reddit.trends.build_source",
        enabled="networks.reddit.trends.enabled",
    ),
    check_options=check_options,
)
