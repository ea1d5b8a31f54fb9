"""Trends with their history chart, and captions written about one, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import register_new_user

pytestmark = pytest.mark.browser


def test_open_a_trend_chart_and_write_a_caption_about_it(page, shot, live_stack):
    # Two refreshes of the sandbox source: every item gets a history of two points.
    live_stack.manage("refresh_trends", "--source", "sandbox")
    live_stack.manage("refresh_trends", "--source", "sandbox")
    register_new_user(page)

    page.get_by_role("link", name="Trends").click()
    expect(page.locator("[data-trend]").first).to_be_visible()
    page.get_by_label("Source").select_option("sandbox")
    expect(page).to_have_url("/trends?source=sandbox&ordering=-score")
    first = page.locator("[data-trend]").first
    title = first.get_attribute("data-trend")
    first.click()
    detail = page.get_by_test_id("trend-detail")
    expect(detail.get_by_role("heading", name=title)).to_be_visible()
    expect(detail.get_by_role("img", name=f"Score history of {title}")).to_be_visible()
    shot("trend-chart")

    # A reload of the deep link shows the same chart.
    page.reload()
    expect(page.get_by_test_id("trend-detail").get_by_role("img", name=f"Score history of {title}")).to_be_visible()

    trend_id = page.url.split("/trends/")[1].split("?")[0]
    page.get_by_role("button", name="Write a caption about this").click()
    expect(page).to_have_url(f"/caption?trend={trend_id}&topic={title.replace(' ', '+')}")
    expect(page.get_by_label("Topic", exact=True)).to_have_value(title)
    # Only this trend is ridden (the same title may exist in another region).
    expect(page.locator(f"[data-trend-choice='{trend_id}'] input")).to_be_checked()
    expect(page.locator("[data-trend-choice] input:checked")).to_have_count(1)
    page.get_by_label("LinkedIn").check()
    page.get_by_role("button", name="Generate captions").click()

    expect(page.get_by_test_id("offline-notice")).to_be_visible()
    variants = page.locator("[data-variant]")
    expect(variants).to_have_count(6)  # 2 per network for X, Threads (the tightest two, preselected) and LinkedIn
    # The live counter starts from the length the server counted, for every network.
    for index in range(6):
        variant = variants.nth(index)
        network = variant.get_attribute("data-variant")
        server_length = variant.get_attribute("data-server-length")
        expect(variant.locator(f"[data-counter={network}]")).to_contain_text(f"{server_length} /")
    shot("caption-variants")

    # X counts every link as 23: twelve short links and a word (195 characters) weigh 291 and turn the counter red.
    x_variant = page.locator("[data-variant=x]").first
    x_variant.get_by_role("textbox").fill(" ".join(["https://ex.co/a"] * 12 + ["see"]))
    expect(x_variant.locator("[data-counter=x]")).to_have_attribute("data-ok", "false")
    expect(x_variant.locator("[data-counter=x]")).to_contain_text("291 / 280")
    shot("caption-over-limit")
