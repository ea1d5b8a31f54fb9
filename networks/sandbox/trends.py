"""The sandbox source: plausible, changing demo trends with no network.

Each topic's value follows a slow wave with its own phase plus a little noise
per refresh, all derived from hashes of the topic and the time, so the lists
reorder as time passes while every figure stays reproducible (tests and
backfill compute the same values).
"""

import hashlib
import math
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone

from networks.trends import FetchedTrend, KeywordHistorySource, Part, TrendSource

REGIONS = ("US", "GB")
TOPICS_PER_REGION = 12
WAVE_HOURS = 6.0
NOISE_BUCKET_SECONDS = 120
TOPICS = (
    ("AI agents at work", "technology"),
    ("Open-source LLMs", "technology"),
    ("Foldable phones", "technology"),
    ("Quantum computing breakthrough", "science"),
    ("Solar eclipse photos", "science"),
    ("Mars sample return", "science"),
    ("Four-day work week", "business"),
    ("Remote work rules", "business"),
    ("Small business tax changes", "business"),
    ("Creator economy payouts", "business"),
    ("Champions League night", "sports"),
    ("Marathon training tips", "sports"),
    ("Women's football record crowd", "sports"),
    ("Summer festival line-ups", "entertainment"),
    ("Surprise album drop", "entertainment"),
    ("Streaming series finale", "entertainment"),
    ("Indie game of the year", "entertainment"),
    ("Plant-based recipes", "lifestyle"),
    ("Budget travel hacks", "lifestyle"),
    ("Home office setups", "lifestyle"),
    ("Minimalist wardrobe", "lifestyle"),
    ("Heatwave safety", "news"),
    ("City bike lanes", "news"),
    ("Electric car charging", "news"),
    ("Local elections", "news"),
    ("Mental health days", "health"),
    ("Sleep tracking", "health"),
    ("Cold plunge benefits", "health"),
    ("Vintage camera revival", "hobbies"),
    ("Balcony gardening", "hobbies"),
)


class SandboxSource(TrendSource, KeywordHistorySource):
    name = "sandbox"

    def __init__(self, *, keywords: list[str], clock: Callable[[], datetime]):
        self.keywords = keywords
        self.clock = clock

    def parts(self) -> Iterable[Part]:
        yield "demo topics", self._topics
        if self.keywords:
            yield "demo keyword interest", self._keyword_interest

    def _topics(self) -> list[FetchedTrend]:
        now = self.clock()
        trends = []
        for region in REGIONS:
            ranked = sorted(TOPICS, key=lambda topic: demo_value(f"{region}:{topic[0]}", now), reverse=True)
            for title, category in ranked[:TOPICS_PER_REGION]:
                value = demo_value(f"{region}:{title}", now)
                trends.append(
                    FetchedTrend(
                        key=title.lower(),
                        title=title,
                        value=value,
                        url=f"https://trends.example.com/{region.lower()}/{quote(title.lower())}",
                        region=region,
                        category=category,
                        metrics={"demo_volume": round(value * 1000)},
                    )
                )
        return trends

    def _keyword_interest(self) -> list[FetchedTrend]:
        now = self.clock()
        return [
            FetchedTrend(
                key=keyword,
                title=keyword,
                value=demo_value(f"keyword:{keyword}", now),
                category="keyword",
                metrics={"interest": round(demo_value(f"keyword:{keyword}", now))},
            )
            for keyword in self.keywords
        ]

    def keyword_history(self, keyword: str, *, start: date, end: date) -> list[tuple[datetime, float]]:
        days = (end - start).days + 1
        moments = [datetime.combine(start + timedelta(days=n), time(), tzinfo=UTC) for n in range(days)]
        return [(moment, demo_value(f"keyword:{keyword}", moment)) for moment in moments]


def demo_value(seed: str, when: datetime) -> float:
    """A value in 1..100: a base level, a wave of WAVE_HOURS, and noise per NOISE_BUCKET_SECONDS."""
    digest = _unit(seed)
    base = 20 + 60 * digest
    wave = math.sin(2 * math.pi * (when.timestamp() / 3600 / WAVE_HOURS + digest))
    noise = _unit(f"{seed}@{int(when.timestamp() // NOISE_BUCKET_SECONDS)}") - 0.5
    return round(min(max(base * (1 + 0.4 * wave) + 10 * noise, 1.0), 100.0), 2)


def _unit(text: str) -> float:
    """A stable number in [0, 1) from a string."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 0x1_0000_0000


def build_source(*, keywords: list[str]) -> SandboxSource:
    return SandboxSource(keywords=keywords, clock=timezone.now)


def enabled() -> bool:
    return settings.TRENDS_SANDBOX_ENABLED
