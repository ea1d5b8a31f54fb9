"""Recovery as a person meets it in the browser: a failed post retried before its time
waits for that time and is published then (and verified); a failure rings the bell."""

import re
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import expect_toast, register_new_user
from tests.browser.test_publishing_flow import add_sandbox_account

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
SECONDS_AHEAD = 45

# A post for a sandbox account, SECONDS_AHEAD from now, whose delivery a moderator marked
# failed (the admin action's service): the state the person then finds and retries.
FAILED_BEFORE_ITS_TIME = """
from datetime import timedelta
from django.utils import timezone
from accounts.models import SocialAccount
from posts.models import Delivery
from posts.services import deliveries, posts
account = SocialAccount.objects.get(owner__email={email!r}, handle={handle!r})
post = posts.post_create(owner=account.owner, account_ids=[account.pk], caption={caption!r},
                         scheduled_at=timezone.now() + timedelta(seconds={ahead}))
deliveries.delivery_mark_failed_by_person(delivery=Delivery.objects.get(post=post),
                                          reason="Marked failed by a moderator in admin.")
print(post.pk, post.scheduled_at.isoformat())
"""

PUBLISHED_AT = """
from posts.models import Delivery
d = Delivery.objects.get(post_id={post_id})
print(d.status, d.published_at.isoformat(), d.verification)
"""


def last_line(output: str) -> str:
    """What the script printed (the shell may say more before it)."""
    return output.strip().splitlines()[-1]


def failed_post(live_stack, email: str, handle: str, caption: str) -> tuple[int, datetime]:
    script = FAILED_BEFORE_ITS_TIME.format(email=email, handle=handle, caption=caption, ahead=SECONDS_AHEAD)
    post_id, scheduled_at = last_line(live_stack.manage("shell", "-c", script)).split()
    return int(post_id), datetime.fromisoformat(scheduled_at)


def test_a_failed_post_retried_before_its_time_is_published_at_its_time(page: Page, live_stack, shot):
    email = register_new_user(page)
    add_sandbox_account(page, "retry-brand")
    post_id, scheduled_at = failed_post(live_stack, email, "retry-brand", "Launch at the planned minute")

    page.goto(f"/posts/{post_id}")
    row = page.locator("[data-delivery]")
    expect(page.get_by_test_id("post-status")).to_have_text("Failed")
    expect(row).to_contain_text("Marked failed by a moderator")
    shot("failed-desktop")
    page.set_viewport_size(PHONE)
    shot("failed-phone")
    page.set_viewport_size(DESKTOP)

    row.get_by_role("button", name="Retry", exact=True).click()

    expect_toast(page, "success", "It will be published at its time")
    expect(page.get_by_test_id("post-status")).to_have_text("Scheduled")
    expect(row).to_contain_text("Pending")
    shot("retried-waits-for-its-time")
    expect(page.get_by_test_id("post-status")).to_have_text("Published", timeout=(SECONDS_AHEAD + 45) * 1000)
    expect(row.get_by_test_id("verification")).to_have_text(re.compile(r"^Verified "), timeout=60_000)
    answer = last_line(live_stack.manage("shell", "-c", PUBLISHED_AT.format(post_id=post_id)))
    status, published_at, verification = answer.split()
    assert (status, verification) == ("published", "verified")
    assert datetime.fromisoformat(published_at) >= scheduled_at  # not a second early
    shot("published-at-its-time-desktop")
    page.set_viewport_size(PHONE)
    shot("published-at-its-time-phone")


def test_a_failure_rings_the_bell_and_leads_to_the_post(page: Page, live_stack, shot):
    email = register_new_user(page)
    add_sandbox_account(page, "bell-brand")
    expect(page.get_by_test_id("notification-bell").get_by_test_id("unread-count")).to_have_count(0)
    post_id, _ = failed_post(live_stack, email, "bell-brand", "A post that needs you")

    page.reload()  # the bell asks at once on load (and every 30 s)
    bell = page.get_by_test_id("notification-bell")
    expect(bell.get_by_test_id("unread-count")).to_have_text("1")
    shot("bell-desktop")
    bell.click()

    expect(page).to_have_url("/notifications")
    item = page.locator("[data-kind=delivery_failed]")
    expect(item).to_contain_text("A post to Sandbox (bell-brand) failed")
    expect(item).to_contain_text("Marked failed by a moderator in admin.")
    shot("notifications-desktop")
    page.set_viewport_size(PHONE)
    expect(page.get_by_test_id("notification-bell").get_by_test_id("unread-count")).to_have_text("1")
    shot("notifications-phone")

    item.get_by_role("button").click()

    expect(page).to_have_url(f"/posts/{post_id}")
    expect(page.get_by_test_id("notification-bell").get_by_test_id("unread-count")).to_have_count(0)
    shot("post-after-reading-phone")
