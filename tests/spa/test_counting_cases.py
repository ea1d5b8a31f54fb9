"""The SPA's live counters and the server's validation count text the same way.

frontend/src/lib/counting-cases.json is asserted here against the network specs
and in frontend/src/lib/counting.test.js against the SPA's helpers.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from networks import text_length
from networks.spec import extract_hashtags

CASES = json.loads((Path(settings.BASE_DIR) / "frontend/src/lib/counting-cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["length"], ids=lambda case: repr(case["text"][:30]))
def test_server_counts_each_shared_case_as_recorded(case):
    assert text_length("x", case["text"]) == case["x"]
    assert text_length("bluesky", case["text"]) == case["bluesky"]
    assert text_length("mastodon", case["text"]) == case.get("mastodon", case["other"])
    assert text_length("linkedin", case["text"]) == case["other"]


@pytest.mark.parametrize("case", CASES["hashtags"], ids=lambda case: case["text"])
def test_server_extracts_the_shared_hashtag_cases(case):
    assert extract_hashtags(case["text"]) == case["tags"]
