"""Choose at connect: a sign-in that offers several identities (a LinkedIn member and the
organizations they administer) waits for the person's pick; each chosen one becomes an account."""

import uuid

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import PendingConnection, SocialAccount
from accounts.services import expired_tokens_prune
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.networks.connect_helpers import come_back, set_redirect_uris, start

pytestmark = pytest.mark.django_db

PENDING = "/api/v1/social-accounts/pending/{}/"
MEMBER = "urn:li:person:782bbtaQ"
ORGANIZATION = "urn:li:organization:2414183"


@pytest.fixture(autouse=True)
def _pages_on(settings, auth_client, api_client):
    set_redirect_uris(settings)
    settings.LINKEDIN_PAGES = True
    api_client.cookies = auth_client.cookies


def sign_in(auth_client, api_client, linkedin) -> dict[str, str]:
    """Connect LinkedIn as the fake's member, granting the scopes the authorize URL asked for."""
    query = start(auth_client, "linkedin")
    linkedin.asked_scope = query["scope"]
    _, result = come_back(api_client, "linkedin", code="good-code", state=query["state"])
    return result


def test_pages_setting_asks_for_the_organization_scopes(auth_client, linkedin):
    scopes = start(auth_client, "linkedin")["scope"].split()

    assert scopes == ["openid", "profile", "w_member_social", "rw_organization_admin", "w_organization_social"]


def test_the_member_and_the_organizations_they_administer_are_offered(auth_client, api_client, user, linkedin):
    result = sign_in(auth_client, api_client, linkedin)

    assert set(result) == {"choose", "network"}
    assert not SocialAccount.objects.exists()
    response = auth_client.get(PENDING.format(result["choose"]))
    assert response.status_code == 200
    body = response.json()
    assert (body["network"], body["signed_in_as"]) == ("linkedin", "Ada Lovelace")
    # The REQUESTED role (5550001) is not the member's to publish as.
    assert [(c["remote_id"], c["kind"], c["display_name"], c["connected"]) for c in body["choices"]] == [
        (MEMBER, "Profile", "Ada Lovelace", False),
        (ORGANIZATION, "Page", "Analytical Engines Ltd", False),
    ]
    assert "access_token" not in response.content.decode() and "li-token" not in response.content.decode()
    [acls] = linkedin.calls("GET /rest/organizationAcls")
    assert acls.args.to_dict() == {"q": "roleAssignee", "role": "ADMINISTRATOR", "state": "APPROVED"}


def test_each_chosen_identity_becomes_an_account(auth_client, api_client, user, linkedin):
    pending = sign_in(auth_client, api_client, linkedin)["choose"]

    response = auth_client.post(PENDING.format(pending), {"remote_ids": [ORGANIZATION]}, format="json")

    assert response.status_code == 201, response.content
    assert [a["handle"] for a in response.json()] == ["analytical-engines"]
    account = SocialAccount.objects.get(owner=user)
    assert (account.remote_id, account.display_name) == (ORGANIZATION, "Analytical Engines Ltd")
    assert account.access_token == "li-token"
    assert account.token_expires_at is not None
    assert "w_organization_social" in account.scopes
    # Used once: a second pick finds nothing.
    assert auth_client.post(PENDING.format(pending), {"remote_ids": [MEMBER]}, format="json").status_code == 404
    assert not PendingConnection.objects.exists()


def test_choosing_both_makes_two_accounts_and_marks_them_connected_next_time(auth_client, api_client, user, linkedin):
    pending = sign_in(auth_client, api_client, linkedin)["choose"]
    auth_client.post(PENDING.format(pending), {"remote_ids": [MEMBER, ORGANIZATION, MEMBER]}, format="json")

    assert SocialAccount.objects.filter(owner=user).count() == 2
    linkedin.codes["second-code"] = "li-token"
    query = start(auth_client, "linkedin")
    _, again = come_back(api_client, "linkedin", code="second-code", state=query["state"])
    choices = auth_client.get(PENDING.format(again["choose"])).json()["choices"]
    assert [c["connected"] for c in choices] == [True, True]


