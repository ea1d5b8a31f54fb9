"""Webhooks in the settings page: the secret is shown once and a test event reaches a receiver."""

import pytest
from playwright.sync_api import expect
from werkzeug import Response

from tests.browser.helpers import expect_toast, register_new_user

pytestmark = pytest.mark.browser


def test_add_a_webhook_and_send_it_a_test_event(page, shot, httpserver):
    httpserver.expect_request("/hooks/socialtrend", method="POST").respond_with_response(Response("ok"))
    url = httpserver.url_for("/hooks/socialtrend")
    register_new_user(page)

    page.get_by_role("link", name="Settings").click()
    page.get_by_label("URL", exact=True).fill(url)
    page.get_by_label("Description").fill("Browser receiver")
    page.get_by_label("A delivery failed").uncheck()
    page.get_by_role("button", name="Add webhook").click()
    secret = page.get_by_test_id("webhook-secret")
    expect(secret).to_contain_text("copy it now")
    expect(secret.locator("code")).not_to_be_empty()
    endpoint = page.locator(f"[data-webhook='{url}']")
    expect(endpoint).to_contain_text("account.expired, delivery.published, delivery.unknown")
    shot("webhook-secret")

    endpoint.get_by_role("button", name="Test").click()
    # The worker sends it (the filesystem broker polls its folder); the SPA waits up to 30 s for it.
    expect_toast(page, "success", "Test delivered: HTTP 200", timeout=35_000)
    expect(endpoint).to_contain_text("HTTP 200")
    received = httpserver.log[0][0]
    assert received.json["event"] == "webhook.test"
    assert received.headers["X-SocialTrend-Signature"].startswith("t=")
    shot("webhook-tested")

    # Once dismissed, the secret is gone for good: a reload does not show it.
    page.get_by_role("button", name="Done").click()
    page.reload()
    expect(page.get_by_test_id("webhook-secret")).to_have_count(0)
    expect(page.locator(f"[data-webhook='{url}']")).to_be_visible()
