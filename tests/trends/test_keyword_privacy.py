"""Watched keywords are private: their items are seen by the users who watch them, nobody else.

Items of the keywords an operator configures (TRENDS_KEYWORDS) and every other
trend are public. Two users, one refresh of the sandbox source (which records
the interest of every tracked keyword), and every way the API shows trends.
"""

import pytest

from tests.conftest import client_for
from tests.factories import UserFactory
from tests.fakes.x import FakeX, served
from tests.trends.factories import TrendItemFactory
from trends import services
from trends.models import TrendItem

pytestmark = pytest.mark.django_db

LIST = "/api/v1/trends/"
SECRET = "acme secret launch"


@pytest.fixture
def alice():
    return UserFactory(email="alice@example.com")


@pytest.fixture
def bob():
    return UserFactory(email="bob@example.com")


@pytest.fixture
def refreshed(settings, alice, bob) -> dict[str, TrendItem]:
    """Alice watches a keyword, the operator tracks one; the sandbox records both, and demo topics."""
    settings.TRENDS_KEYWORDS = ["Python"]
    services.watch_keyword_add(user=alice, keyword=SECRET)
    run = services.source_refresh(source="sandbox")
    assert run.status == "success"
    return {item.key: item for item in TrendItem.objects.filter(category="keyword")}


def keys(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["key"] for row in response.json()["results"]}


def test_a_watched_keyword_is_listed_only_for_its_watcher(refreshed, alice, bob):
    alices = keys(client_for(alice).get(LIST, {"page_size": 100}))
    bobs = keys(client_for(bob).get(LIST, {"page_size": 100}))

    assert {SECRET, "python"} <= alices
    assert "python" in bobs and SECRET not in bobs
    assert len(bobs) == len(alices) - 1  # the demo topics and the operator's keyword are everyone's


def test_a_watched_keyword_is_found_by_search_only_for_its_watcher(refreshed, alice, bob):
    for params in ({"q": "secret"}, {"q": "acme", "source": "sandbox"}, {"q": "launch", "ordering": "title"}):
        assert keys(client_for(alice).get(LIST, params)) == {SECRET}
        assert keys(client_for(bob).get(LIST, params)) == set()


def test_a_cached_answer_never_reaches_another_user(refreshed, alice, bob):
    first = client_for(alice).get(LIST, {"q": "acme"})  # cached for alice's visibility
    second = client_for(bob).get(LIST, {"q": "acme"})

    assert keys(first) == {SECRET}
    assert keys(second) == set()


def test_a_watched_keywords_item_is_404_for_others(refreshed, alice, bob):
    item = refreshed[SECRET]

    assert client_for(alice).get(f"{LIST}{item.pk}/").status_code == 200
    other = client_for(bob).get(f"{LIST}{item.pk}/")
    assert other.status_code == 404 and SECRET not in other.content.decode()


def test_removing_the_keyword_from_the_watchlist_hides_its_item(refreshed, alice):
    watch = alice.watch_keywords.get()
    before = keys(client_for(alice).get(LIST, {"q": "acme"}))

    client_for(alice).delete(f"{LIST}watchlist/{watch.pk}/")

    assert before == {SECRET}
    assert keys(client_for(alice).get(LIST, {"q": "acme"})) == set()


def test_two_watchers_of_a_keyword_both_see_it(refreshed, alice, bob):
    services.watch_keyword_add(user=bob, keyword=SECRET.upper())

    assert keys(client_for(bob).get(LIST, {"q": "acme"})) == {SECRET}
    assert [t["id"] for t in client_for(bob).get(f"{LIST}watchlist/").json()[0]["trends"]] == [refreshed[SECRET].pk]


def test_captions_ride_only_trends_the_user_may_see(refreshed, alice, bob, settings):
    settings.CAPTIONS_RIDE_TRENDS_LIMIT = 100
    TrendItem.objects.filter(pk=refreshed[SECRET].pk).update(latest_score=100)
    brief = {"topic": "Our roadmap", "networks": ["linkedin"], "ride_trends": True}

    alices = client_for(alice).post("/api/v1/captions/", brief, format="json")
    bobs = client_for(bob).post("/api/v1/captions/", brief, format="json")

    assert alices.status_code == bobs.status_code == 202
    assert SECRET in [t["title"] for t in alices.json()["trends"]]
    assert SECRET not in [t["title"] for t in bobs.json()["trends"]]
    assert SECRET not in bobs.content.decode()


def test_captions_refuse_another_users_keyword_item_by_id(refreshed, alice, bob):
    item = refreshed[SECRET]
    brief = {"topic": "Our roadmap", "networks": ["x"], "trend_ids": [item.pk]}

    alices = client_for(alice).post("/api/v1/captions/", brief, format="json")
    bobs = client_for(bob).post("/api/v1/captions/", brief, format="json")

    assert alices.status_code == 202 and alices.json()["trends"] == [{"title": SECRET, "source": "sandbox"}]
    assert bobs.status_code == 400
    assert bobs.json()["errors"]["trend_ids"] == [f"Unknown trend ids: {item.pk}."]


def test_a_keyword_with_the_same_name_as_a_public_trend_keeps_the_trend_public(alice, bob):
    public = TrendItemFactory(key="acme", title="Acme", category="search", region="")
    services.watch_keyword_add(user=alice, keyword="acme")

    assert public.key in keys(client_for(bob).get(LIST))


def test_source_errors_that_name_watched_keywords_are_for_moderators_only(settings, alice, bob):
    settings.TRENDS_X_BEARER_TOKEN = "fake-bearer"
    services.watch_keyword_add(user=alice, keyword=SECRET)
    fake = FakeX()
    fake.app_tokens.add(settings.TRENDS_X_BEARER_TOKEN)
    fake.script("GET /2/tweets/counts/recent", status=503, body={"title": "Service Unavailable"})
    with served(fake):
        run = services.source_refresh(source="x")
    moderator = UserFactory(role="moderator")

    users = client_for(bob).get(f"{LIST}sources/").json()
    moderators = client_for(moderator).get(f"{LIST}sources/").json()

    assert SECRET in run.error
    [x_for_bob] = [row for row in users if row["name"] == "x"]
    [x_for_moderator] = [row for row in moderators if row["name"] == "x"]
    assert x_for_bob["last_run"]["status"] == "failed" and x_for_bob["last_run"]["error"] == ""
    assert SECRET in x_for_moderator["last_run"]["error"]
