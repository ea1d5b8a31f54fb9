import pytest

from accounts.roles import Role
from tests.factories import UserFactory
from tests.trends.factories import TrendItemFactory, TrendSnapshotFactory
from trends import services
from trends.models import SourceRun, TrendItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client):
    client.force_login(UserFactory(role=Role.MODERATOR))
    return client


def test_moderators_browse_items_snapshots_and_runs(moderator_client):
    item = TrendItemFactory(title="Solar eclipse", source="google", region="US")
    snapshot = TrendSnapshotFactory(item=item)
    run = services.source_refresh(source="sandbox")

    pages = {
        "items": moderator_client.get("/admin/trends/trenditem/", {"source": "google"}),
        "item": moderator_client.get(f"/admin/trends/trenditem/{item.pk}/change/"),
        "snapshots": moderator_client.get("/admin/trends/trendsnapshot/"),
        "snapshot": moderator_client.get(f"/admin/trends/trendsnapshot/{snapshot.pk}/change/"),
        "runs": moderator_client.get("/admin/trends/sourcerun/", {"status": "success"}),
        "run": moderator_client.get(f"/admin/trends/sourcerun/{run.pk}/change/"),
    }

    assert {name: page.status_code for name, page in pages.items()} == dict.fromkeys(pages, 200)
    assert b"Solar eclipse" in pages["items"].content
    assert b"sandbox" in pages["runs"].content


def test_moderators_change_an_items_title_but_not_its_identity(moderator_client):
    item = TrendItemFactory(title="Typo", key="typo", category="news")

    response = moderator_client.post(
        f"/admin/trends/trenditem/{item.pk}/change/",
        {"title": "Fixed", "url": item.url, "region": item.region, "category": "news"},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.key) == ("Fixed", "typo")


def test_moderators_cannot_add_or_delete(moderator_client):
    item = TrendItemFactory()

    add = moderator_client.get("/admin/trends/trenditem/add/")
    delete = moderator_client.post(f"/admin/trends/trenditem/{item.pk}/delete/", {"post": "yes"})

    assert add.status_code == 403 and delete.status_code == 403
    assert TrendItem.objects.filter(pk=item.pk).exists()


def test_plain_users_have_no_admin(client):
    client.force_login(UserFactory())

    response = client.get("/admin/trends/sourcerun/")

    assert response.status_code == 302
    assert not SourceRun.objects.exists()
