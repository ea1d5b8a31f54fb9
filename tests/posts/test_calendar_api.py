"""`GET /api/v1/posts/calendar/`: what a calendar cell shows, for a bounded range, in one answer."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from posts.models import Delivery
from posts.services import posts as post_services
from tests.conftest import client_for
from tests.factories import SocialAccountFactory, UserFactory
from tests.posts.helpers import dispatch_and_publish, make_post

pytestmark = pytest.mark.django_db

URL = "/api/v1/posts/calendar/"


def span(days: float = 7) -> dict[str, str]:
    start = timezone.now()
    return {"from": start.isoformat(), "to": (start + timedelta(days=days)).isoformat()}


@pytest.fixture
def account(user):
    return SocialAccountFactory(owner=user)


def test_a_cell_shows_id_time_status_first_line_and_each_network_with_its_status(
    auth_client, user, account, django_capture_on_commit_callbacks
):
    other = SocialAccountFactory(owner=user, network="x", handle="brand")
    published = make_post(accounts=[account], caption="  Launch day!\nSecond line", seconds_ahead=30)
    dispatch_and_publish(published, django_capture_on_commit_callbacks)
    waiting = make_post(accounts=[account, other], caption="x" * 200, seconds_ahead=3600)

    response = auth_client.get(URL, span())

    assert response.status_code == 200, response.json()
    first, second = response.json()["posts"]
    delivery = Delivery.objects.get(post=published)
    assert first == {
        "id": published.pk,
        "scheduled_at": published.scheduled_at.isoformat().replace("+00:00", "Z"),
        "status": "published",
        "first_line": "Launch day!",
        "deliveries": [{"id": delivery.pk, "account": account.pk, "network": "sandbox", "status": "published"}],
    }
    assert second["status"] == "scheduled"
    assert second["first_line"] == "x" * 80
    assert [(d["account"], d["network"], d["status"]) for d in second["deliveries"]] == [
        (account.pk, "sandbox", "pending"),
        (other.pk, "x", "pending"),
    ]
    assert waiting.pk == second["id"]


def test_only_your_posts_scheduled_in_the_range(auth_client, user, account):
    inside = make_post(accounts=[account], seconds_ahead=3600)
    make_post(accounts=[account], seconds_ahead=10 * 86400)  # after `to`
    make_post(accounts=[SocialAccountFactory(owner=UserFactory())], seconds_ahead=3600)  # someone else's
    draft = make_post(accounts=[account])
    draft.scheduled_at = None
    draft.save(update_fields=["scheduled_at"])

    response = auth_client.get(URL, span())

    assert [post["id"] for post in response.json()["posts"]] == [inside.pk]


def test_a_month_is_two_queries_however_many_posts(user, account, django_capture_on_commit_callbacks):
    """No per-row query and no paging: the calendar asks once for the posts and once for the deliveries."""

    def post_queries_for(posts: int) -> list[str]:
        with django_capture_on_commit_callbacks(execute=True):  # the new posts renew the change token
            for _ in range(posts):
                make_post(accounts=[account, SocialAccountFactory(owner=user)], seconds_ahead=3600)
        with CaptureQueriesContext(connection) as captured:
            assert len(client_for(user).get(URL, span(days=31)).json()["posts"]) > 0
        return [q["sql"] for q in captured if "posts_" in q["sql"]]

    few, many = post_queries_for(2), post_queries_for(40)

    assert len(few) == len(many) == 2


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"to": "2027-01-02T00:00:00Z"}, "from", "This field is required."),
        ({"from": "2027-01-01T00:00:00Z"}, "to", "This field is required."),
        ({"from": "2027-01-02T00:00:00Z", "to": "2027-01-01T00:00:00Z"}, "to", "Must be after from."),
        ({"from": "2027-01-01T00:00:00Z", "to": "2027-03-05T00:00:00Z"}, "to", "At most 62 days after from."),
        ({"from": "yesterday", "to": "2027-01-01T00:00:00Z"}, "from", None),
    ],
)
def test_a_missing_reversed_or_too_long_range_is_400_naming_the_field(auth_client, query, field, message):
    response = auth_client.get(URL, query)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]


def test_sixty_two_days_are_allowed(auth_client):
    start = datetime(2027, 1, 1, tzinfo=UTC)
    query = {"from": start.isoformat(), "to": (start + timedelta(days=62)).isoformat()}

    assert auth_client.get(URL, query).json() == {"posts": []}


def test_a_time_without_offset_is_read_in_your_timezone(auth_client, user, account):
    # The factory's user lives in Europe/Berlin: 00:30 on 2 July there is 22:30 UTC on 1 July.
    year = timezone.now().year + 1
    post = post_services.post_create(
        owner=user, account_ids=[account.pk], caption="Late", scheduled_at=datetime(year, 7, 1, 22, 30, tzinfo=UTC)
    )

    berlin_day = auth_client.get(URL, {"from": f"{year}-07-02T00:00:00", "to": f"{year}-07-03T00:00:00"})
    utc_day = auth_client.get(URL, {"from": f"{year}-07-02T00:00:00Z", "to": f"{year}-07-03T00:00:00Z"})

    assert [p["id"] for p in berlin_day.json()["posts"]] == [post.pk]
    assert utc_day.json()["posts"] == []


def test_needs_authentication(api_client):
    assert api_client.get(URL, span()).status_code == 401
