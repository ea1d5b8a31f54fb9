"""Connecting Facebook Pages, Threads and LinkedIn pages through their (fake) consent pages, choosing
the Pages and organizations to connect in the picker, then publishing one post to each through the SPA."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import expect_toast, register_new_user

pytestmark = pytest.mark.browser

PUBLISH_DEADLINE_MS = 60_000
PHONE = {"width": 390, "height": 844}


def connect(page: Page, network: str) -> None:
    page.locator(f"[data-connect={network}]").click()  # the network's page says "Allow" and sends us back


def both_sizes(page: Page, shot, name: str) -> None:
    shot(f"{name}-desktop")
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    shot(f"{name}-phone")
    page.set_viewport_size(size)


def test_connect_pages_with_the_picker_and_publish_to_each(page, shot, network_fakes):
    register_new_user(page)
    page.get_by_role("link", name="Accounts").click()

    # Facebook: the two Pages where the person may create content are offered, both ticked.
    connect(page, "facebook")
    chooser = page.locator("[data-chooser]")
    expect(chooser.get_by_role("heading")).to_have_text("Choose Facebook Pages accounts")
    expect(chooser).to_contain_text("Signed in as Ada Lovelace")
    expect(chooser.locator("[data-choice]")).to_have_count(2)
    expect(chooser.locator("[data-choice] input:checked")).to_have_count(2)
    expect(chooser).not_to_contain_text("Village Fete")
    both_sizes(page, shot, "facebook-picker")
    chooser.get_by_role("button", name="Connect selected").click()
    expect_toast(page, "success", "Facebook Pages: Ada's Bakery, Ada Codes connected.")
    expect(page.locator("[data-account=adasbakery]")).to_contain_text("Active")
    expect(page.locator("[data-chooser]")).to_have_count(0)

    # Threads: one identity, connected at once.
    connect(page, "threads")
    expect_toast(page, "success", "Threads account connected.")
    expect(page.locator("[data-account='ada.threads']")).to_contain_text("Active")

    # LinkedIn with pages: the member and the organization they administer; only the page is chosen.
    connect(page, "linkedin")
    chooser = page.locator("[data-chooser]")
    expect(chooser.locator("[data-choice]")).to_have_count(2)
    chooser.locator("[data-choice='urn:li:person:782bbtaQ'] input").uncheck()
    both_sizes(page, shot, "linkedin-picker")
    chooser.get_by_role("button", name="Connect selected").click()
    expect_toast(page, "success", "LinkedIn: Analytical Engines Ltd connected.")
    expect(page.locator("[data-account=analytical-engines]")).to_contain_text("Active")
    expect(page.locator("[data-account]")).to_have_count(4)
    both_sizes(page, shot, "accounts")

    # One post to the four accounts, published now.
    page.get_by_role("link", name="Schedule").click()
    page.get_by_role("button", name="New post").click()
    composer = page.get_by_role("dialog", name="New post")
    composer.get_by_label("Caption", exact=True).fill("Fresh bread, every morning at 7")
    for handle in ("adasbakery", "Ada Codes", "ada.threads", "analytical-engines"):
        composer.get_by_role("checkbox", name=f"@{handle}").check()
    composer.get_by_label("Publish now").check()
    shot("composer")
    composer.get_by_role("button", name="Publish now").click()
    event = page.locator("[data-post]").first
    expect(event).to_have_attribute("data-status", "published", timeout=PUBLISH_DEADLINE_MS)
    event.click()
    deliveries = page.locator("[data-delivery]")
    expect(deliveries).to_have_count(4)
    for delivery in deliveries.all():
        expect(delivery).to_contain_text("Published")
    both_sizes(page, shot, "post-detail")

    facebook, threads, linkedin = network_fakes.facebook, network_fakes.threads, network_fakes.linkedin
    assert sorted(post["page"] for post in facebook.posts) == ["101000000000001", "101000000000002"]
    assert [post["container"]["text"] for post in threads.published] == ["Fresh bread, every morning at 7"]
    assert [post["author"] for post in linkedin.published] == ["urn:li:organization:2414183"]
    links = [link.get_attribute("href") for link in page.get_by_role("link", name="View post").all()]
    assert any(link.startswith("https://www.facebook.com/101000000000001/posts/") for link in links)
    assert any(link.startswith("https://www.threads.net/@ada.threads/post/") for link in links)
