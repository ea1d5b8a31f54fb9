"""Bad caption requests get a 400 that names the field, and cost nothing."""

import pytest

from captions.models import CaptionRequest

URL = "/api/v1/captions/"
VALID = {"topic": "Launch day", "networks": ["x"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"topic": ""}, "topic"),
        ({"draft": "Also a draft"}, "topic"),
        ({"topic": "x" * 501}, "topic"),
        ({"networks": []}, "networks"),
        ({"networks": ["myspace"]}, "networks.0"),
        ({"networks": ["x", "x"]}, "networks"),
        ({"networks": "x"}, "networks"),
        ({"tone": "sarcastic"}, "tone"),
        ({"language": "english please"}, "language"),
        ({"language": "e"}, "language"),
        ({"count": 0}, "count"),
        ({"count": 6}, "count"),
        ({"trend_ids": [0]}, "trend_ids.0"),
        ({"trend_ids": [1], "ride_trends": True}, "ride_trends"),
        ({"hashtags": {"include": ["two words"]}}, "hashtags.include.0"),
        ({"hashtags": {"max": 31}}, "hashtags.max"),
        ({"hashtags": {"include": ["a", "b", "c"], "max": 2}}, "hashtags.include"),
    ],
)
def test_bad_input_is_400_naming_the_field(auth_client, change, field, write):
    body = {**VALID, **change}
    if "draft" in change:
        body["topic"] = "A topic too"

    response = write(auth_client, body)

    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"], response.json()
    assert CaptionRequest.objects.count() == 0


@pytest.mark.parametrize("tag", ["en", "de-AT", "zh-Hant-TW", "sr-Latn", "es-419", "en-US-x-twain"])
def test_well_formed_language_tags_are_accepted(auth_client, tag, write):
    assert write(auth_client, {**VALID, "language": tag}).json()["status"] == "succeeded"


def test_draft_instead_of_topic_is_accepted(auth_client, write):
    response = write(auth_client, {"draft": "We ship on Monday.", "networks": ["linkedin"]})

    assert response.json()["status"] == "succeeded"
    assert response.json()["variants"][0]["text"].startswith("We ship on Monday.")
