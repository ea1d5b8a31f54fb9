"""Django serves the SPA's HTML shell for the SPA's own routes, and only for those."""

import json
import os
import re

import pytest


@pytest.fixture
def manifest(settings, tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text(
        json.dumps(
            {
                "_vendor-B2.js": {"file": "assets/vendor-B2.js"},
                "index.html": {
                    "file": "assets/index-A1.js",
                    "isEntry": True,
                    "imports": ["_vendor-B2.js"],
                    "css": ["assets/index-C3.css"],
                },
            }
        )
    )
    settings.SPA_MANIFEST = path
    return path


@pytest.mark.parametrize("path", ["/", "/login", "/schedule", "/posts/42", "/settings?tab=password", "/admins"])
def test_spa_routes_get_the_shell_with_the_built_assets(client, manifest, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert '<div id="app"></div>' in html
    # The nonce is the page's Content-Security-Policy's (tests/test_content_security_policy.py).
    assert re.search(r'<script type="module" src="/static/assets/index-A1.js" nonce="[\w+/=]{20,}"></script>', html)
    assert '<link rel="stylesheet" href="/static/assets/index-C3.css">' in html
    assert '<link rel="modulepreload" href="/static/assets/vendor-B2.js">' in html


def test_a_rebuild_is_picked_up_without_a_restart(client, manifest):
    client.get("/")
    data = json.loads(manifest.read_text())
    data["index.html"]["file"] = "assets/index-NEW.js"
    manifest.write_text(json.dumps(data))
    stat = manifest.stat()
    os.utime(manifest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))

    assert "/static/assets/index-NEW.js" in client.get("/schedule").content.decode()


def test_unknown_api_paths_keep_the_json_404(client, manifest):
    response = client.get("/api/v1/no-such-endpoint/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] == "No API endpoint at /api/v1/no-such-endpoint/."


@pytest.mark.parametrize(
    "path", ["/static/assets/missing.js", "/media/nothing.png", "/static", "/media", "/media-links/x"]
)
def test_static_and_media_paths_never_get_the_shell(client, manifest, path):
    response = client.get(path)

    assert response.status_code == 404
    assert b'<div id="app">' not in response.content


def test_admin_and_health_are_not_the_shell(client, manifest, db):
    assert client.get("/admin").status_code == 301
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith("/admin/login/")
    assert client.get("/healthz")["Content-Type"] == "application/json"


def test_the_shell_answers_only_reads(client, manifest):
    assert client.post("/schedule").status_code == 405
    assert client.head("/schedule").status_code == 200


def test_without_a_build_the_shell_says_how_to_build(client, settings, tmp_path):
    settings.SPA_MANIFEST = tmp_path / "missing.json"

    response = client.get("/dashboard")

    assert response.status_code == 503
    assert "make spa" in response.content.decode()


def test_the_default_manifest_is_the_vite_build(client, settings):
    """Built or not, the shell answers from the project's own settings (never a 500)."""
    built = (settings.BASE_DIR / "frontend/dist/.vite/manifest.json").exists()

    response = client.get("/schedule")

    assert response.status_code == (200 if built else 503)
