"""Editing like a scheduler, in a real browser: a scheduled post opened from the calendar
and changed, the composer's own checks in sight, a draft scheduled later, a post
duplicated and a draft deleted; media a scheduled post uses kept; and the phone pages that must
not scroll sideways."""

import time as time_module
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import PASSWORD, expect_toast, register_new_user
from tests.browser.test_publishing_flow import add_sandbox_account, drop_files, fill_when, png_bytes

pytestmark = pytest.mark.browser

USER_TZ = ZoneInfo("Europe/Paris")
PHONE = {"width": 390, "height": 844}
# A caption a phone cannot wrap at a space: a long link, then a long sentence.
LONG_CAPTION = "https://example.com/" + "autumn-coffee-launch-" * 8 + " " + "A caption that goes on and on. " * 12


def tomorrow_at(hour: int) -> datetime:
    return datetime.combine(datetime.now(USER_TZ).date() + timedelta(days=1), time(hour))


def schedule_in_composer(page: Page, caption: str, handle: str, when: datetime) -> None:
    page.get_by_role("button", name="New post").click()
    composer = page.get_by_role("dialog", name="New post")
    composer.get_by_label("Caption", exact=True).fill(caption)
    composer.get_by_role("checkbox", name=f"@{handle}").check()
    fill_when(page, when)
    composer.get_by_role("button", name="Schedule").click()
    expect_toast(page, "success", "Post scheduled")


def assert_no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    wide = page.evaluate(WIDEST_ELEMENTS)
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths[0]} px wide in a {widths[1]} px window: {wide}"


# What sticks out past the window's right edge, to name it when the page scrolls sideways.
WIDEST_ELEMENTS = """[...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5)
  .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`)"""


def test_edit_a_scheduled_post_from_the_calendar(page, shot):
    register_new_user(page)
    add_sandbox_account(page, "edit-one")
    add_sandbox_account(page, "edit-two")
    page.get_by_role("link", name="Schedule").click()
    schedule_in_composer(page, "First words", "edit-one", tomorrow_at(10))

    # The calendar opens a post that has not started in the composer, filled in.
    event = page.locator("[data-post]").first
    expect(event).to_have_attribute("data-status", "scheduled")
    post_id = event.get_attribute("data-post")
    event.click()
    composer = page.get_by_role("dialog", name="Edit post")
    expect(composer.get_by_label("Caption", exact=True)).to_have_value("First words")
    expect(composer.get_by_role("checkbox", name="@edit-one Sandbox")).to_be_checked()
    expect(composer.get_by_label("Time")).to_have_value("10:00:00")

    # A date left empty is said next to the date, in sight: not "Cannot reach the server".
    composer.get_by_label("Date").fill("")
    composer.get_by_role("button", name="Save changes").click()
    message = composer.get_by_text("Choose a date, or save the post as a draft.")
    expect(message).to_be_in_viewport()
    expect(composer.get_by_label("Date")).to_have_attribute("aria-invalid", "true")
    expect(composer.get_by_text("Cannot reach the server")).to_have_count(0)
    shot("composer-missing-date", full_page=False)

    # Caption, accounts and time change; the post is saved as one edit.
    composer.get_by_label("Caption", exact=True).fill("Better words")
    composer.get_by_role("checkbox", name="@edit-one Sandbox").uncheck()
    composer.get_by_role("checkbox", name="@edit-two Sandbox").check()
    fill_when(page, tomorrow_at(11))
    shot("composer-edit", full_page=False)
    composer.get_by_role("button", name="Save changes").click()
    expect_toast(page, "success", "Changes saved")
    expect(page.locator(f"[data-post='{post_id}']")).to_contain_text("11:00")

    page.goto(f"/posts/{post_id}")
    expect(page.get_by_test_id("post-status")).to_have_text("Scheduled")
    expect(page.get_by_text("Better words")).to_be_visible()
    deliveries = page.locator("[data-delivery]")
    expect(deliveries).to_have_count(1)
    expect(deliveries).to_contain_text("@edit-two")

    # From the detail page too; a server refusal stays in the composer, next to its field.
    page.get_by_role("button", name="Edit").click()
    composer = page.get_by_role("dialog", name="Edit post")
    composer.get_by_label("Caption", exact=True).fill("x" * 5001)
    composer.get_by_role("button", name="Save changes").click()
    expect(composer.get_by_text("Sandbox allows 5000 characters; this text counts 5001.")).to_be_in_viewport()
    composer.get_by_role("button", name="Close the composer").click()
    shot("post-detail-scheduled")

    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Edit").click()
    expect(page.get_by_role("dialog", name="Edit post")).to_be_visible()
    shot("composer-edit-phone", full_page=False)


