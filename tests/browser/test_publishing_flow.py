"""The whole path of a post in a real browser: sandbox account, upload, caption,
schedule a few seconds ahead, watch the worker publish it; then move posts on the calendar."""

import base64
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.helpers import expect_toast, register_new_user

pytestmark = pytest.mark.browser

USER_TZ = ZoneInfo("Europe/Paris")  # the browser's timezone, which registration proposes
PUBLISH_DEADLINE_MS = 60_000


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (79, 70, 229)).save(buffer, format="PNG")
    return buffer.getvalue()


def drop_files(page: Page, selector: str, files: list[tuple[str, str, bytes]]) -> None:
    """Drop files on an element as a user dragging them from the desktop would."""
    payload = [{"name": name, "type": mime, "b64": base64.b64encode(data).decode()} for name, mime, data in files]
    transfer = page.evaluate_handle(
        """(files) => {
            const transfer = new DataTransfer()
            for (const f of files) {
                const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))
                transfer.items.add(new File([bytes], f.name, { type: f.type }))
            }
            return transfer
        }""",
        payload,
    )
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def add_sandbox_account(page: Page, handle: str) -> None:
    page.get_by_role("link", name="Accounts").click()
    form = page.locator("[data-direct=sandbox]")
    form.get_by_label("Handle").fill(handle)
    form.get_by_role("button", name="Add sandbox account").click()
    expect(page.locator(f"[data-account='{handle}']")).to_contain_text("Active")


def fill_when(page: Page, when: datetime) -> None:
    page.get_by_label("Date").fill(when.strftime("%Y-%m-%d"))
    page.get_by_label("Time").fill(when.strftime("%H:%M:%S"))


def drag(page: Page, source, target) -> None:
    """A pointer drag in small steps, as FullCalendar's interaction plugin expects.

    It starts once no request is in flight: the calendar re-renders its events
    when they arrive, and a drag begun on an element that is then replaced is
    lost (it was, once, on a loaded CI machine, right after a reload)."""
    page.wait_for_load_state("networkidle")
    start = source.bounding_box()
    end = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 5, start["y"] + start["height"] / 2 + 5, steps=3)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=15)
    page.mouse.up()


def test_schedule_a_post_and_watch_it_publish(page, shot, tmp_path):
    register_new_user(page)
    add_sandbox_account(page, "browser-brand")
    shot("accounts")

    # Upload by drag and drop: a real PNG and a text file posing as one.
    page.get_by_role("link", name="Media").click()
    drop_files(
        page,
        "[data-testid=dropzone]",
        [("launch.png", "image/png", png_bytes()), ("notes.png", "image/png", b"just some text, not an image")],
    )
    expect(page.locator("[data-upload='launch.png']")).to_have_attribute("data-state", "done")
    rejected = page.locator("[data-upload='notes.png']")
    expect(rejected).to_have_attribute("data-state", "error")
    expect(rejected.get_by_role("alert")).not_to_be_empty()
    expect(page.locator("[data-media='launch.png']")).to_be_visible()
    shot("upload")

    # A caption from the offline generator, taken into a new post.
    page.get_by_role("link", name="AI Caption").click()
    page.get_by_label("Topic", exact=True).fill("Our autumn coffee launch")
    page.get_by_label("Threads").uncheck()
    page.get_by_role("button", name="Generate captions").click()
    expect(page.get_by_test_id("offline-notice")).to_be_visible()
    first_variant = page.locator("[data-variant=x]").first
    caption = first_variant.get_by_role("textbox").input_value()
    shot("caption")
    first_variant.get_by_role("button", name="Use in a new post").click()

    expect(page).to_have_url("/schedule")
    composer = page.get_by_role("dialog", name="New post")
    expect(composer.get_by_label("Caption", exact=True)).to_have_value(caption)
    composer.get_by_role("checkbox", name="@browser-brand").check()
    expect(composer.locator("[data-counter=sandbox]")).to_be_visible()
    composer.get_by_role("button", name="Attach launch.png").click()
    fill_when(page, datetime.now(USER_TZ) + timedelta(seconds=12))
    shot("composer")
    composer.get_by_role("button", name="Schedule").click()
    expect_toast(page, "success", "Post scheduled")

    event = page.locator("[data-post]").first
    expect(event).to_have_attribute("data-status", "scheduled")
    expect(event).to_contain_text(caption.split("\n")[0][:20])  # FullCalendar fills the content in a later pass
    shot("calendar-scheduled", full_page=False)
    expect(event).to_have_attribute("data-status", "published", timeout=PUBLISH_DEADLINE_MS)
    shot("calendar-published", full_page=False)

    post_id = event.get_attribute("data-post")
    event.click()
    expect(page).to_have_url(f"/posts/{post_id}")
    expect(page.get_by_test_id("post-status")).to_have_text("Published")
    delivery = page.locator("[data-delivery]")
    expect(delivery).to_contain_text("@browser-brand")
    expect(delivery).to_contain_text("Published")
    expect(delivery.get_by_role("link", name="View post")).to_have_attribute("href", re.compile(r"/@browser-brand/"))
    shot("post-detail")

    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("[data-count=published]")).to_have_text("1")
    outcome = page.locator("[data-outcome=published]")
    expect(outcome).to_contain_text("@browser-brand")
    shot("dashboard")
    outcome.get_by_role("link", name=caption.split("\n")[0][:40]).click()
    expect(page).to_have_url(f"/posts/{post_id}")


