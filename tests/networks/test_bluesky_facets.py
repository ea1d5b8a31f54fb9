"""Facets (links, mentions, hashtags at UTF-8 byte offsets) as Bluesky's own client finds them:
each case is checked against @atproto/api's RichText (the official client's detection, from
the PDS install in tests/pds) and against the bytes it points at."""

import json
import subprocess

import pytest

from networks.bluesky.facets import facets
from tests import bluesky_pds
from tests.conftest import require

CASES = [
    "plain text, nothing to mark",
    "hi @alice.test, see https://example.com/a/b?c=1. #launch",
    "Ünïcödé 😀 then @bob.example.com at (https://x.org/p) and #日本語!",
    "#one two#three #four_five, ##six #123 #seven7 (#eight) \uff03fullwidth",
    "a link in brackets https://en.wikipedia.org/wiki/Fish_(disambiguation) ends here",
    "@home is no handle, nor is mail@example.com; @carol.test is",
    "👩‍👩‍👧‍👦 family #emoji‍tag and #tag‍ after zero-width joiners",
]


def ours(text: str) -> list[dict]:
    # Every handle resolves to itself here: the official detection leaves the handle in `did`.
    return facets(text, resolve_handle=lambda handle: handle)


def official(texts: list[str]) -> list[list[dict]]:
    folder = bluesky_pds.install_dir()
    script = (
        "const {RichText} = require('@atproto/api');"
        "const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(texts.map((text) => {"
        "  const rich = new RichText({text}); rich.detectFacetsWithoutResolution();"
        "  return (rich.facets || []).map(({index, features}) => ({index, features}));"
        "})))"
    )
    done = subprocess.run(
        [str(folder / "node_modules/.bin/node"), "-e", script],
        cwd=folder,
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(done.stdout)


def test_facets_are_where_bluesky_s_own_client_puts_them():
    require(
        (bluesky_pds.install_dir() / "node_modules/@atproto/api").is_dir(),
        "needs @atproto/api from the PDS install: run `npm ci` in tests/pds",
    )
    for text, expected in zip(CASES, official(CASES), strict=True):
        key = lambda facet: facet["index"]["byteStart"]  # noqa: E731
        assert sorted(ours(text), key=key) == sorted(expected, key=key), text


@pytest.mark.parametrize("text", CASES)
def test_each_facet_covers_the_bytes_of_what_it_marks(text):
    encoded = text.encode("utf-8")
    for facet in ours(text):
        marked = encoded[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode("utf-8")
        feature = facet["features"][0]
        kind = feature["$type"].rsplit("#", 1)[-1]
        if kind == "link":
            assert marked == feature["uri"]
        elif kind == "tag":
            assert marked[1:] == feature["tag"] and marked[0] in "#\uff03"  # or the fullwidth sign
        else:
            assert marked == f"@{feature['did']}"


def test_a_mention_that_does_not_resolve_is_left_as_text():
    assert ours("hi @alice.test") and not facets("hi @alice.test", resolve_handle=lambda handle: None)
