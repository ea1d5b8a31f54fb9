"""Rich-text facets of a post: links, mentions and hashtags, located by UTF-8 byte offsets.

Bluesky shows a link, a mention or a tag only where a facet says so
(app.bsky.richtext.facet: `index.byteStart` inclusive, `byteEnd` exclusive,
counted in bytes of the UTF-8 text). The patterns follow the official client's
`RichText.detectFacets` (@atproto/api, rich-text/detection.ts), with two
differences: only links written with http:// or https:// become links (the
client also links bare domains it finds in its list of top-level domains), and
cashtags stay plain text. A mention becomes a facet only when its handle
resolves to a DID, as the client does.
"""

from collections.abc import Callable
from dataclasses import dataclass

import regex

MENTION_RE = regex.compile(r"(^|\s|\()@([a-zA-Z0-9.-]+)\b")
URL_RE = regex.compile(r"(^|\s|\()(https?://\S+)", regex.IGNORECASE)
# The client's TAG_REGEX: `#` or a fullwidth one (U+FF03), then a tag that is not only digits and
# punctuation, up to a space or an invisible separator.
_SEPARATORS = r"\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2"
TAG_RE = regex.compile(
    rf"(^|\s)[#\uFF03]((?!\ufe0f)[^{_SEPARATORS}]*[^\d\p{{P}}{_SEPARATORS}]+[^{_SEPARATORS}]*)?", regex.VERSION1
)
TRAILING_PUNCTUATION_RE = regex.compile(r"\p{P}+$")
# A handle is a domain name: labels joined by dots, the last one a letter-only top-level domain.
HANDLE_RE = regex.compile(r"([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}")
MAX_TAG_GRAPHEMES = 64


@dataclass(frozen=True)
class Span:
    start: int  # code point offsets into the text
    end: int
    feature: dict


def facets(text: str, *, resolve_handle: Callable[[str], str | None]) -> list[dict]:
    """The post's facets; `resolve_handle` answers a handle's DID, or None when it has none."""
    spans = [*_mentions(text, resolve_handle), *_links(text), *_tags(text)]
    return [
        {
            "index": {"byteStart": _byte_offset(text, span.start), "byteEnd": _byte_offset(text, span.end)},
            "features": [span.feature],
        }
        for span in sorted(spans, key=lambda span: span.start)
    ]


def mentioned_handles(text: str) -> list[str]:
    return [match.group(2) for match in MENTION_RE.finditer(text) if HANDLE_RE.fullmatch(match.group(2))]


def _mentions(text: str, resolve_handle: Callable[[str], str | None]) -> list[Span]:
    spans = []
    for match in MENTION_RE.finditer(text):
        handle = match.group(2)
        if not HANDLE_RE.fullmatch(handle):
            continue  # probably not a handle ("@home", an e-mail's end)
        did = resolve_handle(handle.lower())
        if did:
            start = match.start(2) - 1  # with its "@"
            spans.append(Span(start, match.end(2), {"$type": "app.bsky.richtext.facet#mention", "did": did}))
    return spans


def _links(text: str) -> list[Span]:
    spans = []
    for match in URL_RE.finditer(text):
        uri, start = match.group(2), match.start(2)
        if uri[-1] in ".,;:!?":  # the sentence's punctuation, not the link's
            uri = uri[:-1]
        if uri.endswith(")") and "(" not in uri:
            uri = uri[:-1]
        spans.append(Span(start, start + len(uri), {"$type": "app.bsky.richtext.facet#link", "uri": uri}))
    return spans


def _tags(text: str) -> list[Span]:
    spans = []
    for match in TAG_RE.finditer(text):
        tag = TRAILING_PUNCTUATION_RE.sub("", (match.group(2) or "").strip())
        if not tag or len(regex.findall(r"\X", tag)) > MAX_TAG_GRAPHEMES:
            continue
        start = match.start() + len(match.group(1))  # at the "#"
        spans.append(Span(start, start + 1 + len(tag), {"$type": "app.bsky.richtext.facet#tag", "tag": tag}))
    return spans


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))
