"""Reading publications back (posts.services.verification) on the sandbox network,
with its lookups' injected faults: a publication is verified or flagged, an unknown
outcome is settled by a lookup and never published twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

import networks
from networks.publishing import Publisher
from networks.sandbox.models import SandboxPublication
from networks.sandbox.publisher import SandboxPublisher
from posts.models import Delivery, DeliveryAttempt
from posts.services import deliveries, dispatch, verification
from posts.signals import delivery_checks_committed
from socialtrend.errors import ConflictError
from tests.factories import SocialAccountFactory
from tests.posts.helpers import dispatch_and_publish, make_due, make_post, publish

pytestmark = pytest.mark.django_db

S, V = Delivery.Status, Delivery.Verification


@pytest.fixture
def account():
    return SocialAccountFactory()


@pytest.fixture
def flagged():
    """Deliveries announced as needing the person's check."""
    heard: list[int] = []

    def listen(*, delivery_ids, **kwargs):
        heard.extend(delivery_ids)

    delivery_checks_committed.connect(listen, weak=False)
    yield heard
    delivery_checks_committed.disconnect(listen)


def sweep(capture, *, seconds_later: float = 0) -> verification.VerifyReport:
    with capture(execute=True):
        return verification.deliveries_verify_due(now=timezone.now() + timedelta(seconds=seconds_later))


def published_post(account, capture):
    return dispatch_and_publish(make_post(accounts=[account], caption="Launch day"), capture)


def test_a_publication_is_read_back_and_verified(account, django_capture_on_commit_callbacks):
    delivery = published_post(account, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.verification, delivery.verified_at) == (S.PUBLISHED, V.PENDING, None)

    report = sweep(django_capture_on_commit_callbacks)

    delivery.refresh_from_db()
    assert report.verified == 1
    assert delivery.verification == V.VERIFIED
    assert delivery.verified_at is not None
    assert sweep(django_capture_on_commit_callbacks, seconds_later=60).verified == 0  # checked once


def test_a_publication_the_network_does_not_show_is_flagged_after_the_patience(
    account, settings, django_capture_on_commit_callbacks, flagged
):
    settings.PUBLISH_VERIFY_PATIENCE = 600
    delivery = published_post(account, django_capture_on_commit_callbacks)
    SandboxPublication.objects.all().delete()  # removed on the network

    early = sweep(django_capture_on_commit_callbacks)
    late = sweep(django_capture_on_commit_callbacks, seconds_later=601)

    delivery.refresh_from_db()
    assert (early.later, late.missing) == (1, 1)
    assert (delivery.status, delivery.verification) == (S.PUBLISHED, V.MISSING)
    assert flagged == [delivery.pk]


def timed_out_after_sending(account, settings, capture):
    settings.SANDBOX_TIMEOUT_RATE = 1.0
    delivery = dispatch_and_publish(make_post(accounts=[account], caption="Maybe out"), capture)
    settings.SANDBOX_TIMEOUT_RATE = 0.0
    assert (delivery.status, delivery.verification) == (S.UNKNOWN, V.PENDING)
    return delivery


