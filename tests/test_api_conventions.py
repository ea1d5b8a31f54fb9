"""The error shape and status codes every endpoint shares."""

import pytest

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"


def test_malformed_json_is_400(api_client):
    response = api_client.post(REGISTER, data='{"email": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert response.json()["errors"] == {}


def test_wrong_content_type_is_415(api_client):
    response = api_client.post(REGISTER, data="email=a@b.c", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 415
    assert response.json() == {
        "detail": 'Unsupported media type "application/x-www-form-urlencoded" in request.',
        "errors": {},
    }


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v2/auth/me/", "/api/", "/api/v1/auth/me"])
def test_unknown_api_path_is_json_404(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": f"No API endpoint at {path}.", "errors": {}}


def test_body_over_limit_is_413(api_client, settings):
    settings.API_MAX_BODY_BYTES = 100

    body = '{"email": "' + "a" * 200 + '"}'

    response = api_client.post(REGISTER, data=body, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["detail"] == f"Request body of {len(body)} bytes exceeds the limit of 100 bytes."
    assert response.json()["errors"] == {"body": [response.json()["detail"]]}


def test_wrong_method_is_405(auth_client):
    response = auth_client.delete("/api/v1/auth/me/")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.', "errors": {}}


def test_json_body_that_is_not_an_object_names_non_field_errors(api_client):
    response = api_client.post(REGISTER, data="[1, 2]", content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["non_field_errors"]


def test_cors_allows_configured_origin(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    allowed = api_client.options(
        REGISTER, HTTP_ORIGIN="https://app.example.com", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    refused = api_client.options(
        REGISTER, HTTP_ORIGIN="https://evil.example.com", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )

    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "Access-Control-Allow-Origin" not in refused
