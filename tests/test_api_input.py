"""Any request body or path gets a 4xx in the API's JSON error shape, never a 500 or an HTML page."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from posts.models import Media

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
CAPTIONS = "/api/v1/captions/"
MEDIA = "/api/v1/media/"


def post_raw(client, path, body: str):
    return client.post(path, data=body, content_type="application/json")


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_json_is_400_for_anonymous_requests(api_client, opening):
    closing = "]" if opening == "[" else "}"
    body = opening * 50_000 + "1" + closing * 50_000

    response = post_raw(api_client, REGISTER, body)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "body: JSON nested deeper than 32 levels.",
        "errors": {"body": ["JSON nested deeper than 32 levels."]},
    }
    assert not User.objects.exists()


def test_deeply_nested_json_is_400_for_authenticated_requests(auth_client):
    body = '{"caption": "x", "options": ' + "[" * 5_000 + "]" * 5_000 + "}"

    response = post_raw(auth_client, "/api/v1/posts/", body)

    assert response.status_code == 400
    assert response.json()["errors"] == {"body": ["JSON nested deeper than 32 levels."]}


def test_nesting_depth_is_a_setting(api_client, settings):
    settings.API_MAX_JSON_DEPTH = 3
    body = json.dumps({"email": [[["a@example.com"]]]})

    response = post_raw(api_client, REGISTER, body)

    assert response.status_code == 400
    assert response.json()["errors"] == {"body": ["JSON nested deeper than 3 levels."]}


def test_brackets_inside_strings_do_not_count_as_nesting(api_client):
    body = json.dumps({"email": "[" * 100 + "@example.com", "password": "{" * 40, "name": "]" * 50})

    response = post_raw(api_client, REGISTER, body)

    assert response.status_code == 400
    assert "email" in response.json()["errors"]
    assert "body" not in response.json()["errors"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("NaN", "Numbers must be finite (NaN and Infinity are not JSON)."),
        ("-Infinity", "Numbers must be finite (NaN and Infinity are not JSON)."),
        ("1e999", "Numbers must be finite (NaN and Infinity are not JSON)."),
        ('"a\\u0000b"', "Text must not contain NUL characters."),
        ('"\\ud800"', "Text must not contain lone surrogates (invalid Unicode)."),
    ],
)
def test_values_no_database_can_store_are_400_naming_their_path(api_client, raw, message):
    body = '{"email": "a@example.com", "profile": {"tags": ["ok", ' + raw + "]}}"

    response = post_raw(api_client, REGISTER, body)

    assert response.status_code == 400
    assert response.json()["errors"] == {"profile.tags.1": [message]}
    assert not User.objects.exists()


def test_a_lone_surrogate_in_a_key_is_named_and_the_answer_still_renders(api_client):
    response = post_raw(api_client, REGISTER, '{"\\udcff": 1}')

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"] == {"\udcff": ["Text must not contain lone surrogates (invalid Unicode)."]}


def test_a_lone_surrogate_echoed_in_a_choice_error_is_400_naming_the_field(auth_client):
    response = post_raw(auth_client, CAPTIONS, '{"topic": "Bread", "networks": ["x"], "tone": "\\udfff"}')

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["tone"]


def test_too_many_files_in_a_multipart_body_is_json_400(auth_client):
    files = {f"file{i}": SimpleUploadedFile(f"f{i}.png", b"x", content_type="image/png") for i in range(101)}

    response = auth_client.post(MEDIA, files, format="multipart")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "file: A request may carry at most 100 files.",
        "errors": {"file": ["A request may carry at most 100 files."]},
    }
    assert not Media.objects.exists()


def test_too_many_fields_in_a_multipart_body_is_json_400(auth_client):
    fields = {f"field{i}": "x" for i in range(1001)}

    response = auth_client.post(MEDIA, fields, format="multipart")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"] == {"body": ["A request may carry at most 1000 fields."]}


def test_too_many_query_parameters_is_json_400_naming_the_query(auth_client):
    query = "&".join(f"p{i}=1" for i in range(1001))

    response = auth_client.get(f"/api/v1/posts/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"] == {"query": ["A request may carry at most 1000 fields."]}


# Clients send a newline percent-encoded (the test client, like urllib, drops a raw one).
@pytest.mark.parametrize(
    "path",
    ["/api/v1/posts/%0A/cancel/", "/api/v1/posts/1%0A/", "/api/%0A", "/api/v1/nope%0Amore/", "/api/v1/posts/%0D%0A/"],
)
def test_api_path_with_a_newline_is_json_404(auth_client, path):
    response = auth_client.post(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    decoded = path.replace("%0A", "\n").replace("%0D", "\r")
    assert response.json() == {"detail": f"No API endpoint at {decoded}.", "errors": {}}


def test_a_host_the_server_does_not_answer_for_is_json_400(api_client):
    response = api_client.get("/api/v1/networks/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Host: This server does not answer for that host name.",
        "errors": {"Host": ["This server does not answer for that host name."]},
    }


TOO_BIG = 2**63  # one past the largest id a row can have


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/posts/", {"caption": "x", "account_ids": [TOO_BIG]}, "account_ids.0"),
        ("/api/v1/posts/", {"caption": "x", "account_ids": [1], "media_ids": [480067891081875554304]}, "media_ids.0"),
        (CAPTIONS, {"topic": "Bread", "networks": ["x"], "trend_ids": [TOO_BIG]}, "trend_ids.0"),
    ],
)
def test_an_id_past_the_largest_a_row_can_have_is_400_naming_it(auth_client, path, body, field):
    response = auth_client.post(path, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()


def test_an_id_past_the_largest_in_a_query_is_400_naming_it(auth_client):
    response = auth_client.get("/api/v1/posts/", {"account": TOO_BIG})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["account"]
