"""The real publishers inside the pipeline: dispatcher -> publish task -> fake network -> outcome -> webhooks."""

import threading
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

import networks
from accounts.models import SocialAccount
from accounts.services import social_account_expire
from networks.instagram.publisher import InstagramPublisher
from networks.sandbox.models import SandboxPublication
from posts.models import Delivery, DeliveryAttempt
from posts.services import deliveries, dispatch
from posts.tasks import publish_deliveries
from socialtrend.celery import app as celery_app
from tests.factories import UserFactory
from tests.fakes.instagram import graph_error_body
from tests.fakes.server import wait_for
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.posts.helpers import MP4_BYTES, dispatch_and_publish, image_bytes, make_due, make_media, make_post
from webhooks.models import WebhookEvent
from webhooks.services import webhook_endpoint_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def receiver(fake_server, settings) -> WebhookReceiver:
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    fake = WebhookReceiver()
    fake.url = fake_server.install(fake, "/hooks") + "/in"
    return fake


def subscribe(receiver: WebhookReceiver, owner, events: list[str]) -> None:
    _, receiver.secret = webhook_endpoint_create(owner=owner, url=receiver.url, events=events)


def test_registry_builds_the_real_publishers():
    assert isinstance(networks.publisher("instagram"), InstagramPublisher)
    assert {type(networks.publisher(n)).__name__ for n in ("linkedin", "x", "reddit")} == {
        "LinkedInPublisher",
        "XPublisher",
        "RedditPublisher",
    }


