"""Steps of the connect flow shared by the connect tests: the SPA asks for the authorize URL,
the network sends the browser back to the callback, which redirects to the SPA."""

from urllib.parse import parse_qs, urlsplit

from django.db import connection

import networks
from accounts.models import SocialAccount

CALLBACK = "/api/v1/social-accounts/callback/{}/"


def set_redirect_uris(settings) -> None:
    """Every OAuth network's callback on the test server, as an operator registers it."""
    for spec in networks.publishing_specs():
        if spec.connect == "oauth":
            setattr(settings, f"{spec.name.upper()}_REDIRECT_URI", f"http://testserver{CALLBACK.format(spec.name)}")


def start(client, network: str) -> dict[str, str]:
    response = client.get(f"/api/v1/social-accounts/connect/{network}/")
    assert response.status_code == 200, response.content
    url = urlsplit(response.json()["authorize_url"])
    return {key: values[0] for key, values in parse_qs(url.query).items()} | {
        "_base": f"{url.scheme}://{url.netloc}{url.path}"
    }


def come_back(api_client, network: str, **params):
    response = api_client.get(CALLBACK.format(network), params)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    return location.path, {key: values[0] for key, values in parse_qs(location.query).items()}


def raw_tokens(account: SocialAccount) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT access_token, refresh_token FROM accounts_socialaccount WHERE id = %s", [account.pk])
        return cursor.fetchone()
