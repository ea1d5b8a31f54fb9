"""Rough edges of a newcomer's first ten minutes (issue 20), in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import register_new_user
from tests.browser.test_publishing_flow import add_sandbox_account

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_publish_now_says_publishing_not_scheduled(page, shot):
    register_new_user(page)
    add_sandbox_account(page, "now-brand")
    page.get_by_role("link", name="Schedule").click()
    page.get_by_role("button", name="New post").click()
    composer = page.get_by_role("dialog", name="New post")
    composer.get_by_label("Caption", exact=True).fill("Out right away")
    composer.get_by_role("checkbox", name="@now-brand").check()
    composer.get_by_label("Publish now").check()
    composer.get_by_role("button", name="Publish now").click()
    toast = page.locator("[data-toast=success]", has_text=re.compile(r"^(Publishing now|Post published)"))
    expect(toast).to_be_visible()
    expect(page.locator("[data-toast=success]", has_text="scheduled")).to_have_count(0)
    shot("publish-now-toast", full_page=False)


def test_a_missing_post_offers_no_try_again(page, shot):
    register_new_user(page)
    page.goto("/posts/999999")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert.get_by_role("button", name="Try again")).to_have_count(0)
    expect(page.get_by_role("link", name="Back to the schedule")).to_be_visible()
    shot("post-not-found")
    page.goto("/no-such-page")
    expect(page.get_by_text("This page does not exist")).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_have_count(0)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_page_whose_code_fails_to_load_says_so_with_a_reload(page, shot, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    register_new_user(page)
    # The trends page's chunk is gone (as after a deploy): the server answers 404 for it.
    page.route(re.compile(r"/assets/TrendsView-[^/]*\.js$"), lambda route: route.fulfill(status=404, body="gone"))
    if viewport:
        page.get_by_role("button", name=re.compile("menu", re.I)).click()
    page.get_by_role("link", name="Trends").click()
    notice = page.get_by_test_id("chunk-error")
    expect(notice).to_contain_text("This page could not be loaded")
    shot("chunk-error", full_page=False)

    page.unroute(re.compile(r"/assets/TrendsView-[^/]*\.js$"))
    notice.get_by_role("button", name="Reload").click()
    expect(page).to_have_url(re.compile(r"/trends$"))
    expect(page.get_by_role("heading", name="Trends", level=1)).to_be_visible()
    expect(page.get_by_test_id("chunk-error")).to_have_count(0)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_an_expired_account_has_a_reconnect_button(page, shot, live_stack, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    register_new_user(page)
    handle = f"expiring-{'phone' if viewport else 'desktop'}"
    if viewport:
        page.get_by_role("button", name=re.compile("menu", re.I)).click()
    add_sandbox_account(page, handle)
    live_stack.manage(
        "shell",
        "-c",
        "from accounts.models import SocialAccount; "
        f"SocialAccount.objects.filter(handle={handle!r}).update(status='expired', status_reason='The token expired.')",
    )
    page.reload()
    account = page.locator(f"[data-account='{handle}']")
    expect(account).to_contain_text("Expired")
    shot("accounts-expired")
    account.get_by_role("button", name="Reconnect").click()
    expect(
        page.locator("[data-toast=success]", has_text=f"@{handle} reconnected: its waiting posts go out at their time.")
    ).to_be_visible()
    expect(account).to_contain_text("Active")
    expect(account.get_by_role("button", name="Reconnect")).to_have_count(0)
    shot("accounts-reconnected")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_calendar_offers_month_week_and_day_and_a_legend_with_symbols(page, shot, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    register_new_user(page)
    page.goto("/schedule")
    legend = page.get_by_role("list", name="Colours")
    for label, symbol in [("Publishing", "➤"), ("Partially failed", "◐"), ("Failed", "✕"), ("Published", "✓")]:
        item = legend.get_by_role("listitem").filter(has_text=re.compile(rf"^\W*{label}\W*$"))
        expect(item).to_have_text(re.compile(rf"^\s*{symbol}\s+{label}\s*$"))
    for name, view in [("Month", "dayGridMonth"), ("Week", "timeGridWeek"), ("Day", "timeGridDay")]:
        button = page.get_by_role("button", name=name, exact=True)
        expect(button).to_be_visible()
        button.click()
        expect(page.locator(f".fc-view.fc-{view}-view")).to_be_visible()
        expect(button).to_have_attribute("aria-pressed", "true")
        shot(f"calendar-{name.lower()}", full_page=False)
