"""Steps shared by the browser tests."""

import uuid

from playwright.sync_api import Page, expect

PASSWORD = "a-long-browser-password"


def register(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/register")
    page.get_by_label("Name").fill("Browser User")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Create account").click()


def register_new_user(page: Page) -> str:
    email = f"browser-{uuid.uuid4().hex[:8]}@example.com"
    register(page, email)
    expect(page).to_have_url("/")
    return email


def expect_toast(page: Page, kind: str, text: str, *, timeout: float | None = None) -> None:
    """`timeout` (ms) for a toast that waits on background work; Playwright's default otherwise."""
    expect(page.locator(f"[data-toast={kind}]", has_text=text)).to_be_visible(timeout=timeout)
