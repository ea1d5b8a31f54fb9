"""Throttling on real Redis: the counters live in the shared cache."""

import pytest
from django.core.cache import caches

from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def tight_rates(settings, redis_url):
    assert caches["default"].__class__.__name__ == "RedisCache"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"auth": "3/min", "user": "5/min", "anon": "100/min"},
    }


def test_login_is_throttled_per_ip_with_retry_after(api_client, user, tight_rates):
    body = {"email": user.email, "password": "wrong-password"}
    codes = [api_client.post("/api/v1/auth/token/", body, format="json").status_code for _ in range(3)]

    blocked = api_client.post("/api/v1/auth/token/", {**body, "password": DEFAULT_PASSWORD}, format="json")
    other_ip = api_client.post(
        "/api/v1/auth/token/", {**body, "password": DEFAULT_PASSWORD}, format="json", REMOTE_ADDR="10.1.2.3"
    )

    assert codes == [401, 401, 401]
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 60
    assert blocked.json()["detail"].startswith("Request was throttled.")
    assert other_ip.status_code == 200


def test_register_shares_the_auth_rate(api_client, tight_rates):
    codes = [
        api_client.post("/api/v1/auth/register/", {"email": f"n{i}@example.com"}, format="json").status_code
        for i in range(4)
    ]

    assert codes == [400, 400, 400, 429]


def test_authenticated_requests_have_a_per_user_rate(auth_client, tight_rates):
    codes = [auth_client.get("/api/v1/auth/me/").status_code for _ in range(6)]

    assert codes == [200] * 5 + [429]
