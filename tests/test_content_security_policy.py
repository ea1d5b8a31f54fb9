"""Every page carries a Content-Security-Policy; the API docs are served from the site's own
static files (drf-spectacular-sidecar), not a CDN. tests/browser checks, in a real browser,
that the SPA and the docs pages run under it without a violation."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.spa.test_shell import manifest  # noqa: F401 - fixture: a built SPA's manifest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_the_spa_shell_allows_only_its_own_scripts_and_the_nonce_it_carries(client, manifest):  # noqa: F811
    response = client.get("/schedule")

    policy = directives(response)
    nonce = re.search(r'<script type="module" src="[^"]+" nonce="([^"]+)">', response.content.decode()).group(1)
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]  # FullCalendar's <style> takes the script's nonce
    assert policy["default-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:", "https:"]  # upload previews, avatars
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_each_page_gets_a_nonce_of_its_own(client, manifest):  # noqa: F811
    first, second = (directives(client.get("/"))["script-src"][1] for _ in range(2))

    assert first != second


@pytest.mark.parametrize("path", ["/admin/login/", "/api/v1/auth/me/", "/healthz"])
def test_other_pages_carry_the_policy_without_a_nonce(client, path):
    policy = directives(client.get(path))

    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def static_references(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


def test_swagger_ui_is_served_from_the_sidecar_under_the_sites_policy(client):
    response = client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "cdn." not in html and "@latest" not in html and "https://" not in html
    references = static_references(html)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in references
    for url in references:
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a static file of the project"
    # No inline script: the init script is a file of its own; the one inline style has the nonce.
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    nonce = re.search(r'<style nonce="([^"]+)">', html).group(1)
    policy = directives(response)
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in response["Content-Security-Policy"]
    init = client.get(re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', html).group(1))
    assert init.status_code == 200 and "SwaggerUIBundle" in init.content.decode()


def test_redoc_is_served_from_the_sidecar_with_only_its_own_relaxations(client):
    response = client.get("/api/redoc/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "cdn." not in html and "fonts.googleapis" not in html and "https://" not in html
    references = static_references(html)
    assert references == ["/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"]
    assert finders.find(references[0].removeprefix("/static/"))
    policy = directives(response)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]  # Redoc's styled components
    assert policy["worker-src"] == ["'self'", "blob:"]  # its search worker
    assert policy["img-src"] == ["'self'", "data:"]  # not its maker's CDN logo
    assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in policy["script-src"]
