"""The API docs render offline from the site's own static files, under its Content-Security-Policy
(the page fixture fails a test on any CSP violation or console error)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def same_origin_only(page, live_stack) -> list[str]:
    elsewhere: list[str] = []
    origin = urlsplit(live_stack.url).netloc

    def record(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.netloc != origin:
            elsewhere.append(request.url)

    page.on("request", record)
    return elsewhere


def test_swagger_ui_renders_from_the_sites_own_files(page, live_stack, shot):
    elsewhere = same_origin_only(page, live_stack)

    response = page.goto("/api/docs/")

    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("SocialTrend API")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    test_send = page.locator(".opblock-post", has=page.locator("[data-path='/api/v1/webhooks/{endpoint_id}/test/']"))
    expect(test_send).to_be_visible()
    shot("swagger-ui")
    assert elsewhere == []


REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def test_redoc_renders_from_the_sites_own_files(page, live_stack, shot, expected_csp_violations):
    # Redoc's sidebar always asks its maker's CDN for a logo; the page's policy refuses it.
    expected_csp_violations.append(REDOCLY_LOGO)
    elsewhere = same_origin_only(page, live_stack)

    response = page.goto("/api/redoc/")

    # Directives in any order: "name value value; name value ...".
    policy = dict(d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";") if d.strip())
    assert policy["worker-src"] == "'self' blob:" and policy["img-src"] == "'self' data:"
    expect(page.locator("h1", has_text="SocialTrend API")).to_be_visible()
    expect(page.get_by_role("menuitem", name="webhooks").first).to_be_visible()
    shot("redoc")
    assert elsewhere in ([], [REDOCLY_LOGO])  # asked for, never fetched: refused by the policy


def test_the_spa_shell_sends_its_policy_with_the_scripts_nonce(page):
    response = page.goto("/login")

    policy = response.headers["content-security-policy"]
    nonce = page.locator("script[type=module]").evaluate("script => script.nonce")
    assert nonce and f"'nonce-{nonce}'" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
