"""The social networks we publish to, their limits, and how each counts text.

Shared by posts (validation before anything is stored) and captions (variants
are cut to fit). The SPA counts the same way (frontend helpers mirror these).
"""

import re
from dataclasses import dataclass

from django.db import models
from twitter_text import parse_tweet


class Network(models.TextChoices):
    SANDBOX = "sandbox", "Sandbox"
    INSTAGRAM = "instagram", "Instagram"
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X (Twitter)"
    REDDIT = "reddit", "Reddit"


@dataclass(frozen=True)
class NetworkLimits:
    max_length: int
    max_hashtags: int | None = None
    requires_media: bool = False
    max_media: int = 10
    title_max_length: int | None = None


LIMITS: dict[str, NetworkLimits] = {
    Network.SANDBOX: NetworkLimits(max_length=5000),
    # Graph API: 2,200 characters, 30 hashtags; every post carries media; carousels up to 10.
    Network.INSTAGRAM: NetworkLimits(max_length=2200, max_hashtags=30, requires_media=True, max_media=10),
    # Posts API commentary: 3,000 characters.
    Network.LINKEDIN: NetworkLimits(max_length=3000, max_media=20),
    # 280 weighted characters (twitter-text v3); up to 4 images.
    Network.X: NetworkLimits(max_length=280, max_media=4),
    # Self-text up to 40,000 characters; the title (per-network option) up to 300.
    Network.REDDIT: NetworkLimits(max_length=40000, max_media=1, title_max_length=300),
}

# A hashtag starts after a non-word character (or the start) and runs over word characters.
HASHTAG_RE = re.compile(r"(?<![\w#])#(\w+)")


def text_length(network: str, text: str) -> int:
    """Length as the network counts it: X weighs URLs as 23 and most CJK/emoji as 2."""
    if network == Network.X:
        return parse_tweet(text).weightedLength
    return len(text)


def extract_hashtags(text: str) -> list[str]:
    return HASHTAG_RE.findall(text)
