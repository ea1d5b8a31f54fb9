import pytest

from accounts.roles import Role
from socialtrend.celery import app as celery_app
from tests.conftest import client_for
from tests.factories import UserFactory
from trends.models import RunStatus, SourceRun

pytestmark = pytest.mark.django_db

REFRESH = "/api/v1/trends/refresh/"


@pytest.fixture
def eager_tasks(monkeypatch):
    """The queued tasks run in this process, so the test sees what the worker would do."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
def test_moderators_and_admins_queue_every_enabled_source(role, eager_tasks, django_capture_on_commit_callbacks):
    client = client_for(UserFactory(role=role))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REFRESH, {}, format="json")

    assert response.status_code == 202
    assert response.json() == {"queued": ["sandbox"]}
    assert SourceRun.objects.get().status == RunStatus.SUCCESS


def test_one_source_can_be_named(moderator, eager_tasks, django_capture_on_commit_callbacks, x_token):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(moderator).post(REFRESH, {"source": "x"}, format="json")

    assert response.status_code == 202 and response.json() == {"queued": ["x"]}
    assert list(SourceRun.objects.values_list("source", flat=True)) == ["x"]


def test_plain_users_are_refused(auth_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = auth_client.post(REFRESH, {}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "Only moderators and admins may do this.", "errors": {}}
    assert callbacks == [] and not SourceRun.objects.exists()


@pytest.mark.parametrize(
    ("source", "message"),
    [("myspace", '"myspace" is not a valid choice.'), ("reddit", 'The "reddit" source is not enabled.')],
)
def test_unknown_or_disabled_source_is_400(moderator, source, message):
    response = client_for(moderator).post(REFRESH, {"source": source}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"source": [message]}
    assert not SourceRun.objects.exists()
