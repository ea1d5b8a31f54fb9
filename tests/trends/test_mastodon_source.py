"""Mastodon's trending tags of the configured instance, through the refresh service."""

import pytest

from tests.fakes.mastodon import rate_limited, trending_tag
from trends import services
from trends.models import RunStatus, TrendItem

pytestmark = pytest.mark.django_db


def test_trending_tags_become_scored_hashtags(mastodon_trends):
    mastodon_trends.trending_tags = [
        trending_tag("Caturday", [120, 80, 60]),
        trending_tag("fediverse", [40, 45]),
    ]

    run = services.source_refresh(source="mastodon")

    assert run.status == RunStatus.SUCCESS and run.items == 2
    cats = TrendItem.objects.get(source="mastodon", key="caturday")
    assert (cats.title, cats.category, cats.url) == ("#Caturday", "hashtag", "https://mastodon.example/tags/Caturday")
    point = cats.snapshots.get()
    assert (point.value, point.rank, point.score) == (120, 1, 100.0)
    assert point.metrics == {
        "instance": mastodon_trends.host,
        "uses_today": 120,
        "accounts_today": 60,
        "uses_7d": 260,
    }
    assert mastodon_trends.calls("GET /api/v1/trends/tags")[0].args["limit"] == "20"
    assert "Authorization" not in mastodon_trends.calls("GET /api/v1/trends/tags")[0].headers  # public


def test_an_instance_with_trends_off_answers_nothing_and_that_is_no_failure(mastodon_trends):
    run = services.source_refresh(source="mastodon")

    assert run.status == RunStatus.SUCCESS and run.items == 0


def test_a_rate_limit_backs_off_until_its_reset(mastodon_trends):
    mastodon_trends.script(
        "GET /api/v1/trends/tags", status=429, body={"error": "Too many requests"}, headers=rate_limited(600)
    )

    run = services.source_refresh(source="mastodon")

    assert run.status != RunStatus.SUCCESS
    assert "rate limited" in run.error


def test_a_malformed_answer_is_a_failed_run_saying_so(mastodon_trends):
    mastodon_trends.script("GET /api/v1/trends/tags", status=200, body={"error": "not a list"})

    run = services.source_refresh(source="mastodon")

    assert run.status == RunStatus.FAILED
    assert "malformed answer" in run.error


def test_the_source_is_off_without_an_instance(settings):
    from networks import trend_source_enabled

    assert trend_source_enabled("mastodon") is False
    settings.TRENDS_MASTODON_INSTANCE = "https://mastodon.social"
    assert trend_source_enabled("mastodon") is True
