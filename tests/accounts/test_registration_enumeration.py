"""Registration tells that an e-mail is taken only once everything else is valid,
and that answer costs what a real registration costs (a password is hashed
either way), so neither its content nor its speed is a cheap oracle."""

import pytest

from accounts.models import User
from tests.accounts.hashers import CountingHasher
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
GOOD_PASSWORD = "a-much-better-passphrase-42"


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.hashers.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def test_a_taken_e_mail_with_a_bad_password_names_only_the_password(api_client):
    UserFactory(email="ada@example.com")

    response = api_client.post(REGISTER, {"email": "ada@example.com", "password": "short"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["password"]


def test_a_taken_e_mail_with_a_bad_timezone_names_only_the_timezone(api_client):
    UserFactory(email="ada@example.com")

    response = api_client.post(
        REGISTER, {"email": "ada@example.com", "password": GOOD_PASSWORD, "timezone": "Mars/Base"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["timezone"]


def test_a_taken_e_mail_costs_a_password_hash_like_a_new_registration(api_client, counting_hasher):
    UserFactory(email="ada@example.com")

    counting_hasher.calls = 0
    created = api_client.post(REGISTER, {"email": "new@example.com", "password": GOOD_PASSWORD}, format="json")
    cost_of_new = counting_hasher.calls
    counting_hasher.calls = 0
    taken = api_client.post(REGISTER, {"email": "ada@example.com", "password": GOOD_PASSWORD}, format="json")
    cost_of_taken = counting_hasher.calls

    assert created.status_code == 201
    assert taken.status_code == 400
    assert taken.json() == {
        "detail": "email: A user with this e-mail already exists.",
        "errors": {"email": ["A user with this e-mail already exists."]},
    }
    assert cost_of_new >= 1
    assert cost_of_taken == cost_of_new
    assert User.objects.filter(email="ada@example.com").count() == 1
