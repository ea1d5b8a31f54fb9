"""The posts list in a real browser: search, select, bulk reschedule with an outcome per post,
CSV import with its preview of bad lines, and the export of what is shown."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import create_posts, expect_toast, register_new_user
from tests.browser.test_publishing_flow import add_sandbox_account

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def rows(page):
    return page.get_by_test_id("post-rows").locator("tr")


def test_search_select_bulk_reschedule_then_import_and_export_csv(page, shot, tmp_path):
    register_new_user(page)
    add_sandbox_account(page, "list-brand")
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    for offset, caption in enumerate(["Alpha espresso", "Beta tea", "Gamma espresso"]):
        create_posts(page, "list-brand", [caption], scheduled_at=(base + timedelta(days=offset)).isoformat())
    create_posts(page, "list-brand", ["Draft espresso"])

    page.get_by_role("link", name="Posts", exact=True).click()
    expect(rows(page)).to_have_count(4)
    page.get_by_placeholder("Search captions").fill("espresso")
    expect(rows(page)).to_have_count(3)

    page.get_by_role("checkbox", name="Select all shown").check()
    bar = page.get_by_test_id("bulk-bar")
    expect(bar).to_contain_text("3 selected")
    bar.get_by_label("Amount").fill("1")
    bar.get_by_label("Unit").select_option("1440")
    bar.get_by_role("button", name="Reschedule").click()
    expect_toast(page, "error", "2 done, 1 not (see each post).")
    outcomes = page.get_by_test_id("bulk-outcome")
    expect(outcomes).to_have_count(3)
    expect(page.locator("tr", has_text="Draft espresso").get_by_test_id("bulk-outcome")).to_have_text(
        "A draft has no time to shift; set a date instead."
    )
    expect(page.locator("tr", has_text="Alpha espresso").get_by_test_id("bulk-outcome")).to_contain_text(
        "Rescheduled to"
    )
    shot("bulk-reschedule")

    good_time = (base + timedelta(days=10)).isoformat()
    upload = tmp_path / "posts.csv"
    upload.write_text(
        "scheduled_at,caption,accounts,media\n"
        f"{good_time},Imported one,list-brand,\n"
        f"{good_time},Nobody's,someone-else,\n"
        f",Imported draft,list-brand,\n"
    )
    page.get_by_test_id("csv-file").set_input_files(upload)
    preview = page.get_by_test_id("csv-preview")
    expect(preview).to_contain_text("3 lines: 2 can be imported, 1 cannot.")
    expect(preview.locator("tbody tr")).to_have_text(["3accountssomeone-else: no connected account."])
    shot("csv-preview")
    preview.get_by_role("button", name="Import 2 posts").click()
    expect_toast(page, "success", "2 posts imported, 1 line left out.")

    page.get_by_placeholder("Search captions").fill("")
    expect(rows(page)).to_have_count(6)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    exported = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert sorted(r["caption"] for r in exported) == sorted(
        ["Alpha espresso", "Beta tea", "Gamma espresso", "Draft espresso", "Imported one", "Imported draft"]
    )

    page.set_viewport_size(PHONE)
    page.reload()
    expect(rows(page)).to_have_count(6)
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    shot("posts-list-phone")