def test_a_draft_scheduled_later_a_duplicate_and_a_deleted_draft(page, shot):
    register_new_user(page)
    add_sandbox_account(page, "draft-brand")
    page.get_by_role("link", name="Schedule").click()
    drafts = page.get_by_test_id("drafts")
    expect(drafts).to_contain_text("No drafts")

    # Saved without a time: listed under the calendar, not on it.
    page.get_by_role("button", name="New post").click()
    composer = page.get_by_role("dialog", name="New post")
    composer.get_by_label("Caption", exact=True).fill("An idea for later")
    composer.get_by_role("checkbox", name="@draft-brand").check()
    composer.get_by_label("Save as draft").check()
    expect(composer.get_by_label("Date")).to_have_count(0)
    composer.get_by_role("button", name="Save draft").click()
    expect_toast(page, "success", "Draft saved.")
    draft = drafts.locator("[data-draft]")
    expect(draft).to_have_count(1)
    expect(draft).to_contain_text("An idea for later")
    expect(draft).to_contain_text("@draft-brand")
    expect(page.locator(".fc [data-post]")).to_have_count(0)
    shot("drafts-list")

    # Scheduled later: it leaves the drafts for the calendar.
    draft.get_by_role("button", name="Edit").click()
    composer = page.get_by_role("dialog", name="Edit draft")
    composer.get_by_label("Schedule for later").check()
    fill_when(page, tomorrow_at(9))
    composer.get_by_role("button", name="Schedule").click()
    expect_toast(page, "success", "scheduled for")
    expect(drafts).to_contain_text("No drafts")
    event = page.locator(".fc [data-post]")
    expect(event).to_have_count(1)
    post_id = event.get_attribute("data-post")

    # Duplicated from its detail page: a new draft opens in the composer.
    page.goto(f"/posts/{post_id}")
    expect(page.get_by_role("button", name="Delete")).to_have_count(0)  # a scheduled post is cancelled, not deleted
    page.get_by_role("button", name="Duplicate").click()
    expect_toast(page, "success", "Duplicated into a new draft.")
    expect(page).to_have_url("/schedule")
    composer = page.get_by_role("dialog", name="Edit draft")
    expect(composer.get_by_label("Caption", exact=True)).to_have_value("An idea for later")
    expect(composer.get_by_role("checkbox", name="@draft-brand Sandbox")).to_be_checked()
    composer.get_by_role("button", name="Close the composer").click()
    expect(drafts.locator("[data-draft]")).to_have_count(1)

    # Deleted, after saying what cannot be undone.
    questions: list[str] = []

    def answer(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", answer)
    copy = drafts.locator("[data-draft]")
    copy_id = copy.get_attribute("data-draft")
    copy.get_by_role("button", name=f"Delete draft {copy_id}").click()
    expect_toast(page, "success", "Draft deleted.")
    assert questions and "cannot be brought back" in questions[0]
    expect(drafts).to_contain_text("No drafts")
    page.goto(f"/posts/{copy_id}")
    expect(page.get_by_role("alert")).to_contain_text("No such post")
    shot("deleted-draft")


class Api:
    """The API as the user, for setting up what the phone pages show."""

    def __init__(self, page: Page, email: str) -> None:
        self.page = page
        login = page.request.post("/api/v1/auth/token/", data={"email": email, "password": PASSWORD})
        self.headers = {"Authorization": f"Bearer {login.json()['access']}"}

    def post(self, path: str, body: dict) -> dict:
        response = self.page.request.post(f"/api/v1{path}", data=body, headers=self.headers)
        assert response.ok, response.text()
        return response.json()

    def wait_for_status(self, post_id: int, status: str, deadline_seconds: float = 60) -> None:
        """Polls the post until the worker has moved it to `status`."""
        deadline = time_module.monotonic() + deadline_seconds
        while time_module.monotonic() < deadline:
            response = self.page.request.get(f"/api/v1/posts/{post_id}/", headers=self.headers)
            if response.json()["status"] == status:
                return
            self.page.wait_for_timeout(250)
        raise AssertionError(f"post {post_id} was not {status} within {deadline_seconds} s")


def test_phone_pages_fit_without_sideways_scrolling(page, shot, live_stack):
    live_stack.manage("refresh_trends", "--source", "sandbox")
    live_stack.manage("refresh_trends", "--source", "sandbox")
    page.set_viewport_size(PHONE)
    email = register_new_user(page)
    api = Api(page, email)
    account = api.post("/social-accounts/", {"network": "sandbox", "handle": "a-rather-long-brand-handle-for-phones"})
    soon = (datetime.now(USER_TZ) + timedelta(days=1)).isoformat()
    scheduled = [
        api.post("/posts/", {"caption": LONG_CAPTION, "account_ids": [account["id"]], "scheduled_at": soon})
        for _ in range(2)
    ]
    published = api.post("/posts/", {"caption": LONG_CAPTION, "account_ids": [account["id"]], "publish_now": True})
    api.wait_for_status(published["id"], "published")

    page.goto("/")
    expect(page.locator("[data-outcome=published]")).to_be_visible()
    expect(page.locator("[data-count=scheduled]")).to_have_text("2")
    shot("dashboard-phone")
    assert_no_sideways_scroll(page)

    page.goto("/trends")
    first = page.locator("[data-trend]").first
    title = first.get_attribute("data-trend")
    shot("trends-phone")
    assert_no_sideways_scroll(page)
    first.click()
    chart = page.get_by_test_id("trend-detail").get_by_role("img", name=f"Score history of {title}")
    expect(chart).to_be_in_viewport()
    shot("trend-chart-phone", full_page=False)
    assert_no_sideways_scroll(page)

    page.goto(f"/posts/{published['id']}")
    expect(page.get_by_test_id("post-status")).to_have_text("Published")
    actions = page.get_by_test_id("post-actions")
    expect(actions.get_by_role("button", name="Duplicate")).to_be_in_viewport()
    shot("post-detail-phone")
    assert_no_sideways_scroll(page)

    # A post that has not started has every action: all on screen, wrapped.
    page.goto(f"/posts/{scheduled[0]['id']}")
    expect(page.get_by_test_id("post-status")).to_have_text("Scheduled")
    for name in ("Edit", "Publish now", "Duplicate", "Cancel post"):
        expect(actions.get_by_role("button", name=name)).to_be_in_viewport()
    shot("post-detail-scheduled-phone")
    assert_no_sideways_scroll(page)

    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto("/")
    expect(page.locator("[data-outcome=published]")).to_be_visible()
    shot("dashboard-desktop")
    page.goto(f"/posts/{published['id']}")
    expect(page.get_by_test_id("post-status")).to_have_text("Published")
    shot("post-detail-desktop")


def test_media_in_use_is_kept_and_deleting_asks_first(page, shot):
    register_new_user(page)
    add_sandbox_account(page, "media-brand")
    page.get_by_role("link", name="Media").click()
    drop_files(
        page,
        "[data-testid=dropzone]",
        [("kept.png", "image/png", png_bytes()), ("spare.png", "image/png", png_bytes())],
    )
    expect(page.locator("[data-media='kept.png']")).to_be_visible()
    expect(page.locator("[data-media='spare.png']")).to_be_visible()

    page.get_by_role("link", name="Schedule").click()
    page.get_by_role("button", name="New post").click()
    composer = page.get_by_role("dialog", name="New post")
    composer.get_by_label("Caption", exact=True).fill("With a picture")
    composer.get_by_role("checkbox", name="@media-brand").check()
    composer.get_by_role("button", name="Attach kept.png").click()
    fill_when(page, tomorrow_at(10))
    composer.get_by_role("button", name="Schedule").click()
    expect_toast(page, "success", "Post scheduled")

    questions: list[str] = []

    def answer(accept: bool):
        def handle(dialog) -> None:
            questions.append(dialog.message)
            if accept:
                dialog.accept()
            else:
                dialog.dismiss()

        return handle

    # Declined: nothing happens. Accepted: the server keeps what a scheduled post uses, and says which.
    page.get_by_role("link", name="Media").click()
    page.once("dialog", answer(False))
    page.get_by_role("button", name="Delete kept.png").click()
    expect(page.locator("[data-media='kept.png']")).to_be_visible()
    page.once("dialog", answer(True))
    page.get_by_role("button", name="Delete kept.png").click()
    expect_toast(page, "error", "kept.png is used by post")
    expect(page.locator("[data-toast=error]")).to_contain_text("(scheduled), so it is kept")
    assert len(questions) == 2 and "Drafts that use it will lose it" in questions[0]
    shot("media-kept")

    page.once("dialog", answer(True))
    page.get_by_role("button", name="Delete spare.png").click()
    expect_toast(page, "success", "Media deleted.")
    expect(page.locator("[data-media='spare.png']")).to_have_count(0)
    expect(page.locator("[data-media='kept.png']")).to_be_visible()
