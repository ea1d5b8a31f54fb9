"""Per-network options a post carries for one account, checked when the post is created.

Errors are keyed by option name; post validation reports them as
`options.<account id>.<name>`. The publishers rely on what is checked here.
"""

import re
from collections.abc import Mapping
from typing import Any

from accounts.models import SocialAccount
from posts.publishers.linkedin import VISIBILITIES
from socialtrend.networks import LIMITS, Network, extract_hashtags

# Reddit community names: 3-21 letters, digits or underscores (a few old ones are 2).
SUBREDDIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_]{1,20}")


def network_option_errors(*, account: SocialAccount, options: Mapping[str, Any], media_count: int) -> dict[str, str]:
    if account.network == Network.REDDIT:
        return _reddit(options, media_count)
    if account.network == Network.LINKEDIN:
        return _linkedin(account, options)
    if account.network == Network.INSTAGRAM:
        return _instagram(options)
    return {}


def _reddit(options: Mapping[str, Any], media_count: int) -> dict[str, str]:
    errors = {}
    subreddit = str(options.get("subreddit") or "")
    if not subreddit:
        errors["subreddit"] = 'Reddit needs a subreddit, e.g. "python".'
    elif not SUBREDDIT.fullmatch(subreddit):
        errors["subreddit"] = f'"{subreddit}" is not a subreddit name (letters, digits and _; without "r/").'
    if not str(options.get("title") or "").strip():
        errors["title"] = "Reddit needs a title."
    url = options.get("url")
    if url is not None:
        if not isinstance(url, str) or not re.fullmatch(r"https?://\S+", url):
            errors["url"] = "A Reddit link post needs an http(s) URL."
        elif media_count:
            errors["url"] = "A Reddit post is either a link or carries media, not both."
    return errors


def _linkedin(account: SocialAccount, options: Mapping[str, Any]) -> dict[str, str]:
    visibility = options.get("visibility", "PUBLIC")
    if visibility not in VISIBILITIES:
        return {"visibility": f"LinkedIn visibility must be one of {', '.join(VISIBILITIES)}."}
    if account.remote_id.startswith("urn:li:organization:") and visibility != "PUBLIC":
        return {"visibility": "LinkedIn organization posts are always PUBLIC."}
    return {}


def _instagram(options: Mapping[str, Any]) -> dict[str, str]:
    comment = options.get("first_comment")
    if comment is None:
        return {}
    if not isinstance(comment, str):
        return {"first_comment": "The Instagram first comment must be text."}
    # The caption limits (2,200 characters, 30 hashtags) hold for a comment too.
    limits = LIMITS[Network.INSTAGRAM]
    if len(comment) > limits.max_length:
        return {
            "first_comment": f"Instagram comments allow {limits.max_length} characters; this one has {len(comment)}."
        }
    hashtags = len(extract_hashtags(comment))
    if limits.max_hashtags is not None and hashtags > limits.max_hashtags:
        return {"first_comment": f"Instagram comments allow {limits.max_hashtags} hashtags; this one has {hashtags}."}
    return {}
