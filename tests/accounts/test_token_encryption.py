import pytest
from cryptography.fernet import Fernet
from django.db import connection

from accounts.models import SocialAccount
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def raw_column(account: SocialAccount, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM accounts_socialaccount WHERE id = %s", [account.pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_tokens_are_encrypted_at_rest_and_readable_in_python():
    account = SocialAccount.objects.create(
        owner=UserFactory(), network="x", handle="ada", remote_id="42", access_token="secret-access-token"
    )

    stored = raw_column(account, "access_token")

    assert "secret-access-token" not in stored
    assert SocialAccount.objects.get(pk=account.pk).access_token == "secret-access-token"
    assert raw_column(account, "refresh_token") == ""


def test_old_key_still_decrypts_after_rotation(settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    account = SocialAccount.objects.create(
        owner=UserFactory(), network="x", handle="ada", remote_id="42", access_token="before-rotation"
    )

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]

    assert SocialAccount.objects.get(pk=account.pk).access_token == "before-rotation"


def test_wrong_key_is_a_clear_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    account = SocialAccount.objects.create(
        owner=UserFactory(), network="x", handle="a", remote_id="1", access_token="t"
    )
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(ValueError, match="FIELD_ENCRYPTION_KEY"):
        SocialAccount.objects.get(pk=account.pk)
