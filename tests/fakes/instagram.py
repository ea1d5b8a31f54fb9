"""Fake of the Instagram API with Instagram Login: OAuth, token exchange/refresh, content publishing.

Follows the documented shapes: containers (`POST /{ig-user-id}/media`),
container status (`GET /{container-id}?fields=status_code`), `media_publish`,
`content_publishing_limit`, comments on published media
(`POST /{ig-media-id}/comments` with `message`, answering `{"id"}`), and Graph errors
`{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`.
"""

import itertools
from dataclasses import dataclass, field

from werkzeug import Request, Response

from tests.fakes.server import FakeAPI, json_response

VERSION = "v24.0"


def graph_error_body(code: int, message: str, *, subcode: int | None = None, **extra) -> dict:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf123", **extra}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


def graph_error(code: int, message: str, *, status: int = 400, subcode: int | None = None) -> Response:
    return json_response(graph_error_body(code, message, subcode=subcode), status)


@dataclass
class Container:
    id: str
    fields: dict
    # Status answers for successive polls; the last one repeats.
    statuses: list[str] = field(default_factory=lambda: ["FINISHED"])
    polls: int = 0


class FakeInstagram(FakeAPI):
    client_id = "ig-client"
    client_secret = "ig-secret"
    user_id = "17841400000000001"
    username = "ada.bakes"

    def __init__(self) -> None:
        super().__init__()
        self.ids = itertools.count(18000000000000001)
        self.valid_tokens = {"ig-long-token"}
        self.codes = {"good-code": "ig-short-token"}
        self.quota_total, self.quota_usage = 50, 0
        self.containers: dict[str, Container] = {}
        self.published: list[dict] = []
        self.comments: list[dict] = []
        self.container_statuses = ["FINISHED"]

    def route_key(self, request: Request) -> str:
        return f"{request.method} {request.path.removeprefix('/' + VERSION)}"

    def dispatch(self, request: Request) -> Response:
        path = request.path
        if path == "/oauth/access_token" and request.method == "POST":
            return self._exchange_code(request)
        if path == "/access_token":
            return self._long_lived(request, grant="ig_exchange_token", source=self.short_tokens)
        if path == "/refresh_access_token":
            return self._long_lived(request, grant="ig_refresh_token", source=self.valid_tokens)
        params = request.form if request.method == "POST" else request.args
        if params.get("access_token") not in self.valid_tokens:
            return graph_error(190, "Error validating access token: Session has expired")
        parts = path.removeprefix(f"/{VERSION}/").split("/")
        if parts == ["me"]:
            return json_response(
                {
                    "user_id": self.user_id,
                    "username": self.username,
                    "id": self.user_id,
                    "profile_picture_url": "https://cdn.example/ada.jpg",
                }
            )
        if len(parts) == 2 and parts[0] == self.user_id:
            return self._user_edge(parts[1], request)
        if len(parts) == 2 and parts[1] == "comments" and request.method == "POST":
            return self._comment(parts[0], request.form.get("message", ""))
        if len(parts) == 1 and parts[0] in self.containers:
            return self._container_status(self.containers[parts[0]])
        if len(parts) == 1 and any(p["id"] == parts[0] for p in self.published):
            return json_response({"id": parts[0], "permalink": f"https://www.instagram.com/p/{parts[0]}/"})
        return graph_error(100, "Unsupported request", subcode=33)

    @property
    def short_tokens(self) -> set[str]:
        return set(self.codes.values())

    def _exchange_code(self, request: Request) -> Response:
        form = request.form
        if (form.get("client_id"), form.get("client_secret")) != (self.client_id, self.client_secret):
            return json_response({"error_type": "OAuthException", "code": 400, "error_message": "Invalid client"}, 400)
        if form.get("grant_type") != "authorization_code" or form.get("code") not in self.codes:
            return json_response(
                {"error_type": "OAuthException", "code": 400, "error_message": "Invalid authorization code"}, 400
            )
        token = self.codes.pop(form["code"])
        self._issued_short = token
        return json_response(
            {
                "data": [
                    {
                        "access_token": token,
                        "user_id": self.user_id,
                        "permissions": "instagram_business_basic,instagram_business_content_publish,"
                        "instagram_business_manage_comments",
                    }
                ]
            }
        )

    def _long_lived(self, request: Request, *, grant: str, source: set[str]) -> Response:
        args = request.args
        token = args.get("access_token")
        if args.get("grant_type") != grant or (
            grant == "ig_exchange_token" and args.get("client_secret") != self.client_secret
        ):
            return graph_error(100, "Invalid parameter")
        if token not in source and token != getattr(self, "_issued_short", None):
            return graph_error(190, "Invalid OAuth access token")
        new = f"ig-long-token-{next(self.ids)}" if grant == "ig_refresh_token" else "ig-long-token"
        self.valid_tokens.add(new)
        return json_response({"access_token": new, "token_type": "bearer", "expires_in": 5184000})

    def _user_edge(self, edge: str, request: Request) -> Response:
        if edge == "content_publishing_limit":
            return json_response(
                {
                    "data": [
                        {
                            "config": {"quota_total": self.quota_total, "quota_duration": 86400},
                            "quota_usage": self.quota_usage,
                        }
                    ]
                }
            )
        if edge == "media" and request.method == "POST":
            return self._create_container(request.form)
        if edge == "media_publish" and request.method == "POST":
            return self._publish(request.form.get("creation_id", ""))
        return graph_error(100, "Unsupported request")

    def _create_container(self, form) -> Response:
        fields = {k: v for k, v in form.items() if k != "access_token"}
        media_type = fields.get("media_type", "IMAGE")
        if media_type == "CAROUSEL":
            children = fields.get("children", "").split(",")
            if not 2 <= len(children) <= 10 or any(c not in self.containers for c in children):
                return graph_error(100, "Invalid children", subcode=2207028)
        elif media_type in ("REELS", "VIDEO"):
            if not fields.get("video_url", "").startswith(("http://", "https://")):
                return graph_error(100, "video_url is required")
        elif not fields.get("image_url", "").startswith(("http://", "https://")):
            return graph_error(9004, "Only photo or video can be accepted as media type.", subcode=2207052)
        if len(fields.get("caption", "")) > 2200:
            return graph_error(100, "The caption is too long", subcode=2207010)
        container = Container(str(next(self.ids)), fields, list(self.container_statuses))
        self.containers[container.id] = container
        return json_response({"id": container.id})

    def _container_status(self, container: Container) -> Response:
        status = container.statuses[min(container.polls, len(container.statuses) - 1)]
        container.polls += 1
        return json_response(
            {"status_code": status, "status": "" if status != "ERROR" else "Error: 2207026", "id": container.id}
        )

    def _publish(self, creation_id: str) -> Response:
        if self.quota_usage >= self.quota_total:
            return graph_error(9, "Application request limit reached", subcode=2207042, status=403)
        container = self.containers.get(creation_id)
        if container is None or container.fields.get("is_carousel_item"):
            return graph_error(100, "Invalid creation_id", subcode=2207027)
        current = container.statuses[min(max(container.polls - 1, 0), len(container.statuses) - 1)]
        if current != "FINISHED":
            return graph_error(9007, "Media ID is not available", subcode=2207027)
        container.statuses = ["PUBLISHED"]
        self.quota_usage += 1
        media_id = str(next(self.ids))
        self.published.append(
            {
                "id": media_id,
                "container": container.fields,
                "children": [self.containers[c].fields for c in container.fields.get("children", "").split(",") if c],
            }
        )
        return json_response({"id": media_id})

    def _comment(self, media_id: str, message: str) -> Response:
        if not any(p["id"] == media_id for p in self.published):
            return graph_error(100, f"Unsupported post request. Object with ID '{media_id}' does not exist", subcode=33)
        if not message:
            return graph_error(100, "(#100) The parameter message is required")
        comment = {"id": str(next(self.ids)), "media_id": media_id, "message": message}
        self.comments.append(comment)
        return json_response({"id": comment["id"]})
