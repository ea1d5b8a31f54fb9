"""The offline caption model: no key, no network, same answer for the same brief.

It assembles captions from phrase templates (per tone), the topic or draft,
the trends to ride and the hashtags, so that the feature works on a bare
machine and in tests. Its phrases are English whatever `language` says;
every answer it gives is marked `offline`.
"""

import re

import networks
from captions.generators.base import CaptionBrief, Draft, Generation, TargetNetwork, Usage
from captions.models import Tone
from networks import text_length

OPENERS: dict[str, tuple[str, ...]] = {
    Tone.FRIENDLY: (
        "Let's talk about {topic}!",
        "Here's something we love: {topic}.",
        "Quick one about {topic} \N{WAVING HAND SIGN}",
        "Have you thought about {topic} lately?",
        "Sharing a little {topic} with you today.",
    ),
    Tone.PROFESSIONAL: (
        "{topic}: what it means for your work.",
        "A closer look at {topic}.",
        "Why {topic} matters now.",
        "Our perspective on {topic}.",
        "Key takeaways on {topic}.",
    ),
    Tone.PLAYFUL: (
        "Plot twist: {topic} \N{PARTY POPPER}",
        "Okay, but have you seen {topic}? \N{SMILING FACE WITH OPEN MOUTH}",
        "{topic}, but make it fun.",
        "Warning: {topic} ahead! \N{ROCKET}",
        "Spoiler: {topic} is the best part of today.",
    ),
    Tone.INSPIRATIONAL: (
        "Every big change starts small: {topic}.",
        "Dream big, start with {topic}. \N{SPARKLES}",
        "{topic} is proof that progress is possible.",
        "Let {topic} remind you why you started.",
        "Today is a good day for {topic}.",
    ),
    Tone.INFORMATIVE: (
        "What you need to know about {topic}.",
        "{topic}, explained in one minute.",
        "The facts on {topic}.",
        "New to {topic}? Start here.",
        "A short guide to {topic}.",
    ),
    Tone.BOLD: (
        "{topic}. No excuses.",
        "We said it: {topic} changes everything.",
        "Stop scrolling: {topic}.",
        "{topic} is not optional anymore.",
        "Big news: {topic}.",
    ),
}

TREND_LINES = (
    'Everyone is talking about "{trend}", and it fits right in.',
    'With "{trend}" trending, the timing could not be better.',
    'Riding the "{trend}" wave today.',
)


_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])\s+")
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
MAX_HASHTAG_LENGTH = 30


class OfflineCaptionModel:
    name = "offline"
    offline = True

    def generate(self, brief: CaptionBrief) -> Generation:
        subject = _SPACE.sub(" ", brief.text).strip()
        hashtags = tuple(suggested_hashtags(subject, [trend.title for trend in brief.trends]))
        drafts = [
            Draft(target.network, self._caption(brief, subject, target, index), hashtags)
            for target in brief.targets
            for index in range(brief.count)
        ]
        return Generation(drafts, Usage())

    def shorten(self, *, draft: Draft, max_length: int, language: str) -> tuple[str, Usage]:
        """Drop whole sentences from the end until it fits (keeping the first); the composer cuts the rest."""
        sentences = _SENTENCE_END.split(draft.text.strip())
        while len(sentences) > 1 and text_length(draft.network, " ".join(sentences)) > max_length:
            sentences.pop()
        return " ".join(sentences), Usage()

    def _caption(self, brief: CaptionBrief, subject: str, target: TargetNetwork, index: int) -> str:
        openers = OPENERS.get(brief.tone, OPENERS[Tone.FRIENDLY])
        lines = [brief.text.strip() if brief.is_draft else openers[index % len(openers)].format(topic=subject)]
        if brief.trends:
            trend = brief.trends[index % len(brief.trends)]
            lines.append(TREND_LINES[index % len(TREND_LINES)].format(trend=_SPACE.sub(" ", trend.title).strip()))
        spec = networks.get(target.network)
        calls = spec.calls_to_action
        lines.append(calls[index % len(calls)])
        return spec.caption_separator.join(lines)


def suggested_hashtags(subject: str, trend_titles: list[str]) -> list[str]:
    """A tag for the whole subject, one per trend, then the subject's longer words."""
    candidates = [_camel_case(subject), *(_camel_case(title) for title in trend_titles)]
    candidates += [word.lower() for word in _WORD.findall(subject) if len(word) >= 4]
    return [tag for tag in dict.fromkeys(candidates) if tag and len(tag) <= MAX_HASHTAG_LENGTH]


def _camel_case(text: str) -> str:
    words = [word for word in _WORD.findall(text) if len(word) >= 3][:3]
    return "".join(word[:1].upper() + word[1:] for word in words)