def test_the_pending_choices_are_encrypted_at_rest(auth_client, api_client, linkedin):
    pending = sign_in(auth_client, api_client, linkedin)["choose"]

    key = PendingConnection._meta.pk.get_db_prep_value(uuid.UUID(pending), connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT choices FROM accounts_pendingconnection WHERE id = %s", [key])
        [stored] = cursor.fetchone()
    assert "li-token" not in stored and "Analytical" not in stored
    assert "li-token" in PendingConnection.objects.get().choices


def test_a_choice_not_offered_is_refused_naming_the_field(auth_client, api_client, linkedin):
    pending = sign_in(auth_client, api_client, linkedin)["choose"]

    response = auth_client.post(PENDING.format(pending), {"remote_ids": ["urn:li:organization:5550001"]}, format="json")

    assert response.status_code == 400
    assert "urn:li:organization:5550001" in response.json()["errors"]["remote_ids"][0]
    assert not SocialAccount.objects.exists()
    assert PendingConnection.objects.exists()  # the person may still pick


@pytest.mark.parametrize("body", [{}, {"remote_ids": []}, {"remote_ids": "urn"}, {"remote_ids": [{"a": 1}]}])
def test_a_malformed_pick_is_a_400_naming_remote_ids(auth_client, api_client, linkedin, body):
    pending = sign_in(auth_client, api_client, linkedin)["choose"]

    response = auth_client.post(PENDING.format(pending), body, format="json")

    assert response.status_code == 400
    assert all(key.startswith("remote_ids") for key in response.json()["errors"])


def test_another_users_pending_connection_is_not_found(auth_client, api_client, linkedin):
    pending = sign_in(auth_client, api_client, linkedin)["choose"]
    stranger = client_for(UserFactory())

    assert stranger.get(PENDING.format(pending)).status_code == 404
    assert stranger.post(PENDING.format(pending), {"remote_ids": [MEMBER]}, format="json").status_code == 404
    assert stranger.delete(PENDING.format(pending)).status_code == 404
    assert not SocialAccount.objects.exists()


def test_an_expired_choice_is_not_found(auth_client, api_client, linkedin):
    pending = sign_in(auth_client, api_client, linkedin)["choose"]
    PendingConnection.objects.update(expires_at=timezone.now())

    assert auth_client.get(PENDING.format(pending)).status_code == 404
    assert auth_client.post(PENDING.format(pending), {"remote_ids": [MEMBER]}, format="json").status_code == 404


def test_cancelling_connects_nothing(auth_client, api_client, linkedin):
    pending = sign_in(auth_client, api_client, linkedin)["choose"]

    assert auth_client.delete(PENDING.format(pending)).status_code == 204
    assert not PendingConnection.objects.exists()
    assert not SocialAccount.objects.exists()


def test_a_member_who_administers_no_organization_is_connected_at_once(auth_client, api_client, user, linkedin):
    linkedin.org_admin, linkedin.pending_roles = {}, {}

    result = sign_in(auth_client, api_client, linkedin)

    assert result == {"connected": "linkedin"}
    assert SocialAccount.objects.get(owner=user).remote_id == MEMBER


def test_an_app_without_the_organization_product_fails_the_connect(auth_client, api_client, linkedin):
    """LINKEDIN_PAGES on, but LinkedIn did not grant rw_organization_admin: the ACL finder answers 403."""
    query = start(auth_client, "linkedin")

    _, result = come_back(api_client, "linkedin", code="good-code", state=query["state"])

    assert result["error"] == "exchange_failed"
    assert not SocialAccount.objects.exists() and not PendingConnection.objects.exists()


def test_without_the_pages_setting_only_the_member_connects(auth_client, api_client, user, linkedin, settings):
    settings.LINKEDIN_PAGES = False

    result = sign_in(auth_client, api_client, linkedin)

    assert result == {"connected": "linkedin"}
    assert linkedin.calls("/rest/organizationAcls") == []


def test_the_daily_prune_forgets_choices_nobody_made(auth_client, api_client, linkedin):
    sign_in(auth_client, api_client, linkedin)
    linkedin.codes["second-code"] = "li-token"
    query = start(auth_client, "linkedin")
    waiting = come_back(api_client, "linkedin", code="second-code", state=query["state"])[1]["choose"]
    PendingConnection.objects.exclude(pk=waiting).update(expires_at=timezone.now())

    assert expired_tokens_prune() == {"accounts.PendingConnection": 1}
    # The second sign-in, still in time, stays.
    assert [str(pk) for pk in PendingConnection.objects.values_list("pk", flat=True)] == [waiting]
