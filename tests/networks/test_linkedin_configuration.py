"""A LinkedIn setup only an operator can fix, through the real pipeline: dispatcher -> publish task -> fake LinkedIn."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import SocialAccount
from networks.linkedin import SPEC
from posts.models import Delivery, DeliveryAttempt, NetworkAlert
from posts.services import dispatch
from tests.posts.helpers import make_due, make_post, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def linkedin(linkedin, settings):
    """The fake with the version the publisher sends by default, as in production."""
    settings.LINKEDIN_VERSION = next(s.default for s in SPEC.settings if s.name == "LINKEDIN_VERSION")
    return linkedin


@pytest.fixture
def account(user, linkedin) -> SocialAccount:
    return SocialAccount.objects.create(
        owner=user, network="linkedin", handle="Ada", remote_id=f"urn:li:person:{linkedin.sub}", access_token="li-token"
    )


def attempt(delivery: Delivery, capture) -> Delivery:
    """Dispatch the delivery now due and run its publish task, as the worker would."""
    make_due(delivery)
    with capture(execute=False):
        dispatch.dispatch_due()
    with capture(execute=True):
        publish(delivery.pk)
    delivery.refresh_from_db()
    return delivery


def test_a_retired_version_alerts_the_operator_and_the_post_waits_for_the_fix(
    account, linkedin, settings, client, django_capture_on_commit_callbacks
):
    linkedin.today = date(2027, 1, 20)  # 202601 was sunset on 2027-01-15
    settings.LINKEDIN_VERSION = "202601"
    post = make_post(accounts=[account], caption="Launch day")
    delivery = Delivery.objects.get(post=post)

    delivery = attempt(delivery, django_capture_on_commit_callbacks)

    assert delivery.status == "pending"
    assert delivery.due_at > timezone.now()
    assert "Linkedin-Version 202601" in delivery.last_error and "LINKEDIN_VERSION" in delivery.last_error
    assert DeliveryAttempt.objects.get(delivery=delivery).outcome == "retry"
    [alert] = NetworkAlert.objects.all()
    assert alert.network == "linkedin" and "LINKEDIN_VERSION" in alert.message
    warnings = client.get("/healthz").json()["warnings"]
    assert [w for w in warnings if w.startswith("linkedin: ")] == [f"linkedin: {alert.message}"]
    account.refresh_from_db()
    assert account.status == "active"
    assert linkedin.published == []

    settings.LINKEDIN_VERSION = "202609"  # the operator's fix
    delivery = attempt(delivery, django_capture_on_commit_callbacks)

    assert delivery.status == "published"
    assert delivery.remote_id == linkedin.published[0]["id"]
    assert linkedin.published[0]["version"] == "202609"
    assert not NetworkAlert.objects.exists()
    assert "linkedin" not in " ".join(client.get("/healthz").json()["warnings"])


def test_a_missing_page_role_fails_the_post_and_leaves_the_account_connected(
    user, linkedin, django_capture_on_commit_callbacks
):
    """403 ACCESS_DENIED is a permission to grant, not credentials to renew: reconnecting would not help."""
    page = SocialAccount.objects.create(
        owner=user,
        network="linkedin",
        handle="Not my page",
        remote_id="urn:li:organization:999",
        access_token="li-token",
    )
    later = make_post(accounts=[page], caption="Later", seconds_ahead=3600)
    delivery = Delivery.objects.get(post=make_post(accounts=[page], caption="Now"))

    delivery = attempt(delivery, django_capture_on_commit_callbacks)

    assert delivery.status == "failed"
    assert "ACCESS_DENIED" in delivery.last_error and "ADMINISTRATOR" in delivery.last_error
    assert "must be reconnected" not in delivery.last_error
    page.refresh_from_db()
    assert page.status == "active"
    assert Delivery.objects.get(post=later).status == "pending"
    assert not NetworkAlert.objects.exists()
