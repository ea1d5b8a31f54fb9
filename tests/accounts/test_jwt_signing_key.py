"""JWTs are signed with a key of their own (JWT_SIGNING_KEY), not with SECRET_KEY."""

import secrets

import jwt
import pytest
from django.conf import settings

from tests.factories import DEFAULT_PASSWORD
from tests.test_project import clean_env, run_manage


@pytest.mark.django_db
def test_tokens_are_signed_with_the_jwt_key_not_the_secret_key(api_client, user):
    response = api_client.post(
        "/api/v1/auth/token/", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json"
    )
    access = response.json()["access"]

    assert settings.JWT_SIGNING_KEY != settings.SECRET_KEY
    assert jwt.decode(access, settings.JWT_SIGNING_KEY, algorithms=["HS256"])["user_id"] == str(user.pk)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(access, settings.SECRET_KEY, algorithms=["HS256"])


def production_env(tmp_path, **extra: str) -> dict[str, str]:
    return clean_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        VAR_DIR=str(tmp_path),
        **extra,
    )


def test_production_refuses_to_start_without_a_jwt_signing_key(tmp_path):
    result = run_manage("check", env=production_env(tmp_path))

    assert result.returncode != 0
    assert "JWT_SIGNING_KEY must be set" in result.stderr


def test_production_refuses_the_secret_key_as_jwt_signing_key(tmp_path):
    env = production_env(tmp_path)
    env["JWT_SIGNING_KEY"] = env["DJANGO_SECRET_KEY"]

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "JWT_SIGNING_KEY must differ from DJANGO_SECRET_KEY" in result.stderr


def test_production_starts_with_its_own_jwt_signing_key(tmp_path):
    result = run_manage("check", env=production_env(tmp_path, JWT_SIGNING_KEY=secrets.token_urlsafe(50)))

    assert result.returncode == 0, result.stderr