def test_an_unknown_outcome_found_by_lookup_is_published_and_never_sent_again(
    account, settings, django_capture_on_commit_callbacks
):
    delivery = timed_out_after_sending(account, settings, django_capture_on_commit_callbacks)

    report = sweep(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    with pytest.raises(ConflictError) as refused:
        deliveries.delivery_retry(delivery=delivery, confirm=True)

    record = SandboxPublication.objects.get()
    assert report.found == 1
    assert (delivery.status, delivery.verification, delivery.remote_id) == (S.PUBLISHED, V.VERIFIED, record.remote_id)
    assert delivery.remote_url.endswith(record.remote_id) and delivery.last_error == ""
    assert "Only a failed or unknown" in str(refused.value)
    assert publish(delivery.pk) is None
    assert SandboxPublication.objects.count() == 1
    assert list(DeliveryAttempt.objects.filter(delivery=delivery).values_list("outcome", flat=True)) == [
        "unknown",
        "verified",
    ]


def test_lookup_faults_are_asked_again_until_the_network_answers(account, settings, django_capture_on_commit_callbacks):
    settings.PUBLISH_VERIFY_INTERVAL = 30
    delivery = timed_out_after_sending(account, settings, django_capture_on_commit_callbacks)
    settings.SANDBOX_LOOKUP_ERROR_RATE = 1.0

    failing = sweep(django_capture_on_commit_callbacks)
    too_soon = sweep(django_capture_on_commit_callbacks, seconds_later=10)
    settings.SANDBOX_LOOKUP_ERROR_RATE = 0.0
    answered = sweep(django_capture_on_commit_callbacks, seconds_later=31)

    assert (failing.later, too_soon, answered.found) == (1, verification.VerifyReport(), 1)
    assert Delivery.objects.get(pk=delivery.pk).status == S.PUBLISHED
    assert SandboxPublication.objects.count() == 1


def test_a_network_that_cannot_be_asked_leaves_the_unknown_for_a_person(
    account, settings, django_capture_on_commit_callbacks, flagged
):
    settings.PUBLISH_VERIFY_PATIENCE = 600
    delivery = timed_out_after_sending(account, settings, django_capture_on_commit_callbacks)
    settings.SANDBOX_LOOKUP_ERROR_RATE = 1.0

    report = sweep(django_capture_on_commit_callbacks, seconds_later=601)

    delivery.refresh_from_db()
    assert report.undecidable == 1
    assert (delivery.status, delivery.verification) == (S.UNKNOWN, V.UNDECIDABLE)
    assert "retrying may publish it twice" in delivery.last_error
    assert flagged == [delivery.pk]
    with pytest.raises(ConflictError, match="may publish it twice"):
        deliveries.delivery_retry(delivery=delivery)


def test_an_unknown_the_network_never_shows_fails_and_is_safe_to_retry(
    account, settings, django_capture_on_commit_callbacks
):
    settings.PUBLISH_STUCK_TIMEOUT = 300
    settings.PUBLISH_VERIFY_PATIENCE = 600
    post = make_post(accounts=[account], caption="Worker died first")
    make_due(post)
    with django_capture_on_commit_callbacks(execute=False):
        dispatch.dispatch_due()
    delivery = Delivery.objects.get(post=post)
    deliveries.deliveries_begin(delivery_ids=[delivery.pk])  # the worker claims it and dies before the call
    deliveries.deliveries_reap_stuck(now=timezone.now() + timedelta(seconds=301))

    early = sweep(django_capture_on_commit_callbacks, seconds_later=302)
    late = sweep(django_capture_on_commit_callbacks, seconds_later=302 + 601)
    delivery.refresh_from_db()

    assert (early.later, late.not_found) == (1, 1)
    assert (delivery.status, delivery.verification) == (S.FAILED, V.MISSING)
    assert "it was not published" in delivery.last_error
    deliveries.delivery_retry(delivery=delivery, publish_now=True)  # no confirmation needed now
    with django_capture_on_commit_callbacks(execute=False):
        dispatch.dispatch_due()
    assert publish(delivery.pk) == S.PUBLISHED
    assert SandboxPublication.objects.count() == 1


class NoLookups(SandboxPublisher):
    """A network whose publisher keeps the interface's defaults: no verify, no find."""

    verify = Publisher.verify
    find = Publisher.find


def test_a_network_that_cannot_read_back_leaves_publications_unchecked_and_unknowns_to_a_person(
    account, settings, django_capture_on_commit_callbacks, flagged, monkeypatch
):
    published = published_post(account, django_capture_on_commit_callbacks)
    unknown = timed_out_after_sending(account, settings, django_capture_on_commit_callbacks)
    monkeypatch.setattr(networks, "publisher", lambda name: NoLookups())

    report = sweep(django_capture_on_commit_callbacks)

    published.refresh_from_db()
    unknown.refresh_from_db()
    assert (report.unverifiable, report.undecidable) == (1, 1)
    assert (published.status, published.verification) == (S.PUBLISHED, V.NONE)
    assert (unknown.status, unknown.verification) == (S.UNKNOWN, V.UNDECIDABLE)
    assert "Sandbox cannot look it up" in unknown.last_error
    assert flagged == [unknown.pk]
