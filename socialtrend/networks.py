"""The social networks we publish to, their limits, and how each counts text.

Shared by posts (validation before anything is stored) and captions (variants
are cut to fit). The SPA counts the same way (frontend helpers mirror these).
"""

import re
from collections.abc import Sequence
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
    # A video must be the post's only media item: images, or one video.
    video_alone: bool = False


LIMITS: dict[str, NetworkLimits] = {
    Network.SANDBOX: NetworkLimits(max_length=5000),
    # Graph API: 2,200 characters, 30 hashtags; every post carries media; carousels up to 10.
    Network.INSTAGRAM: NetworkLimits(max_length=2200, max_hashtags=30, requires_media=True, max_media=10),
    # Posts API commentary: 3,000 characters; content is one image, a multiImage, or one video.
    Network.LINKEDIN: NetworkLimits(max_length=3000, max_media=20, video_alone=True),
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


def media_mix_problem(network: str, kinds: Sequence[str]) -> str | None:
    """Why this mix of media kinds ("image", "video") breaks the network's rule; None when it does not."""
    if not LIMITS[network].video_alone:
        return None
    name, videos = Network(network).label, list(kinds).count("video")
    if videos > 1:
        return f"{name} posts carry either images or one video; this post has {videos} videos."
    if videos and len(kinds) > 1:
        return f"{name} posts carry either images or one video, not both."
    return None
