import pytest
from django.conf import settings

from socialtrend.celery import app as celery_app
from tests.conftest import client_for
from tests.factories import UserFactory
from webhooks.services import webhook_endpoint_create

pytestmark = pytest.mark.django_db


def test_admin_never_shows_the_webhook_secret(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    admin = UserFactory(role="admin")
    endpoint, secret = webhook_endpoint_create(owner=admin, url="http://127.0.0.1:9/h", events=["account.expired"])
    client = client_for(admin)
    client.force_login(admin)

    page = client.get(f"/admin/webhooks/webhookendpoint/{endpoint.pk}/change/")

    assert page.status_code == 200
    assert secret not in page.content.decode()


@pytest.mark.parametrize("entry", ["social-accounts-refresh-tokens", "webhooks-retry-due"])
def test_beat_entries_name_registered_tasks(entry):
    celery_app.loader.import_default_modules()

    assert settings.CELERY_BEAT_SCHEDULE[entry]["task"] in celery_app.tasks
