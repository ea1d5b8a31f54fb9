"""Connect end to end: authorize URL -> (the network's consent page) -> callback -> stored account."""

import pytest
from rest_framework.test import APIClient

from accounts.models import SocialAccount
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.networks.connect_helpers import CALLBACK, come_back, raw_tokens, set_redirect_uris, start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _redirect_uris(settings):
    set_redirect_uris(settings)


@pytest.fixture(autouse=True)
def _same_browser(auth_client, api_client):
    """The SPA's API calls and the network's redirect back come from one browser: one cookie jar."""
    api_client.cookies = auth_client.cookies


def test_instagram_connect_stores_a_long_lived_token_and_the_profile(auth_client, api_client, user, instagram):
    query = start(auth_client, "instagram")
    assert query["_base"] == "https://www.instagram.com/oauth/authorize"
    assert query["scope"] == (
        "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_comments"
    )
    assert query["redirect_uri"] == "http://testserver/api/v1/social-accounts/callback/instagram/"

    path, result = come_back(api_client, "instagram", code="good-code", state=query["state"])

    assert (path, result) == ("/accounts", {"connected": "instagram"})
    account = SocialAccount.objects.get(owner=user, network="instagram")
    assert (account.remote_id, account.handle, account.status) == (instagram.user_id, "ada.bakes", "active")
    assert account.access_token == "ig-long-token"
    assert account.avatar_url == "https://cdn.example/ada.jpg"
    assert account.token_expires_at is not None
    assert "ig-long-token" not in raw_tokens(account)[0]


def test_linkedin_connect_uses_the_openid_subject_as_person_urn(auth_client, api_client, user, linkedin):
    query = start(auth_client, "linkedin")
    assert query["scope"] == "openid profile w_member_social"

    _, result = come_back(api_client, "linkedin", code="good-code", state=query["state"])

    assert result == {"connected": "linkedin"}
    account = SocialAccount.objects.get(owner=user, network="linkedin")
    assert account.remote_id == "urn:li:person:782bbtaQ"
    assert account.handle == "Ada Lovelace"
    assert account.access_token == "li-token"
    assert account.refresh_token == ""  # LinkedIn gives refresh tokens only to approved partners
    assert account.token_expires_at is not None
    assert account.scopes == ["openid", "profile", "w_member_social"]


def test_linkedin_connect_keeps_the_refresh_token_of_an_app_approved_for_them(auth_client, api_client, user, linkedin):
    linkedin.programmatic_refresh = True

    come_back(api_client, "linkedin", code="good-code", state=start(auth_client, "linkedin")["state"])

    account = SocialAccount.objects.get(owner=user, network="linkedin")
    assert account.refresh_token in linkedin.refresh_tokens


def test_x_connect_uses_pkce(auth_client, api_client, user, x_api):
    query = start(auth_client, "x")
    assert query["code_challenge_method"] == "S256"
    assert "offline.access" in query["scope"].split()
    code = x_api.consent(query["code_challenge"])

    _, result = come_back(api_client, "x", code=code, state=query["state"])

    assert result == {"connected": "x"}
    account = SocialAccount.objects.get(owner=user, network="x")
    assert (account.remote_id, account.handle) == (x_api.user_id, "ada_codes")
    assert account.access_token in x_api.tokens
    assert account.refresh_token in x_api.refresh_tokens
    # the verifier travelled encrypted inside the state, never in clear
    token_call = x_api.calls("POST /2/oauth2/token")[0]
    assert token_call.form["code_verifier"] not in query["state"]


def test_x_code_without_the_matching_verifier_is_refused(auth_client, api_client, user, x_api):
    query = start(auth_client, "x")
    code = x_api.consent("a-challenge-from-another-flow")

    _, result = come_back(api_client, "x", code=code, state=query["state"])

    assert result["error"] == "exchange_failed"
    assert not SocialAccount.objects.exists()


def test_reddit_connect_stores_the_permanent_refresh_token(auth_client, api_client, user, reddit):
    query = start(auth_client, "reddit")
    assert query["duration"] == "permanent"
    assert query["scope"] == "identity submit read history"

    _, result = come_back(api_client, "reddit", code="good-code", state=query["state"])

    assert result == {"connected": "reddit"}
    account = SocialAccount.objects.get(owner=user, network="reddit")
    assert (account.remote_id, account.handle) == ("ada_posts", "ada_posts")
    assert account.refresh_token in reddit.refresh_tokens


def test_reddit_code_it_does_not_accept_connects_nothing(auth_client, api_client, user, reddit):
    query = start(auth_client, "reddit")

    _, result = come_back(api_client, "reddit", code="used-or-expired-code", state=query["state"])

    assert result["error"] == "exchange_failed"
    assert not SocialAccount.objects.exists()
    [exchange] = reddit.calls("POST /api/v1/access_token")
    assert exchange.form["grant_type"] == "authorization_code"
    assert exchange.form["redirect_uri"] == "http://testserver/api/v1/social-accounts/callback/reddit/"
    assert reddit.calls("GET /api/v1/me") == []


