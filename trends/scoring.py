"""Scores from 0 to 100 that compare across sources.

Raw numbers do not compare (a search engine's approximate traffic, upvotes,
post counts), so each source's batch is normalised on its own: what counts is
an item's place in its list and whether it is growing.

For a batch of n items from one source and region, the item of value v at
rank r (1 = largest value; ties keep the source's order) scores

    rank_score   = 100 * (n - r + 1) / n
    growth       = clamp((v - m) / max(m, 1), -1, 1)
                   where m is the mean of the item's previous values
                   (its last TRENDS_SCORE_WINDOW snapshots);
                   growth = 1 for an item with no history (it just appeared)
    growth_score = 50 * (1 + growth)
    score        = RANK_WEIGHT * rank_score + (1 - RANK_WEIGHT) * growth_score

rounded to one decimal. The top item that doubled its usual value scores 100;
the last of four items that halved scores 0.7 * 25 + 0.3 * 25 = 25.
"""

from collections.abc import Sequence
from dataclasses import dataclass

RANK_WEIGHT = 0.7


@dataclass(frozen=True)
class Scored:
    rank: int
    score: float


def score_batch(values: Sequence[float], previous_means: Sequence[float | None]) -> list[Scored]:
    """Rank and score of each item of one batch, in the order given."""
    n = len(values)
    return [
        Scored(rank, round(RANK_WEIGHT * rank_score(rank, n) + (1 - RANK_WEIGHT) * growth_score(value, mean), 1))
        for rank, value, mean in zip(ranks_of(values), values, previous_means, strict=True)
    ]


def ranks_of(values: Sequence[float]) -> list[int]:
    """1 for the largest value; sorted() is stable, so ties keep the source's order."""
    order = sorted(range(len(values)), key=lambda index: -values[index])
    ranks = [0] * len(values)
    for position, index in enumerate(order):
        ranks[index] = position + 1
    return ranks


def rank_score(rank: int, n: int) -> float:
    return 100 * (n - rank + 1) / n


def growth_score(value: float, previous_mean: float | None) -> float:
    if previous_mean is None:
        return 100.0  # it just appeared: the steepest growth there is
    growth = min(max((value - previous_mean) / max(previous_mean, 1.0), -1.0), 1.0)
    return 50 * (1 + growth)
