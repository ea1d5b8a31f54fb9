"""Polls that cost almost nothing when nothing changed: ETag and If-None-Match -> 304.

Every change to a user's posts or deliveries renews their change token once it
is committed; the calendar, a post and the dashboard build their ETag from it.
"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import services as account_services
from posts import changes
from posts.models import Delivery, Post
from posts.services import deliveries as delivery_services
from posts.services import dispatch
from posts.services import posts as post_services
from tests.factories import SocialAccountFactory
from tests.posts.helpers import dispatch_and_publish, make_due, make_post, publish

pytestmark = pytest.mark.django_db

S = Delivery.Status
CALENDAR = "/api/v1/posts/calendar/"


@pytest.fixture
def account(user):
    return SocialAccountFactory(owner=user)


@pytest.fixture
def post(account, django_capture_on_commit_callbacks) -> Post:
    with django_capture_on_commit_callbacks(execute=True):
        return make_post(accounts=[account], seconds_ahead=30)


# One range for the whole module: a poll repeats the same URL.
START = timezone.now().replace(microsecond=0) - timedelta(days=1)
WEEK = {"from": START.isoformat(), "to": (START + timedelta(days=7)).isoformat()}


def week() -> dict[str, str]:
    return WEEK


def poll(client, url: str, etag: str, **params):
    return client.get(url, params, HTTP_IF_NONE_MATCH=etag)


def test_unchanged_calendar_is_304_without_a_body_or_a_query(auth_client, post):
    first = auth_client.get(CALENDAR, week())
    assert first["Cache-Control"] == "private, no-cache"

    with CaptureQueriesContext(connection) as captured:
        again = poll(auth_client, CALENDAR, first["ETag"], **week())

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert not [q for q in captured if "posts_" in q["sql"]]


def test_a_publication_changes_the_calendar_once_it_is_committed(auth_client, post, django_capture_on_commit_callbacks):
    etag = auth_client.get(CALENDAR, week())["ETag"]
    make_due(post)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        dispatch.dispatch_due()  # pending -> queued, not committed yet

    assert poll(auth_client, CALENDAR, etag, **week()).status_code == 304

    for callback in pending:
        callback()  # the commit: the token is renewed
    changed = poll(auth_client, CALENDAR, etag, **week())
    assert changed.status_code == 200
    assert changed.json()["posts"][0]["status"] == "publishing"
    assert changed["ETag"] != etag

    delivery = Delivery.objects.get(post=post)
    with django_capture_on_commit_callbacks(execute=True):
        publish(delivery.pk)
    published = poll(auth_client, CALENDAR, changed["ETag"], **week())
    assert published.json()["posts"][0]["status"] == "published"


def test_an_expired_token_makes_the_next_poll_a_full_answer(auth_client, user, post):
    etag = auth_client.get(CALENDAR, week())["ETag"]

    caches["changes"].delete(changes.token_key(user.pk))

    assert poll(auth_client, CALENDAR, etag, **week()).status_code == 200


def test_tokens_are_kept_where_every_process_sees_them():
    """The worker publishes, the web process answers polls: a per-process cache would miss every change."""
    assert not isinstance(caches["changes"], LocMemCache)


def test_post_detail_is_304_until_it_changes(auth_client, post, django_capture_on_commit_callbacks):
    url = f"/api/v1/posts/{post.pk}/"
    etag = auth_client.get(url)["ETag"]
    assert poll(auth_client, url, etag).status_code == 304

    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.post(f"{url}cancel/").status_code == 200

    cancelled = poll(auth_client, url, etag)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"


def test_a_missing_post_is_404_without_an_etag(auth_client, user):
    missing = auth_client.get("/api/v1/posts/999999/")

    assert missing.status_code == 404
    assert "ETag" not in missing


def test_dashboard_is_304_until_a_post_or_an_account_changes(
    auth_client, account, post, django_capture_on_commit_callbacks
):
    url = "/api/v1/dashboard/"
    etag = auth_client.get(url)["ETag"]
    assert poll(auth_client, url, etag).status_code == 304

    dispatch_and_publish(post, django_capture_on_commit_callbacks)
    after_publication = poll(auth_client, url, etag)
    assert after_publication.json()["counts"]["published"] == 1

    # An account that expires with nothing pending changes no post, but the dashboard shows it.
    account_services.social_account_expire(account=account, reason="Token revoked.")
    after_expiry = poll(auth_client, url, after_publication["ETag"])
    assert [a["id"] for a in after_expiry.json()["accounts_needing_attention"]] == [account.pk]


def test_the_answer_is_built_once_per_token(auth_client, user, post):
    first = auth_client.get(CALENDAR, week())

    with CaptureQueriesContext(connection) as captured:
        second = auth_client.get(CALENDAR, week())  # another tab: no If-None-Match

    assert second.content == first.content
    assert not [q for q in captured if "posts_" in q["sql"]]


def in_state(post: Post, status: str, **fields) -> Delivery:
    Delivery.objects.filter(post=post).update(status=status, **fields)
    return Delivery.objects.select_related("post", "account").get(post=post)


def _claim(post):
    make_due(post)
    dispatch.dispatch_due()


def _begin(post):
    delivery_services.deliveries_begin(delivery_ids=[in_state(post, S.QUEUED, queued_at=timezone.now()).pk])


def _publishing(post) -> Delivery:
    return in_state(post, S.PUBLISHING, started_at=timezone.now(), attempts=1)


TRANSITIONS: dict[str, Callable[[Post], object]] = {
    "claim": _claim,
    "begin": _begin,
    "retryable": lambda p: delivery_services.delivery_mark_retryable(
        delivery=_publishing(p), error="503", retry_after=None, http_status=503
    ),
    "failed": lambda p: delivery_services.delivery_mark_failed(delivery=_publishing(p), error="no"),
    "unknown": lambda p: delivery_services.delivery_mark_unknown(delivery=_publishing(p), error="timeout"),
    "reaped": lambda p: (
        in_state(p, S.PUBLISHING, started_at=timezone.now() - timedelta(days=1)),
        delivery_services.deliveries_reap_stuck(),
    ),
    "retry": lambda p: delivery_services.delivery_retry(delivery=in_state(p, S.FAILED, last_error="x")),
    "cancel one": lambda p: delivery_services.delivery_cancel(delivery=in_state(p, S.PENDING), reason="x"),
    "failed by a person": lambda p: delivery_services.delivery_mark_failed_by_person(
        delivery=in_state(p, S.UNKNOWN, last_error="x"), reason="x"
    ),
    "account expired": lambda p: account_services.social_account_expire(
        account=p.deliveries.get().account, reason="revoked"
    ),
    "account disconnected": lambda p: account_services.social_account_disconnect(account=p.deliveries.get().account),
    "post edited": lambda p: post_services.post_update(post=p, caption="Edited"),
    "post published now": lambda p: post_services.post_publish_now(post=p),
    "post cancelled": lambda p: post_services.post_cancel(post=p),
}


@pytest.mark.parametrize("change", TRANSITIONS)
def test_every_change_of_a_delivery_or_post_renews_the_owners_token(
    change, user, post, django_capture_on_commit_callbacks
):
    before = changes.change_token(owner_id=user.pk)

    with django_capture_on_commit_callbacks(execute=True):
        TRANSITIONS[change](Post.objects.get(pk=post.pk))

    assert changes.change_token(owner_id=user.pk) != before
