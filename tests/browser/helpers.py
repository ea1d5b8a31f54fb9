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


def create_posts(page: Page, account_handle: str, captions: list[str], scheduled_at: str | None = None) -> list[int]:
    """Posts through the API, as the SPA's session (the refresh token rotates: keep the new one);
    drafts unless `scheduled_at` (ISO 8601) is given."""
    return page.evaluate(
        """async ([handle, captions, scheduled_at]) => {
            const json = {'Content-Type': 'application/json'}
            const refreshed = await (await fetch('/api/v1/auth/token/refresh/', {method: 'POST', headers: json,
                body: JSON.stringify({refresh: localStorage.getItem('socialtrend.refresh')})})).json()
            localStorage.setItem('socialtrend.refresh', refreshed.refresh)
            const auth = {...json, Authorization: `Bearer ${refreshed.access}`}
            const accounts = await (await fetch('/api/v1/social-accounts/', {headers: auth})).json()
            const account = (accounts.results || accounts).find((a) => a.handle === handle)
            const ids = []
            for (const caption of captions) {
                const answer = await fetch('/api/v1/posts/', {method: 'POST', headers: auth,
                    body: JSON.stringify({caption, account_ids: [account.id], scheduled_at})})
                if (answer.status !== 201) throw new Error(`post refused: ${answer.status}`)
                ids.push((await answer.json()).id)
            }
            return ids
        }""",
        [account_handle, captions, scheduled_at],
    )
