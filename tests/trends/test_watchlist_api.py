import pytest

from tests.factories import UserFactory
from trends import services
from trends.models import WatchKeyword

pytestmark = pytest.mark.django_db

WATCHLIST = "/api/v1/trends/watchlist/"


def test_add_a_keyword_then_see_the_items_tracking_it(auth_client, user):
    added = auth_client.post(WATCHLIST, {"keyword": "  AI   Agents "}, format="json")
    services.source_refresh(source="sandbox")

    listed = auth_client.get(WATCHLIST)

    assert added.status_code == 201
    assert added.json()["keyword"] == "ai agents" and added.json()["trends"] == []
    assert WatchKeyword.objects.get(user=user).keyword == "ai agents"
    [entry] = listed.json()
    assert entry["id"] == added.json()["id"]
    [tracking] = entry["trends"]
    assert tracking["source"] == "sandbox" and 0 < tracking["score"] <= 100
    history = auth_client.get(f"/api/v1/trends/{tracking['id']}/").json()["history"]
    assert len(history) == 1


def test_a_keyword_already_tracked_shows_its_items_at_once(auth_client, settings):
    settings.TRENDS_KEYWORDS = ["coffee"]
    services.source_refresh(source="sandbox")

    added = auth_client.post(WATCHLIST, {"keyword": "Coffee"}, format="json")

    assert added.status_code == 201
    assert [trend["source"] for trend in added.json()["trends"]] == ["sandbox"]


def test_each_user_sees_only_their_own_watchlist(auth_client):
    services.watch_keyword_add(user=UserFactory(), keyword="secret plans")

    assert auth_client.get(WATCHLIST).json() == []


@pytest.mark.parametrize(
    ("keyword", "status", "message"),
    [
        ("   ", 400, "This field may not be blank."),
        ("x" * 101, 400, "Ensure this field has no more than 100 characters."),
        ("COFFEE", 409, "This keyword is already on your watchlist."),
    ],
)
def test_bad_or_duplicate_keywords(auth_client, user, keyword, status, message):
    services.watch_keyword_add(user=user, keyword="coffee")

    response = auth_client.post(WATCHLIST, {"keyword": keyword}, format="json")

    assert response.status_code == status
    assert response.json()["errors"] == {"keyword": [message]}
    assert WatchKeyword.objects.filter(user=user).count() == 1


def test_the_watchlist_has_a_limit(auth_client, user, settings):
    settings.TRENDS_WATCHLIST_MAX = 2
    services.watch_keyword_add(user=user, keyword="one")
    services.watch_keyword_add(user=user, keyword="two")

    response = auth_client.post(WATCHLIST, {"keyword": "three"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"keyword": ["A watchlist holds at most 2 keywords."]}


def test_remove_own_keyword_but_not_anothers(auth_client, user):
    mine = services.watch_keyword_add(user=user, keyword="mine")
    theirs = services.watch_keyword_add(user=UserFactory(), keyword="theirs")

    removed = auth_client.delete(f"{WATCHLIST}{mine.id}/")
    refused = auth_client.delete(f"{WATCHLIST}{theirs.id}/")

    assert removed.status_code == 204
    assert refused.status_code == 404
    assert list(WatchKeyword.objects.values_list("keyword", flat=True)) == ["theirs"]
