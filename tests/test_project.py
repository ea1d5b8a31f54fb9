"""Whole-project checks: migrations, deploy settings, schema, compose, commands."""

import os
import secrets
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
import yaml
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from accounts.models import User

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without the variables that select services."""
    dropped = {
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "DJANGO_DEBUG",
        "DJANGO_SECRET_KEY",
        "JWT_SIGNING_KEY",
        "FIELD_ENCRYPTION_KEY",
    }
    return {**{k: v for k, v in os.environ.items() if k not in dropped}, **extra}


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_check_deploy_is_clean_with_real_secrets(tmp_path):
    env = clean_env(
        DJANGO_SETTINGS_MODULE="socialtrend.settings",  # production's, not the test settings pytest exports
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        JWT_SIGNING_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="socialtrend.example.com",
        VAR_DIR=str(tmp_path),
    )

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = clean_env(DJANGO_DEBUG="0", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_strict_boolean_settings(tmp_path):
    result = run_manage("check", env=clean_env(DJANGO_DEBUG="maybe", VAR_DIR=str(tmp_path)))

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_embedded_default_boots_from_empty_var(tmp_path):
    var = tmp_path / "var"
    env = clean_env(VAR_DIR=str(var), DJANGO_DEBUG="1")  # as `make run` sets it
    probe = (
        "from django.test import Client; c = Client(); "
        "h = c.get('/healthz'); "
        "t = c.post('/api/v1/auth/token/', {'email': 'demo@socialtrend.local', 'password': 'socialtrend-demo'}, "
        "content_type='application/json'); "
        "print(h.status_code, h.json()['status'], t.status_code, sorted(t.json()))"
    )

    migrate = run_manage("migrate", "--noinput", env=env)
    demo = run_manage("create_demo", env=env)
    demo_again = run_manage("create_demo", env=env)
    served = run_manage("shell", "--no-imports", "-c", probe, env=env)

    assert migrate.returncode == 0, migrate.stderr
    assert (var / "socialtrend.sqlite3").is_file()
    assert "Created demo user" in demo.stdout
    assert "Found demo user" in demo_again.stdout
    assert served.stdout.strip() == "200 ok 200 ['access', 'refresh']", served.stderr


@pytest.mark.django_db
def test_create_demo_is_idempotent(capsys):
    call_command("create_demo")
    call_command("create_demo")

    assert User.objects.filter(email="demo@socialtrend.local").count() == 1
    assert "password: socialtrend-demo" in capsys.readouterr().out


@pytest.mark.django_db
def test_openapi_schema_is_valid(tmp_path):
    out = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    schema = yaml.safe_load(out.read_text())
    assert "jwtAuth" in schema["components"]["securitySchemes"]
    assert "/api/v1/auth/register/" in schema["paths"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/", "/api/schema/"])
def test_docs_are_served(client, path):
    assert client.get(path).status_code == 200


def test_compose_file_names_real_modules():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]

    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    web = services["web"]["command"]
    assert "socialtrend.wsgi:application" in web
    assert import_module("socialtrend.wsgi").application
    for name in ("worker", "beat"):
        command = services[name]["command"]
        assert command[:3] == ["celery", "-A", "socialtrend"]
        assert command[3] == name
    scheduler = services["beat"]["command"][services["beat"]["command"].index("--scheduler") + 1]
    module, _, cls = scheduler.partition(":")
    assert getattr(import_module(module), cls)
    env = services["worker"]["environment"]
    assert import_module(env["DJANGO_SETTINGS_MODULE"])
    assert (ROOT / "Dockerfile").is_file()


def test_env_example_documents_every_setting_read_from_environment():
    documented = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    read = set()
    for source in ROOT.glob("socialtrend/settings/*.py"):
        for chunk in source.read_text().split("env_")[1:]:
            if chunk.startswith(("str(", "bool(", "int(", "float(", "list(")):
                read.add(chunk.split('"')[1])

    assert "DJANGO_SECRET_KEY" in read  # the settings modules were found
    assert read - documented == set()


def test_database_engine_matches_environment():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
