"""The list's cached answers, on a real Redis."""

import pytest
import redis

from tests.trends.factories import TrendItemFactory
from trends import services

pytestmark = pytest.mark.django_db

LIST = "/api/v1/trends/"


def titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


@pytest.fixture
def redis_client(redis_url, settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    return redis.Redis.from_url(redis_url)


def test_answers_are_served_from_redis_until_a_refresh_stores_data(
    redis_client, auth_client, settings, django_capture_on_commit_callbacks
):
    settings.TRENDS_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        services.source_refresh(source="sandbox")
    first = auth_client.get(LIST)
    TrendItemFactory(title="Written behind the cache's back", latest_score=100)

    cached = auth_client.get(LIST)

    assert cached.json() == first.json()
    keys = redis_client.keys("*trends:list:*")
    answer_keys = [key for key in keys if not key.endswith(b"version")]
    assert len(answer_keys) == 1
    assert 0 < redis_client.ttl(answer_keys[0]) <= 300

    with django_capture_on_commit_callbacks(execute=True):
        services.source_refresh(source="sandbox")
    fresh = auth_client.get(LIST)

    assert "Written behind the cache's back" in titles(fresh)
    assert fresh.json()["count"] == first.json()["count"] + 1


def test_each_filter_and_page_is_its_own_entry(redis_client, auth_client):
    TrendItemFactory(title="Eclipse", region="US")
    TrendItemFactory(title="Cup final", region="GB")

    us = auth_client.get(LIST, {"region": "US"})
    gb = auth_client.get(LIST, {"region": "gb"})
    gb_again = auth_client.get(LIST, {"region": "GB"})

    assert titles(us) == ["Eclipse"] and titles(gb) == titles(gb_again) == ["Cup final"]
    answer_keys = [key for key in redis_client.keys("*trends:list:*") if not key.endswith(b"version")]
    assert len(answer_keys) == 2


def test_bad_parameters_are_not_cached(redis_client, auth_client):
    response = auth_client.get(LIST, {"min_score": "lots"})

    assert response.status_code == 400
    assert [key for key in redis_client.keys("*trends:list:*") if not key.endswith(b"version")] == []
