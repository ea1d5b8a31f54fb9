"""A deployment must set FIELD_ENCRYPTION_KEY: only the embedded default and DEBUG derive one."""

import secrets

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from accounts.models import SocialAccount
from tests.factories import UserFactory
from tests.test_project import clean_env, run_manage


def deployment_env(tmp_path, **extra: str) -> dict[str, str]:
    """Production settings (not the test settings pytest exports, which carry a test key)."""
    return clean_env(
        DJANGO_SETTINGS_MODULE="socialtrend.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        JWT_SIGNING_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="socialtrend.example.com",
        VAR_DIR=str(tmp_path),
        **extra,
    )


def test_check_deploy_reports_a_missing_encryption_key(tmp_path):
    result = run_manage("check", "--deploy", env=deployment_env(tmp_path))

    assert result.returncode != 0
    assert "socialtrend.crypto.E001" in result.stderr
    assert "FIELD_ENCRYPTION_KEY is not set" in result.stderr


def test_migrate_refuses_to_run_a_deployment_without_the_key(tmp_path):
    result = run_manage("migrate", "--noinput", env=deployment_env(tmp_path))

    assert result.returncode != 0
    assert "socialtrend.crypto.E001" in result.stderr


def test_check_reports_a_key_that_is_not_a_fernet_key(tmp_path):
    keys = f"{Fernet.generate_key().decode()},not-a-key"

    result = run_manage("check", "--deploy", env=deployment_env(tmp_path, FIELD_ENCRYPTION_KEY=keys))

    assert result.returncode != 0
    assert "socialtrend.crypto.E002" in result.stderr
    assert "key 2 of 2 is not a Fernet key" in result.stderr


def test_debug_and_the_embedded_default_may_derive_the_key(tmp_path):
    production = {"DJANGO_SETTINGS_MODULE": "socialtrend.settings"}
    debug = clean_env(**production, DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    embedded = clean_env(**production, VAR_DIR=str(tmp_path / "var"))

    for env in (debug, embedded):
        result = run_manage("check", env=env)
        assert result.returncode == 0, result.stderr
        assert "crypto.E001" not in result.stderr


@pytest.mark.django_db
def test_no_token_is_encrypted_with_a_derived_key_in_a_deployment(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.DEBUG = False
    settings.EMBEDDED_MODE = False
    owner = UserFactory()

    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEY must be set"), transaction.atomic():
        SocialAccount.objects.create(owner=owner, network="x", handle="ada", remote_id="1", access_token="t")

    assert not SocialAccount.objects.exists()
