"""Turn a model's drafts into variants that are guaranteed to fit each network.

The same rules apply to every `CaptionModel`: hashtags are normalised, the
included ones come first, their count is capped; length is counted as the
network counts it (`networks.text_length`). A variant over its
limit is shortened by the model once, then cut at a word boundary: nothing
leaves this module over its limit.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from captions.generators.base import CaptionBrief, CaptionModel, Draft, TargetNetwork, Usage
from networks import text_length
from networks.spec import HASHTAG_RE, extract_hashtags
from socialtrend.errors import UpstreamError

ELLIPSIS = "\u2026"
# Punctuation that should not dangle before the ellipsis (incl. en and em dashes).
TRAILING_PUNCTUATION = " \t\n,;:-\u2013\u2014"
_NOT_WORD = re.compile(r"\W+")


@dataclass(frozen=True)
class Variant:
    network: str
    text: str
    hashtags: list[str]
    length: int
    limit: int
    within_limit: bool


def compose_variants(model: CaptionModel, brief: CaptionBrief) -> tuple[list[Variant], Usage]:
    generation = model.generate(brief)
    usage = generation.usage
    variants = []
    for target in brief.targets:
        drafts = [d for d in generation.drafts if d.network.strip().lower() == target.network][: brief.count]
        if not drafts:
            raise UpstreamError(f"The caption model returned no caption for {target.network}.")
        for draft in drafts:
            variant, spent = fit_draft(model, draft, target=target, brief=brief)
            variants.append(variant)
            usage += spent
    return variants, usage


def fit_draft(
    model: CaptionModel, draft: Draft, *, target: TargetNetwork, brief: CaptionBrief
) -> tuple[Variant, Usage]:
    body = draft.text.strip()
    # Required hashtags win: inline ones beyond what they leave of the cap lose their '#'.
    inline = {tag.lower() for tag in extract_hashtags(body)}
    missing = {tag.lower() for tag in map(normalize_hashtag, brief.hashtags_include) if tag} - inline
    body = cap_inline_hashtags(body, max(0, target.max_hashtags - len(missing)))
    tags = pick_hashtags(brief.hashtags_include, draft.hashtags, body=body, limit=target.max_hashtags)
    text = join_caption(body, tags)
    usage = Usage()
    if text_length(target.network, text) > target.max_length:
        tags_cost = text_length(target.network, join_caption("x", tags)) - 1
        shortened, usage = model.shorten(
            draft=Draft(target.network, body, tuple(tags)),
            max_length=target.max_length - tags_cost,
            language=brief.language,
        )
        if shortened.strip():
            body = cap_inline_hashtags(shortened.strip(), max(0, target.max_hashtags - len(tags)))
            text = join_caption(body, tags)
    if text_length(target.network, text) > target.max_length:
        text = cut_to_fit(body, tags, network=target.network, limit=target.max_length)
    length = text_length(target.network, text)
    return Variant(
        target.network, text, extract_hashtags(text), length, target.max_length, length <= target.max_length
    ), usage


def normalize_hashtag(raw: str) -> str:
    """'#Summer Sale!' -> 'SummerSale': only word characters survive, as networks parse them."""
    return _NOT_WORD.sub("", raw.lstrip("#"))


def pick_hashtags(include: Iterable[str], drafted: Iterable[str], *, body: str, limit: int) -> list[str]:
    """Included hashtags first, then the model's, without duplicates, within what the body leaves of `limit`."""
    inline = extract_hashtags(body)
    seen = {tag.lower() for tag in inline}
    room = max(0, limit - len(inline))
    picked: list[str] = []
    for raw in [*include, *drafted]:
        tag = normalize_hashtag(raw)
        if tag and tag.lower() not in seen and len(picked) < room:
            seen.add(tag.lower())
            picked.append(tag)
    return picked


def cap_inline_hashtags(body: str, limit: int) -> str:
    """Keep the first `limit` hashtags written into the body; later ones lose their '#'."""
    kept = 0

    def keep_or_unhash(match: re.Match) -> str:
        nonlocal kept
        kept += 1
        return match.group(0) if kept <= limit else match.group(1)

    return HASHTAG_RE.sub(keep_or_unhash, body)


def join_caption(body: str, tags: list[str]) -> str:
    block = " ".join(f"#{tag}" for tag in tags)
    return f"{body}\n\n{block}" if body and block else body or block


def cut_to_fit(body: str, tags: list[str], *, network: str, limit: int) -> str:
    """Cut `body` at a word boundary (with an ellipsis) so that body and hashtags fit `limit`."""
    tags = list(tags)
    while tags and text_length(network, join_caption("", tags)) > limit:
        tags.pop()

    def fits(candidate: str) -> bool:
        return text_length(network, join_caption(candidate, tags)) <= limit

    if fits(body):
        return join_caption(body, tags)
    word_ends = [i for i in range(1, len(body)) if body[i].isspace() and not body[i - 1].isspace()]
    best = _longest_fitting(body, word_ends, fits)
    if best is None:
        # Not even the first word fits (one very long word): cut inside it.
        best = _longest_fitting(body, range(1, len(body)), fits) or ""
    return join_caption(best, tags)


def _longest_fitting(body: str, ends: Sequence[int], fits: Callable[[str], bool]) -> str | None:
    """Binary search over cut points; whatever it returns was checked to fit."""
    lo, hi, best = 0, len(ends) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate = body[: ends[mid]].rstrip(TRAILING_PUNCTUATION) + ELLIPSIS
        if fits(candidate):
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    return best
