from datetime import date, timedelta
from io import StringIO

import pytest
import responses
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.fakes.google import add_pytrends, add_pytrends_cookie, add_pytrends_token
from tests.trends.factories import TrendItemFactory, TrendSnapshotFactory
from trends.models import SourceRun, TrendItem, TrendSnapshot

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_refresh_trends_runs_every_enabled_source_now():
    out, _ = run("refresh_trends")

    assert out.startswith("sandbox: success, 24 items in ")
    assert SourceRun.objects.get().source == "sandbox"


def test_refresh_trends_fails_when_a_source_fails(google):
    google.expect_request("/trending/rss").respond_with_data("down", status=500)

    with pytest.raises(CommandError, match="failed: google"):
        run("refresh_trends", "--source", "google")

    assert SourceRun.objects.get().error == "trending RSS US: answered HTTP 500"


def test_refresh_trends_says_when_a_source_is_skipped():
    out, _ = run("refresh_trends", "--source", "reddit")

    assert out == "reddit: skipped (disabled or backing off after a 429)\n"


def test_backfill_is_idempotent_and_shows_progress():
    args = ("backfill_trends", "--source", "sandbox", "--from", "2026-11-01", "--to", "2026-11-03")

    first, progress = run(*args, "--keywords", "coffee", "Tea")
    second, _ = run(*args, "--keywords", "coffee", "tea")

    assert first == "6 points stored, 0 already there\n"
    assert second == "0 points stored, 6 already there\n"
    assert "2/2" in progress  # tqdm's bar
    coffee = TrendItem.objects.get(source="sandbox", key="coffee", region="")
    assert coffee.first_seen_at.date() == date(2026, 11, 1) and coffee.last_seen_at.date() == date(2026, 11, 3)
    points = list(coffee.snapshots.order_by("captured_at"))
    assert [p.captured_at.date() for p in points] == [date(2026, 11, d) for d in (1, 2, 3)]
    assert all(0 <= p.score <= 100 and p.rank in (1, 2) for p in points)
    assert coffee.latest_score == points[-1].score


@responses.activate
def test_backfill_google_through_pytrends():
    add_pytrends(responses.mock, [(1_795_000_000 + day * 86400, [value]) for day, value in enumerate([10, 40, 80])])

    out, _ = run(
        "backfill_trends", "--source", "google", "--from", "2026-11-17", "--to", "2026-11-19", "--keywords", "coffee"
    )

    assert out == "3 points stored, 0 already there\n"
    coffee = TrendItem.objects.get(source="google", key="coffee")
    assert list(coffee.snapshots.values_list("value", flat=True)) == [10, 40, 80]
    explore = responses.calls[1].request
    assert "2026-11-17+2026-11-19" in explore.url


@responses.activate
def test_backfill_reports_keywords_google_refused():
    add_pytrends_cookie(responses.mock)
    add_pytrends_token(responses.mock, status=429)

    with pytest.raises(CommandError, match="no keyword could be backfilled"):
        run("backfill_trends", "--source", "google", "--from", "2026-11-01", "--to", "2026-11-02", "--keywords", "tea")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026-11-05", "--to", "2026-11-01", "--keywords", "tea"), "The start date is after the end date."),
        (("--from", "2026-11-01", "--to", "2026-11-02"), "No keywords: pass some or add them to a watchlist."),
    ],
)
def test_backfill_refuses_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        run("backfill_trends", "--source", "sandbox", *args)


def test_prune_deletes_what_is_older_than_the_age():
    now = timezone.now()
    old_item = TrendItemFactory(last_seen_at=now - timedelta(days=100))
    live = TrendItemFactory()
    TrendSnapshotFactory(item=live, captured_at=now - timedelta(days=91))
    kept = TrendSnapshotFactory(item=live, captured_at=now - timedelta(days=89))
    SourceRun.objects.create(source="sandbox", started_at=now - timedelta(days=95))
    recent_run = SourceRun.objects.create(source="sandbox", started_at=now)

    out, _ = run("prune_trends", "--older-than", "90d")

    assert out == "deleted 1 snapshots, 1 trends, 1 runs\n"
    assert list(TrendItem.objects.all()) == [live]
    assert not TrendItem.objects.filter(pk=old_item.pk).exists()
    assert list(TrendSnapshot.objects.all()) == [kept]
    assert list(SourceRun.objects.all()) == [recent_run]


@pytest.mark.parametrize("age", ["90", "ninety days", "0d", "3m"])
def test_prune_refuses_an_unreadable_age(age):
    with pytest.raises(CommandError, match="--older-than must look like 90d, 12h or 4w"):
        run("prune_trends", "--older-than", age)
