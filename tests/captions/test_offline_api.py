"""Caption requests answered by the offline generator (no key configured), and the history."""

import networks
from captions.models import CaptionRequest
from networks import text_length
from tests.conftest import client_for
from tests.factories import UserFactory

URL = "/api/v1/captions/"


def test_offline_request_answers_variants_per_network_within_limits(auth_client, user, write):
    response = write(
        auth_client,
        {
            "topic": "Our new espresso blend",
            "networks": ["x", "instagram", "linkedin"],
            "tone": "playful",
            "count": 2,
            "hashtags": {"include": ["#Coffee"], "max": 2},
        },
    )

    assert response.json()["status"] == "succeeded", response.json()
    body = response.json()
    assert body["offline"] is True
    assert body["model"] == "offline"
    assert body["usage"] == {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    assert [v["network"] for v in body["variants"]] == ["x", "x", "instagram", "instagram", "linkedin", "linkedin"]
    for variant in body["variants"]:
        assert "espresso blend" in variant["text"]
        assert variant["hashtags"][0] == "Coffee"
        assert len(variant["hashtags"]) <= 2
        assert variant["limit"] == networks.get(variant["network"]).text.max_length
        assert variant["length"] == text_length(variant["network"], variant["text"]) <= variant["limit"]
        assert variant["within_limit"] is True
    assert body["variants"][0]["text"] != body["variants"][1]["text"]
    saved = CaptionRequest.objects.get(pk=body["id"])
    assert (saved.user, saved.status, saved.offline, saved.model) == (user, "succeeded", True, "offline")
    assert saved.output == body["variants"]
    assert saved.input["topic"] == "Our new espresso blend"
    assert saved.latency_ms is not None


def test_offline_answer_is_deterministic(auth_client, write):
    request = {"topic": "Spring cleaning tips", "networks": ["x"], "count": 3, "tone": "informative"}

    first = write(auth_client, request).json()
    second = write(auth_client, request).json()

    assert first["variants"] == second["variants"]


def test_x_counts_urls_as_23_and_cuts_long_drafts_at_a_word_boundary(auth_client, write):
    url = "https://example.com/" + "a" * 200
    draft = f"Read the full story at {url} " + "and then some more words " * 30

    response = write(auth_client, {"draft": draft, "networks": ["x", "reddit"]})

    assert response.json()["status"] == "succeeded", response.json()
    x, reddit = response.json()["variants"]
    assert url in x["text"]
    assert x["length"] == text_length("x", x["text"]) <= 280
    assert len(x["text"]) > 280  # the 220-character URL counts as 23
    body = x["text"].split("\n\n")[0]
    assert body.endswith("\u2026")
    assert body[:-1] in draft and draft[len(body) - 1] == " "  # cut where a word ends
    assert reddit["text"].startswith(draft.strip())  # Reddit's 40,000 leave the draft whole


def test_history_lists_own_requests_newest_first(auth_client, user, write):
    other = UserFactory()
    client_for(other).post(URL, {"topic": "Not yours", "networks": ["x"]}, format="json")
    write(auth_client, {"topic": "First", "networks": ["x"]})
    write(auth_client, {"topic": "Second", "networks": ["linkedin"], "language": "de-AT"})

    response = auth_client.get(URL)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["input"]["topic"] for r in results] == ["Second", "First"]
    latest = results[0]
    assert latest["input"]["language"] == "de-AT"
    assert latest["status"] == "succeeded"
    assert latest["model"] == "offline"
    assert latest["variants"][0]["network"] == "linkedin"
    assert set(latest["usage"]) == {"prompt_tokens", "completion_tokens", "total_tokens"}
    assert isinstance(latest["latency_ms"], int)
    assert response.json()["count"] == 2 == CaptionRequest.objects.filter(user=user).count()


def test_another_users_request_is_not_found(auth_client, write):
    other = client_for(UserFactory())
    theirs = write(other, {"topic": "Private", "networks": ["x"]}).json()["id"]

    assert auth_client.get(f"{URL}{theirs}/").status_code == 404
    assert other.get(f"{URL}{theirs}/").json()["input"]["topic"] == "Private"


def test_captions_need_authentication(api_client, db, write):
    assert write(api_client, {"topic": "x", "networks": ["x"]}).status_code == 401
    assert api_client.get(URL).status_code == 401
    assert CaptionRequest.objects.count() == 0
