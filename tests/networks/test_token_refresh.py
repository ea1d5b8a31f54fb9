from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services
from accounts.models import SocialAccount
from accounts.tasks import social_accounts_refresh_due
from webhooks.models import WebhookEvent
from webhooks.services import webhook_endpoint_create

pytestmark = pytest.mark.django_db


def soon(hours: float = 1) -> timezone.datetime:
    return timezone.now() + timedelta(hours=hours)


def test_x_token_near_expiry_is_refreshed_and_the_rotated_refresh_token_kept(make_account, x_api):
    x_api.refresh_tokens.add("x-refresh-old")
    account = make_account("x", access_token="x-old", refresh_token="x-refresh-old", token_expires_at=soon())

    assert social_accounts_refresh_due() == 1

    account.refresh_from_db()
    assert account.access_token in x_api.tokens
    assert account.refresh_token in x_api.refresh_tokens
    assert "x-refresh-old" not in x_api.refresh_tokens
    assert account.token_expires_at > soon(1.9)
    assert account.status == "active"


def test_x_refusing_the_apps_client_secret_keeps_the_account_for_the_operator_to_fix(make_account, x_api, settings):
    settings.X_CLIENT_SECRET = "a-secret-rotated-away"  # X answers 401 unauthorized_client to the app, not the user
    x_api.refresh_tokens.add("x-refresh-1")
    account = make_account("x", access_token="x-old", refresh_token="x-refresh-1", token_expires_at=soon())

    assert social_accounts_refresh_due() == 0

    account.refresh_from_db()
    assert (account.status, account.refresh_token) == ("active", "x-refresh-1")
    assert x_api.calls("POST /2/oauth2/token")  # it was asked, and said no


def test_instagram_long_lived_token_is_refreshed(make_account, instagram):
    account = make_account("instagram", access_token="ig-long-token", token_expires_at=soon(48))

    assert services.social_account_refresh_tokens(account=account)

    account.refresh_from_db()
    assert account.access_token.startswith("ig-long-token-")
    assert account.token_expires_at > soon(24 * 59)


def test_linkedin_refresh_token_is_used_when_the_app_has_one(make_account, linkedin):
    linkedin.refresh_tokens["li-refresh-1"] = linkedin.sub
    account = make_account("linkedin", access_token="li-old", refresh_token="li-refresh-1", token_expires_at=soon(5))

    assert services.social_account_refresh_tokens(account=account)

    account.refresh_from_db()
    assert account.access_token in linkedin.tokens
    assert account.token_expires_at > soon(24 * 59)
    assert account.refresh_token == "li-refresh-1"  # its one year counts from the first grant


def test_linkedin_refusing_the_apps_own_credentials_leaves_the_account_alone(make_account, linkedin, settings):
    """401 invalid_client is the operator's client id or secret, not the account's refresh token."""
    linkedin.refresh_tokens["li-refresh-1"] = linkedin.sub
    settings.LINKEDIN_CLIENT_SECRET = "rotated-in-the-developer-portal"
    account = make_account("linkedin", access_token="li-old", refresh_token="li-refresh-1", token_expires_at=soon(5))

    assert not services.social_account_refresh_tokens(account=account)

    account.refresh_from_db()
    assert account.status == "active"
    assert (account.access_token, account.refresh_token) == ("li-old", "li-refresh-1")


def test_linkedin_refresh_token_linkedin_no_longer_knows_expires_the_account(make_account, linkedin):
    account = make_account("linkedin", access_token="li-old", refresh_token="li-refresh-gone", token_expires_at=soon(5))

    assert not services.social_account_refresh_tokens(account=account)

    account.refresh_from_db()
    assert account.status == "expired"
    assert "refused to refresh" in account.status_reason


def test_refused_refresh_expires_the_account_with_a_reason(make_account, x_api):
    account = make_account("x", access_token="x-old", refresh_token="revoked", token_expires_at=soon())

    social_accounts_refresh_due()

    account.refresh_from_db()
    assert account.status == "expired"
    assert "refused to refresh" in account.status_reason
    assert account.access_token == "x-old"


def test_network_down_leaves_the_account_for_the_next_run(make_account, linkedin, settings, closed_port_url):
    settings.LINKEDIN_OAUTH_URL = closed_port_url
    account = make_account("linkedin", refresh_token="li-refresh-1", token_expires_at=soon())

    assert social_accounts_refresh_due() == 0

    account.refresh_from_db()
    assert account.status == "active"


def test_linkedin_without_refresh_token_is_left_alone_until_it_runs_out(make_account, linkedin):
    valid = make_account("linkedin", remote_id="urn:li:person:a", token_expires_at=soon(10))
    ran_out = make_account("linkedin", remote_id="urn:li:person:b", token_expires_at=soon(-1))

    social_accounts_refresh_due()

    valid.refresh_from_db()
    ran_out.refresh_from_db()
    assert valid.status == "active"
    assert ran_out.status == "expired"
    assert "reconnect" in ran_out.status_reason
    assert linkedin.requests == []


def test_only_active_accounts_inside_the_window_are_refreshed(make_account, x_api, settings):
    settings.TOKEN_REFRESH_WINDOW_HOURS = 24
    x_api.refresh_tokens.update({"r1", "r2", "r3"})
    far = make_account("x", remote_id="1", refresh_token="r1", token_expires_at=soon(48))
    revoked = make_account("x", remote_id="2", refresh_token="r2", token_expires_at=soon(1), status="revoked")
    due = make_account("x", remote_id="3", refresh_token="r3", token_expires_at=soon(1))
    make_account("reddit", remote_id="4", refresh_token="rd", token_expires_at=None)

    assert social_accounts_refresh_due() == 1

    assert [r.form["refresh_token"] for r in x_api.calls("POST /2/oauth2/token")] == ["r3"]
    assert SocialAccount.objects.get(pk=far.pk).refresh_token == "r1"
    assert SocialAccount.objects.get(pk=revoked.pk).refresh_token == "r2"
    assert SocialAccount.objects.get(pk=due.pk).refresh_token != "r3"


def test_expiry_is_announced_to_the_owners_webhooks(make_account, x_api, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    account = make_account("x", handle="ada", refresh_token="revoked", token_expires_at=soon())
    webhook_endpoint_create(owner=account.owner, url="http://127.0.0.1:9/hook", events=["account.expired"])

    social_accounts_refresh_due()

    event = WebhookEvent.objects.get(owner=account.owner)
    assert event.event == "account.expired"
    assert event.payload["account_id"] == account.pk
    assert event.payload["network"] == "x"
    assert "refused to refresh" in event.payload["reason"]
    assert "revoked" not in str(event.payload)  # no token in the payload
