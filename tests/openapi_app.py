"""The API as schemathesis sees it: the schema the server serves, and the Django app to
call in-process (WSGI) through routing, middleware, authentication and throttling."""

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# No 5xx, and every answer as the schema declares it: status, content type, headers, body.
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
CONFORMANCE_NAMES = [check.__name__ for check in CONFORMANCE]
# Behind the proxy the app is reached over HTTPS; the schema is read before any test's settings apply.
HTTPS = {"X-Forwarded-Proto": "https"}


def wsgi_app(environ, start_response):
    """Django's WSGI handler as its test client runs it.

    A handler per request: it loads its middleware, and so reads the settings, while the
    test's overrides are in force. And, as the test client does, the request does not close
    the database connection at its start and end: on PostgreSQL that would end the test's
    transaction. The answer is read and closed here, as a WSGI server would."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def load_schema() -> schemathesis.schemas.BaseSchema:
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, headers=HTTPS)
    schema.config.checks.update(included_check_names=CONFORMANCE_NAMES)
    return schema
