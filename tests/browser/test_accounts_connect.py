"""Connecting a network from the accounts page where the operator has not configured it (the stack
configures only the networks whose fakes it runs, tests/browser/network_fakes.py): what an operator
must set and the OAuth callback's outcome both reach the user."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import expect_toast, register_new_user

pytestmark = pytest.mark.browser


def test_connect_reports_an_unconfigured_network_and_a_failed_callback(page, shot):
    register_new_user(page)
    page.get_by_role("link", name="Accounts").click()

    # X's app is not configured on the test server: it says what an operator must set.
    expect(page.locator("[data-unavailable=x]")).to_contain_text("Set X_CLIENT_ID and X_CLIENT_SECRET.")
    expect(page.get_by_role("button", name="X (Twitter)")).to_have_count(0)

    # The network sends the browser back to the callback, which redirects to this page with the outcome.
    page.goto("/api/v1/social-accounts/callback/x/?error=access_denied&state=forged")
    expect(page).to_have_url("/accounts")  # the outcome is read, then cleared from the address
    expect_toast(page, "error", "X (Twitter): The connect link is not valid.")
    expect(page.get_by_text("No accounts yet")).to_be_visible()
    shot("accounts-connect-errors")
