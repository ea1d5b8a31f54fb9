"""`/api/v1/posts/`: create with per-network checks, calendar list, detail, edit, cancel, publish now.
Drafts, duplicates and deletion: test_editing_api.py."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from posts.models import Delivery, Post
from tests.factories import SocialAccountFactory
from tests.posts.helpers import MP4_BYTES, make_due, make_media, make_post

pytestmark = pytest.mark.django_db

URL = "/api/v1/posts/"
S = Delivery.Status


@pytest.fixture
def account(user):
    return SocialAccountFactory(owner=user)


def in_an_hour() -> str:
    return (timezone.now() + timedelta(hours=1)).isoformat()


def create(client, **body):
    return client.post(URL, body, format="json")


def test_create_schedules_one_delivery_per_account(auth_client, user, account):
    other = SocialAccountFactory(owner=user)
    media = [make_media(user), make_media(user)]
    when = timezone.now() + timedelta(hours=2)

    response = create(
        auth_client,
        caption="Launch day",
        account_ids=[account.pk, other.pk],
        media_ids=[media[1].pk, media[0].pk],
        scheduled_at=when.isoformat(),
        variants={str(other.pk): "Launch day, shorter"},
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "scheduled"
    assert [m["id"] for m in body["media"]] == [media[1].pk, media[0].pk]
    assert {d["account"]["id"]: d["text"] for d in body["deliveries"]} == {
        account.pk: "Launch day",
        other.pk: "Launch day, shorter",
    }
    post = Post.objects.get(pk=body["id"], owner=user)
    assert post.scheduled_at == when
    assert set(post.deliveries.values_list("status", "due_at")) == {(S.PENDING, when)}


def test_time_without_offset_is_read_in_the_users_timezone(auth_client, user, account):
    # The user factory's timezone is Europe/Berlin: 12:00 in July there is 10:00 UTC.
    year = timezone.now().year + 1

    response = create(auth_client, caption="Hi", account_ids=[account.pk], scheduled_at=f"{year}-07-01T12:00:00")

    assert response.status_code == 201
    assert Post.objects.get().scheduled_at == datetime(year, 7, 1, 10, 0, tzinfo=UTC)
    assert response.json()["scheduled_at"] == f"{year}-07-01T10:00:00Z"


def test_time_with_offset_keeps_its_offset(auth_client, account):
    year = timezone.now().year + 1

    create(auth_client, caption="Hi", account_ids=[account.pk], scheduled_at=f"{year}-01-01T09:00:00-05:00")

    assert Post.objects.get().scheduled_at == datetime(year, 1, 1, 14, 0, tzinfo=UTC)


def test_time_in_the_past_is_400_unless_publish_now(auth_client, account):
    past = (timezone.now() - timedelta(minutes=1)).isoformat()

    refused = create(auth_client, caption="Hi", account_ids=[account.pk], scheduled_at=past)
    accepted = create(auth_client, caption="Hi", account_ids=[account.pk], scheduled_at=past, publish_now=True)

    assert refused.status_code == 400
    assert "is in the past" in refused.json()["errors"]["scheduled_at"][0]
    assert "T" not in refused.json()["errors"]["scheduled_at"][0].split(" is in")[0]  # not an ISO time
    assert accepted.status_code == 201
    assert Delivery.objects.get().due_at <= timezone.now()


def test_without_a_time_the_post_is_a_draft(auth_client, account):
    response = create(auth_client, caption="Later", account_ids=[account.pk])

    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    assert Delivery.objects.get().due_at is None


def test_malformed_time_names_the_field(auth_client, account):
    response = create(auth_client, caption="Hi", account_ids=[account.pk], scheduled_at="next tuesday")

    assert response.status_code == 400
    assert "scheduled_at" in response.json()["errors"]


def network_account(user, network):
    return SocialAccountFactory(owner=user, network=network)


@pytest.mark.parametrize(
    ("network", "body", "field", "message"),
    [
        ("x", {"caption": "a" * 281}, "caption", "X (Twitter) allows 280 characters; this text counts 281."),
        # A 220-character URL counts as 23: 256 + 1 + 23 = 280 fits, one character more does not.
        ("x", {"caption": "a" * 256 + " https://example.com/" + "b" * 200}, None, None),
        ("x", {"caption": "a" * 257 + " https://example.com/" + "b" * 200}, "caption", "this text counts 281."),
        ("instagram", {"caption": "a" * 2201}, "caption", "Instagram allows 2200 characters; this text counts 2201."),
        ("instagram", {"caption": "#t " * 31, "with_media": True}, "caption", "Instagram allows 30 hashtags"),
        ("instagram", {"caption": "No picture"}, "media_ids", "Instagram needs at least one media item."),
        ("linkedin", {"caption": "a" * 3001}, "caption", "LinkedIn allows 3000 characters; this text counts 3001."),
        ("reddit", {"caption": "Body", "title": "t" * 301}, "options.{id}.title", "Reddit titles allow 300"),
        ("reddit", {"caption": "Body", "title": "t" * 300}, None, None),
    ],
)
def test_per_network_checks_name_the_field(auth_client, user, network, body, field, message):
    account = network_account(user, network)
    payload = {"caption": body["caption"], "account_ids": [account.pk], "scheduled_at": in_an_hour()}
    if body.get("with_media"):
        payload["media_ids"] = [make_media(user).pk]
    if "title" in body:
        payload["options"] = {str(account.pk): {"title": body["title"], "subreddit": "test"}}

    response = create(auth_client, **payload)

    if field is None:
        assert response.status_code == 201, response.json()
        return
    assert response.status_code == 400
    messages = response.json()["errors"][field.format(id=account.pk)]
    assert any(message in m for m in messages), messages
    assert not Post.objects.exists()


def test_variant_too_long_for_x_names_the_variant(auth_client, user, account):
    x = network_account(user, "x")

    response = create(
        auth_client,
        caption="Fine",
        account_ids=[account.pk, x.pk],
        variants={str(x.pk): "a" * 300},
        scheduled_at=in_an_hour(),
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [f"variants.{x.pk}"]


def test_too_many_media_for_x(auth_client, user):
    x = network_account(user, "x")
    media = [make_media(user).pk for _ in range(5)]

    response = create(auth_client, caption="Hi", account_ids=[x.pk], media_ids=media, scheduled_at=in_an_hour())

    assert response.status_code == 400
    assert response.json()["errors"]["media_ids"] == ["X (Twitter) allows 4 media items; this post has 5."]


def make_video(user):
    return make_media(user, name="clip.mp4", content=MP4_BYTES, content_type="video/mp4")


@pytest.mark.parametrize(
    ("network", "kinds", "message"),
    [
        ("linkedin", ["video", "video"], "LinkedIn posts carry either images or one video; this post has 2 videos."),
        ("linkedin", ["image", "video"], "LinkedIn posts carry either images or one video, not both."),
        ("linkedin", ["video"], None),
        ("linkedin", ["image", "image"], None),
        ("x", ["image", "video"], "X (Twitter) posts carry either images or one video, not both."),
        ("x", ["image", "image"], None),
        ("sandbox", ["image", "video"], None),
    ],
)
def test_networks_that_take_images_or_one_video(auth_client, user, network, kinds, message):
    account = network_account(user, network)
    media = [(make_video(user) if kind == "video" else make_media(user)).pk for kind in kinds]

    response = create(auth_client, caption="Hi", account_ids=[account.pk], media_ids=media, scheduled_at=in_an_hour())

    if message is None:
        assert response.status_code == 201, response.json()
        return
    assert response.status_code == 400
    assert response.json()["errors"] == {"media_ids": [message]}
    assert not Post.objects.exists()


def test_patch_adding_a_second_video_for_linkedin_is_400(auth_client, user):
    linkedin = network_account(user, "linkedin")
    post = make_post(accounts=[linkedin], media_ids=[make_video(user).pk])

    response = auth_client.patch(
        f"{URL}{post.pk}/", {"media_ids": [post.media.get().pk, make_video(user).pk]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["media_ids"] == [
        "LinkedIn posts carry either images or one video; this post has 2 videos."
    ]
    assert post.media.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"account_ids": []}, "account_ids"),
        ({"account_ids": [999999]}, "account_ids"),
        ({"account_ids": "oops"}, "account_ids"),
        ({"media_ids": [999999]}, "media_ids"),
        ({"caption": ""}, "caption"),
        ({"variants": {"12345": "x"}}, "variants.12345"),
        ({"variants": {"abc": "x"}}, "variants.abc"),
        ({"options": {"1": "not an object"}}, "options.1"),
        ({"publish_now": "maybe"}, "publish_now"),
    ],
)
def test_bad_input_names_the_field(auth_client, account, body, field):
    payload = {"caption": "Hi", "account_ids": [account.pk], "scheduled_at": in_an_hour(), **body}

    response = create(auth_client, **payload)

    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert not Post.objects.exists()


def test_accounts_and_media_of_someone_else_are_unknown(auth_client):
    stranger = SocialAccountFactory()
    strangers_media = make_media(stranger.owner)

    by_account = create(auth_client, caption="Hi", account_ids=[stranger.pk], scheduled_at=in_an_hour())

    assert by_account.status_code == 400
    assert by_account.json()["errors"]["account_ids"] == [f"No connected account with id {stranger.pk}."]
    mine = SocialAccountFactory(owner=by_account.wsgi_request.user)
    by_media = create(
        auth_client, caption="Hi", account_ids=[mine.pk], media_ids=[strangers_media.pk], scheduled_at=in_an_hour()
    )
    assert by_media.status_code == 400
    assert "media_ids" in by_media.json()["errors"]


def test_expired_account_cannot_be_scheduled(auth_client, user):
    expired = SocialAccountFactory(owner=user, status="expired")

    response = create(auth_client, caption="Hi", account_ids=[expired.pk], scheduled_at=in_an_hour())

    assert response.status_code == 400
    assert "reconnect it first" in response.json()["errors"]["account_ids"][0]


def test_list_is_the_calendar_query(auth_client, user, account):
    other_account = SocialAccountFactory(owner=user)
    now = timezone.now()
    tomorrow = make_post(accounts=[account], seconds_ahead=86400)
    next_week = make_post(accounts=[other_account], seconds_ahead=7 * 86400)
    cancelled = make_post(accounts=[account], seconds_ahead=2 * 86400)
    auth_client.post(f"{URL}{cancelled.pk}/cancel/")
    make_post(accounts=[SocialAccountFactory()], seconds_ahead=86400)  # someone else's

    def ids(**query):
        response = auth_client.get(URL, query)
        assert response.status_code == 200, response.json()
        return [p["id"] for p in response.json()["results"]]

    assert ids() == [tomorrow.pk, cancelled.pk, next_week.pk]
    assert ids(**{"from": now.isoformat(), "to": (now + timedelta(days=3)).isoformat()}) == [
        tomorrow.pk,
        cancelled.pk,
    ]
    assert ids(status="cancelled") == [cancelled.pk]
    assert ids(status="scheduled") == [tomorrow.pk, next_week.pk]
    assert ids(account=other_account.pk) == [next_week.pk]
    assert auth_client.get(URL, {"page_size": 1}).json()["count"] == 3


@pytest.mark.parametrize("query", [{"from": "soon"}, {"status": "exploded"}, {"account": "x"}])
def test_list_filters_are_validated(auth_client, query):
    response = auth_client.get(URL, query)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(query)


def test_detail_shows_deliveries(auth_client, account):
    post = make_post(accounts=[account])

    body = auth_client.get(f"{URL}{post.pk}/").json()

    assert body["deliveries"][0]["status"] == "pending"
    assert body["deliveries"][0]["account"]["handle"] == account.handle


def test_patch_edits_and_reschedules_while_nothing_started(auth_client, user, account):
    post = make_post(accounts=[account])
    added = SocialAccountFactory(owner=user)
    when = timezone.now() + timedelta(days=1)

    response = auth_client.patch(
        f"{URL}{post.pk}/",
        {"caption": "Edited", "scheduled_at": when.isoformat(), "account_ids": [added.pk]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    post.refresh_from_db()
    assert (post.caption, post.scheduled_at) == ("Edited", when)
    assert list(post.deliveries.values_list("account_id", "due_at")) == [(added.pk, when)]


def test_patch_to_null_time_makes_a_draft(auth_client, account):
    post = make_post(accounts=[account])

    response = auth_client.patch(f"{URL}{post.pk}/", {"scheduled_at": None}, format="json")

    assert response.json()["status"] == "draft"
    assert Delivery.objects.get(post=post).due_at is None


def test_patch_is_validated_like_create(auth_client, user):
    x = network_account(user, "x")
    post = make_post(accounts=[x])

    response = auth_client.patch(f"{URL}{post.pk}/", {"caption": "a" * 281}, format="json")

    assert response.status_code == 400
    assert "caption" in response.json()["errors"]
    post.refresh_from_db()
    assert post.caption == "Hello"


def test_patch_after_a_delivery_started_is_409(auth_client, account):
    post = make_post(accounts=[account])
    Delivery.objects.filter(post=post).update(status=S.QUEUED, queued_at=timezone.now())

    response = auth_client.patch(f"{URL}{post.pk}/", {"caption": "Too late"}, format="json")

    assert response.status_code == 409
    post.refresh_from_db()
    assert post.caption == "Hello"


def test_cancel_stops_pending_deliveries_once(auth_client, account):
    post = make_post(accounts=[account])

    response = auth_client.post(f"{URL}{post.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    delivery = Delivery.objects.get(post=post)
    assert (delivery.status, delivery.last_error) == (S.CANCELLED, "Cancelled by the user.")
    assert auth_client.post(f"{URL}{post.pk}/cancel/").status_code == 409


def test_cancel_leaves_published_deliveries_alone(auth_client, user, account):
    other = SocialAccountFactory(owner=user)
    post = make_post(accounts=[account, other])
    Delivery.objects.filter(post=post, account=account).update(status=S.PUBLISHED, published_at=timezone.now())

    response = auth_client.post(f"{URL}{post.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert Delivery.objects.get(post=post, account=other).status == S.CANCELLED


def test_publish_now_makes_deliveries_due(auth_client, account):
    post = make_post(accounts=[account], seconds_ahead=86400)

    response = auth_client.post(f"{URL}{post.pk}/publish-now/")

    assert response.status_code == 200
    assert Delivery.objects.get(post=post).due_at <= timezone.now()
    make_due(post)
    Delivery.objects.filter(post=post).update(status=S.QUEUED, queued_at=timezone.now())
    assert auth_client.post(f"{URL}{post.pk}/publish-now/").status_code == 409
