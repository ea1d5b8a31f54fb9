"""The posting queue in a real browser: drafts queued into slots, reordered, paused, slots edited."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import expect_toast, register_new_user
from tests.browser.test_publishing_flow import add_sandbox_account

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def create_drafts(page: Page, account_handle: str, captions: list[str]) -> None:
    """Drafts through the API, as the SPA's session (the refresh token rotates: keep the new one)."""
    page.evaluate(
        """async ([handle, captions]) => {
            const json = {'Content-Type': 'application/json'}
            const refreshed = await (await fetch('/api/v1/auth/token/refresh/', {method: 'POST', headers: json,
                body: JSON.stringify({refresh: localStorage.getItem('socialtrend.refresh')})})).json()
            localStorage.setItem('socialtrend.refresh', refreshed.refresh)
            const auth = {...json, Authorization: `Bearer ${refreshed.access}`}
            const accounts = await (await fetch('/api/v1/social-accounts/', {headers: auth})).json()
            const account = (accounts.results || accounts).find((a) => a.handle === handle)
            for (const caption of captions) {
                const answer = await fetch('/api/v1/posts/', {method: 'POST', headers: auth,
                    body: JSON.stringify({caption, account_ids: [account.id]})})
                if (answer.status !== 201) throw new Error(`draft refused: ${answer.status}`)
            }
        }""",
        [account_handle, captions],
    )


def entry_captions(page: Page) -> list[str]:
    return page.get_by_test_id("queue-entries").locator("li a").all_inner_texts()


def test_drafts_are_queued_reordered_paused_and_moved_when_slots_change(page, shot):
    register_new_user(page)
    add_sandbox_account(page, "queue-brand")
    create_drafts(page, "queue-brand", ["First in line", "Second in line", "Third in line"])
    page.get_by_role("link", name="Queue").click()
    expect(page.get_by_text("Nothing queued yet")).to_be_visible()
    expect(page.get_by_text("the network's suggested slots")).to_be_visible()

    drafts = page.get_by_role("region", name="Drafts to queue")
    for queued, caption in enumerate(["First in line", "Second in line", "Third in line"], start=1):
        drafts.locator("li", has_text=caption).get_by_role("button", name="Add to queue").click()
        expect(page.get_by_test_id("queue-entries").locator("li")).to_have_count(queued)
    expect(page.locator("[data-toast=success]", has_text="Queued for")).to_have_count(3)
    expect(page.get_by_role("region", name="Drafts to queue")).to_have_count(0)
    assert entry_captions(page) == ["First in line", "Second in line", "Third in line"]
    shot("queue-three-posts")

    page.get_by_test_id("queue-entries").locator("li").first.get_by_role("button", name=re.compile("later")).click()
    expect(page.get_by_test_id("queue-entries").locator("li a").first).to_have_text("Second in line")
    assert entry_captions(page) == ["Second in line", "First in line", "Third in line"]

    page.get_by_test_id("queue-pause").click()
    expect_toast(page, "success", "Queue paused: 3 posts will wait.")
    expect(page.get_by_text("Waiting for the queue to resume")).to_have_count(3)
    shot("queue-paused")
    page.get_by_test_id("queue-pause").click()
    expect_toast(page, "success", "Queue resumed: 3 posts placed.")
    assert entry_captions(page) == ["Second in line", "First in line", "Third in line"]

    # Only Sunday 06:45 from now on: the queued posts keep their times until asked.
    slots = page.get_by_role("region", name="Posting slots")
    while slots.get_by_role("button", name=re.compile("^Remove ")).count():
        slots.get_by_role("button", name=re.compile("^Remove ")).first.click()
    slots.get_by_label("New Sunday slot").fill("06:45")
    slots.get_by_role("button", name="Add a Sunday slot").click()
    slots.get_by_role("button", name="Save slots").click()
    expect_toast(page, "success", "Slots saved.")
    notice = page.get_by_text("3 queued posts no longer sit on one of your slots")
    expect(notice).to_be_visible()
    shot("queue-off-slot")
    page.get_by_role("button", name="Move to free slots").click()
    expect_toast(page, "success", "3 posts moved to free slots.")
    expect(notice).to_have_count(0)
    times = page.get_by_test_id("queue-entries").locator("li p").all_inner_texts()
    assert all(t.startswith("Sunday") and "6:45" in t for t in times), times

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_test_id("queue-entries").locator("li")).to_have_count(3)
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    shot("queue-phone")
