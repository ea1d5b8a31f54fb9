"""The transition table: every move leaves only its source statuses, and each new
transition of a delivery's life (retry keeps the schedule, an expired account pauses,
a reconnect resumes) through the services, the dispatcher and the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services as account_services
from accounts.models import SocialAccount
from networks.sandbox.models import SandboxPublication
from posts.models import Delivery, DeliveryAttempt, Post
from posts.services import dispatch
from posts.services.transitions import TRANSITIONS, deliveries_move
from tests.factories import SocialAccountFactory
from tests.posts.helpers import make_due, make_post, publish

pytestmark = pytest.mark.django_db

S = Delivery.Status


@pytest.fixture
def account(user):
    return SocialAccountFactory(owner=user, network="sandbox", remote_id="sandbox:ada", handle="ada")


def in_status(account, status: str) -> Delivery:
    """A delivery put in `status` directly, with the columns its status requires."""
    post = make_post(accounts=[account])
    now = timezone.now()
    Delivery.objects.filter(post=post).update(
        status=status, queued_at=now, started_at=now, published_at=now, finished_at=now, last_error="boom"
    )
    return Delivery.objects.get(post=post)


def tick(capture, **kwargs) -> dispatch.DispatchReport:
    with capture(execute=False):
        return dispatch.dispatch_due(**kwargs)


MOVES = [(name, status) for name in TRANSITIONS for status in S.values]


@pytest.mark.parametrize(("name", "status"), MOVES)
def test_a_move_changes_exactly_the_deliveries_in_its_source_statuses(account, name, status):
    delivery = in_status(account, status)
    transition = TRANSITIONS[name]

    moved = deliveries_move(name, Delivery.objects.filter(pk=delivery.pk), reason="why")

    delivery.refresh_from_db()
    if status in transition.sources:
        assert ([d.pk for d in moved], delivery.status) == ([delivery.pk], transition.target)
        assert (delivery.finished_at is not None) if transition.ends else True
        assert DeliveryAttempt.objects.filter(delivery=delivery).count() == (1 if transition.attempt else 0)
    else:
        assert (moved, delivery.status) == ([], status)
        assert not DeliveryAttempt.objects.exists()


def test_announced_moves_reach_the_apps_above_once_committed(account, django_capture_on_commit_callbacks):
    delivery = in_status(account, S.PUBLISHING)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        deliveries_move("fail", Delivery.objects.filter(pk=delivery.pk), reason="no")
        deliveries_move("fail", Delivery.objects.filter(pk=delivery.pk), reason="again")  # nothing left to move

    assert len(callbacks) == 1


# --- A retry keeps the schedule ------------------------------------------------------------


def failed_post_for_later(account, days: int = 9) -> tuple[Post, Delivery]:
    """A post for `days` ahead whose delivery failed early (an edit, an early error)."""
    post = make_post(accounts=[account], seconds_ahead=days * 86400)
    Delivery.objects.filter(post=post).update(status=S.FAILED, last_error="503", finished_at=timezone.now())
    return post, Delivery.objects.get(post=post)


def test_a_retry_before_the_scheduled_time_waits_for_it(auth_client, account, django_capture_on_commit_callbacks):
    post, delivery = failed_post_for_later(account)

    response = auth_client.post(f"/api/v1/deliveries/{delivery.pk}/retry/", {}, format="json")
    early = tick(django_capture_on_commit_callbacks)
    on_time = tick(django_capture_on_commit_callbacks, now=post.scheduled_at + timedelta(seconds=1))

    assert response.status_code == 200
    assert response.json()["status"] == "pending"
    delivery.refresh_from_db()
    assert delivery.due_at == post.scheduled_at
    assert (early.claimed, on_time.claimed) == (0, 1)


def test_publish_now_is_the_explicit_choice_to_go_early(auth_client, account):
    _, delivery = failed_post_for_later(account)

    response = auth_client.post(f"/api/v1/deliveries/{delivery.pk}/retry/", {"publish_now": True}, format="json")

    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.due_at <= timezone.now()


def test_a_retry_can_reschedule_but_not_into_the_past(auth_client, account):
    _, delivery = failed_post_for_later(account)
    url = f"/api/v1/deliveries/{delivery.pk}/retry/"
    later = timezone.now() + timedelta(days=20)

    past = auth_client.post(url, {"at": (timezone.now() - timedelta(hours=1)).isoformat()}, format="json")
    both = auth_client.post(url, {"at": later.isoformat(), "publish_now": True}, format="json")
    moved = auth_client.post(url, {"at": later.isoformat()}, format="json")

    assert (past.status_code, list(past.json()["errors"])) == (400, ["at"])
    assert (both.status_code, list(both.json()["errors"])) == (400, ["at"])
    assert moved.status_code == 200
    delivery.refresh_from_db()
    assert delivery.due_at == later


def test_retrying_an_unknown_outcome_needs_confirmation(auth_client, account):
    delivery = in_status(account, S.UNKNOWN)
    url = f"/api/v1/deliveries/{delivery.pk}/retry/"

    refused = auth_client.post(url, {}, format="json")
    confirmed = auth_client.post(url, {"confirm": True}, format="json")

    assert refused.status_code == 409
    assert list(refused.json()["errors"]) == ["confirm"]
    assert "may publish it twice" in refused.json()["detail"]
    assert confirmed.status_code == 200
    assert Delivery.objects.get(pk=delivery.pk).status == S.PENDING


def test_bulk_retry_of_a_post_or_an_account_reports_each_delivery(auth_client, user, account):
    other = SocialAccountFactory(owner=user)
    expired = SocialAccountFactory(owner=user)
    post = make_post(accounts=[account, other, expired])
    failed, unknown, inactive = (Delivery.objects.get(post=post, account=a) for a in (account, other, expired))
    now = timezone.now()
    Delivery.objects.filter(pk__in=[failed.pk, inactive.pk]).update(status=S.FAILED, last_error="x", finished_at=now)
    Delivery.objects.filter(pk=unknown.pk).update(status=S.UNKNOWN, last_error="x", finished_at=now)
    SocialAccount.objects.filter(pk=expired.pk).update(status="expired")
    someone_elses = in_status(SocialAccountFactory(), S.FAILED)

    by_post = auth_client.post("/api/v1/deliveries/retry/", {"post": post.pk}, format="json").json()
    by_account = auth_client.post(
        "/api/v1/deliveries/retry/", {"account": other.pk, "confirm": True}, format="json"
    ).json()
    theirs = auth_client.post("/api/v1/deliveries/retry/", {"post": someone_elses.post_id}, format="json").json()
    neither = auth_client.post("/api/v1/deliveries/retry/", {}, format="json")

    assert by_post == {
        "retried": [failed.pk],
        "needs_confirm": [unknown.pk],
        "account_inactive": [inactive.pk],
        "not_retryable": [],
    }
    assert by_account["retried"] == [unknown.pk]
    assert theirs["retried"] == [] and Delivery.objects.get(pk=someone_elses.pk).status == S.FAILED
    assert (neither.status_code, list(neither.json()["errors"])) == (400, ["post"])


def test_cancel_sets_aside_a_failed_delivery(auth_client, account):
    _, delivery = failed_post_for_later(account)

    response = auth_client.post(f"/api/v1/deliveries/{delivery.pk}/cancel/")
    again = auth_client.post(f"/api/v1/deliveries/{delivery.pk}/cancel/")

    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    assert again.status_code == 409


# --- An expired account pauses; a reconnect resumes --------------------------------------------


def expire(account) -> None:
    account_services.social_account_expire(account=account, reason="Token revoked on the network.")


def reconnect(account) -> None:
    account_services.social_account_connect_direct(owner=account.owner, network="sandbox", handle="ada")


def test_an_expired_account_pauses_its_deliveries_instead_of_failing_them(account):
    soon, later = make_post(accounts=[account]), make_post(accounts=[account], seconds_ahead=86400)

    expire(account)

    for post in (soon, later):
        delivery = Delivery.objects.get(post=post)
        assert (delivery.status, delivery.last_error) == (S.WAITING_FOR_RECONNECT, "Token revoked on the network.")


def test_reconnecting_resumes_deliveries_at_their_time(account, django_capture_on_commit_callbacks, settings):
    settings.PUBLISH_LATENESS_WINDOW = 600
    in_window, future = make_post(accounts=[account]), make_post(accounts=[account], seconds_ahead=86400)
    expire(account)
    make_due(in_window, seconds_ago=300)
    assert tick(django_capture_on_commit_callbacks).missed == 0  # still inside its window: it waits

    reconnect(account)
    report = tick(django_capture_on_commit_callbacks)

    assert report.claimed == 1
    assert Delivery.objects.get(post=in_window).status == S.QUEUED
    resumed = Delivery.objects.get(post=future)
    assert (resumed.status, resumed.due_at, resumed.last_error) == (S.PENDING, future.scheduled_at, "")
    assert publish(Delivery.objects.get(post=in_window).pk) == S.PUBLISHED


def test_a_delivery_fails_only_when_its_window_passes_with_the_account_still_expired(
    account, django_capture_on_commit_callbacks, settings
):
    settings.PUBLISH_LATENESS_WINDOW = 600
    due, future = make_post(accounts=[account]), make_post(accounts=[account], seconds_ahead=86400)
    expire(account)
    make_due(due, seconds_ago=601)

    report = tick(django_capture_on_commit_callbacks)

    missed = Delivery.objects.get(post=due)
    assert report.missed == 1
    assert missed.status == S.FAILED
    assert "still disconnected" in missed.last_error and "reschedule" in missed.last_error
    assert Delivery.objects.get(post=future).status == S.WAITING_FOR_RECONNECT


def test_reconnecting_after_the_window_leaves_the_late_one_for_the_person(account, settings):
    settings.PUBLISH_LATENESS_WINDOW = 600
    late = make_post(accounts=[account])
    expire(account)
    make_due(late, seconds_ago=601)  # no dispatcher tick ran meanwhile

    reconnect(account)

    delivery = Delivery.objects.get(post=late)
    assert delivery.status == S.FAILED
    assert "Publish it now, reschedule it or cancel it" in delivery.last_error


def test_a_401_pauses_the_delivery_it_hit_and_a_reconnect_publishes_it_once(
    account, settings, django_capture_on_commit_callbacks
):
    settings.SANDBOX_AUTH_FAILURE_RATE = 1.0
    post = make_post(accounts=[account])
    make_due(post)
    tick(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(post=post)

    assert publish(delivery.pk) == S.WAITING_FOR_RECONNECT
    settings.SANDBOX_AUTH_FAILURE_RATE = 0.0
    reconnect(account)
    tick(django_capture_on_commit_callbacks)

    assert publish(delivery.pk) == S.PUBLISHED
    assert SandboxPublication.objects.filter(delivery_id=delivery.pk).count() == 1
    assert list(DeliveryAttempt.objects.filter(delivery=delivery).values_list("outcome", flat=True)) == [
        "auth",
        "published",
    ]


def test_a_disconnected_account_still_cancels_what_waited(account):
    post = make_post(accounts=[account])
    expire(account)

    account_services.social_account_disconnect(account=SocialAccount.objects.get(pk=account.pk))

    assert Delivery.objects.get(post=post).status == S.CANCELLED