def test_instagram_fetches_media_through_a_signed_link(
    user, instagram, settings, client, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "http://testserver"
    account = SocialAccount.objects.create(
        owner=user, network="instagram", handle="ada.bakes", remote_id=instagram.user_id, access_token="ig-long-token"
    )
    jpeg = image_bytes("JPEG")
    media = make_media(user, name="bread.jpg", content=jpeg, content_type="image/jpeg")
    post = make_post(accounts=[account], caption="Fresh bread", media_ids=[media.pk])

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert delivery.status == "published"
    [published] = instagram.published
    assert delivery.remote_id == published["id"]
    assert delivery.remote_url == f"https://www.instagram.com/p/{published['id']}/"
    image_url = urlsplit(published["container"]["image_url"])
    assert image_url.netloc == "testserver" and image_url.path.startswith("/media-links/")
    served = client.get(image_url.path)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == jpeg


def test_linkedin_video_post_goes_out_with_the_stored_file(user, linkedin, django_capture_on_commit_callbacks):
    account = SocialAccount.objects.create(
        owner=user, network="linkedin", handle="Ada", remote_id="urn:li:person:782bbtaQ", access_token="li-token"
    )
    media = make_media(user, name="clip.mp4", content=MP4_BYTES, content_type="video/mp4")
    post = make_post(
        accounts=[account], caption="Our film", media_ids=[media.pk], options={str(account.pk): {"title": "Film"}}
    )

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert delivery.status == "published"
    [published] = linkedin.published
    assert delivery.remote_id == published["id"]
    assert published["content"]["media"]["title"] == "Film"
    assert linkedin.videos[published["content"]["media"]["id"]].data == MP4_BYTES


def test_published_delivery_is_announced_to_a_verifying_receiver(
    user, x_api, receiver, eager_celery, django_capture_on_commit_callbacks
):
    account = SocialAccount.objects.create(
        owner=user, network="x", handle="ada_codes", remote_id=x_api.user_id, access_token="x-token"
    )
    subscribe(receiver, user, ["delivery.published"])
    post = make_post(accounts=[account], caption="Shipped")

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert delivery.status == "published"
    [received] = receiver.received
    assert received["body"]["event"] == "delivery.published"
    data = received["body"]["data"]
    assert (data["delivery_id"], data["post_id"], data["status"]) == (delivery.pk, post.pk, "published")
    assert data["account"] == {"id": account.pk, "network": "x", "handle": "ada_codes"}
    assert data["remote_id"] == x_api.tweets[0]["id"]


def test_invalid_token_expires_the_account_pauses_its_deliveries_and_announces_it(
    user, linkedin, receiver, eager_celery, django_capture_on_commit_callbacks
):
    account = SocialAccount.objects.create(
        owner=user, network="linkedin", handle="Ada", remote_id="urn:li:person:782bbtaQ", access_token="expired"
    )
    later = make_post(accounts=[account], caption="Later", seconds_ahead=3600)
    subscribe(receiver, user, ["delivery.failed", "account.expired"])
    post = make_post(accounts=[account], caption="Now")

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    account.refresh_from_db()
    assert delivery.status == "waiting_for_reconnect" and "must be reconnected" in delivery.last_error
    assert account.status == "expired"
    assert Delivery.objects.get(post=later).status == "waiting_for_reconnect"
    # Nothing failed (yet): the owner hears that the account needs reconnecting.
    assert [r["body"]["event"] for r in receiver.received] == ["account.expired"]
    assert "must be reconnected" in receiver.received[0]["body"]["data"]["reason"]
    assert WebhookEvent.objects.filter(owner=user).count() == 1


def test_read_timeout_leaves_the_delivery_unknown_and_announces_it(
    user, reddit, receiver, eager_celery, django_capture_on_commit_callbacks
):
    account = SocialAccount.objects.create(
        owner=user, network="reddit", handle="ada_posts", remote_id="ada_posts", refresh_token="rd-refresh"
    )
    subscribe(receiver, user, ["delivery.unknown"])
    reddit.script("POST /api/submit/", status=None, delay=1.5)
    post = make_post(accounts=[account], caption="Body", options={str(account.pk): {"subreddit": "test", "title": "T"}})

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert delivery.status == "unknown"
    assert [r["body"]["event"] for r in receiver.received] == ["delivery.unknown"]


def sandbox_post(user):
    account = SocialAccount.objects.create(owner=user, network="sandbox", handle="sb", remote_id="sb")
    return make_post(accounts=[account], caption="Body")


def test_reaped_delivery_is_announced_as_unknown(
    user, receiver, eager_celery, settings, django_capture_on_commit_callbacks
):
    subscribe(receiver, user, ["delivery.unknown"])
    post = sandbox_post(user)
    make_due(post)
    with django_capture_on_commit_callbacks(execute=False):
        dispatch.dispatch_due()
    delivery = Delivery.objects.get(post=post)
    deliveries.deliveries_begin(delivery_ids=[delivery.pk])  # a worker claims it, calls, dies

    with django_capture_on_commit_callbacks(execute=True):
        reaped = deliveries.deliveries_reap_stuck(
            now=timezone.now() + timedelta(seconds=settings.PUBLISH_STUCK_TIMEOUT + 1)
        )

    assert reaped == 1
    assert [(r["body"]["event"], r["body"]["data"]["delivery_id"]) for r in receiver.received] == [
        ("delivery.unknown", delivery.pk)
    ]


def test_outcome_of_a_user_without_webhooks_records_no_event(user, receiver, django_capture_on_commit_callbacks):
    subscribe(receiver, UserFactory(), ["delivery.published"])  # someone else's webhook
    post = sandbox_post(user)

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert delivery.status == "published"
    assert not WebhookEvent.objects.exists()
    assert receiver.received == []


def test_delivery_that_missed_its_window_is_announced_as_failed(
    user, receiver, eager_celery, settings, django_capture_on_commit_callbacks
):
    settings.PUBLISH_LATENESS_WINDOW = 600
    subscribe(receiver, user, ["delivery.failed"])
    post = sandbox_post(user)
    make_due(post, seconds_ago=601)

    with django_capture_on_commit_callbacks(execute=True):
        report = dispatch.dispatch_due()

    assert report.missed == 1
    [received] = receiver.received
    assert received["body"]["event"] == "delivery.failed"
    assert received["body"]["data"]["error"].startswith("Missed its window")


def test_expired_account_pauses_each_pending_delivery_and_announces_only_the_account(
    user, receiver, eager_celery, django_capture_on_commit_callbacks
):
    subscribe(receiver, user, ["delivery.failed", "account.expired"])
    first, second = sandbox_post(user), make_post(accounts=[SocialAccount.objects.get(owner=user)], caption="Two")

    with django_capture_on_commit_callbacks(execute=True):
        social_account_expire(account=SocialAccount.objects.get(owner=user), reason="token revoked")

    paused = Delivery.objects.filter(status=Delivery.Status.WAITING_FOR_RECONNECT, last_error="token revoked")
    assert sorted(paused.values_list("post_id", flat=True)) == [first.pk, second.pk]
    assert [r["body"]["event"] for r in receiver.received] == ["account.expired"]


def linkedin_person_and_organization(user) -> list[SocialAccount]:
    """Two LinkedIn accounts the fake's token may post as: the member and an organization it runs."""
    return [
        SocialAccount.objects.create(
            owner=user, network="linkedin", handle=handle, remote_id=urn, access_token="li-token"
        )
        for handle, urn in [("Ada", "urn:li:person:782bbtaQ"), ("Ada & Co", "urn:li:organization:2414183")]
    ]


def queued_ids(post, capture) -> list[int]:
    make_due(post)
    with capture(execute=False):
        dispatch.dispatch_due()
    return sorted(Delivery.objects.filter(post=post, status="queued").values_list("pk", flat=True))


def test_one_message_makes_its_calls_at_the_same_time(user, linkedin, settings, django_capture_on_commit_callbacks):
    settings.PUBLISH_CALL_THREADS = 2
    post = make_post(accounts=linkedin_person_and_organization(user), caption="Together")
    ids = queued_ids(post, django_capture_on_commit_callbacks)
    # Each create-post request waits at a barrier only two requests in flight together can pass.
    barrier = threading.Barrier(2, timeout=5)
    answer = linkedin.handle

    def handle(request):
        if request.path == "/rest/posts":
            barrier.wait()
        return answer(request)

    linkedin.handle = handle

    with django_capture_on_commit_callbacks(execute=True):
        statuses = publish_deliveries(ids)

    assert statuses == dict.fromkeys(ids, "published")
    assert not barrier.broken
    remote_ids = set(Delivery.objects.filter(pk__in=ids).values_list("remote_id", flat=True))
    assert remote_ids == {p["id"] for p in linkedin.published} and len(remote_ids) == 2
    assert DeliveryAttempt.objects.filter(delivery__in=ids, outcome="published").count() == 2


def test_calls_that_outlive_the_wait_record_themselves_and_waiting_ones_go_back(
    user, linkedin, settings, transactional_db, django_capture_on_commit_callbacks
):
    """Committed data (transactional_db): the late outcomes are written by the call threads."""
    settings.PUBLISH_CALL_THREADS = 2
    settings.PUBLISH_CALL_WAIT = 0.3
    settings.NETWORK_READ_TIMEOUT = 5.0
    linkedin.org_admin["li-token"].add("5550001")
    accounts = [
        *linkedin_person_and_organization(user),
        SocialAccount.objects.create(
            owner=user,
            network="linkedin",
            handle="Ada Labs",
            remote_id="urn:li:organization:5550001",
            access_token="li-token",
        ),
    ]
    post = make_post(accounts=accounts, caption="Slow")
    ids = queued_ids(post, django_capture_on_commit_callbacks)
    # Both call threads get a slow answer (at different times); the third call waits for a thread.
    linkedin.script("POST /rest/posts", status=None, delay=0.8)
    linkedin.script("POST /rest/posts", status=None, delay=1.2)

    statuses = publish_deliveries(ids)

    assert sorted(statuses.values()) == ["pending", "publishing", "publishing"]
    waited = Delivery.objects.get(pk__in=ids, status="pending")
    assert "no call thread was free" in waited.last_error
    assert waited.due_at > timezone.now()  # backoff, like any retryable error
    slow = [pk for pk, status in statuses.items() if status == "publishing"]
    assert wait_for(lambda: Delivery.objects.filter(pk__in=slow, status="published").count() == 2, timeout=10)
    assert {p["id"] for p in linkedin.published} == set(
        Delivery.objects.filter(pk__in=slow).values_list("remote_id", flat=True)
    )
    assert DeliveryAttempt.objects.filter(delivery__in=slow, outcome="published").count() == 2


def test_one_message_records_each_delivery_on_its_own(user, linkedin, django_capture_on_commit_callbacks):
    """Mixed outcomes in one message: a success, an auth failure and a disconnected
    account; each ends in its own state with its own attempt, none drags the others."""
    good, *_ = linkedin_person_and_organization(user)
    bad_token = SocialAccount.objects.create(
        owner=user, network="linkedin", handle="Old", remote_id="urn:li:person:old", access_token="revoked-token"
    )
    gone = SocialAccount.objects.create(owner=user, network="sandbox", handle="gone", remote_id="sandbox:gone")
    post = make_post(accounts=[good, bad_token, gone], caption="All at once")
    ids = queued_ids(post, django_capture_on_commit_callbacks)
    SocialAccount.objects.filter(pk=gone.pk).update(status=SocialAccount.Status.REVOKED)

    with django_capture_on_commit_callbacks(execute=True):
        statuses = publish_deliveries(ids)

    by_account = {d.account_id: d for d in Delivery.objects.filter(pk__in=ids)}
    assert statuses == {d.pk: d.status for d in by_account.values()}
    assert by_account[good.pk].status == "published"
    assert by_account[good.pk].remote_id == linkedin.published[0]["id"]
    assert by_account[bad_token.pk].status == "waiting_for_reconnect"
    assert "must be reconnected" in by_account[bad_token.pk].last_error
    assert by_account[gone.pk].status == "failed" and "revoked" in by_account[gone.pk].last_error
    assert SocialAccount.objects.get(pk=bad_token.pk).status == "expired"
    outcomes = dict(DeliveryAttempt.objects.filter(delivery__in=ids).values_list("delivery__account", "outcome"))
    assert outcomes == {good.pk: "published", bad_token.pk: "auth", gone.pk: "failed"}
    assert not SandboxPublication.objects.exists()  # the revoked account was never called


def test_instagram_first_comment_failure_leaves_the_delivery_published_with_a_warning(
    user, instagram, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "http://testserver"
    account = SocialAccount.objects.create(
        owner=user, network="instagram", handle="ada.bakes", remote_id=instagram.user_id, access_token="ig-long-token"
    )
    media = make_media(user, name="bread.jpg", content=image_bytes("JPEG"), content_type="image/jpeg")
    post = make_post(
        accounts=[account],
        caption="Fresh bread",
        media_ids=[media.pk],
        options={account.pk: {"first_comment": "#bread"}},
    )
    instagram.script("/comments", status=400, body=graph_error_body(10, "No permission"))

    delivery = dispatch_and_publish(post, django_capture_on_commit_callbacks)

    assert delivery.status == "published" and delivery.attempts == 1
    assert len(instagram.published) == 1
    warning = delivery.last_error
    # Graph's code 10 (the app lacks the permission) is named as such (networks.meta_graph).
    assert warning.startswith("Published, but the first comment was not posted: Instagram error 10: No permission")
    assert "App Review" in warning
    assert list(delivery.attempt_log.values_list("outcome", "error")) == [("published", warning)]
