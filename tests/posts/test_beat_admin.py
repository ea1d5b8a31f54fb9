"""Admin of django-celery-beat: moderators look and never act; the publishing schedule is a superuser's."""

import pytest
from django.conf import settings
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from accounts.roles import Role
from socialtrend.celery import app as celery_app
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TASKS = "/admin/django_celery_beat/periodictask/"


@pytest.fixture
def beat_rows() -> dict[str, PeriodicTask]:
    """The periodic tasks as beat's database scheduler stores them when it starts."""
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        ModelEntry.from_entry(name, app=celery_app, **entry)
    return {task.name: task for task in PeriodicTask.objects.select_related("interval")}


@pytest.fixture
def moderator_client(client):
    client.force_login(UserFactory(role=Role.MODERATOR))
    return client


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(role=Role.ADMIN))
    return client


# A schedule's change form carries the (read-only) inline of the tasks that use it.
NO_INLINE_CHANGES = {"periodictask_set-TOTAL_FORMS": 0, "periodictask_set-INITIAL_FORMS": 0}


def act(client, action: str, *tasks: PeriodicTask):
    return client.post(TASKS, {"action": action, "_selected_action": [t.pk for t in tasks]}, follow=True)


def test_moderator_sees_the_schedule_but_is_offered_no_action(moderator_client, beat_rows):
    response = moderator_client.get(TASKS)

    assert response.status_code == 200
    assert "posts.dispatch_due" in response.content.decode()
    assert 'name="action"' not in response.content.decode()


@pytest.mark.parametrize("action", ["disable_tasks", "toggle_tasks"])
def test_moderator_cannot_stop_the_dispatcher_with_an_action(moderator_client, beat_rows, action):
    dispatcher = beat_rows["posts.dispatch_due"]

    response = act(moderator_client, action, dispatcher)

    assert response.status_code == 200
    assert "successfully" not in response.content.decode()
    dispatcher.refresh_from_db()
    assert dispatcher.enabled is True


def test_moderator_cannot_enable_or_run_tasks(moderator_client, beat_rows):
    PeriodicTask.objects.filter(name="posts.reap_stuck").update(enabled=False)
    reaper = PeriodicTask.objects.get(name="posts.reap_stuck")

    enabled = act(moderator_client, "enable_tasks", reaper)
    ran = act(moderator_client, "run_tasks", reaper)

    assert "successfully" not in enabled.content.decode()
    assert "successfully" not in ran.content.decode()
    reaper.refresh_from_db()
    assert reaper.enabled is False


def test_moderator_cannot_change_the_dispatchers_interval(moderator_client, beat_rows):
    interval = beat_rows["posts.dispatch_due"].interval
    before = (interval.every, interval.period)

    page = moderator_client.get(f"/admin/django_celery_beat/intervalschedule/{interval.pk}/change/")
    post = moderator_client.post(
        f"/admin/django_celery_beat/intervalschedule/{interval.pk}/change/",
        {"every": 3600, "period": "seconds", **NO_INLINE_CHANGES},
    )

    assert page.status_code == 200 and 'name="every"' not in page.content.decode()  # a read-only view
    assert post.status_code == 403
    interval.refresh_from_db()
    assert (interval.every, interval.period) == before


def test_moderator_cannot_change_or_add_any_schedule(moderator_client, beat_rows):
    crontab = CrontabSchedule.objects.create(minute="0", hour="4")

    change = moderator_client.post(
        f"/admin/django_celery_beat/crontabschedule/{crontab.pk}/change/",
        {"minute": "*", "hour": "*", "day_of_month": "*", "month_of_year": "*", "day_of_week": "*", "timezone": "UTC"}
        | NO_INLINE_CHANGES,
    )
    add = moderator_client.post(
        "/admin/django_celery_beat/intervalschedule/add/", {"every": 5, "period": "days", **NO_INLINE_CHANGES}
    )

    assert (change.status_code, add.status_code) == (403, 403)
    crontab.refresh_from_db()
    assert (crontab.minute, crontab.hour) == ("0", "4")
    assert not IntervalSchedule.objects.filter(every=5, period="days").exists()


def test_superuser_may_tune_the_dispatchers_interval(superuser_client, beat_rows):
    interval = beat_rows["posts.dispatch_due"].interval

    response = superuser_client.post(
        f"/admin/django_celery_beat/intervalschedule/{interval.pk}/change/",
        {"every": 2, "period": "seconds", **NO_INLINE_CHANGES},
    )

    assert response.status_code == 302
    interval.refresh_from_db()
    assert (interval.every, interval.period) == (2, "seconds")


def test_superuser_may_stop_and_start_the_dispatcher(superuser_client, beat_rows):
    dispatcher = beat_rows["posts.dispatch_due"]

    disabled = act(superuser_client, "disable_tasks", dispatcher)
    dispatcher.refresh_from_db()
    was_enabled = dispatcher.enabled
    act(superuser_client, "enable_tasks", dispatcher)
    dispatcher.refresh_from_db()

    assert "1 task was successfully disabled" in disabled.content.decode()
    assert (was_enabled, dispatcher.enabled) == (False, True)


def test_publishing_schedule_stays_a_superusers_even_where_moderators_may_change_beat(
    moderator_client, beat_rows, monkeypatch
):
    """Were moderators given beat's change right, they could tune other tasks but not publishing's."""
    monkeypatch.setattr("accounts.roles.MODERATOR_READ_ONLY_APPS", frozenset())
    monkeypatch.setattr("accounts.roles.MODERATOR_READ_ONLY", frozenset())
    dispatcher, tokens = beat_rows["posts.dispatch_due"], beat_rows["social-accounts-refresh-tokens"]
    interval = dispatcher.interval

    disabled = act(moderator_client, "disable_tasks", dispatcher, tokens)
    tuned = moderator_client.post(
        f"/admin/django_celery_beat/intervalschedule/{interval.pk}/change/",
        {"every": 3600, "period": "seconds", **NO_INLINE_CHANGES},
    )

    assert "1 skipped: the publishing schedule" in disabled.content.decode()
    assert tuned.status_code == 403
    for row in (dispatcher, tokens, interval):
        row.refresh_from_db()
    assert (dispatcher.enabled, tokens.enabled, interval.every) == (True, False, 1)


def test_bulk_deletion_of_the_publishing_schedule_is_refused_to_anyone_but_a_superuser(
    moderator_client, beat_rows, monkeypatch
):
    """Deleting the dispatcher's interval would delete the dispatcher with it (a cascade)."""
    monkeypatch.setattr("accounts.roles.MODERATOR_READ_ONLY_APPS", frozenset())
    monkeypatch.setattr("accounts.roles.MODERATOR_ACTIONS", frozenset({"view", "change", "delete"}))
    dispatchers, spare = (
        beat_rows["posts.dispatch_due"].interval,
        IntervalSchedule.objects.create(every=7, period="days"),
    )

    response = moderator_client.post(
        "/admin/django_celery_beat/intervalschedule/",
        {"action": "delete_selected", "_selected_action": [dispatchers.pk, spare.pk], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 403
    assert IntervalSchedule.objects.filter(pk=spare.pk).exists()
    assert PeriodicTask.objects.filter(name="posts.dispatch_due", interval=dispatchers).exists()
    assert (
        moderator_client.post(
            f"/admin/django_celery_beat/intervalschedule/{spare.pk}/delete/", {"post": "yes"}
        ).status_code
        == 302
    )  # what is not publishing's may go
    assert not IntervalSchedule.objects.filter(pk=spare.pk).exists()
