"""The posting queue in a real browser: drafts queued into slots, reordered, paused, slots edited."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import create_posts, expect_toast, register_new_user
from tests.browser.test_publishing_flow import add_sandbox_account

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def entry_captions(page: Page) -> list[str]:
    return page.get_by_test_id("queue-entries").locator("li a").all_inner_texts()


def test_drafts_are_queued_reordered_paused_and_moved_when_slots_change(page, shot):
    register_new_user(page)
    add_sandbox_account(page, "queue-brand")
    create_posts(page, "queue-brand", ["First in line", "Second in line", "Third in line"])
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


def test_a_post_made_recurring_shows_its_occurrences_on_the_calendar_and_edits_the_following(page, shot):
    register_new_user(page)
    add_sandbox_account(page, "series-brand")
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    (post_id,) = create_posts(page, "series-brand", ["Daily espresso tip"], scheduled_at=tomorrow.isoformat())
    page.goto(f"/posts/{post_id}")

    repeat = page.get_by_role("region", name="Repeat")
    repeat.get_by_label("Unit").select_option("DAILY")
    repeat.get_by_label("After").check()
    repeat.get_by_label("Number of times").fill("3")
    repeat.get_by_role("button", name="Repeat this post").click()
    expect_toast(page, "success", "Repeats: Every day, 3 times. 3 posts on the calendar.")
    expect(repeat.get_by_test_id("series-rule")).to_contain_text("Every day, 3 times")
    occurrences = repeat.get_by_role("list", name="Occurrences").locator("li")
    expect(occurrences).to_have_count(3)
    shot("series-on-post-detail")

    # The second occurrence: change it and the following ones.
    second = occurrences.nth(1).get_by_role("link")
    second_id = second.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    second.click()
    expect(page.get_by_role("heading", name=f"Post #{second_id}")).to_be_visible()
    repeat = page.get_by_role("region", name="Repeat")
    expect(repeat.get_by_text("(this post)")).to_be_visible()
    repeat.get_by_label("Caption of the series").fill("Daily espresso tip, new beans")
    repeat.get_by_label("This and the following posts").check()
    repeat.get_by_role("button", name="Save for the series").click()
    expect_toast(page, "success", "2 posts changed.")
    expect(page.get_by_role("region", name="Content")).to_contain_text("new beans")

    page.get_by_role("link", name="Schedule", exact=True).click()
    paris = ZoneInfo("Europe/Paris")  # the browser user's timezone
    if tomorrow.astimezone(paris).month != datetime.now(paris).month:
        page.get_by_role("button", name="Next month").click()
    events = page.locator("[data-post]", has_text="Daily espresso tip")
    expect(events.first).to_be_visible()
    shot("series-on-calendar")
