"""The publishing hot path's SQL (posts.services.delivery_sql): the same moves as the
transition table, in fewer statements."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from posts.models import Delivery
from posts.services.delivery_sql import deliveries_claim, deliveries_set_published
from tests.factories import SocialAccountFactory, UserFactory
from tests.posts.helpers import make_post

pytestmark = pytest.mark.django_db

S = Delivery.Status


def deliveries(n: int, status: str = S.PENDING) -> list[Delivery]:
    owner = UserFactory()
    post = make_post(accounts=[SocialAccountFactory(owner=owner) for _ in range(n)])
    now = timezone.now()
    Delivery.objects.filter(post=post).update(
        status=status, queued_at=now, started_at=now, published_at=now, last_error="e"
    )
    return list(Delivery.objects.filter(post=post).order_by("pk"))


def test_a_claim_moves_at_most_limit_rows_of_its_source_status_in_order():
    pending = deliveries(3)
    queued = deliveries(1, S.QUEUED)

    ids = deliveries_claim(Delivery.objects.order_by("pk"), move="claim", limit=2, queued_at=timezone.now())

    assert ids == [pending[0].pk, pending[1].pk]
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert [statuses[d.pk] for d in [*pending, *queued]] == [S.QUEUED, S.QUEUED, S.PENDING, S.QUEUED]


def test_a_claim_of_another_status_takes_nothing():
    published = deliveries(2, S.PUBLISHED)

    ids = deliveries_claim(Delivery.objects.all(), move="begin", skip_locked=False, started_at=timezone.now())

    assert ids == []
    assert set(Delivery.objects.filter(pk__in=[d.pk for d in published]).values_list("status", flat=True)) == {
        S.PUBLISHED
    }


def test_set_published_gives_each_row_its_own_id_and_marks_it_for_verification():
    rows = deliveries(2, S.PUBLISHING) + deliveries(1, S.UNKNOWN) + deliveries(1, S.CANCELLED)
    now = timezone.now()

    with CaptureQueriesContext(connection) as queries:
        deliveries_set_published([(d.pk, f"r{d.pk}", f"https://x.test/{d.pk}", "") for d in rows], now)

    assert len(queries) == 1
    for delivery in rows[:3]:
        delivery.refresh_from_db()
        assert (delivery.status, delivery.remote_id, delivery.remote_url) == (
            S.PUBLISHED,
            f"r{delivery.pk}",
            f"https://x.test/{delivery.pk}",
        )
        assert (delivery.published_at, delivery.verification) == (now, Delivery.Verification.PENDING)
    rows[3].refresh_from_db()
    assert (rows[3].status, rows[3].remote_id) == (S.CANCELLED, "")
