"""Odd input to `/api/v1/posts/`: account-id keys, per-network options by name and kind, values a database refuses."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from posts.models import Delivery, Post
from tests.factories import SocialAccountFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/posts/"


def in_an_hour() -> str:
    return (timezone.now() + timedelta(hours=1)).isoformat()


def body_for(account, **extra) -> dict:
    return {"caption": "Hello", "account_ids": [account.pk], "scheduled_at": in_an_hour(), **extra}


@pytest.fixture
def sandbox(user):
    return SocialAccountFactory(owner=user)


@pytest.fixture
def reddit(user):
    return SocialAccountFactory(owner=user, network="reddit")


@pytest.fixture
def linkedin(user):
    return SocialAccountFactory(owner=user, network="linkedin")


@pytest.mark.parametrize("key", ["²", "①", "\uff11", "٣", " 1", "1.0", "-1"])
@pytest.mark.parametrize("field", ["variants", "options"])
def test_account_keys_that_are_not_ascii_digits_are_400_on_create(auth_client, sandbox, field, key):
    response = auth_client.post(
        URL, body_for(sandbox, **{field: {key: "x" if field == "variants" else {}}}), format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {f"{field}.{key}": [f"{key} is not one of this post's account_ids."]}
    assert not Post.objects.exists()


@pytest.mark.parametrize("field", ["variants", "options"])
def test_superscript_account_keys_are_400_on_edit(auth_client, sandbox, field):
    created = auth_client.post(URL, body_for(sandbox), format="json").json()

    response = auth_client.patch(
        f"{URL}{created['id']}/", {field: {"²": "x" if field == "variants" else {}}}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [f"{field}.²"]
    assert Delivery.objects.get().caption == ""


def test_an_option_the_network_does_not_declare_is_400_naming_it(auth_client, sandbox, reddit):
    options = {str(sandbox.pk): {"title": "T"}, str(reddit.pk): {"subreddit": "python", "title": "T", "flair": "News"}}
    body = body_for(sandbox, account_ids=[sandbox.pk, reddit.pk], options=options)

    response = auth_client.post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        f"options.{sandbox.pk}.title": ["Sandbox has no option named title."],
        f"options.{reddit.pk}.flair": ["Reddit has no option named flair; its options are subreddit, title, url."],
    }
    assert not Post.objects.exists()


@pytest.mark.parametrize("value", [42, 1.5, True, ["python"], {"name": "python"}])
def test_an_option_of_the_wrong_type_is_400_naming_it(auth_client, reddit, value):
    options = {str(reddit.pk): {"subreddit": "python", "title": value}}

    response = auth_client.post(URL, body_for(reddit, options=options), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {f"options.{reddit.pk}.title": ["The Reddit title must be text."]}


def test_a_choice_option_outside_its_choices_is_400(auth_client, linkedin):
    response = auth_client.post(
        URL, body_for(linkedin, options={str(linkedin.pk): {"visibility": "SECRET"}}), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [f"options.{linkedin.pk}.visibility"]


@pytest.mark.parametrize(
    "url", ["https://example.com:99999/post", "https://example.com:65536/", "https://example.com:0/", "http://[::1/x"]
)
def test_a_link_option_with_an_impossible_port_or_host_is_400(auth_client, reddit, url):
    options = {str(reddit.pk): {"subreddit": "python", "title": "T", "url": url}}

    response = auth_client.post(URL, body_for(reddit, options=options), format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [f"options.{reddit.pk}.url"]
    assert not Post.objects.exists()


def test_a_link_option_with_a_real_port_is_stored(auth_client, reddit):
    options = {"subreddit": "python", "title": "T", "url": "https://example.com:8443/post"}

    response = auth_client.post(URL, body_for(reddit, options={str(reddit.pk): options}), format="json")

    assert response.status_code == 201, response.json()
    assert Delivery.objects.get().options == options


# PostgreSQL's jsonb refuses NUL and lone surrogates, and JSON has no NaN or Infinity:
# these would fail on insert (a 500), so they are refused before. Run on PostgreSQL too.
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('"a\\u0000b"', "Text must not contain NUL characters."),
        ('"\\ud83d"', "Text must not contain lone surrogates (invalid Unicode)."),
        ("NaN", "Numbers must be finite (NaN and Infinity are not JSON)."),
        ("Infinity", "Numbers must be finite (NaN and Infinity are not JSON)."),
        ("1e400", "Numbers must be finite (NaN and Infinity are not JSON)."),
    ],
)
def test_option_values_the_database_cannot_store_are_400(auth_client, reddit, raw, message):
    body = (
        json.dumps(body_for(reddit))[:-1]
        + f', "options": {{"{reddit.pk}": {{"subreddit": "python", "title": {raw}}}}}}}'
    )

    response = auth_client.post(URL, data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"] == {f"options.{reddit.pk}.title": [message]}
    assert not Post.objects.exists()


def test_option_values_are_checked_when_a_service_is_called_without_the_api(user, reddit):
    from posts.services.posts import post_create
    from socialtrend.errors import ApplicationError

    with pytest.raises(ApplicationError) as raised:
        post_create(
            owner=user,
            account_ids=[reddit.pk],
            caption="Hi",
            options={str(reddit.pk): {"subreddit": "python", "title": "a\x00b"}},
        )

    assert raised.value.errors == {f"options.{reddit.pk}.title": ["Text must not contain NUL characters."]}
    assert not Post.objects.exists()
