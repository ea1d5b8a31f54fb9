"""Bluesky through the SPA against the real PDS (tests/pds): connect with an app password on
a custom server, then publish a post with a link and a hashtag, and find it in the account's
repository with its facets."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.bluesky_pds import Pds, PdsAccount
from tests.browser.helpers import expect_toast, register_new_user

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PUBLISH_DEADLINE_MS = 60_000


def connect_bluesky(page: Page, pds: Pds, account: PdsAccount, password: str) -> None:
    page.get_by_role("link", name="Accounts").click()
    form = page.locator("[data-direct=bluesky]")
    form.get_by_label("Handle").fill(account.handle)
    form.get_by_label("App password").fill(password)
    form.get_by_label("Server").fill(pds.url)
    form.get_by_role("button", name="Add Bluesky account").click()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_connect_a_bluesky_account_on_its_own_server(page, shot, bluesky_pds, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    account = bluesky_pds.create_account("browser")
    register_new_user(page)
    if viewport:
        page.get_by_role("button", name=re.compile("menu", re.I)).click()

    connect_bluesky(page, bluesky_pds, account, "not-the-app-password")
    form = page.locator("[data-direct=bluesky]")
    expect(form.get_by_label("App password")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("[data-field-error]")).to_have_text("Bluesky did not accept this handle and app password.")
    shot("bluesky-wrong-password")

    form.get_by_label("App password").fill(account.app_password)
    form.get_by_role("button", name="Add Bluesky account").click()
    expect_toast(page, "success", f"Bluesky account @{account.handle} connected.")
    row = page.locator(f"[data-account='{account.handle}']")
    expect(row).to_contain_text("Bluesky")
    expect(row).to_contain_text("Active")
    expect(form.get_by_label("App password")).to_have_value("")
    shot("bluesky-connected")


def test_publish_to_bluesky_now_and_find_the_record(page, shot, bluesky_pds):
    account = bluesky_pds.create_account("poster")
    register_new_user(page)
    connect_bluesky(page, bluesky_pds, account, account.app_password)
    expect(page.locator(f"[data-account='{account.handle}']")).to_contain_text("Active")

    text = "Launch day 🚀 read https://example.com/launch #launch"
    page.get_by_role("link", name="Schedule").click()
    page.get_by_role("button", name="New post").click()
    composer = page.get_by_role("dialog", name="New post")
    composer.get_by_label("Caption", exact=True).fill(text)
    composer.get_by_role("checkbox", name=f"@{account.handle}").check()
    expect(composer.locator("[data-counter=bluesky]")).to_contain_text("300")
    composer.get_by_label("Publish now").check()
    shot("bluesky-composer")
    composer.get_by_role("button", name="Publish now").click()

    event = page.locator("[data-post]").first
    expect(event).to_have_attribute("data-status", "published", timeout=PUBLISH_DEADLINE_MS)
    event.click()
    delivery = page.locator("[data-delivery]")
    expect(delivery).to_contain_text("Published")
    [record] = bluesky_pds.records(account)
    rkey = record["uri"].rsplit("/", 1)[-1]
    expect(delivery.get_by_role("link", name="View post")).to_have_attribute(
        "href", f"https://bsky.app/profile/{account.handle}/post/{rkey}"
    )
    shot("bluesky-published")
    assert record["value"]["text"] == text
    features = [facet["features"][0]["$type"].rsplit("#", 1)[-1] for facet in record["value"]["facets"]]
    assert features == ["link", "tag"]