def test_reconnecting_updates_the_same_account(auth_client, api_client, user, linkedin):
    for code in ("good-code", "second-code"):
        linkedin.codes[code] = "li-token"
        come_back(api_client, "linkedin", code=code, state=start(auth_client, "linkedin")["state"])

    assert SocialAccount.objects.filter(owner=user, network="linkedin").count() == 1


def test_denied_consent_stores_nothing(auth_client, api_client, instagram):
    query = start(auth_client, "instagram")

    path, result = come_back(
        api_client, "instagram", error="access_denied", error_reason="user_denied", state=query["state"]
    )

    assert path == "/accounts"
    assert result["error"] == "denied"
    assert result["network"] == "instagram"
    assert "did not grant access" in result["message"]
    assert not SocialAccount.objects.exists()
    assert instagram.requests == []


def test_tampered_state_stores_nothing(auth_client, api_client, instagram):
    query = start(auth_client, "instagram")

    _, result = come_back(api_client, "instagram", code="good-code", state=query["state"][:-2] + "xx")

    assert result["error"] == "invalid_state"
    assert not SocialAccount.objects.exists()
    assert instagram.requests == []


def test_state_from_another_network_is_refused(auth_client, api_client, linkedin, instagram):
    query = start(auth_client, "linkedin")

    _, result = come_back(api_client, "instagram", code="good-code", state=query["state"])

    assert result["error"] == "invalid_state"


def test_expired_state_stores_nothing(auth_client, api_client, instagram, settings):
    query = start(auth_client, "instagram")
    settings.OAUTH_STATE_MAX_AGE = -1

    _, result = come_back(api_client, "instagram", code="good-code", state=query["state"])

    assert result["error"] == "expired_state"
    assert not SocialAccount.objects.exists()


def test_failed_exchange_stores_nothing(auth_client, api_client, linkedin):
    query = start(auth_client, "linkedin")

    _, result = come_back(api_client, "linkedin", code="wrong-code", state=query["state"])

    assert result["error"] == "exchange_failed"
    assert not SocialAccount.objects.exists()


def test_network_down_during_exchange_stores_nothing(auth_client, api_client, linkedin, settings, closed_port_url):
    query = start(auth_client, "linkedin")
    settings.LINKEDIN_OAUTH_URL = closed_port_url

    _, result = come_back(api_client, "linkedin", code="good-code", state=query["state"])

    assert result["error"] == "exchange_failed"
    assert not SocialAccount.objects.exists()


def test_account_goes_to_the_user_who_started(auth_client, api_client, user, linkedin):
    query = start(auth_client, "linkedin")
    other = UserFactory()
    start(client_for(other), "linkedin")

    come_back(api_client, "linkedin", code="good-code", state=query["state"])

    assert SocialAccount.objects.get().owner == user


def test_connect_needs_authentication(api_client):
    assert api_client.get("/api/v1/social-accounts/connect/x/").status_code == 401


def test_unconfigured_network_is_a_conflict_naming_it(auth_client, settings):
    settings.X_CLIENT_ID = ""

    response = auth_client.get("/api/v1/social-accounts/connect/x/")

    assert response.status_code == 409
    assert response.json()["errors"] == {"network": ["X (Twitter) is not configured on this server."]}


def test_unknown_network_is_404(auth_client):
    assert auth_client.get("/api/v1/social-accounts/connect/myspace/").status_code == 404
    assert auth_client.get("/api/v1/social-accounts/connect/sandbox/").status_code == 404


def test_connect_gives_the_browser_a_callback_only_cookie(auth_client, instagram):
    response = auth_client.get("/api/v1/social-accounts/connect/instagram/")

    cookie = response.cookies["st_oauth_browser"]
    assert cookie.value
    assert cookie.value not in response.json()["authorize_url"]
    assert (cookie["path"], cookie["httponly"], cookie["samesite"]) == (CALLBACK.format("")[:-1], True, "Lax")


def test_link_followed_in_another_browser_stores_nothing(auth_client, instagram):
    """Someone starts a connect and sends the link to a victim: the victim's browser lacks the cookie."""
    query = start(auth_client, "instagram")
    victims_browser = APIClient()

    _, result = come_back(victims_browser, "instagram", code="good-code", state=query["state"])

    assert result["error"] == "other_browser"
    assert result["message"] == "Finish connecting in the browser where you started it."
    assert not SocialAccount.objects.exists()


def test_cookie_from_another_connect_does_not_match(auth_client, api_client, instagram):
    first = start(auth_client, "instagram")
    start(auth_client, "instagram")  # a newer connect replaces the browser's cookie

    _, result = come_back(api_client, "instagram", code="good-code", state=first["state"])

    assert result["error"] == "other_browser"
    assert not SocialAccount.objects.exists()


def test_callback_clears_the_browser_cookie(auth_client, api_client, instagram):
    query = start(auth_client, "instagram")

    response = api_client.get(CALLBACK.format("instagram"), {"code": "good-code", "state": query["state"]})

    assert response.cookies["st_oauth_browser"]["max-age"] == 0
