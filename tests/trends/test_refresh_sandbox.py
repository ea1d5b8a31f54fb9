from datetime import timedelta

import pytest
from django.utils import timezone

from networks.sandbox.trends import REGIONS, TOPICS_PER_REGION
from trends import services
from trends.models import RunStatus, SourceRun, TrendItem, TrendSnapshot

pytestmark = pytest.mark.django_db


def test_sandbox_refresh_stores_scored_items_per_region_and_records_the_run():
    run = services.source_refresh(source="sandbox")

    assert run.status == RunStatus.SUCCESS
    assert run.items == len(REGIONS) * TOPICS_PER_REGION
    assert run.finished_at >= run.started_at and run.duration_ms is not None and run.error == ""
    items = TrendItem.objects.filter(source="sandbox")
    assert items.count() == run.items
    assert set(items.values_list("region", flat=True)) == set(REGIONS)
    for region in REGIONS:
        ranks = sorted(TrendSnapshot.objects.filter(item__region=region).values_list("rank", flat=True))
        assert ranks == list(range(1, TOPICS_PER_REGION + 1))
    top = items.filter(region="US").order_by("-latest_score").first()
    assert top.latest_score == 100.0  # first sight counts as growth, and it ranks first
    assert top.snapshots.get().score == top.latest_score


def test_a_second_refresh_appends_history_and_scores_growth_against_it():
    services.source_refresh(source="sandbox")
    TrendSnapshot.objects.update(value=1_000)  # every item was far bigger before

    second = services.source_refresh(source="sandbox")

    again = TrendItem.objects.filter(last_seen_at=second.started_at)
    assert again.count() == second.items
    for item in again:
        _first, latest = item.snapshots.order_by("captured_at")
        rank_score = 100 * (TOPICS_PER_REGION - latest.rank + 1) / TOPICS_PER_REGION
        growth = (latest.value - 1_000) / 1_000
        assert latest.score == round(0.7 * rank_score + 0.3 * 50 * (1 + growth), 1)
        assert item.latest_score == latest.score


def test_items_missing_from_a_complete_answer_drop_to_zero_once():
    old = TrendItem.objects.create(
        source="sandbox",
        key="yesterday's news",
        title="Yesterday's news",
        first_seen_at=timezone.now() - timedelta(days=1),
        last_seen_at=timezone.now() - timedelta(days=1),
        latest_score=80,
    )

    services.source_refresh(source="sandbox")
    services.source_refresh(source="sandbox")

    old.refresh_from_db()
    assert old.latest_score == 0
    assert list(old.snapshots.values_list("score", "rank", "metrics")) == [(0, 0, {"absent": True})]


def test_watched_and_configured_keywords_get_interest_items(settings, user):
    settings.TRENDS_KEYWORDS = ["Espresso  Machines"]
    services.watch_keyword_add(user=user, keyword="AI Agents")

    services.source_refresh(source="sandbox")

    keywords = TrendItem.objects.filter(source="sandbox", category="keyword")
    assert sorted(keywords.values_list("key", flat=True)) == ["ai agents", "espresso machines"]
    assert all(0 < item.latest_score <= 100 for item in keywords)


def test_a_disabled_source_is_skipped_without_a_run(settings):
    settings.TRENDS_SANDBOX_ENABLED = False

    assert services.source_refresh(source="sandbox") is None
    assert not SourceRun.objects.exists()
