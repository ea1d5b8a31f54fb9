import pytest

from socialtrend.celery import app as celery_app

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_reports_each_part_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


def test_healthz_names_the_cache_when_it_is_down(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": UNREACHABLE_REDIS}
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down: cache"
    assert body["cache"].startswith("error: ConnectionError")
    assert (body["database"], body["broker"]) == ("ok", "ok")


def test_healthz_names_the_broker_when_it_is_down(client, monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", UNREACHABLE_REDIS)  # Celery lets the environment win
    monkeypatch.setitem(celery_app.conf, "broker_url", UNREACHABLE_REDIS)
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", {})

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "down: broker"
    assert response.json()["broker"].startswith("error: ")
