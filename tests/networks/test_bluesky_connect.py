"""Connecting a Bluesky account through the API: every bad input is a 400 naming its field,
an unreachable network a 502; against the fake PDS (the real one: test_bluesky_pds.py)."""

import pytest

from accounts.models import SocialAccount
from tests.fakes.bluesky import FakeBluesky, rate_limit_headers

pytestmark = pytest.mark.django_db


def connect(client, fake: FakeBluesky, handle: str = "", **credentials):
    body = {"password": fake.app_password, "service": fake.url, **credentials}
    return client.post(
        "/api/v1/social-accounts/",
        {"network": "bluesky", "handle": handle or fake.account_handle, "credentials": body},
        format="json",
    )


def test_a_handle_with_an_at_sign_connects_the_account(auth_client, fake_bluesky):
    response = connect(auth_client, fake_bluesky, handle=f"@{fake_bluesky.account_handle}")

    assert response.status_code == 201, response.json()
    account = SocialAccount.objects.get()
    assert (account.remote_id, account.handle, account.options) == (
        fake_bluesky.did,
        fake_bluesky.account_handle,
        {"service": fake_bluesky.url},
    )
    [session] = fake_bluesky.calls("createSession")
    assert session.get_json() == {"identifier": fake_bluesky.account_handle, "password": fake_bluesky.app_password}


@pytest.mark.parametrize(
    ("credentials", "field", "message"),
    [
        ({"password": ""}, "credentials.password", "App password is required."),
        ({"service": "ftp://pds.example"}, "credentials.service", "Enter a valid URL."),
        ({"token": "x"}, "credentials.token", "Not a field of this network."),
    ],
)
def test_a_missing_malformed_or_unknown_credential_is_a_400_naming_it(
    auth_client, fake_bluesky, credentials, field, message
):
    response = connect(auth_client, fake_bluesky, **credentials)

    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert not fake_bluesky.requests


def test_a_handle_with_a_space_is_a_400_on_the_handle(auth_client, fake_bluesky):
    response = connect(auth_client, fake_bluesky, handle="ada lovelace")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["handle"]


def test_an_account_that_asks_for_an_email_code_is_told_to_use_an_app_password(auth_client, fake_bluesky):
    fake_bluesky.script(
        "createSession",
        status=401,
        body={"error": "AuthFactorTokenRequired", "message": "A sign in code has been sent to your email address"},
    )

    response = connect(auth_client, fake_bluesky)

    assert response.status_code == 400
    assert "use an app password" in response.json()["errors"]["credentials.password"][0]


def test_an_address_that_is_no_pds_is_a_400_on_the_server(auth_client, fake_bluesky):
    fake_bluesky.script("createSession", status=404, body="<html>Not Found</html>")

    response = connect(auth_client, fake_bluesky)

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "credentials.service": ["This address does not answer as a Bluesky server (PDS)."]
    }


def test_a_rate_limited_or_failing_server_is_a_502_and_stores_nothing(auth_client, fake_bluesky):
    fake_bluesky.script(
        "createSession",
        status=429,
        body={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        headers=rate_limit_headers(reset_in=300, limit=30, window=300),
    )
    fake_bluesky.script("createSession", status=500, body={"error": "InternalServerError", "message": "oops"})

    assert connect(auth_client, fake_bluesky).status_code == 502
    assert connect(auth_client, fake_bluesky).status_code == 502
    assert not SocialAccount.objects.exists()


def test_the_sandbox_still_connects_by_handle_alone_and_checks_it(auth_client):
    created = auth_client.post("/api/v1/social-accounts/", {"network": "sandbox", "handle": "@my-brand"}, format="json")
    refused = auth_client.post(
        "/api/v1/social-accounts/", {"network": "sandbox", "handle": "bad handle!"}, format="json"
    )

    assert created.status_code == 201 and created.json()["handle"] == "my-brand"
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"handle": ["Use 1-50 letters, digits, dots, dashes or underscores."]}