def test_drag_a_post_to_another_day_and_a_refused_move_snaps_back(page, shot):
    register_new_user(page)
    add_sandbox_account(page, "drag-brand")

    today = datetime.now(USER_TZ).date()
    source_day, target_day, past_day = today + timedelta(days=1), today + timedelta(days=2), today - timedelta(days=1)
    page.get_by_role("link", name="Schedule").click()
    page.get_by_role("button", name="New post").click()
    composer = page.get_by_role("dialog", name="New post")
    composer.get_by_label("Caption", exact=True).fill("A post to move around")
    composer.get_by_role("checkbox", name="@drag-brand").check()
    fill_when(page, datetime.combine(source_day, datetime.min.time()).replace(hour=10))
    composer.get_by_role("button", name="Schedule").click()
    expect_toast(page, "success", "Post scheduled")

    event = page.locator(f"td[data-date='{source_day}'] [data-post]")
    expect(event).to_be_visible()
    post_id = event.get_attribute("data-post")
    drag(page, event, page.locator(f"td[data-date='{target_day}']"))
    expect_toast(page, "success", "Post rescheduled")
    shot("calendar-after-drag", full_page=False)

    # The server kept the new day: a reload shows the post there, still at 10:00.
    page.reload()
    moved = page.locator(f"td[data-date='{target_day}'] [data-post='{post_id}']")
    expect(moved).to_contain_text("10:00")

    # Into the past: the API refuses, the post snaps back and the message is shown.
    drag(page, moved, page.locator(f"td[data-date='{past_day}']"))
    expect_toast(page, "error", "in the past")
    expect(page.locator(f"td[data-date='{target_day}'] [data-post='{post_id}']")).to_be_visible()
    expect(page.locator(f"td[data-date='{past_day}'] [data-post='{post_id}']")).to_have_count(0)
    shot("calendar-refused-move", full_page=False)

    # The calendar is keyboard-usable: a focused post opens with Enter (a scheduled one in the
    # composer, to be edited), and its detail page is a link away.
    page.locator(f"[data-post='{post_id}']").focus()
    page.keyboard.press("Enter")
    page.get_by_role("dialog", name="Edit post").get_by_role("link", name="Details").click()
    expect(page).to_have_url(f"/posts/{post_id}")
    expect(page.get_by_test_id("post-status")).to_have_text("Scheduled")
    page.go_back()

    # On a phone the calendar opens on one day; the week stays one tap away.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_role("button", name="Day", exact=True)).to_have_attribute("aria-pressed", "true")
    shot("calendar-phone-day")
    page.get_by_role("button", name="Week", exact=True).click()
    if target_day.isocalendar()[:2] != today.isocalendar()[:2]:  # weeks start on Monday: on a weekend it is next week's
        page.get_by_role("button", name="Next week").click()
    expect(page.locator(f"[data-post='{post_id}']")).to_be_visible()
    shot("calendar-phone-week")
