"""`import_posts` reads media only from under its media root, and reads the CSV as a stream."""

import io
import os
import threading

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from posts.models import Media, Post
from tests.factories import SocialAccountFactory, UserFactory
from tests.fakes.server import wait_for
from tests.posts.helpers import image_bytes

pytestmark = pytest.mark.django_db

HEADER = "scheduled_at,caption,accounts,media\n"


@pytest.fixture
def owner():
    user = UserFactory(email="importer@example.com")
    SocialAccountFactory(owner=user, handle="ada")
    return user


@pytest.fixture
def folders(tmp_path):
    """A folder handed to the import (the CSV and its media) and a file outside it,
    such as another user's upload under MEDIA_ROOT."""
    handed = tmp_path / "handed"
    (handed / "pictures").mkdir(parents=True)
    (handed / "pictures" / "mine.png").write_bytes(image_bytes())
    elsewhere = tmp_path / "uploads" / "someone-else"
    elsewhere.mkdir(parents=True)
    (elsewhere / "theirs.png").write_bytes(image_bytes())
    (handed / "pictures" / "link.png").symlink_to(elsewhere / "theirs.png")
    return handed, elsewhere / "theirs.png"


def line(media: str, caption: str = "Hello") -> str:
    return f"{timezone.now().year + 1}-03-01T09:30:00,{caption},ada,{media}"


def run(csv_path, owner, *args) -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_posts", str(csv_path), "--owner", owner.email, *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_media_outside_the_media_root_are_bad_lines(owner, folders):
    handed, theirs = folders
    csv_path = handed / "posts.csv"
    csv_path.write_text(
        HEADER
        + "\n".join(
            [
                line(str(theirs)),  # absolute
                line(f"../uploads/someone-else/{theirs.name}"),  # climbs out
                line("pictures/../../uploads/someone-else/theirs.png"),
                line("pictures/link.png"),  # a symbolic link that leads out
                line("pictures/mine.png"),
            ]
        )
        + "\n"
    )

    out, err, error = run(csv_path, owner)

    assert str(error) == "4 bad lines (listed above)."
    root = handed.resolve()
    assert f"line 2: media: {theirs}: outside the media root {root}." in err
    assert f"line 3: media: ../uploads/someone-else/theirs.png: outside the media root {root}." in err
    assert "line 4: media: pictures/../../uploads/someone-else/theirs.png: outside the media root" in err
    assert "line 5: media: pictures/link.png: outside the media root" in err
    assert "5 lines: imported 1, 4 bad." in out
    assert [m.original_name for m in Media.objects.all()] == ["mine.png"]
    assert Post.objects.count() == 1


def test_media_paths_are_read_from_the_media_root_given(owner, folders, tmp_path):
    handed, _ = folders
    csv_path = tmp_path / "elsewhere.csv"
    csv_path.write_text(HEADER + line("pictures/mine.png") + "\n" + line(str(handed / "pictures" / "mine.png")) + "\n")

    out, err, error = run(csv_path, owner, "--media-root", str(handed))

    assert error is None, err
    assert "2 lines: imported 2, 0 bad." in out
    assert Media.objects.count() == 2


def test_a_media_root_that_is_not_a_folder_is_refused(owner, tmp_path):
    csv_path = tmp_path / "posts.csv"
    csv_path.write_text(HEADER)

    _, _, error = run(csv_path, owner, "--media-root", str(tmp_path / "missing"))

    assert "--media-root" in str(error) and "no such folder" in str(error)


def test_lines_are_imported_as_they_are_read_not_after_the_whole_file(owner, tmp_path):
    """Through a pipe: the first bad line is reported while the rest is still unwritten."""
    pipe = tmp_path / "posts.csv"
    os.mkfifo(pipe)
    out, err = io.StringIO(), io.StringIO()
    reported_before_the_end = threading.Event()

    def write() -> None:
        with pipe.open("w") as feed:
            feed.write(HEADER + "not a date,Broken,ada,\n")
            feed.flush()
            if wait_for(lambda: "line 2:" in err.getvalue(), timeout=10):
                reported_before_the_end.set()
            feed.write(line("", caption="Later") + "\n")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        with pytest.raises(CommandError, match="1 bad lines"):
            call_command("import_posts", str(pipe), "--owner", owner.email, stdout=out, stderr=err)
    finally:
        writer.join(timeout=15)

    assert reported_before_the_end.is_set()
    assert "line 2: scheduled_at: 'not a date' is not an ISO 8601 date and time." in err.getvalue()
    assert "2 lines: imported 1, 1 bad." in out.getvalue()
    assert list(Post.objects.values_list("caption", flat=True)) == ["Later"]
