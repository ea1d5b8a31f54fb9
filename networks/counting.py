"""Text lengths as the networks count them, where that is more than code points.

`graphemes_links_23` is Mastodon's `StatusLengthValidator` (app/validators/
status_length_validator.rb): the text is measured in grapheme clusters, after
every URL written with its protocol is replaced by 23 characters and every
mention `@user@domain` by `@user` (the domain is free). The URLs are found by
twitter-text's extractor, as Mastodon's `Extractor` does (URLs without a
protocol do not count as links), and mentions by Mastodon's `Account::MENTION_RE`.
The SPA counts the same way (frontend/src/lib/counting.js), held to the same
cases (frontend/src/lib/counting-cases.json).
"""

import re

from twitter_text.extract_urls import extract_urls_with_indices
from wcwidth import iter_graphemes

URL_PLACEHOLDER = "x" * 23
# Account::USERNAME_RE and Account::MENTION_RE: a mention follows no word character, "=" or "/".
_USERNAME = r"[a-zA-Z0-9_]+(?:[.-]+[a-zA-Z0-9_]+)*"
MENTION_RE = re.compile(rf"(?<![=/\w])@({_USERNAME})(?:@\w+(?:[.-]+\w+)*)?")
# twitter-text's end_mention_match: a mention directly followed by another "@" or "://" is none.
_NOT_A_MENTION_AFTER = re.compile(r"@|://")


def graphemes_links_23(text: str) -> int:
    return grapheme_count(countable_text(text))


def grapheme_count(text: str) -> int:
    return sum(1 for _ in iter_graphemes(text))


def countable_text(text: str) -> str:
    """The text with each URL as 23 characters and each mention as its local part."""
    entities = [(start, end, URL_PLACEHOLDER) for start, end in _url_spans(text)]
    for match in MENTION_RE.finditer(text):
        if not _NOT_A_MENTION_AFTER.match(text, match.end()):
            entities.append((match.start(), match.end(), f"@{match[1]}"))
    pieces, last = [], 0
    for start, end, replacement in sorted(entities):
        if start < last:  # overlaps an entity already rewritten (a mention inside a URL)
            continue
        pieces += [text[last:start], replacement]
        last = end
    return "".join([*pieces, text[last:]])


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [tuple(url["indices"]) for url in extract_urls_with_indices(text, extract_urls_without_protocol=False)]
