"""Answers the OpenAPI schema got wrong (found by the fuzz run), each checked against it."""

import pytest

from tests.conftest import client_for
from tests.factories import SocialAccountFactory
from tests.openapi_app import CONFORMANCE, load_schema
from tests.posts.helpers import make_post

pytestmark = pytest.mark.django_db

SCHEMA = load_schema()


def call_and_check(user, path: str, method: str = "GET", **case):
    token = client_for(user)._credentials["HTTP_AUTHORIZATION"]
    operation = SCHEMA[path][method]
    response = operation.Case(**case).call(headers={"Authorization": token})
    operation.Case(**case).validate_response(response, checks=CONFORMANCE)
    return response


def test_webhook_lists_are_declared_paginated(user, auth_client, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    created = auth_client.post(
        "/api/v1/webhooks/", {"url": "http://127.0.0.1:9/hook", "events": ["delivery.published"]}, format="json"
    ).json()
    auth_client.post(f"/api/v1/webhooks/{created['id']}/test/")  # nothing listens: a failed attempt

    endpoints = call_and_check(user, "/api/v1/webhooks/")
    deliveries = call_and_check(
        user, "/api/v1/webhooks/{endpoint_id}/deliveries/", path_parameters={"endpoint_id": created["id"]}
    )

    assert endpoints.json()["count"] == 1
    assert deliveries.json()["count"] == 1


def test_an_account_without_an_avatar_answers_as_declared(user):
    account = SocialAccountFactory(owner=user, avatar_url="")

    response = call_and_check(user, "/api/v1/social-accounts/{id}/", path_parameters={"id": account.pk})

    assert response.json()["avatar_url"] == ""


def test_a_delivery_not_yet_published_answers_as_declared(user):
    post = make_post(accounts=[SocialAccountFactory(owner=user)])

    response = call_and_check(user, "/api/v1/posts/{id}/", path_parameters={"id": post.pk})

    assert response.json()["deliveries"][0]["remote_url"] == ""


@pytest.mark.parametrize(
    "path", ["/api/v1/posts/", "/api/v1/media/", "/api/v1/webhooks/", "/api/v1/trends/", "/api/v1/captions/"]
)
def test_a_page_past_the_last_is_a_declared_404(user, path):
    response = call_and_check(user, path, query={"page": 99})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page.", "errors": {}}


def test_the_oauth_callback_redirect_is_declared_without_a_json_body(user):
    response = call_and_check(
        user, "/api/v1/social-accounts/callback/{network}/", path_parameters={"network": "x"}, query={"state": "x"}
    )

    assert response.status_code == 302
    assert "error=" in str(response.headers["location"])


def test_a_body_of_a_type_the_operation_does_not_read_is_a_declared_415(user):
    response = call_and_check(user, "/api/v1/media/", "POST", body="plain", media_type="text/plain")

    assert response.status_code == 415
