"""Connecting a Mastodon account on the instance a person types: registration, OAuth, the stored account."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from accounts.models import SocialAccount
from networks.mastodon.instances import instance_base_url
from networks.mastodon.models import MastodonInstance
from networks.mastodon.services import SCOPES
from socialtrend.errors import ApplicationError

pytestmark = pytest.mark.django_db

CONNECT = "/api/v1/social-accounts/connect/mastodon/"
CALLBACK = "/api/v1/social-accounts/callback/mastodon/"


@pytest.fixture(autouse=True)
def _same_browser(auth_client, api_client, settings):
    """The SPA's calls and the instance's redirect back come from one browser: one cookie jar."""
    api_client.cookies = auth_client.cookies
    settings.MASTODON_REDIRECT_URI = f"http://testserver{CALLBACK}"


def consent(authorize_url: str) -> dict[str, str]:
    """The person's browser on the instance's consent page: the fake consents and redirects back."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["Location"])
    assert f"http://testserver{location.path}" == f"http://testserver{CALLBACK}"
    return {key: values[0] for key, values in parse_qs(location.query).items()}


def come_back(api_client, params: dict[str, str]) -> dict[str, str]:
    response = api_client.get(CALLBACK, params)
    assert response.status_code == 302
    return {key: values[0] for key, values in parse_qs(urlsplit(response["Location"]).query).items()}


def test_connect_registers_the_app_once_per_instance_and_stores_the_account(auth_client, api_client, user, mastodon):
    response = auth_client.get(CONNECT, {"instance": mastodon.base_url})
    assert response.status_code == 200, response.content
    authorize = urlsplit(response.json()["authorize_url"])
    query = {key: values[0] for key, values in parse_qs(authorize.query).items()}
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == f"{mastodon.base_url}/oauth/authorize"
    registration = MastodonInstance.objects.get()
    assert (query["client_id"], query["scope"], query["code_challenge_method"]) == (
        registration.client_id,
        SCOPES,
        "S256",
    )
    registered = mastodon.calls("POST /api/v1/apps")[0].get_json()
    assert registered == {
        "client_name": "SocialTrend",
        "redirect_uris": f"http://testserver{CALLBACK}",
        "scopes": SCOPES,
    }

    result = come_back(api_client, consent(response.json()["authorize_url"]))

    assert result == {"connected": "mastodon"}
    account = SocialAccount.objects.get(owner=user, network="mastodon")
    assert (account.handle, account.remote_id, account.display_name) == (
        f"ada@{mastodon.host}",
        f"110001@{mastodon.host}",
        "Ada Lovelace",
    )
    assert account.options == {"instance": mastodon.base_url, "account_id": "110001"}
    assert account.access_token in mastodon.tokens
    assert account.token_expires_at is None  # Mastodon's tokens do not expire
    # A second connect on the same instance uses the same registration.
    assert auth_client.get(CONNECT, {"instance": f" {mastodon.base_url}/ "}).status_code == 200
    assert len(mastodon.calls("POST /api/v1/apps")) == 1
    assert registration.client_secret not in response.json()["authorize_url"]


def test_a_changed_redirect_uri_registers_the_app_again(auth_client, mastodon, settings):
    auth_client.get(CONNECT, {"instance": mastodon.base_url})
    settings.MASTODON_REDIRECT_URI = "https://social.example/api/v1/social-accounts/callback/mastodon/"

    response = auth_client.get(CONNECT, {"instance": mastodon.base_url})

    assert response.status_code == 200
    assert len(mastodon.calls("POST /api/v1/apps")) == 2
    assert MastodonInstance.objects.get().redirect_uri == settings.MASTODON_REDIRECT_URI


