"""The OAuth `state` is single-use: a replayed callback is refused."""

import pytest

from accounts.models import SocialAccount
from tests.networks.test_connect import come_back, start

pytestmark = pytest.mark.django_db

CALLBACK = "/api/v1/social-accounts/callback/{}/"


@pytest.fixture(autouse=True)
def _redirect_uris(settings):
    settings.INSTAGRAM_REDIRECT_URI = f"http://testserver{CALLBACK.format('instagram')}"


@pytest.fixture(autouse=True)
def _same_browser(auth_client, api_client):
    api_client.cookies = auth_client.cookies


def test_a_replayed_callback_is_an_invalid_state(auth_client, api_client, user, instagram):
    query = start(auth_client, "instagram")
    cookie = api_client.cookies["st_oauth_browser"].value

    _, first = come_back(api_client, "instagram", code="good-code", state=query["state"])
    SocialAccount.objects.all().delete()
    api_client.cookies["st_oauth_browser"] = cookie  # the replayer holds the browser cookie too
    _, replay = come_back(api_client, "instagram", code="good-code", state=query["state"])

    assert first == {"connected": "instagram"}
    assert replay["error"] == "invalid_state"
    assert not SocialAccount.objects.exists()


def test_a_refused_state_does_not_use_up_a_valid_one(auth_client, api_client, user, instagram):
    query = start(auth_client, "instagram")
    cookie = api_client.cookies["st_oauth_browser"].value

    _, forged = come_back(api_client, "instagram", code="good-code", state=query["state"][:-2] + "xx")
    api_client.cookies["st_oauth_browser"] = cookie  # the callback clears it; the browser starts over
    _, real = come_back(api_client, "instagram", code="good-code", state=query["state"])

    assert forged["error"] == "invalid_state"
    assert real == {"connected": "instagram"}
