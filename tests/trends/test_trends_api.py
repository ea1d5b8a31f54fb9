from datetime import timedelta

import pytest
from django.utils import timezone

from tests.trends.factories import TrendItemFactory, TrendSnapshotFactory
from trends import services

pytestmark = pytest.mark.django_db

LIST = "/api/v1/trends/"


def titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


def test_list_needs_authentication(api_client):
    assert api_client.get(LIST).status_code == 401


def test_list_is_paginated_with_the_newest_score_first(auth_client):
    TrendItemFactory(title="Low", latest_score=10)
    high = TrendItemFactory(title="High", latest_score=90, source="google", region="GB", category="search")
    TrendItemFactory(title="Middle", latest_score=50)

    response = auth_client.get(LIST, {"page_size": 2})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["next"].endswith("page=2&page_size=2") and body["previous"] is None
    assert body["results"][0] == {
        "id": high.id,
        "source": "google",
        "key": high.key,
        "title": "High",
        "url": high.url,
        "region": "GB",
        "category": "search",
        "score": 90.0,
        "first_seen_at": high.first_seen_at.isoformat().replace("+00:00", "Z"),
        "last_seen_at": high.last_seen_at.isoformat().replace("+00:00", "Z"),
    }
    assert titles(response) == ["High", "Middle"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"source": "reddit"}, ["Reddit post"]),
        ({"region": "gb"}, ["British eclipse"]),
        ({"q": "ECLIPSE"}, ["British eclipse", "Eclipse"]),
        ({"q": "sport"}, ["Reddit post"]),
        ({"min_score": "40"}, ["British eclipse", "Eclipse"]),
        ({"ordering": "title"}, ["British eclipse", "Eclipse", "Reddit post"]),
        ({"ordering": "score"}, ["Reddit post", "Eclipse", "British eclipse"]),
        ({"source": "sandbox", "region": "US", "min_score": "0"}, ["Eclipse"]),
    ],
)
def test_list_filters(auth_client, params, expected):
    TrendItemFactory(title="Eclipse", region="US", latest_score=60)
    TrendItemFactory(title="British eclipse", region="GB", latest_score=70)
    TrendItemFactory(title="Reddit post", source="reddit", region="", category="r/sports", latest_score=20)

    response = auth_client.get(LIST, params)

    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"source": "myspace"}, "source"),
        ({"region": "USA"}, "region"),
        ({"min_score": "lots"}, "min_score"),
        ({"min_score": "101"}, "min_score"),
        ({"ordering": "popularity"}, "ordering"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_bad_query_parameters_are_400_naming_them(auth_client, params, field):
    response = auth_client.get(LIST, params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert response.json()["detail"].startswith(f"{field}: ")


def test_detail_has_its_history_as_chart_points_oldest_first(auth_client):
    item = TrendItemFactory(title="Eclipse", latest_score=80)
    now = timezone.now()
    TrendSnapshotFactory(item=item, captured_at=now, score=80, value=300, rank=1, metrics={"demo_volume": 300})
    TrendSnapshotFactory(item=item, captured_at=now - timedelta(hours=2), score=40, value=100, rank=3)

    response = auth_client.get(f"{LIST}{item.id}/")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Eclipse" and body["score"] == 80.0
    assert body["history"] == [
        {
            "time": (now - timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
            "score": 40.0,
            "value": 100.0,
            "rank": 3,
            "metrics": {},
        },
        {
            "time": now.isoformat().replace("+00:00", "Z"),
            "score": 80.0,
            "value": 300.0,
            "rank": 1,
            "metrics": {"demo_volume": 300},
        },
    ]


def test_detail_history_since_and_point_cap(auth_client, settings):
    settings.TRENDS_HISTORY_POINTS = 2
    item = TrendItemFactory()
    now = timezone.now()
    for hours in range(4):
        TrendSnapshotFactory(item=item, captured_at=now - timedelta(hours=hours), score=hours)

    capped = auth_client.get(f"{LIST}{item.id}/")
    since = auth_client.get(f"{LIST}{item.id}/", {"since": (now - timedelta(minutes=30)).isoformat()})

    assert [p["score"] for p in capped.json()["history"]] == [1.0, 0.0]
    assert [p["score"] for p in since.json()["history"]] == [0.0]


def test_detail_errors(auth_client):
    item = TrendItemFactory()

    missing = auth_client.get(f"{LIST}999999/")
    bad_since = auth_client.get(f"{LIST}{item.id}/", {"since": "yesterday"})

    assert missing.status_code == 404 and missing.json()["errors"] == {}
    assert bad_since.status_code == 400 and list(bad_since.json()["errors"]) == ["since"]


def test_sources_say_which_are_enabled_and_how_their_last_run_went(auth_client, x_token):
    run = services.source_refresh(source="sandbox")

    response = auth_client.get(f"{LIST}sources/")

    assert response.status_code == 200
    by_name = {row["name"]: row for row in response.json()}
    assert list(by_name) == ["sandbox", "x", "reddit", "mastodon", "google"]  # the registry's order
    assert {name: row["enabled"] for name, row in by_name.items()} == {
        "sandbox": True,
        "google": False,
        "reddit": False,
        "mastodon": False,
        "x": True,
    }
    sandbox = by_name["sandbox"]
    assert sandbox["interval_seconds"] == 120 and sandbox["backoff_until"] is None
    assert sandbox["last_run"]["id"] == run.id
    assert sandbox["last_run"]["status"] == "success" and sandbox["last_run"]["items"] == run.items
    assert by_name["x"]["last_run"] is None
    assert "get_recent_tweets_count" in by_name["x"]["methods"]
