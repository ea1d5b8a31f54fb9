"""The one interface every caption model implements, and the data it works on.

A `CaptionModel` turns a `CaptionBrief` into raw `Draft`s; it does not have
to respect limits. `captions.composer` applies them to every model alike.
"""

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class TargetNetwork:
    network: str
    max_length: int
    max_hashtags: int


@dataclass(frozen=True)
class TrendRef:
    """A trend to ride, as plain data: it goes into prompts quoted, never as instructions."""

    title: str
    source: str


@dataclass(frozen=True)
class CaptionBrief:
    text: str
    is_draft: bool
    targets: tuple[TargetNetwork, ...]
    tone: str
    language: str
    count: int
    trends: tuple[TrendRef, ...] = ()
    hashtags_include: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """One caption as a model wrote it: body text and hashtags (without '#')."""

    network: str
    text: str
    hashtags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: "Usage") -> "Usage":
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.total_tokens + other.total_tokens,
        )


@dataclass
class Generation:
    drafts: list[Draft]
    usage: Usage = field(default_factory=Usage)


class CaptionModel(Protocol):
    name: str
    offline: bool

    def generate(self, brief: CaptionBrief) -> Generation:
        """Write `brief.count` drafts for each target network."""

    def shorten(self, *, draft: Draft, max_length: int, language: str) -> tuple[str, Usage]:
        """Rewrite the body of `draft` to at most `max_length` characters (best effort)."""
