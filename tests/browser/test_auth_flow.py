"""Register, log in and manage settings in a real browser against the real stack."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, register

pytestmark = pytest.mark.browser


def test_register_log_in_and_change_settings(page, shot):
    email = f"browser-{uuid.uuid4().hex[:8]}@example.com"

    # A password the server refuses: its message appears at the password field.
    register(page, email, password="12345678")
    password_field = page.get_by_label("Password")
    expect(password_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-field-error]")).to_contain_text("too common")
    expect(page.get_by_label("Timezone")).to_have_value("Europe/Paris")
    shot("register-field-error")

    password_field.fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url("/")
    expect(page.get_by_test_id("current-user")).to_have_text("Browser User")
    shot("dashboard-after-register")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url("/login")

    # A deep link while logged out goes through the login page and comes back.
    page.goto("/settings")
    expect(page).to_have_url("/login?next=/settings")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("No active account")
    shot("login-wrong-password")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/settings")

    page.get_by_label("Timezone").select_option("America/New_York")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator("[data-toast=success]")).to_contain_text("Profile saved")

    page.get_by_label("Current password").fill("not-my-password")
    page.get_by_label("New password").fill("another-long-password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_label("Current password")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-field-error]")).to_contain_text("current password is not correct")
    shot("settings-password-error")

    # A reload keeps the session (refresh token) and shows the saved timezone.
    page.reload()
    expect(page.get_by_label("Timezone")).to_have_value("America/New_York")
    expect(page.get_by_test_id("current-user")).to_have_text("Browser User")
    shot("settings-after-reload")

    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    shot("settings-phone")
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    shot("settings-phone-menu", full_page=False)


def test_an_expired_access_token_is_refreshed_once_then_the_session_ends(page):
    email = f"browser-{uuid.uuid4().hex[:8]}@example.com"
    register(page, email)
    expect(page).to_have_url("/")

    # Revoke the stored refresh token behind the SPA's back: the next refresh fails.
    refresh = page.evaluate("localStorage.getItem('socialtrend.refresh')")
    page.evaluate(
        """async (refresh) => {
            await fetch('/api/v1/auth/token/refresh/', {method: 'POST', headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({refresh})})
        }""",
        refresh,
    )
    page.reload()
    expect(page).to_have_url("/login")
