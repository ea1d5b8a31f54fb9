"""A delivery names its post, so that the dashboard's outcomes link to the post's page."""

import pytest
from django.utils import timezone

from tests.factories import SocialAccountFactory
from tests.posts.helpers import make_post

pytestmark = pytest.mark.django_db


def test_dashboard_outcomes_and_post_deliveries_carry_the_post_id(auth_client, user):
    post = make_post(accounts=[SocialAccountFactory(owner=user)])
    now = timezone.now()
    post.deliveries.update(status="failed", finished_at=now, last_error="Gave up")

    outcomes = auth_client.get("/api/v1/dashboard/").json()["last_outcomes"]
    detail = auth_client.get(f"/api/v1/posts/{post.pk}/").json()

    assert [d["post"] for d in outcomes] == [post.pk]
    assert [d["post"] for d in detail["deliveries"]] == [post.pk]
