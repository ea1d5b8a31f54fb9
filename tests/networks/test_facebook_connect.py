"""Facebook Login for Business: each Page the person may post to becomes a choice, with its own token."""

import pytest

from accounts.models import PendingConnection, SocialAccount
from tests.networks.connect_helpers import come_back, raw_tokens, set_redirect_uris, start

pytestmark = pytest.mark.django_db

PENDING = "/api/v1/social-accounts/pending/{}/"
BAKERY, CODES = "101000000000001", "101000000000002"


@pytest.fixture(autouse=True)
def _browser(settings, auth_client, api_client):
    set_redirect_uris(settings)
    api_client.cookies = auth_client.cookies


def sign_in(auth_client, api_client) -> dict[str, str]:
    query = start(auth_client, "facebook")
    return come_back(api_client, "facebook", code="good-code", state=query["state"])[1]


def test_the_dialog_asks_for_the_page_permissions(auth_client, facebook):
    query = start(auth_client, "facebook")

    assert query["_base"] == "https://www.facebook.com/v24.0/dialog/oauth"
    assert query["scope"] == "pages_show_list,pages_manage_posts,pages_read_engagement"
    assert query["redirect_uri"] == "http://testserver/api/v1/social-accounts/callback/facebook/"
    assert "config_id" not in query


def test_a_business_configuration_replaces_the_scopes(auth_client, facebook, settings):
    settings.FACEBOOK_CONFIG_ID = "1234567890"

    query = start(auth_client, "facebook")

    assert (query["config_id"], query["override_default_response_type"]) == ("1234567890", "true")
    assert "scope" not in query


def test_the_pages_to_post_to_are_offered_and_each_chosen_one_is_an_account(auth_client, api_client, user, facebook):
    result = sign_in(auth_client, api_client)

    body = auth_client.get(PENDING.format(result["choose"])).json()
    assert body["signed_in_as"] == "Ada Lovelace"
    # The Page where the person may only moderate is not offered.
    assert [(c["remote_id"], c["handle"], c["kind"]) for c in body["choices"]] == [
        (BAKERY, "adasbakery", "Page"),
        (CODES, "Ada Codes", "Page"),
    ]
    response = auth_client.post(PENDING.format(result["choose"]), {"remote_ids": [BAKERY, CODES]}, format="json")

    assert response.status_code == 201
    accounts = {a.remote_id: a for a in SocialAccount.objects.filter(owner=user, network="facebook")}
    assert accounts[BAKERY].access_token == "page-token-bakery"
    assert accounts[CODES].access_token == "page-token-codes"
    assert accounts[BAKERY].avatar_url == f"https://scontent.example/{BAKERY}.jpg"
    assert accounts[BAKERY].token_expires_at is None  # Page tokens do not expire
    assert "page-token-bakery" not in raw_tokens(accounts[BAKERY])[0]
    code_call, long_call = facebook.calls("GET /oauth/access_token")
    assert (code_call.args["code"], code_call.args["client_secret"]) == ("good-code", "fb-secret")
    assert (long_call.args["grant_type"], long_call.args["fb_exchange_token"]) == ("fb_exchange_token", "fb-short")


def test_the_pages_list_is_followed_page_by_page(auth_client, api_client, facebook):
    facebook.page_size = 1

    result = sign_in(auth_client, api_client)

    choices = auth_client.get(PENDING.format(result["choose"])).json()["choices"]
    assert [c["remote_id"] for c in choices] == [BAKERY, CODES]
    assert len(facebook.calls("GET /me/accounts")) == 3


def test_one_page_is_connected_at_once(auth_client, api_client, user, facebook):
    del facebook.pages[CODES]

    assert sign_in(auth_client, api_client) == {"connected": "facebook"}
    assert SocialAccount.objects.get(owner=user).remote_id == BAKERY
    assert not PendingConnection.objects.exists()


def test_a_person_with_no_page_to_post_to_is_told_so(auth_client, api_client, facebook):
    facebook.pages = {k: v for k, v in facebook.pages.items() if v.get("tasks") == ["MODERATE"]}

    result = sign_in(auth_client, api_client)

    assert result["error"] == "nothing_to_connect"
    assert "Ada Lovelace manages no Facebook Page" in result["message"]
    assert not SocialAccount.objects.exists()


def test_a_used_code_connects_nothing(auth_client, api_client, facebook):
    query = start(auth_client, "facebook")

    _, result = come_back(api_client, "facebook", code="used-code", state=query["state"])

    assert result["error"] == "exchange_failed"
    assert not SocialAccount.objects.exists() and not PendingConnection.objects.exists()
