"""Mastodon in a real browser, on a fake instance: type the instance, grant access there,
come back connected; describe an image; publish a status with a visibility and a content
warning through the worker; see it on the instance."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import expect_toast, register_new_user
from tests.browser.test_publishing_flow import PUBLISH_DEADLINE_MS, drop_files, png_bytes
from tests.fakes.mastodon import FakeMastodon
from tests.fakes.server import FakeServer, wait_for

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def instance(fake_server: FakeServer) -> FakeMastodon:
    fake = FakeMastodon()
    fake.base_url = fake_server.install(fake)
    fake.accounts["110001"].username = f"browser{id(fake) % 10_000}"
    return fake


def connect(page: Page, instance: FakeMastodon) -> str:
    page.get_by_role("link", name="Accounts").click()
    form = page.locator("[data-connect-form=mastodon]")
    form.get_by_label("Your Mastodon server").fill("http://")  # plain http: refused in production
    form.get_by_role("button", name="Connect Mastodon").click()
    expect(form.locator("[data-field-error]")).to_contain_text("Type your Mastodon server's name")
    form.get_by_label("Your Mastodon server").fill(instance.base_url)
    form.get_by_role("button", name="Connect Mastodon").click()
    # The instance's consent page grants at once and sends the browser back to the callback.
    expect(page).to_have_url("/accounts")
    expect_toast(page, "success", "Mastodon account connected.")
    handle = f"{instance.accounts['110001'].username}@{instance.host}"
    expect(page.locator(f"[data-account='{handle}']")).to_contain_text("Active")
    return handle


def test_connect_on_a_typed_instance_and_publish_a_described_image(page, shot, instance, expected_csp_violations):
    # The fake instance serves its avatars over http, which the policy blocks (real ones are https).
    expected_csp_violations.append(f"{instance.base_url}/avatars/")
    register_new_user(page)
    handle = connect(page, instance)
    shot("accounts-connected")
    page.set_viewport_size(PHONE)
    shot("accounts-connected-phone")
    page.set_viewport_size({"width": 1280, "height": 860})

    page.get_by_role("link", name="Media").click()
    drop_files(page, "[data-testid=dropzone]", [("harbour.png", "image/png", png_bytes())])
    item = page.locator("[data-media='harbour.png']")
    item.get_by_label("Alt text for harbour.png").fill("Boats in a harbour at dusk")
    item.get_by_role("button", name="Save alt text").click()
    expect_toast(page, "success", "Alt text saved.")
    shot("media-alt-text")

    page.get_by_role("link", name="Schedule").click()
    page.get_by_role("button", name="New post").click()
    composer = page.get_by_role("dialog", name="New post")
    composer.get_by_label("Caption", exact=True).fill("Evening at the harbour https://example.com/" + "a" * 600)
    composer.get_by_role("checkbox", name=f"@{handle}").check()
    # A long link counts 23, as Mastodon counts it: well inside 500.
    expect(composer.locator("[data-counter=mastodon]")).to_contain_text("46 / 500")
    composer.get_by_role("button", name="Attach harbour.png").click()
    composer.get_by_label("Visibility").select_option(label="Followers only")
    composer.get_by_label("Content warning (optional)").fill("Sunset photos")
    composer.get_by_label("Publish now").check()
    shot("composer")
    page.set_viewport_size(PHONE)
    shot("composer-phone")
    page.set_viewport_size({"width": 1280, "height": 860})
    composer.get_by_role("button", name="Publish now").click()

    assert wait_for(lambda: instance.live(), timeout=PUBLISH_DEADLINE_MS / 1000)
    [status] = instance.live()
    assert (status.visibility, status.spoiler_text) == ("private", "Sunset photos")
    assert [media.description for media in status.media] == ["Boats in a harbour at dusk"]
    assert instance.calls("POST /api/v1/statuses")[0].headers["Idempotency-Key"].startswith("socialtrend-delivery-")
    event = page.locator("[data-post]").first
    expect(event).to_have_attribute("data-status", "published", timeout=PUBLISH_DEADLINE_MS)
    shot("calendar-published", full_page=False)
