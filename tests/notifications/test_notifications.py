"""The notification centre: events from the pipeline and accounts become notifications
(in the app, and by e-mail through Django's e-mail framework), as each person chose."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts import services as account_services
from accounts.models import SocialAccount
from notifications import services
from notifications.models import Notification
from posts.models import Delivery, Post
from posts.services import deliveries, verification
from tests.factories import SocialAccountFactory, UserFactory
from tests.posts.helpers import dispatch_and_publish, make_post

pytestmark = pytest.mark.django_db

K = Notification.Kind


@pytest.fixture
def account(user):
    return SocialAccountFactory(owner=user)


def failed_delivery(account, settings, capture) -> Delivery:
    settings.SANDBOX_ERROR_RATE = 1.0
    settings.PUBLISH_MAX_ATTEMPTS = 1
    delivery = dispatch_and_publish(make_post(accounts=[account], caption="Big news"), capture)
    settings.SANDBOX_ERROR_RATE = 0.0
    assert delivery.status == Delivery.Status.FAILED
    return delivery


def test_a_failed_delivery_is_told_in_the_app_and_by_email(
    user, account, settings, django_capture_on_commit_callbacks, eager_celery
):
    delivery = failed_delivery(account, settings, django_capture_on_commit_callbacks)

    [notification] = Notification.objects.filter(owner=user)
    assert notification.kind == K.DELIVERY_FAILED
    assert "failed" in notification.title and "Big news" in notification.body
    assert "503 Service Unavailable" in notification.body
    assert notification.link == f"/posts/{delivery.post_id}"
    assert notification.read_at is None and notification.emailed_at is not None
    [email] = mail.outbox
    assert email.to == [user.email]
    assert email.subject == f"SocialTrend: {notification.title}"
    assert f"/posts/{delivery.post_id}" in email.body


def test_a_plain_success_tells_nobody(user, account, django_capture_on_commit_callbacks):
    dispatch_and_publish(make_post(accounts=[account]), django_capture_on_commit_callbacks)

    assert not Notification.objects.exists()


def test_what_the_person_turned_off_is_not_sent(user, account, settings, django_capture_on_commit_callbacks):
    services.preferences_update(user=user, email=[], in_app=[K.DELIVERY_FAILED])
    failed_delivery(account, settings, django_capture_on_commit_callbacks)
    services.preferences_update(user=user, in_app=[])
    services.account_expired_notify(account=account, reason="gone")

    assert list(Notification.objects.values_list("kind", flat=True)) == [K.DELIVERY_FAILED]
    assert mail.outbox == []


def test_an_expired_account_is_told_once(user, account, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        account_services.social_account_expire(account=account, reason="Token revoked.")
        account_services.social_account_expire(account=SocialAccount.objects.get(pk=account.pk), reason="again")

    [notification] = Notification.objects.filter(owner=user)
    assert (notification.kind, notification.link) == (K.ACCOUNT_EXPIRED, "/accounts")
    assert "Token revoked." in notification.body


def test_an_unknown_outcome_no_lookup_can_settle_needs_a_check(
    user, account, settings, django_capture_on_commit_callbacks
):
    settings.SANDBOX_TIMEOUT_RATE = 1.0
    delivery = dispatch_and_publish(make_post(accounts=[account]), django_capture_on_commit_callbacks)
    settings.SANDBOX_TIMEOUT_RATE, settings.SANDBOX_LOOKUP_ERROR_RATE = 0.0, 1.0
    with django_capture_on_commit_callbacks(execute=True):
        verification.deliveries_verify_due(now=timezone.now() + timedelta(seconds=settings.PUBLISH_VERIFY_PATIENCE + 1))

    [notification] = Notification.objects.filter(owner=user)
    assert notification.kind == K.DELIVERY_NEEDS_CHECK
    assert "retrying may publish it twice" in notification.body
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.UNKNOWN


def test_a_post_published_past_its_window_is_told(user, account, settings, django_capture_on_commit_callbacks):
    post = make_post(accounts=[account])
    Post.objects.filter(pk=post.pk).update(scheduled_at=timezone.now() - timedelta(hours=2))
    delivery = Delivery.objects.get(post=post)
    Delivery.objects.filter(pk=delivery.pk).update(status="failed", last_error="x", finished_at=timezone.now())
    deliveries.delivery_retry(delivery=delivery, publish_now=True)

    dispatch_and_publish(post, django_capture_on_commit_callbacks)

    [notification] = Notification.objects.filter(owner=user)
    assert notification.kind == K.PUBLISHED_LATE
    assert "Scheduled for" in notification.body


def test_tokens_expiring_within_seven_days_are_told_once(user, settings):
    now = timezone.now()
    soon = SocialAccountFactory(owner=user, token_expires_at=now + timedelta(days=6))
    SocialAccountFactory(owner=user, token_expires_at=now + timedelta(days=8))
    SocialAccountFactory(owner=user, token_expires_at=now + timedelta(days=1), status="expired")

    first, second = services.tokens_expiring_notify(now=now), services.tokens_expiring_notify(now=now)

    assert (first, second) == (1, 0)
    [notification] = Notification.objects.filter(owner=user)
    assert notification.kind == K.TOKEN_EXPIRING and str(soon.handle) in notification.title


def test_the_weekly_summary_counts_each_persons_week(user, account, django_capture_on_commit_callbacks):
    dispatch_and_publish(make_post(accounts=[account]), django_capture_on_commit_callbacks)
    dispatch_and_publish(make_post(accounts=[account], caption="Two"), django_capture_on_commit_callbacks)
    idle = UserFactory()

    told = services.weekly_summaries_notify()

    assert told == 1
    [notification] = Notification.objects.filter(owner=user)
    assert notification.title == "Your week: 2 published"
    assert not Notification.objects.filter(owner=idle).exists()
    assert services.weekly_summaries_notify() == 0


# --- The API -------------------------------------------------------------------------------------


def told(user, n: int) -> list[Notification]:
    for i in range(n):
        services.notification_create(user=user, kind=K.DELIVERY_FAILED, key=f"k{i}", title=f"T{i}")
    return list(Notification.objects.filter(owner=user))


def test_list_unread_count_and_mark_read(auth_client, user):
    newest, older = told(user, 2)
    someone_elses = told(UserFactory(), 1)[0]

    listing = auth_client.get("/api/v1/notifications/").json()
    count = auth_client.get("/api/v1/notifications/unread-count/").json()
    read = auth_client.post(f"/api/v1/notifications/{older.pk}/read/")
    unread = auth_client.get("/api/v1/notifications/", {"unread": "true"}).json()
    theirs = auth_client.post(f"/api/v1/notifications/{someone_elses.pk}/read/")
    marked = auth_client.post("/api/v1/notifications/read-all/").json()
    bad = auth_client.get("/api/v1/notifications/", {"unread": "maybe"})

    assert [n["id"] for n in listing["results"]] == [newest.pk, older.pk]
    assert count == {"unread": 2}
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert [n["id"] for n in unread["results"]] == [newest.pk]
    assert theirs.status_code == 404
    assert marked == {"marked": 1}
    assert auth_client.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}
    assert bad.status_code == 400


def test_preferences_are_read_and_changed_by_kind(auth_client):
    before = auth_client.get("/api/v1/notifications/preferences/").json()
    changed = auth_client.put(
        "/api/v1/notifications/preferences/", {"email": ["delivery_failed"]}, format="json"
    ).json()
    wrong = auth_client.put("/api/v1/notifications/preferences/", {"in_app": ["nonsense"]}, format="json")

    assert set(before["email"]) == set(K.values) and len(before["kinds"]) == len(K.values)
    assert changed["email"] == ["delivery_failed"] and set(changed["in_app"]) == set(K.values)
    assert wrong.status_code == 400
    assert [field.split(".")[0] for field in wrong.json()["errors"]] == ["in_app"]
