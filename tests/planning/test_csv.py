"""Posts as CSV through the API: a dry run names every bad line, the import keeps the good ones,
and an export imports again."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from posts.models import Media, Post
from posts.services import media as media_services
from posts.services import posts as post_services
from tests.factories import SocialAccountFactory, UserFactory
from tests.posts.helpers import image_bytes

pytestmark = pytest.mark.django_db
HEADER = "scheduled_at,caption,accounts,media\n"


@pytest.fixture
def account(user):
    return SocialAccountFactory(owner=user, handle="ada")


def upload(client, text: str, *, dry_run: bool = False, name: str = "posts.csv"):
    content = text.encode() if isinstance(text, str) else text
    return client.post(
        "/api/v1/csv/import/",
        {"file": SimpleUploadedFile(name, content, "text/csv"), "dry_run": dry_run},
        format="multipart",
    )


def future(days: int) -> str:
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0).isoformat()


def test_a_thousand_lines_with_twenty_bad_ones_are_checked_then_imported(auth_client, account):
    lines, bad = [], {}
    for number in range(2, 1002):  # line 1 is the header
        if number % 50 == 0:
            kind = ("scheduled_at", "not a time") if number % 100 == 0 else ("accounts", "nobody")
            bad[number] = kind[0]
            row = ["tomorrow", "Bad", "ada", ""] if kind[0] == "scheduled_at" else [future(2), "Bad", "nobody", ""]
        else:
            row = [future(1 + number % 30), f"Post {number}", "ada", ""]
        lines.append(row)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["scheduled_at", "caption", "accounts", "media"])
    writer.writerows(lines)

    preview = upload(auth_client, buffer.getvalue(), dry_run=True)
    assert preview.status_code == 200, preview.json()
    body = preview.json()
    assert (body["lines"], body["imported"], body["dry_run"]) == (1000, 980, True)
    assert {p["line"]: p["field"] for p in body["problems"]} == bad
    assert not Post.objects.exists()

    done = upload(auth_client, buffer.getvalue()).json()
    assert (done["imported"], len(done["problems"]), len(done["post_ids"])) == (980, 20, 980)
    assert Post.objects.count() == 980


def test_an_export_imports_again_with_its_media_from_the_library(auth_client, user, account):
    image = media_services.media_create(
        owner=user, content=io.BytesIO(image_bytes()), name="a.png", size=len(image_bytes())
    )
    other = SocialAccountFactory(owner=user, network="sandbox", handle="bob")
    post_services.post_create(
        owner=user,
        account_ids=[account.pk, other.pk],
        caption='Line one\nwith "quotes", commas',
        media_ids=[image.pk],
        scheduled_at=timezone.now() + timedelta(days=3),
    )
    post_services.post_create(owner=user, account_ids=[account.pk], caption="A draft")

    exported = auth_client.get("/api/v1/csv/export/")
    assert exported.status_code == 200 and exported["Content-Type"] == "text/csv"
    assert "attachment" in exported["Content-Disposition"]
    text = b"".join(exported.streaming_content).decode()
    rows = {r["caption"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows.keys() == {'Line one\nwith "quotes", commas', "A draft"}
    scheduled = rows['Line one\nwith "quotes", commas']
    assert scheduled["accounts"] == "sandbox:ada sandbox:bob" and scheduled["media"] == f"media:{image.pk}"
    assert rows["A draft"]["scheduled_at"] == ""

    again = upload(auth_client, text).json()
    assert (again["imported"], again["problems"]) == (2, [])
    copies = {p.caption: p for p in Post.objects.filter(pk__in=again["post_ids"])}
    assert copies.keys() == rows.keys()
    assert list(copies['Line one\nwith "quotes", commas'].media.all()) == [image]
    assert copies["A draft"].scheduled_at is None


def test_the_export_follows_the_filters_and_names_a_bad_one(auth_client, user, account):
    post_services.post_create(owner=user, account_ids=[account.pk], caption="Draft")
    post_services.post_create(
        owner=user, account_ids=[account.pk], caption="Soon", scheduled_at=timezone.now() + timedelta(days=1)
    )
    text = b"".join(auth_client.get("/api/v1/csv/export/?status=draft").streaming_content).decode()
    assert [r["caption"] for r in csv.DictReader(io.StringIO(text))] == ["Draft"]
    bad = auth_client.get("/api/v1/csv/export/?status=lost")
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("caption,accounts\nHi,ada\n", "Missing columns: scheduled_at, media"),
        (b"scheduled_at,caption,accounts,media\n\xff\xfe,x,ada,\n", "cannot be read"),
        ("", "The submitted file is empty."),
    ],
)
def test_a_file_that_is_not_our_csv_is_refused_on_the_file_field(auth_client, content, message):
    response = upload(auth_client, content)
    assert response.status_code == 400 and message in response.json()["errors"]["file"][0]


def test_another_persons_accounts_and_media_are_bad_lines_and_paths_are_refused(auth_client, account):
    stranger = UserFactory()
    SocialAccountFactory(owner=stranger, handle="eve")
    theirs = Media.objects.create(owner=stranger, kind="image", file="x.png", mime_type="image/png", size=1)
    text = HEADER + "\n".join(
        [
            f"{future(1)},Theirs,eve,",
            f"{future(1)},Their picture,ada,media:{theirs.pk}",
            f"{future(1)},A path,ada,../etc/passwd",
        ]
    )
    problems = upload(auth_client, text, dry_run=True).json()["problems"]
    assert [(p["line"], p["field"]) for p in problems] == [(2, "accounts"), (3, "media"), (4, "media")]
    assert "media library" in problems[2]["message"]


def test_a_missing_file_and_a_too_large_one_are_refused(auth_client, settings):
    assert auth_client.post("/api/v1/csv/import/", {}, format="multipart").json()["errors"].keys() == {"file"}
    big = HEADER + ("x" * 1000 + "\n") * 5300
    settings.API_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    response = upload(auth_client, big)
    assert response.status_code in (400, 413)
    assert "file" in str(response.json())


def test_the_export_reads_a_fixed_number_of_queries_whatever_the_number_of_posts(
    auth_client, user, account, django_assert_max_num_queries
):
    for day in range(1, 41):
        post_services.post_create(
            owner=user, account_ids=[account.pk], caption=f"P{day}", scheduled_at=timezone.now() + timedelta(days=day)
        )
    with django_assert_max_num_queries(8):
        lines = b"".join(auth_client.get("/api/v1/csv/export/").streaming_content).decode().splitlines()
    assert len(lines) == 41
