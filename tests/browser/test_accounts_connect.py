"""Connecting a real network from the accounts page, where no network is reachable:
the server's refusal and the OAuth callback's outcome both reach the user."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import expect_toast, register_new_user

pytestmark = pytest.mark.browser


def test_connect_reports_an_unconfigured_network_and_a_failed_callback(page, shot):
    register_new_user(page)
    page.get_by_role("link", name="Accounts").click()

    page.get_by_role("button", name="X (Twitter)").click()
    expect_toast(page, "error", "X (Twitter) is not configured on this server.")
    expect(page).to_have_url("/accounts")

    # The network sends the browser back to the callback, which redirects to this page with the outcome.
    page.goto("/api/v1/social-accounts/callback/x/?error=access_denied&state=forged")
    expect(page).to_have_url("/accounts")  # the outcome is read, then cleared from the address
    expect_toast(page, "error", "X (Twitter): The connect link is not valid.")
    expect(page.get_by_text("No accounts yet")).to_be_visible()
    shot("accounts-connect-errors")
