"""What a network is, as data: its text and media rules, per-post options, features,
how to connect, its settings and where its code lives.

Each network package declares one `NetworkSpec` as `SPEC` in its `__init__`.
Posts validate against it before anything is stored, captions cut variants to
fit it, the API serves it to the SPA (`GET /api/v1/networks/`), and the
settings read each network's own variables from it. This module imports
nothing of Django's apps, so settings can read it before Django starts.
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from twitter_text import parse_tweet

from networks.counting import grapheme_count, graphemes_links_23
from socialtrend.env import env_bool, env_float, env_int, env_list, env_str

CODE_POINTS = "code-points"
# twitter-text v3: URLs count 23, most CJK and emoji 2.
TWITTER_WEIGHTED = "twitter-weighted"
# User-perceived characters (Unicode extended grapheme clusters), as Bluesky counts them.
GRAPHEMES = "graphemes"
# Grapheme clusters, every URL 23, a mention's domain free (Mastodon: networks.counting).
GRAPHEMES_LINKS_23 = "graphemes-links-23"
COUNTING_METHODS = (CODE_POINTS, TWITTER_WEIGHTED, GRAPHEMES, GRAPHEMES_LINKS_23)

# A hashtag starts after a non-word character (or the start) and runs over word characters.
HASHTAG_RE = re.compile(r"(?<![\w#])#(\w+)")


@dataclass(frozen=True)
class TextRules:
    max_length: int
    counting: str = CODE_POINTS
    max_hashtags: int | None = None


@dataclass(frozen=True)
class MediaRules:
    required: bool = False
    max_items: int = 10
    kinds: tuple[str, ...] = ("image", "video")
    # A video must be the post's only media item: images, or one video.
    video_alone: bool = False


@dataclass(frozen=True)
class Option:
    """One per-account option of a post (e.g. a subreddit), as the composer shows it."""

    name: str
    label: str
    kind: str = "text"  # "text", "url", "textarea" or "choice"
    required: bool = False
    default: str = ""
    help: str = ""
    max_length: int | None = None
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ConnectField:
    """One thing a person types to connect an account: besides the handle for a "direct"
    network, before the authorization page for an "oauth" one (e.g. a Mastodon instance)."""

    name: str
    label: str
    kind: str = "text"  # "text", "password" (a secret: stored encrypted, never shown again) or "url"
    required: bool = True
    default: str = ""
    help: str = ""
    max_length: int = 1000


@dataclass(frozen=True)
class Features:
    first_comment: bool = False
    threads: bool = False
    link_posts: bool = False
    analytics: bool = False


@dataclass(frozen=True)
class Setting:
    """One environment variable of a network, read into Django settings under the same name."""

    name: str
    default: Any = ""
    kind: str = "str"  # "str", "url" (trailing slash dropped), "bool", "int", "float" or "list"
    help: str = ""

    def read(self) -> Any:
        if self.kind == "url":
            return env_str(self.name, self.default).rstrip("/")
        reader = {"str": env_str, "bool": env_bool, "int": env_int, "float": env_float, "list": env_list}[self.kind]
        return reader(self.name, self.default)


@dataclass(frozen=True)
class TrendsInfo:
    label: str
    # How the source measures interest, in a sentence for the trends page and admin.
    method: str
    # The setting (one of the network's `settings`) with the seconds between two refreshes.
    interval_setting: str
    # Dotted path of a `TrendSource` factory `(keywords) -> TrendSource`.
    source: str
    # Dotted path of a `() -> bool`: whether the operator enabled it (credentials set, switch on).
    enabled: str


EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class PostingTimes:
    """The weekly posting slots an account's queue starts with, as local wall times."""

    days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday is 0, as in `datetime.weekday()`
    times: tuple[str, ...] = ("09:00", "12:30", "17:00")


# Per-network checks of a post's options that the declared `Option`s cannot say
# alone: `(options, account_remote_id=, media_count=) -> {option name: message}`.
OptionCheck = Callable[..., dict[str, str]]


@dataclass(frozen=True)
class NetworkSpec:
    name: str
    label: str
    text: TextRules
    media: MediaRules = field(default_factory=MediaRules)
    options: tuple[Option, ...] = ()
    features: Features = field(default_factory=Features)
    publishes: bool = True
    # "oauth" (authorize URL, callback), "direct" (the person types a handle and the
    # `connect_fields`, which `connector` checks with the network) or None (nothing to connect).
    connect: str | None = "oauth"
    # What a person types to connect: for "direct", besides the handle (checked by the
    # connector); for "oauth", before the authorization page (the instance of a federated
    # network; kind "text" or "url"), checked by the provider's `OAuthProvider.prepare`.
    connect_fields: tuple[ConnectField, ...] = ()
    # Whether access tokens run out and the periodic task should refresh them.
    refreshes_tokens: bool = False
    # Deliveries in flight at once (queued + publishing), so a burst stays under the rate limit.
    concurrency: int = 4
    # Whether the caption page offers it as a target (the demo network is not worth a caption).
    captions: bool = True
    # Calls to action the offline caption generator picks from, and how it joins lines.
    calls_to_action: tuple[str, ...] = ("Let us know what you think.",)
    caption_separator: str = "\n\n"
    # Settings that must all be non-empty for the network to be usable (its app's credentials).
    required_settings: tuple[str, ...] = ()
    settings: tuple[Setting, ...] = ()
    # Loggers of its SDKs, which print request headers and URLs (tokens) at DEBUG: kept at INFO.
    sdk_loggers: tuple[str, ...] = ()
    # Whether the package is also a Django app (models of its own, admin).
    django_app: bool = False
    publisher: str = ""  # dotted path of the `Publisher` class
    oauth: str = ""  # dotted path of the `OAuthProvider` class
    connector: str = ""  # dotted path of the `DirectConnector` class (networks/connect.py), for "direct"
    trends: TrendsInfo | None = None
    check_options: OptionCheck | None = None
    posting_times: PostingTimes = field(default_factory=PostingTimes)

    @property
    def title_max_length(self) -> int | None:
        title = next((option for option in self.options if option.name == "title"), None)
        return title.max_length if title else None

    def text_length(self, text: str) -> int:
        """Length as the network counts it."""
        if self.text.counting == TWITTER_WEIGHTED:
            return parse_tweet(text).weightedLength
        if self.text.counting == GRAPHEMES:
            return grapheme_count(text)
        if self.text.counting == GRAPHEMES_LINKS_23:
            return graphemes_links_23(text)
        return len(text)

    def option_errors(self, options: Mapping[str, Any], *, account_remote_id: str, media_count: int) -> dict[str, str]:
        if self.check_options is None:
            return {}
        return self.check_options(options, account_remote_id=account_remote_id, media_count=media_count)

    def media_mix_problem(self, kinds: Sequence[str]) -> str | None:
        """Why this mix of media kinds ("image", "video") breaks the network's rule; None when it does not."""
        if not self.media.video_alone:
            return None
        videos = list(kinds).count("video")
        if videos > 1:
            return f"{self.label} posts carry either images or one video; this post has {videos} videos."
        if videos and len(kinds) > 1:
            return f"{self.label} posts carry either images or one video, not both."
        return None


def extract_hashtags(text: str) -> list[str]:
    return HASHTAG_RE.findall(text)
