"""The queue API: each bad input a 400 naming its field, another person's things a 404."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from posts.services import posts as post_services
from tests.conftest import client_for
from tests.factories import SocialAccountFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(user):
    return SocialAccountFactory(owner=user)


def test_slots_saved_then_a_draft_queued_into_the_first_one(auth_client, user, account):
    saved = auth_client.put(
        f"/api/v1/queue/{account.pk}/slots/", {"slots": [{"weekday": 2, "time": "08:15"}]}, format="json"
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["slots"] == [{"weekday": 2, "time": "08:15"}] and not saved.json()["slots_are_default"]
    post = post_services.post_create(owner=user, account_ids=[account.pk], caption="Into the queue")

    added = auth_client.post("/api/v1/queue/", {"post_id": post.pk}, format="json")

    assert added.status_code == 201, added.json()
    (entry,) = added.json()["entries"]
    assert entry["post_id"] == post.pk and entry["on_slot"]
    local = datetime.fromisoformat(entry["scheduled_at"]).astimezone(ZoneInfo(user.timezone))
    assert (local.weekday(), local.strftime("%H:%M")) == (2, "08:15")
    assert auth_client.get(f"/api/v1/posts/{post.pk}/").json()["status"] == "scheduled"


@pytest.mark.parametrize(
    ("slots", "field_error"),
    [
        ([{"weekday": 7, "time": "09:00"}], "weekday"),
        ([{"weekday": 1, "time": "25:00"}], "time"),
        ([{"weekday": 1, "time": "9am"}], "time"),
        ([{"weekday": 1}], "time"),
        ("Mondays", "slots"),
    ],
)
def test_bad_slots_are_refused_naming_the_field(auth_client, account, slots, field_error):
    response = auth_client.put(f"/api/v1/queue/{account.pk}/slots/", {"slots": slots}, format="json")
    assert response.status_code == 400
    assert field_error in str(response.json()), response.json()


def test_a_slot_listed_twice_is_refused(auth_client, account):
    twice = [{"weekday": 0, "time": "09:00"}] * 2
    response = auth_client.put(f"/api/v1/queue/{account.pk}/slots/", {"slots": twice}, format="json")
    assert response.status_code == 400 and "slots" in response.json()["errors"]


@pytest.mark.parametrize("body", [{}, {"post_id": "x"}, {"post_id": 0}])
def test_queueing_without_a_valid_post_id_names_the_field(auth_client, body):
    response = auth_client.post("/api/v1/queue/", body, format="json")
    assert response.status_code == 400 and "post_id" in response.json()["errors"]


def test_another_persons_queue_and_posts_are_not_found(auth_client, account):
    stranger = UserFactory()
    theirs = SocialAccountFactory(owner=stranger)
    their_post = post_services.post_create(owner=stranger, account_ids=[theirs.pk], caption="Theirs")
    for method, url, body in [
        ("get", f"/api/v1/queue/{theirs.pk}/", None),
        ("put", f"/api/v1/queue/{theirs.pk}/slots/", {"slots": []}),
        ("post", f"/api/v1/queue/{theirs.pk}/pause/", None),
        ("post", f"/api/v1/queue/{theirs.pk}/shuffle/", None),
        ("post", f"/api/v1/queue/{theirs.pk}/order/", {"post_ids": [their_post.pk]}),
        ("post", "/api/v1/queue/", {"post_id": their_post.pk}),
    ]:
        response = getattr(auth_client, method)(url, body, format="json")
        assert response.status_code == 404, (url, response.status_code)
    assert client_for(stranger).get(f"/api/v1/queue/{theirs.pk}/").json()["entries"] == []


def test_pause_twice_is_a_conflict_and_resume_answers_how_many_moved(auth_client, user, account):
    post = post_services.post_create(owner=user, account_ids=[account.pk], caption="Waits")
    auth_client.post("/api/v1/queue/", {"post_id": post.pk}, format="json")
    assert auth_client.post(f"/api/v1/queue/{account.pk}/pause/").json() == {"moved": 1}
    assert auth_client.post(f"/api/v1/queue/{account.pk}/pause/").status_code == 409
    paused = auth_client.get(f"/api/v1/queue/{account.pk}/").json()
    assert paused["paused"] and paused["entries"][0]["scheduled_at"] is None
    assert auth_client.post(f"/api/v1/queue/{account.pk}/resume/").json() == {"moved": 1}
