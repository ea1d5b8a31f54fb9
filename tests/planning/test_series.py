"""Recurring posts: the rule's occurrences made as posts ahead, edited by scope, stopped."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from planning.models import Occurrence, Series
from planning.services import series as series_services
from posts.models import Delivery, Post
from posts.services import posts as post_services
from socialtrend.errors import ApplicationError, ConflictError
from tests.conftest import client_for
from tests.factories import SocialAccountFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(timezone="Europe/Paris")


@pytest.fixture
def account(owner):
    return SocialAccountFactory(owner=owner)


def scheduled(owner, account, at: datetime, caption: str = "Weekly tip") -> Post:
    return post_services.post_create(owner=owner, account_ids=[account.pk], caption=caption, scheduled_at=at)


def tomorrow_at_nine(zone: str) -> datetime:
    local = (timezone.now() + timedelta(days=1)).astimezone(ZoneInfo(zone))
    return local.replace(hour=9, minute=0, second=0, microsecond=0)


def local_times(series: Series) -> list[str]:
    zone = ZoneInfo(series.timezone)
    return [o.at.astimezone(zone).strftime("%a %H:%M") for o in series.occurrences.all()]


def test_a_daily_series_makes_its_horizon_of_posts_each_with_its_own_delivery(owner, account, settings):
    settings.SERIES_HORIZON_DAYS = 10
    first = scheduled(owner, account, tomorrow_at_nine(owner.timezone))
    series = series_services.series_create(post=first, rule="FREQ=DAILY")
    occurrences = list(series.occurrences.select_related("post"))
    horizon = timezone.now() + timedelta(days=10)
    # Every day from tomorrow 09:00 up to the horizon, and not one more.
    assert occurrences[-1].at <= horizon < occurrences[-1].at + timedelta(days=1)
    days = [o.at.astimezone(ZoneInfo("Europe/Paris")).date() for o in occurrences]
    assert all((later - earlier).days == 1 for earlier, later in pairwise(days))
    assert occurrences[0].post == first
    assert {o.at.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M") for o in occurrences} == {"09:00"}
    assert Delivery.objects.filter(post__occurrence__series=series).count() == len(occurrences)
    assert all(o.post.caption == "Weekly tip" and o.post.scheduled_at == o.at for o in occurrences)
    # Extending again makes nothing twice.
    assert series_services.series_extend(series=series) == 0


def test_wall_times_hold_across_the_spring_change_in_paris(owner, account, settings):
    settings.SERIES_HORIZON_DAYS = 366
    series = Series.objects.create(
        owner=owner,
        rule="FREQ=WEEKLY;BYDAY=SA,SU",
        starts_at=datetime(2027, 3, 20, 8, tzinfo=UTC),
        timezone="Europe/Paris",
        account_ids=[account.pk],
        caption="Weekend",
    )
    times = series_services.occurrence_times(
        series, after=datetime(2027, 3, 19, tzinfo=UTC), until=datetime(2027, 4, 1, tzinfo=UTC)
    )
    assert times == [
        datetime(2027, 3, 20, 8, tzinfo=UTC),  # 09:00 CET
        datetime(2027, 3, 21, 8, tzinfo=UTC),
        datetime(2027, 3, 27, 8, tzinfo=UTC),
        datetime(2027, 3, 28, 7, tzinfo=UTC),  # 09:00 CEST: the clocks changed that night
    ]


def test_after_downtime_the_missed_occurrences_are_skipped_not_fired_at_once(owner, account):
    series = Series.objects.create(
        owner=owner,
        rule="FREQ=DAILY",
        starts_at=timezone.now() - timedelta(days=5),
        timezone=owner.timezone,
        account_ids=[account.pk],
        caption="Daily",
    )
    series_services.series_extend(series=series)
    assert series.occurrences.exists()
    assert all(o.at > timezone.now() for o in series.occurrences.all())


def test_a_count_ends_the_series(owner, account, settings):
    settings.SERIES_HORIZON_DAYS = 60
    series = series_services.series_create(
        post=scheduled(owner, account, tomorrow_at_nine(owner.timezone)), rule="FREQ=WEEKLY;COUNT=3"
    )
    assert series.occurrences.count() == 3


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=HOURLY", "FREQ must be one of"),
        ("FREQ=MINUTELY;COUNT=5", "FREQ must be one of"),
        ("FREQ=DAILY;COUNT=5;UNTIL=20270101T000000Z", "not both"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be"),
        ("FREQ=DAILY;COUNT=٣", "COUNT must be"),
        ("FREQ=DAILY;BYSECOND=5", "BYSECOND is not supported"),
        ("FREQ=WEEKLY;BYDAY=XX", "Not a recurrence rule"),
        ("FREQ=DAILY;UNTIL=tomorrow", "Not a recurrence rule"),
        ("every day", "not supported"),
        ("", "FREQ must be one of"),
    ],
)
def test_a_bad_rule_is_refused_on_the_rule_field(owner, account, rule, message):
    post = scheduled(owner, account, tomorrow_at_nine(owner.timezone))
    with pytest.raises(ApplicationError) as refused:
        series_services.series_create(post=post, rule=rule)
    assert message in refused.value.message and list(refused.value.errors) == ["rule"]
    assert not Series.objects.exists()


def test_a_draft_cannot_start_a_series(owner, account):
    draft = post_services.post_create(owner=owner, account_ids=[account.pk], caption="No time")
    with pytest.raises(ApplicationError) as refused:
        series_services.series_create(post=draft, rule="FREQ=DAILY")
    assert list(refused.value.errors) == ["post_id"]


def test_editing_this_and_following_leaves_earlier_and_started_occurrences(owner, account, settings):
    settings.SERIES_HORIZON_DAYS = 5
    series = series_services.series_create(
        post=scheduled(owner, account, tomorrow_at_nine(owner.timezone)), rule="FREQ=DAILY"
    )
    occurrences = list(series.occurrences.select_related("post"))
    started = occurrences[-1].post
    Delivery.objects.filter(post=started).update(attempts=1)  # publishing began: it may not change

    answer = series_services.series_update(
        series=series, post=occurrences[2].post, scope="following", changes={"caption": "New tip"}
    )

    captions = [Post.objects.get(pk=o.post_id).caption for o in occurrences]
    assert captions[:2] == ["Weekly tip", "Weekly tip"]
    assert captions[2:-1] == ["New tip"] * (len(occurrences) - 3) and captions[-1] == "Weekly tip"
    assert answer == {"updated": len(occurrences) - 3, "skipped": 1}
    assert Series.objects.get(pk=series.pk).caption == "New tip"  # occurrences still to be made


def test_editing_all_changes_every_occurrence_not_started(owner, account, settings):
    settings.SERIES_HORIZON_DAYS = 3
    series = series_services.series_create(
        post=scheduled(owner, account, tomorrow_at_nine(owner.timezone)), rule="FREQ=DAILY"
    )
    last = series.occurrences.last().post
    series_services.series_update(series=series, post=last, scope="all", changes={"caption": "Everywhere"})
    assert set(Post.objects.filter(occurrence__series=series).values_list("caption", flat=True)) == {"Everywhere"}


def test_one_cancelled_occurrence_is_not_made_again_and_stopping_cancels_the_rest(owner, account, settings):
    settings.SERIES_HORIZON_DAYS = 4
    series = series_services.series_create(
        post=scheduled(owner, account, tomorrow_at_nine(owner.timezone)), rule="FREQ=DAILY"
    )
    skipped = series.occurrences.all()[1].post
    post_services.post_cancel(post=skipped)
    assert series_services.series_extend(series=series) == 0

    cancelled = series_services.series_stop(series=series)
    assert cancelled == series.occurrences.count() - 1  # the skipped one was already cancelled
    with pytest.raises(ConflictError):
        series_services.series_stop(series=series)
    assert series_services.series_extend(series=series, now=timezone.now() + timedelta(days=10)) == 0


def test_an_account_gone_stops_the_extension_with_a_reason(owner, account, settings):
    settings.SERIES_HORIZON_DAYS = 2
    series = series_services.series_create(
        post=scheduled(owner, account, tomorrow_at_nine(owner.timezone)), rule="FREQ=DAILY"
    )
    account.status = account.Status.EXPIRED
    account.save()
    made = series_services.series_extend(series=series, now=timezone.now() + timedelta(days=5))
    assert made == 0 and "reconnect" in Series.objects.get(pk=series.pk).last_error


def test_the_api_creates_reads_and_guards_series(owner, account):
    client = client_for(owner)
    post = scheduled(owner, account, tomorrow_at_nine(owner.timezone))
    created = client.post("/api/v1/series/", {"post_id": post.pk, "rule": "FREQ=WEEKLY;BYDAY=MO,TH"}, format="json")
    assert created.status_code == 201, created.json()
    series_id = created.json()["id"]
    assert created.json()["occurrences"][0] == {
        "post_id": post.pk,
        "at": created.json()["starts_at"],
        "status": "scheduled",
    }
    assert [s["id"] for s in client.get(f"/api/v1/series/?post={post.pk}").json()] == [series_id]
    assert client.post("/api/v1/series/", {"post_id": post.pk, "rule": "FREQ=DAILY"}, format="json").status_code == 409
    other = scheduled(owner, account, tomorrow_at_nine(owner.timezone) + timedelta(hours=1))
    bad = client.post("/api/v1/series/", {"post_id": other.pk, "rule": "FREQ=SECONDLY"}, format="json")
    assert bad.status_code == 400 and "rule" in bad.json()["errors"]
    scope = client.patch(f"/api/v1/series/{series_id}/", {"post_id": post.pk, "scope": "this"}, format="json")
    assert scope.status_code == 400 and "scope" in scope.json()["errors"]
    assert client.get("/api/v1/series/?post=abc").status_code == 400

    stranger = client_for(UserFactory())
    assert stranger.get(f"/api/v1/series/{series_id}/").status_code == 404
    assert stranger.post(f"/api/v1/series/{series_id}/stop/").status_code == 404
    assert stranger.get(f"/api/v1/series/?post={post.pk}").json() == []
    assert client.post(f"/api/v1/series/{series_id}/stop/").status_code == 200
    assert Occurrence.objects.filter(series_id=series_id).exists()


def test_the_api_edits_this_and_the_following_occurrences(owner, account, settings):
    settings.SERIES_HORIZON_DAYS = 10
    client = client_for(owner)
    first = scheduled(owner, account, tomorrow_at_nine(owner.timezone))
    series_id = client.post(
        "/api/v1/series/", {"post_id": first.pk, "rule": "FREQ=DAILY;COUNT=3"}, format="json"
    ).json()["id"]
    second = Occurrence.objects.filter(series_id=series_id).order_by("at")[1].post
    answer = client.patch(
        f"/api/v1/series/{series_id}/", {"post_id": second.pk, "scope": "following", "caption": "New"}, format="json"
    )
    assert answer.status_code == 200 and answer.json() == {"updated": 2, "skipped": 0}
    captions = [o.post.caption for o in Occurrence.objects.filter(series_id=series_id).order_by("at")]
    assert captions == ["Weekly tip", "New", "New"]
    assert client.get(f"/api/v1/posts/{second.pk}/").json()["caption"] == "New"
