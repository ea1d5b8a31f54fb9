import pytest

from posts.models import NetworkAlert
from posts.services import deliveries
from socialtrend.celery import app as celery_app

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_reports_each_part_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok", "warnings": []}


def test_healthz_names_a_network_that_needs_an_operator_without_going_down(client):
    deliveries.network_alert_raise(network="linkedin", message="Linkedin-Version 202301 is retired")
    deliveries.network_alert_raise(network="linkedin", message="Linkedin-Version 202301 is retired")

    response = client.get("/healthz")

    assert response.status_code == 200  # the service runs; the network needs an operator
    assert response.json()["warnings"] == ["linkedin: Linkedin-Version 202301 is retired"]
    assert NetworkAlert.objects.get().occurrences == 2


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
