"""`POST /api/v1/deliveries/{id}/retry/` and `GET /api/v1/dashboard/`."""

from datetime import timedelta

import pytest
from django.utils import timezone

from posts.models import Delivery, Post
from tests.factories import SocialAccountFactory
from tests.posts.helpers import make_post

pytestmark = pytest.mark.django_db

S = Delivery.Status


@pytest.fixture
def account(user):
    return SocialAccountFactory(owner=user)


def end(delivery_or_post, status: str, error: str = "boom") -> None:
    rows = Delivery.objects.filter(post=delivery_or_post)
    fields = {"status": status, "finished_at": timezone.now(), "last_error": error}
    if status == S.PUBLISHED:
        fields.update(published_at=timezone.now(), last_error="")
    rows.update(**fields)


@pytest.mark.parametrize(("status", "body"), [(S.FAILED, {}), (S.UNKNOWN, {"confirm": True})])
def test_retry_puts_a_failed_or_unknown_delivery_back_in_line(auth_client, account, status, body):
    post = make_post(accounts=[account])
    end(post, status)
    Post.objects.filter(pk=post.pk).update(scheduled_at=timezone.now() - timedelta(minutes=5))
    delivery = Delivery.objects.get(post=post)

    response = auth_client.post(f"/api/v1/deliveries/{delivery.pk}/retry/", body, format="json")

    assert response.status_code == 200
    delivery.refresh_from_db()
    assert (response.json()["status"], delivery.status, delivery.attempts, delivery.last_error) == (
        "pending",
        S.PENDING,
        0,
        "",
    )
    assert delivery.due_at <= timezone.now()


@pytest.mark.parametrize("status", [S.PENDING, S.PUBLISHED, S.CANCELLED])
def test_retry_of_any_other_state_is_409(auth_client, account, status):
    post = make_post(accounts=[account])
    if status != S.PENDING:
        end(post, status)

    response = auth_client.post(f"/api/v1/deliveries/{Delivery.objects.get(post=post).pk}/retry/")

    assert response.status_code == 409
    assert Delivery.objects.get(post=post).status == status


def test_retry_on_an_expired_account_is_409(auth_client, account):
    post = make_post(accounts=[account])
    end(post, S.FAILED)
    account.status = "expired"
    account.save(update_fields=["status"])

    response = auth_client.post(f"/api/v1/deliveries/{Delivery.objects.get(post=post).pk}/retry/")

    assert response.status_code == 409
    assert "reconnect it" in response.json()["detail"]


def test_dashboard_counts_next_outcomes_and_attention(auth_client, user, account):
    expired = SocialAccountFactory(owner=user, status="expired", status_reason="Token revoked.")
    soon = make_post(accounts=[account], seconds_ahead=60)
    later = make_post(accounts=[account], seconds_ahead=3600)
    published = make_post(accounts=[account], seconds_ahead=120)
    failed = make_post(accounts=[account], seconds_ahead=180)
    end(published, S.PUBLISHED)
    end(failed, S.FAILED, "Gave up")
    make_post(accounts=[SocialAccountFactory()])  # someone else's

    body = auth_client.get("/api/v1/dashboard/").json()

    assert body["counts"] == {
        "draft": 0,
        "scheduled": 2,
        "publishing": 0,
        "published": 1,
        "partially_failed": 0,
        "failed": 1,
        "cancelled": 0,
        "needs_check": 0,
        "waiting_for_reconnect": 0,
    }
    assert [p["id"] for p in body["next_scheduled"]] == [soon.pk, later.pk]
    assert {d["status"] for d in body["last_outcomes"]} == {"published", "failed"}
    assert [a["id"] for a in body["accounts_needing_attention"]] == [expired.pk]
