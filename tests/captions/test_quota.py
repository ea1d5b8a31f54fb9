"""The per-user daily caption quota."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from captions.models import CaptionRequest
from tests.conftest import client_for
from tests.factories import UserFactory

URL = "/api/v1/captions/"
REQUEST = {"topic": "Quota", "networks": ["x"]}


def test_spent_quota_is_429_with_a_clear_message(auth_client, user, settings):
    """Checked when the request is accepted: requests still waiting for the model count."""
    settings.CAPTIONS_DAILY_QUOTA = 2
    assert auth_client.post(URL, REQUEST, format="json").status_code == 202
    assert auth_client.post(URL, REQUEST, format="json").status_code == 202

    response = auth_client.post(URL, REQUEST, format="json")

    assert response.status_code == 429
    assert response.json() == {
        "detail": "You have used all 2 caption requests for today; the quota renews at midnight UTC.",
        "errors": {},
    }
    midnight = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    assert 0 < int(response["Retry-After"]) <= (midnight - timezone.now()).total_seconds() + 2
    assert CaptionRequest.objects.filter(user=user).count() == 2


def test_quota_is_per_user(auth_client, settings):
    settings.CAPTIONS_DAILY_QUOTA = 1
    auth_client.post(URL, REQUEST, format="json")

    assert client_for(UserFactory()).post(URL, REQUEST, format="json").status_code == 202


def test_quota_renews_each_utc_day(auth_client, user, settings):
    settings.CAPTIONS_DAILY_QUOTA = 1
    auth_client.post(URL, REQUEST, format="json")
    CaptionRequest.objects.filter(user=user).update(created_at=timezone.now() - timedelta(days=1))

    assert auth_client.post(URL, REQUEST, format="json").status_code == 202


def test_failed_requests_do_not_use_quota(auth_client, user, settings, fake_openai, write):
    settings.CAPTIONS_DAILY_QUOTA = 1
    fake_openai.reply_server_error()  # to json_schema, then
    fake_openai.reply_server_error()  # to the JSON-mode fallback: a failed request

    assert write(auth_client, REQUEST).json()["status"] == "failed"
    assert write(auth_client, REQUEST).json()["status"] == "succeeded"
    assert list(CaptionRequest.objects.filter(user=user).values_list("status", flat=True)) == ["succeeded", "failed"]


def test_zero_turns_the_quota_off(auth_client, settings):
    settings.CAPTIONS_DAILY_QUOTA = 0

    assert all(auth_client.post(URL, REQUEST, format="json").status_code == 202 for _ in range(3))


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_cannot_overrun_the_quota(postgres, settings, fake_openai):
    """Each request holds its slot while the model works; the user's row lock serialises the count."""
    settings.CAPTIONS_DAILY_QUOTA = 2
    user = UserFactory()
    start = threading.Barrier(5)
    statuses: list[int] = []

    def request_captions() -> None:
        client = client_for(user)
        start.wait()
        try:
            statuses.append(client.post(URL, REQUEST, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=request_captions) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [202, 202, 429, 429, 429]
    assert CaptionRequest.objects.filter(user=user, status="succeeded").count() == 2
