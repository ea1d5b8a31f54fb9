"""The delivery state machine, driven through the dispatcher and the publish task."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import SocialAccount
from networks.sandbox.models import SandboxPublication
from posts import selectors
from posts.models import Delivery, DeliveryAttempt
from posts.services import deliveries, dispatch
from posts.tasks import publish_deliveries
from tests.factories import SocialAccountFactory, UserFactory
from tests.posts.helpers import make_due, make_post, publish

pytestmark = pytest.mark.django_db

S = Delivery.Status


@pytest.fixture
def account():
    return SocialAccountFactory()


def post_status(post) -> str:
    return selectors.post_get(owner=post.owner, pk=post.pk).status


def claim(django_capture_on_commit_callbacks, **kwargs) -> tuple[dispatch.DispatchReport, int]:
    """One dispatcher tick; returns its report and how many publish messages it would send
    on commit (each enqueue callback sends one message per delivery id it carries; the
    other callbacks announce outcomes to webhooks)."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = dispatch.dispatch_due(**kwargs)
    sends = [callback for callback in callbacks if getattr(callback, "func", None) is dispatch._enqueue]
    return report, sum(len(callback.args[0]) for callback in sends)


def test_due_delivery_is_claimed_published_and_logged(account, django_capture_on_commit_callbacks):
    post = make_post(accounts=[account], caption="Ship it")
    assert post_status(post) == "scheduled"
    make_due(post)

    report, sent = claim(django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(post=post)
    assert (report.claimed, sent, delivery.status) == (1, 1, S.QUEUED)
    assert post_status(post) == "publishing"

    assert publish(delivery.pk) == S.PUBLISHED

    delivery.refresh_from_db()
    publication = SandboxPublication.objects.get(delivery_id=delivery.pk)
    assert delivery.status == S.PUBLISHED
    assert delivery.remote_id == publication.remote_id
    assert delivery.remote_url.endswith(f"/@{account.handle}/{publication.remote_id}")
    assert delivery.published_at is not None and delivery.attempts == 1
    assert publication.text == "Ship it"
    attempt = DeliveryAttempt.objects.get(delivery=delivery)
    assert (attempt.outcome, attempt.http_status) == ("published", 201)
    assert attempt.finished_at >= attempt.started_at
    assert post_status(post) == "published"


def test_delivery_not_yet_due_is_left_alone(account, django_capture_on_commit_callbacks):
    post = make_post(accounts=[account], seconds_ahead=5)

    report, sent = claim(django_capture_on_commit_callbacks)

    assert (report.claimed, sent) == (0, 0)
    assert Delivery.objects.get(post=post).status == S.PENDING


def test_draft_is_never_claimed(account, django_capture_on_commit_callbacks):
    post = make_post(accounts=[account])
    post.scheduled_at = None
    post.save(update_fields=["scheduled_at"])
    Delivery.objects.filter(post=post).update(due_at=None)

    report, _ = claim(django_capture_on_commit_callbacks)

    assert report.claimed == 0
    assert post_status(post) == "draft"


def test_variant_caption_is_what_the_account_receives(account, django_capture_on_commit_callbacks):
    other = SocialAccountFactory(owner=account.owner)
    post = make_post(accounts=[account, other], caption="Base", variants={str(other.pk): "Variant"})
    make_due(post)
    claim(django_capture_on_commit_callbacks)

    for delivery in Delivery.objects.filter(post=post):
        publish(delivery.pk)

    texts = dict(SandboxPublication.objects.values_list("account_id", "text"))
    assert texts == {account.pk: "Base", other.pk: "Variant"}


def test_duplicated_task_message_publishes_once(account, django_capture_on_commit_callbacks):
    post = make_post(accounts=[account])
    make_due(post)
    claim(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(post=post)

    first = publish(delivery.pk)
    second = publish(delivery.pk)

    assert (first, second) == (S.PUBLISHED, None)
    assert SandboxPublication.objects.filter(delivery_id=delivery.pk).count() == 1
    assert DeliveryAttempt.objects.filter(delivery=delivery).count() == 1


def test_lost_task_message_is_enqueued_again_after_the_timeout(account, settings, django_capture_on_commit_callbacks):
    settings.PUBLISH_QUEUED_TIMEOUT = 30
    post = make_post(accounts=[account])
    make_due(post)
    claim(django_capture_on_commit_callbacks)  # its message never reaches a worker
    delivery = Delivery.objects.get(post=post)

    early, early_sent = claim(django_capture_on_commit_callbacks, now=timezone.now() + timedelta(seconds=10))
    late, late_sent = claim(django_capture_on_commit_callbacks, now=timezone.now() + timedelta(seconds=31))

    assert (early.requeued, early_sent) == (0, 0)
    assert (late.requeued, late_sent) == (1, 1)
    assert publish(delivery.pk) == S.PUBLISHED
    assert SandboxPublication.objects.filter(delivery_id=delivery.pk).count() == 1


def test_crashed_publish_is_reaped_to_unknown_and_never_resent(account, settings, django_capture_on_commit_callbacks):
    settings.PUBLISH_STUCK_TIMEOUT = 300
    post = make_post(accounts=[account])
    make_due(post)
    claim(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(post=post)
    assert deliveries.deliveries_begin(delivery_ids=[delivery.pk])  # the worker claims it, calls, dies

    not_yet = deliveries.deliveries_reap_stuck(now=timezone.now() + timedelta(seconds=200))
    reaped = deliveries.deliveries_reap_stuck(now=timezone.now() + timedelta(seconds=301))
    report, sent = claim(django_capture_on_commit_callbacks, now=timezone.now() + timedelta(seconds=302))
    duplicate = publish(delivery.pk)

    delivery.refresh_from_db()
    assert (not_yet, reaped) == (0, 1)
    assert delivery.status == S.UNKNOWN
    assert "may or may not be published" in delivery.last_error
    assert DeliveryAttempt.objects.get(delivery=delivery).outcome == "unknown"
    assert (report.claimed, report.requeued, sent, duplicate) == (0, 0, 0, None)
    assert not SandboxPublication.objects.exists()
    assert post_status(post) == "needs_check"


def test_read_timeout_after_sending_ends_unknown(account, settings, django_capture_on_commit_callbacks):
    settings.SANDBOX_TIMEOUT_RATE = 1.0
    post = make_post(accounts=[account])
    make_due(post)
    claim(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(post=post)

    status = publish(delivery.pk)
    report, sent = claim(django_capture_on_commit_callbacks, now=timezone.now() + timedelta(hours=1))

    delivery.refresh_from_db()
    assert status == S.UNKNOWN
    assert "read timed out" in delivery.last_error
    assert (report.claimed, sent) == (0, 0)
    assert SandboxPublication.objects.filter(delivery_id=delivery.pk).count() == 1


def test_retry_after_is_honoured(account, settings, django_capture_on_commit_callbacks):
    settings.SANDBOX_RATE_LIMIT_RATE = 1.0
    settings.SANDBOX_RETRY_AFTER_SECONDS = 600
    settings.PUBLISH_RETRY_BASE_SECONDS = 1
    post = make_post(accounts=[account])
    make_due(post)
    claim(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(post=post)
    before = timezone.now()

    status = publish(delivery.pk)

    delivery.refresh_from_db()
    assert status == S.PENDING
    assert delivery.due_at >= before + timedelta(seconds=600)
    assert delivery.due_at <= timezone.now() + timedelta(seconds=601)
    assert delivery.last_error == "429 Too Many Requests"
    attempt = DeliveryAttempt.objects.get(delivery=delivery)
    assert (attempt.outcome, attempt.http_status) == ("retry", 429)
    report, _ = claim(django_capture_on_commit_callbacks, now=timezone.now() + timedelta(seconds=590))
    assert report.claimed == 0
    report, _ = claim(django_capture_on_commit_callbacks, now=delivery.due_at + timedelta(seconds=1))
    assert report.claimed == 1
    assert post_status(post) == "publishing"


def test_retryable_errors_back_off_then_fail_after_max_attempts(account, settings, django_capture_on_commit_callbacks):
    settings.SANDBOX_ERROR_RATE = 1.0
    settings.PUBLISH_MAX_ATTEMPTS = 3
    settings.PUBLISH_RETRY_BASE_SECONDS = 10
    post = make_post(accounts=[account])
    make_due(post)
    delivery = Delivery.objects.get(post=post)
    waits = []

    for _ in range(3):
        claim(django_capture_on_commit_callbacks)
        started = timezone.now()
        publish(delivery.pk)
        delivery.refresh_from_db()
        if delivery.status == S.PENDING:
            waits.append((delivery.due_at - started).total_seconds())
            Delivery.objects.filter(pk=delivery.pk).update(due_at=timezone.now())

    assert 5 <= waits[0] <= 10.5 and 10 <= waits[1] <= 20.5  # base * 2^(n-1), half of it jitter
    assert delivery.status == S.FAILED
    assert delivery.last_error == "Gave up after 3 attempts: 503 Service Unavailable"
    assert list(DeliveryAttempt.objects.filter(delivery=delivery).values_list("outcome", flat=True)) == [
        "retry",
        "retry",
        "failed",
    ]


def test_auth_failure_expires_the_account_and_pauses_its_deliveries(
    account, settings, django_capture_on_commit_callbacks
):
    settings.SANDBOX_AUTH_FAILURE_RATE = 1.0
    due_posts = [make_post(accounts=[account]) for _ in range(3)]
    later = make_post(accounts=[account], seconds_ahead=3600)
    unaffected = make_post(accounts=[SocialAccountFactory(owner=account.owner)])
    make_due(*due_posts, unaffected)
    report, _ = claim(django_capture_on_commit_callbacks)
    assert report.claimed == 4

    outcomes = [publish(d.pk) for d in Delivery.objects.filter(post__in=due_posts).order_by("pk")]

    account.refresh_from_db()
    assert outcomes == [S.WAITING_FOR_RECONNECT, None, None]  # the other queued tasks find nothing to claim
    assert account.status == SocialAccount.Status.EXPIRED
    assert "must be reconnected" in account.status_reason
    assert DeliveryAttempt.objects.filter(delivery__account=account).count() == 1
    statuses = set(Delivery.objects.filter(account=account).values_list("status", "last_error"))
    assert statuses == {(S.WAITING_FOR_RECONNECT, account.status_reason)}
    assert Delivery.objects.get(post=later).status == S.WAITING_FOR_RECONNECT
    assert post_status(later) == "waiting_for_reconnect"
    assert Delivery.objects.get(post=unaffected).status == S.QUEUED


def test_delivery_found_past_the_lateness_window_fails(account, settings, django_capture_on_commit_callbacks):
    settings.PUBLISH_LATENESS_WINDOW = 600
    late = make_post(accounts=[account])
    on_time = make_post(accounts=[account])
    make_due(late, seconds_ago=601)
    make_due(on_time, seconds_ago=599)

    report, sent = claim(django_capture_on_commit_callbacks)

    assert (report.missed, report.claimed, sent) == (1, 1, 1)
    missed = Delivery.objects.get(post=late)
    assert missed.status == S.FAILED
    assert missed.last_error.startswith("Missed its window")
    assert post_status(late) == "failed"


def test_network_concurrency_cap_limits_deliveries_in_flight(account, settings, django_capture_on_commit_callbacks):
    settings.PUBLISH_CONCURRENCY = {**settings.PUBLISH_CONCURRENCY, "sandbox": 2}
    posts = [make_post(accounts=[account]) for _ in range(5)]
    make_due(*posts)

    first, _ = claim(django_capture_on_commit_callbacks)
    second, _ = claim(django_capture_on_commit_callbacks)
    publish(Delivery.objects.filter(status=S.QUEUED).first().pk)
    third, _ = claim(django_capture_on_commit_callbacks)

    assert (first.claimed, second.claimed, third.claimed) == (2, 0, 1)


def test_account_expired_at_publish_time_waits_without_calling_the_network(account, django_capture_on_commit_callbacks):
    post = make_post(accounts=[account])
    make_due(post)
    claim(django_capture_on_commit_callbacks)
    SocialAccount.objects.filter(pk=account.pk).update(status="expired", status_reason="Token expired.")

    status = publish(Delivery.objects.get(post=post).pk)

    assert status == S.WAITING_FOR_RECONNECT
    assert Delivery.objects.get(post=post).last_error == "Token expired."
    assert not SandboxPublication.objects.exists()


def test_account_revoked_at_publish_time_fails_without_calling_the_network(account, django_capture_on_commit_callbacks):
    post = make_post(accounts=[account])
    make_due(post)
    claim(django_capture_on_commit_callbacks)
    SocialAccount.objects.filter(pk=account.pk).update(status="revoked", status_reason="Disconnected.")

    status = publish(Delivery.objects.get(post=post).pk)

    assert status == S.FAILED
    assert Delivery.objects.get(post=post).last_error == "Disconnected."
    assert not SandboxPublication.objects.exists()


def test_person_retry_puts_failed_delivery_back_in_line(account, settings, django_capture_on_commit_callbacks):
    settings.SANDBOX_TIMEOUT_RATE = 1.0
    post = make_post(accounts=[account])
    make_due(post)
    claim(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(post=post)
    publish(delivery.pk)
    settings.SANDBOX_TIMEOUT_RATE = 0.0

    deliveries.delivery_retry(delivery=Delivery.objects.get(pk=delivery.pk), publish_now=True, confirm=True)
    claim(django_capture_on_commit_callbacks)

    assert publish(delivery.pk) == S.PUBLISHED
    assert DeliveryAttempt.objects.filter(delivery=delivery).count() == 2


def test_post_status_reflects_mixed_outcomes(django_capture_on_commit_callbacks, settings):
    owner = UserFactory()
    good, bad = SocialAccountFactory(owner=owner), SocialAccountFactory(owner=owner)
    post = make_post(accounts=[good, bad])
    make_due(post)
    claim(django_capture_on_commit_callbacks)

    publish(Delivery.objects.get(post=post, account=good).pk)
    assert post_status(post) == "publishing"
    settings.SANDBOX_ERROR_RATE = 1.0
    settings.PUBLISH_MAX_ATTEMPTS = 1
    publish(Delivery.objects.get(post=post, account=bad).pk)

    assert post_status(post) == "partially_failed"


def batch_queries(owner, size: int, django_capture_on_commit_callbacks) -> tuple[list[str], list[str]]:
    """Publish one message of `size` due sandbox deliveries (calls inline: one call thread);
    returns the SQL of its sandbox publications and of everything else."""
    accounts = [SocialAccountFactory(owner=owner) for _ in range(size)]
    make_due(make_post(accounts=accounts))
    claim(django_capture_on_commit_callbacks)
    ids = list(Delivery.objects.filter(account__in=accounts).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        statuses = publish_deliveries(ids)
    assert set(statuses.values()) == {S.PUBLISHED}
    table = SandboxPublication._meta.db_table
    sql = [q["sql"] for q in queries.captured_queries]
    return [s for s in sql if s.startswith(f'INSERT INTO "{table}"')], [s for s in sql if table not in s]


def test_a_batch_costs_the_same_queries_whatever_its_size(django_capture_on_commit_callbacks):
    """No query per delivery beyond the network call itself: a read of a column the
    batch load leaves out, or of a relation it does not join, would add one."""
    owner = UserFactory()
    small_calls, small = batch_queries(owner, 2, django_capture_on_commit_callbacks)
    large_calls, large = batch_queries(owner, 6, django_capture_on_commit_callbacks)

    assert (len(small_calls), len(large_calls)) == (2, 6)
    assert len(large) == len(small), "\n".join(large)


def test_a_delivery_must_name_its_network(account):
    """A delivery with no network would never be claimed: the database refuses it."""
    post = make_post(accounts=[account])
    other = SocialAccountFactory(owner=account.owner)

    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(post=post, account=other)
