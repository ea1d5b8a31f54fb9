"""`publish_due`, `redispatch` and `import_posts`."""

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from posts.models import Delivery, Media, Post
from tests.factories import SocialAccountFactory, UserFactory
from tests.posts.helpers import image_bytes, make_due, make_post

pytestmark = pytest.mark.django_db


def test_publish_due_once_runs_one_tick(capsys, django_capture_on_commit_callbacks):
    post = make_post(accounts=[SocialAccountFactory()])
    make_due(post)

    with django_capture_on_commit_callbacks(execute=False) as sent:
        call_command("publish_due", "--once")

    assert "claimed 1, re-enqueued 0, missed 0" in capsys.readouterr().out
    assert Delivery.objects.get(post=post).status == "queued"
    assert len(sent) == 1


def unknown_delivery() -> Delivery:
    post = make_post(accounts=[SocialAccountFactory()])
    Delivery.objects.filter(post=post).update(status="unknown", last_error="lost", finished_at=timezone.now())
    return Delivery.objects.get(post=post)


def test_redispatch_is_a_dry_run_without_yes(capsys):
    delivery = unknown_delivery()

    call_command("redispatch", "--status", "unknown")

    out = capsys.readouterr().out
    assert f"would retry delivery {delivery.pk}" in out
    assert "Dry run: 1 unknown deliveries" in out
    assert Delivery.objects.get(pk=delivery.pk).status == "unknown"


def test_redispatch_with_yes_retries(capsys):
    delivery = unknown_delivery()
    expired = unknown_delivery()
    expired.account.status = "expired"
    expired.account.save(update_fields=["status"])

    call_command("redispatch", "--status", "unknown", "--yes")  # --yes on unknown: a second publication accepted

    captured = capsys.readouterr()
    assert "1 retried, 1 skipped." in captured.out
    assert "reconnect it" in captured.err
    assert Delivery.objects.get(pk=delivery.pk).status == "pending"
    assert Delivery.objects.get(pk=expired.pk).status == "unknown"


@pytest.fixture
def owner():
    user = UserFactory(email="importer@example.com", timezone="Europe/Berlin")
    SocialAccountFactory(owner=user, handle="ada")
    SocialAccountFactory(owner=user, handle="grace", network="x", remote_id="1")
    return user


def write_csv(tmp_path, *lines: str):
    (tmp_path / "photo.png").write_bytes(image_bytes())
    path = tmp_path / "posts.csv"
    path.write_text("scheduled_at,caption,accounts,media\n" + "\n".join(lines) + "\n")
    return path


def test_import_posts_imports_good_lines_and_reports_bad_ones_by_number(tmp_path, owner, capsys):
    year = timezone.now().year + 1
    path = write_csv(
        tmp_path,
        f"{year}-03-01T09:30:00,Spring is here,ada x:grace,photo.png",
        "not a date,Broken,ada,",
        f"{year}-03-02T09:30:00,Nobody,nobody,",
        f"{year}-03-03T09:30:00,{'a' * 281},grace,",
        f"{year}-03-04T09:30:00,Missing file,ada,nope.png",
    )

    with pytest.raises(CommandError, match="4 bad lines"):
        call_command("import_posts", str(path), "--owner", owner.email)

    err = capsys.readouterr().err
    assert "line 3: scheduled_at: 'not a date' is not an ISO 8601 date and time." in err
    assert "line 4: accounts: nobody: no connected account." in err
    assert "line 5: caption: X (Twitter) allows 280 characters" in err
    assert "line 6: media: nope.png: no such file." in err
    post = Post.objects.get()
    assert post.scheduled_at == datetime(year, 3, 1, 8, 30, tzinfo=UTC)
    assert post.deliveries.count() == 2
    assert Media.objects.count() == 1


def test_import_posts_dry_run_stores_nothing(tmp_path, owner, settings, capsys):
    year = timezone.now().year + 1
    path = write_csv(tmp_path, f"{year}-03-01T09:30:00,Fine,ada,photo.png")

    call_command("import_posts", str(path), "--owner", owner.email, "--dry-run")

    assert "1 lines: would import 1, 0 bad." in capsys.readouterr().out
    assert not Post.objects.exists() and not Media.objects.exists()
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


def test_import_posts_refuses_a_file_without_the_columns(tmp_path, owner):
    path = tmp_path / "bad.csv"
    path.write_text("when,text\n2030-01-01,hi\n")

    with pytest.raises(CommandError, match="Missing columns: scheduled_at, caption, accounts, media"):
        call_command("import_posts", str(path), "--owner", owner.email)