def test_the_instance_is_required_and_named_in_the_error(auth_client, mastodon):
    response = auth_client.get(CONNECT)

    assert response.status_code == 400
    assert "instance" in response.json()["errors"]
    assert not mastodon.calls("POST /api/v1/apps")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("http://mastodon.social", "https"),
        ("https://mastodon.social/@ada", "without a path"),
        ("mastodon..social", "not a server name"),
        ("https://user:pw@mastodon.social", "without a path"),
        ("https://mastodon.social:99999", "port"),
        ("127.0.0.1", "non-public"),
        ("10.1.2.3", "non-public"),
        ("mastodon.invalid", "does not resolve"),
    ],
)
def test_a_bad_or_private_instance_is_a_400_naming_the_field(auth_client, typed, message, settings):
    settings.MASTODON_ALLOW_PRIVATE_INSTANCES = False

    response = auth_client.get(CONNECT, {"instance": typed})

    assert response.status_code == 400
    assert message in response.json()["errors"]["instance"][0]
    assert not MastodonInstance.objects.exists()


@pytest.mark.parametrize(
    ("typed", "base_url"),
    [
        ("mastodon.social", "https://mastodon.social"),
        (" https://Mastodon.Social/ ", "https://mastodon.social"),
        ("@ada@mastodon.social", "https://mastodon.social"),
        ("bücher.example:8443", "https://xn--bcher-kva.example:8443"),
    ],
)
def test_instances_are_kept_in_one_form(typed, base_url, settings):
    settings.MASTODON_ALLOW_PRIVATE_INSTANCES = True  # no DNS here: the form alone is checked
    assert instance_base_url(typed) == base_url


def test_an_instance_that_is_no_mastodon_is_a_400(auth_client, mastodon):
    mastodon.script("POST /api/v1/apps", status=404, body="<html>Not Found</html>")

    response = auth_client.get(CONNECT, {"instance": mastodon.base_url})

    assert response.status_code == 400
    assert f"Could not register SocialTrend on {mastodon.host}" in response.json()["errors"]["instance"][0]
    assert not MastodonInstance.objects.exists()


def test_the_public_address_filter_applies_to_the_calls_too(settings):
    settings.MASTODON_ALLOW_PRIVATE_INSTANCES = False
    with pytest.raises(ApplicationError) as refused:
        instance_base_url("127.0.0.1:8443")
    assert refused.value.errors["instance"]


def test_a_denied_consent_stores_nothing(auth_client, api_client, mastodon):
    mastodon.consenting = False
    authorize_url = auth_client.get(CONNECT, {"instance": mastodon.base_url}).json()["authorize_url"]

    result = come_back(api_client, consent(authorize_url))

    assert result["error"] == "denied"
    assert not SocialAccount.objects.exists()


def test_a_code_exchanged_without_its_verifier_is_refused(auth_client, api_client, mastodon):
    authorize_url = auth_client.get(CONNECT, {"instance": mastodon.base_url}).json()["authorize_url"]
    params = consent(authorize_url)
    mastodon.codes[params["code"]]["challenge"] = "a-challenge-of-another-flow"

    assert come_back(api_client, params)["error"] == "exchange_failed"
    assert not SocialAccount.objects.exists()


def test_a_registration_the_instance_forgot_is_registered_anew(auth_client, api_client, mastodon):
    authorize_url = auth_client.get(CONNECT, {"instance": mastodon.base_url}).json()["authorize_url"]
    params = consent(authorize_url)
    mastodon.apps.clear()  # before Mastodon 4.3 unused apps could be vacuumed

    assert come_back(api_client, params)["error"] == "exchange_failed"
    assert not MastodonInstance.objects.exists()
    assert auth_client.get(CONNECT, {"instance": mastodon.base_url}).status_code == 200
    assert len(mastodon.calls("POST /api/v1/apps")) == 2


def test_the_network_lists_its_connect_field(auth_client):
    spec = next(item for item in auth_client.get("/api/v1/networks/").json() if item["name"] == "mastodon")

    assert spec["connect"] == "oauth"
    assert spec["configured"] is True  # the app registers itself: nothing to set up
    assert [field["name"] for field in spec["connect_fields"]] == ["instance"]
    assert spec["text"] == {"max_length": 500, "counting": "graphemes-links-23", "max_hashtags": None}
