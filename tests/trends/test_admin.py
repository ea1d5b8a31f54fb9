from datetime import timedelta

import pytest
from django.utils import timezone

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


def act(client, url: str, action: str, *objects):
    return client.post(url, {"action": action, "_selected_action": [o.pk for o in objects]}, follow=True)


def test_an_items_fields_cannot_be_edited_behind_the_service(moderator_client):
    item = TrendItemFactory(title="Typo", key="typo", category="news")

    moderator_client.post(
        f"/admin/trends/trenditem/{item.pk}/change/",
        {"title": "Fixed", "url": item.url, "region": item.region, "category": "other"},
    )

    item.refresh_from_db()
    assert (item.title, item.key, item.category) == ("Typo", "typo", "news")


def test_hiding_an_item_takes_it_out_of_the_cached_api_answers(
    moderator_client, auth_client, django_capture_on_commit_callbacks
):
    TrendItemFactory(title="Fine", latest_score=60)
    hidden = TrendItemFactory(title="Offensive", latest_score=50)
    before = auth_client.get("/api/v1/trends/")  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        response = act(moderator_client, "/admin/trends/trenditem/", "hide", hidden)
    after = auth_client.get("/api/v1/trends/")
    detail = auth_client.get(f"/api/v1/trends/{hidden.pk}/")

    assert "1 trend items hidden." in response.content.decode()
    assert [row["title"] for row in before.json()["results"]] == ["Fine", "Offensive"]
    assert [row["title"] for row in after.json()["results"]] == ["Fine"]
    assert detail.status_code == 404
    hidden.refresh_from_db()
    assert hidden.hidden_at is not None


def test_a_hidden_item_stays_hidden_through_a_refresh_and_is_shown_again_by_an_action(moderator_client, auth_client):
    run = services.source_refresh(source="sandbox")
    item = TrendItem.objects.filter(source="sandbox").first()
    act(moderator_client, "/admin/trends/trenditem/", "hide", item)

    services.source_refresh(source="sandbox")
    while_hidden = auth_client.get(f"/api/v1/trends/{item.pk}/")
    act(moderator_client, "/admin/trends/trenditem/", "unhide", item)
    shown = auth_client.get(f"/api/v1/trends/{item.pk}/")

    assert run.status == "success"
    assert (while_hidden.status_code, shown.status_code) == (404, 200)


def test_ending_a_sources_back_off_is_an_action(moderator_client):
    run = services.source_refresh(source="sandbox")
    SourceRun.objects.filter(pk=run.pk).update(retry_after=timezone.now() + timedelta(hours=1))

    edited = moderator_client.post(
        f"/admin/trends/sourcerun/{run.pk}/change/", {"retry_after_0": "", "retry_after_1": ""}
    )
    run.refresh_from_db()
    still_backing_off = run.retry_after is not None
    response = act(moderator_client, "/admin/trends/sourcerun/", "end_backoff", run)

    assert edited.status_code in (200, 302) and still_backing_off
    assert "1 source back-offs ended." in response.content.decode()
    run.refresh_from_db()
    assert run.retry_after is None
    assert services.source_refresh(source="sandbox") is not None  # no longer skipped


def test_watched_keywords_cannot_be_edited_in_admin(moderator_client):
    watch = services.watch_keyword_add(user=UserFactory(), keyword="my product")

    moderator_client.post(
        f"/admin/trends/watchkeyword/{watch.pk}/change/", {"keyword": "something else", "user": watch.user_id}
    )

    watch.refresh_from_db()
    assert watch.keyword == "my product"


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
