"""`manage.py networks`: what an operator must set for each network, never a secret's value."""

import io

from django.core.management import call_command


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("networks", *args, stdout=out)
    return out.getvalue()


def test_lists_each_network_and_what_is_missing(settings):
    settings.X_CLIENT_ID = ""

    output = run()

    assert "sandbox (Sandbox): configured" in output
    assert "x (X (Twitter)): not configured: set X_CLIENT_ID, X_CLIENT_SECRET" in output
    assert "  LINKEDIN_VERSION = " in output


def test_never_prints_a_secret(settings):
    settings.X_CLIENT_ID, settings.X_CLIENT_SECRET = "app-id", "very-secret-value"

    output = run()

    assert "x (X (Twitter)): configured" in output
    assert "X_CLIENT_SECRET = (set)" in output
    assert "very-secret-value" not in output


def test_env_output_is_a_dotenv_of_defaults():
    output = run("--env")

    assert "# --- Reddit ---" in output
    assert "TRENDS_REDDIT_SUBREDDITS=popular" in output
    assert "TRENDS_GOOGLE_ENABLED=1" in output
