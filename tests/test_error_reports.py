"""DEBUG's technical 500 page never shows the passwords inside service URLs."""

import secrets
import sys

from django.views.debug import technical_500_response

# Made at run time: the page shows this file's source lines around the error, never the value.
PASSWORD = secrets.token_hex(12)
SECRETS = {
    "DATABASE_URL": f"postgres://socialtrend:{PASSWORD}@db:5432/socialtrend",
    "REDIS_URL": f"redis://:{PASSWORD}@redis:6379/0",
    "CELERY_BROKER_URL": f"amqp://guest:{PASSWORD}@rabbitmq:5672//",
    "SENTRY_DSN": f"https://{PASSWORD}@errors.example.com/1",
}


def render_500(request) -> str:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = technical_500_response(request, *sys.exc_info())
    assert response.status_code == 500
    return response.content.decode()


def test_the_debug_500_page_hides_service_urls_in_settings_and_the_environment(settings, rf):
    settings.DEBUG = True
    for name, value in SECRETS.items():
        setattr(settings, name, value)
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"sentinel_url": f"redis://:{PASSWORD}@sentinel:26379"}
    # runserver copies the process environment into every request's META.
    request = rf.get("/boom", **SECRETS)

    html = render_500(request)

    assert "RuntimeError" in html and "boom" in html  # the page itself still renders
    assert PASSWORD not in html
    for name in SECRETS:
        assert name in html  # named, with its value replaced
    assert "********************" in html
    assert "/static/" in html or "STATIC_ROOT" in html  # other settings are still shown


def test_the_debug_500_page_still_hides_what_django_hides(settings, rf):
    settings.DEBUG = True
    settings.EMAIL_HOST_PASSWORD = PASSWORD
    settings.OPENAI_API_KEY = PASSWORD

    html = render_500(rf.get("/boom", HTTP_COOKIE=f"sessionid={PASSWORD}"))

    assert PASSWORD not in html
