"""Fake of the Instagram API with Instagram Login: OAuth, token exchange/refresh, content publishing.

Follows Meta's documented shapes (checked 2026-12-01): containers (`POST /{ig-user-id}/media`),
container status (`GET /{container-id}?fields=status_code,status`; on `ERROR`, `status` carries
the subcode as "Error: Media upload has failed with error code 2207026", as real answers do),
`media_publish`, `content_publishing_limit` (`{"data": [{"quota_usage", "config": {"quota_total",
"quota_duration"}}]}`, only `quota_usage` when no fields are asked), the account's media
(`GET /{ig-user-id}/media`, newest first, `timestamp` as "2026-12-01T10:00:00+0000"), comments on
published media (`POST /{ig-media-id}/comments` with `message`, answering `{"id"}`), and Graph
errors `{"error": {"message", "type", "code", "error_subcode", "is_transient", "error_user_title",
"error_user_msg", "fbtrace_id"}}` with the HTTP status and texts of Meta's error-code table.
Every Graph API version Meta still serves is answered (v24.0 until 2028-02-18 ... v27.0).
"""

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from werkzeug import Request, Response

from tests.fakes.server import FakeAPI, json_response

# Graph API versions served on 2026-12-01 that this project may use (the changelog's table).
VERSIONS = ("v24.0", "v25.0", "v26.0", "v27.0")
VERSION = VERSIONS[0]

# Meta's error-code table for content publishing: (code, subcode) -> (error_user_title, error_user_msg).
# All are HTTP 400. Titles are not in the table; these follow the sample response's style.
META_ERRORS: dict[tuple[int, int], tuple[str, str]] = {
    (-2, 2207003): ("Media download timed out", "It takes too long to download the media."),
    (-2, 2207020): ("Media expired", "The media you are trying to access has expired. Please try to upload again."),
    (-1, 2207001): ("Instagram server error", "Instagram server error. Try again."),
    (-1, 2207032): ("Create media failed", "Create media fail, please try to re-create media"),
    (-1, 2207053): ("Upload failed", "unknown upload error"),
    (4, 2207051): (
        "Action blocked",
        "We restrict certain activity to protect our community. Tell us if you think we made a mistake.",
    ),
    (9, 2207042): (
        "Publishing limit reached",
        "You reached maximum number of posts that is allowed to be published by Content Publishing API.",
    ),
    (24, 2207006): ("Media not found", "The media with {id} cannot be found"),
    (24, 2207008): (
        "Container not found",
        "The media builder with creation id = {id} does not exist or has been expired.",
    ),
    (25, 2207050): ("Account restricted", "The Instagram account is restricted."),
    (9007, 2207027): ("Media not ready", "The media is not ready for publishing, please wait for a moment"),
    (100, 2207028): (
        "Carousel size",
        "Your post won't work as a carousel. "
        "Carousels need at least 2 photos/videos and no more than 10 photos/videos.",
    ),
    (9004, 2207052): (
        "Media download has failed. The media URI doesn't meet our requirements.",
        "The media could not be fetched from this uri: {id}",
    ),
    (36004, 2207010): ("Caption too long", "The submitted image's caption was too long."),
}


def graph_error_body(code: int, message: str, *, subcode: int | None = None, **extra) -> dict:
    error = {"message": message, "type": "OAuthException", "code": code, "is_transient": False}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": {**error, **extra, "fbtrace_id": "AbCdEf123"}}


def graph_error(code: int, message: str, *, status: int = 400, subcode: int | None = None, **extra) -> Response:
    return json_response(graph_error_body(code, message, subcode=subcode, **extra), status)


def meta_error_body(code: int, subcode: int, *, about: str = "", message: str = "") -> dict:
    """The body Meta answers for one row of its error-code table (`about` fills in an id or URI)."""
    title, user_msg = META_ERRORS[(code, subcode)]
    user_msg = user_msg.format(id=about)
    return graph_error_body(code, message or user_msg, subcode=subcode, error_user_title=title, error_user_msg=user_msg)


def meta_error(code: int, subcode: int, *, about: str = "", message: str = "") -> Response:
    return json_response(meta_error_body(code, subcode, about=about, message=message), 400)


@dataclass
class Container:
    id: str
    fields: dict
    # Status answers for successive polls; the last one repeats.
    statuses: list[str] = field(default_factory=lambda: ["FINISHED"])
    polls: int = 0
    # The subcode an `ERROR` status reports (Meta's table; 2207026 = unsupported video format).
    error_subcode: int = 2207026
    created_at: float = field(default_factory=time.time)

    @property
    def current(self) -> str:
        return self.statuses[min(max(self.polls - 1, 0), len(self.statuses) - 1)]

    def finish(self) -> None:
        """Processing is done: every later poll answers FINISHED."""
        self.statuses, self.polls = ["FINISHED"], 0


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
        # What a new container's ERROR status reports (2207026: unsupported video format, a permanent one).
        self.container_error_subcode = 2207026
        # Seconds media_publish keeps the connection open *after* publishing: the post is live,
        # the answer comes too late for the client (a lost answer, unlike a slow request).
        self.stall_after_publish = 0.0

    def route_key(self, request: Request) -> str:
        path = request.path
        for version in VERSIONS:
            path = path.removeprefix("/" + version)
        return f"{request.method} {path}"

    def handle(self, request: Request) -> Response:
        response = super().handle(request)
        if (
            self.stall_after_publish
            and self.route_key(request).endswith("/media_publish")
            and response.status_code == 200
        ):
            time.sleep(self.stall_after_publish)  # outside the lock: status reads go on meanwhile
        return response

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
            return graph_error(190, "Error validating access token: Session has expired", subcode=463)
        version, _, rest = path.removeprefix("/").partition("/")
        if version not in VERSIONS:
            return graph_error(100, "Unsupported request", subcode=33)
        parts = rest.split("/")
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
            return json_response({"id": parts[0], "permalink": _permalink(parts[0])})
        if len(parts) == 1 and request.method == "GET":
            # What the Graph API answers for an id that is not (or no longer) there.
            return graph_error(
                100,
                f"Unsupported get request. Object with ID '{parts[0]}' does not exist, cannot be loaded due to "
                "missing permissions, or does not support this operation. Please read the Graph API "
                "documentation at https://developers.facebook.com/docs/graph-api",
                subcode=33,
            )
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
            return self._publishing_limit(request.args.get("fields", ""))
        if edge == "media" and request.method == "POST":
            return self._create_container(request.form)
        if edge == "media" and request.method == "GET":
            return self._media_list(request.args)
        if edge == "media_publish" and request.method == "POST":
            return self._publish(request.form.get("creation_id", ""))
        return graph_error(100, "Unsupported request")

    def _publishing_limit(self, fields: str) -> Response:
        entry: dict = {"quota_usage": self.quota_usage}
        if "config" in fields.split(","):
            entry["config"] = {"quota_total": self.quota_total, "quota_duration": 86400}
        return json_response({"data": [entry]})

    def _create_container(self, form) -> Response:
        fields = {k: v for k, v in form.items() if k != "access_token"}
        media_type = fields.get("media_type", "IMAGE")
        if media_type == "CAROUSEL":
            children = fields.get("children", "").split(",")
            if not 2 <= len(children) <= 10 or any(c not in self.containers for c in children):
                return meta_error(100, 2207028)
        elif media_type in ("REELS", "VIDEO"):
            if not fields.get("video_url", "").startswith(("http://", "https://")):
                return graph_error(100, "video_url is required")
        elif not fields.get("image_url", "").startswith(("http://", "https://")):
            return meta_error(
                9004,
                2207052,
                about=fields.get("image_url", ""),
                message="Only photo or video can be accepted as media type.",
            )
        if len(fields.get("caption", "")) > 2200:
            return meta_error(36004, 2207010)
        container = Container(
            str(next(self.ids)), fields, list(self.container_statuses), error_subcode=self.container_error_subcode
        )
        self.containers[container.id] = container
        return json_response({"id": container.id})

    def _container_status(self, container: Container) -> Response:
        container.polls += 1
        status = container.current
        text = f"Error: Media upload has failed with error code {container.error_subcode}" if status == "ERROR" else ""
        return json_response({"status_code": status, "status": text, "id": container.id})

    def _publish(self, creation_id: str) -> Response:
        if self.quota_usage >= self.quota_total:
            return meta_error(9, 2207042)
        container = self.containers.get(creation_id)
        if container is None or container.fields.get("is_carousel_item"):
            return meta_error(24, 2207008, about=creation_id)
        if container.current != "FINISHED":
            return meta_error(9007, 2207027, message="Media ID is not available")
        container.statuses, container.polls = ["PUBLISHED"], 0
        self.quota_usage += 1
        media_id = str(next(self.ids))
        self.published.append(
            {
                "id": media_id,
                "container": container.fields,
                "children": [self.containers[c].fields for c in container.fields.get("children", "").split(",") if c],
                "timestamp": datetime.now(tz=UTC).strftime("%Y-%m-%dT%H:%M:%S+0000"),
            }
        )
        return json_response({"id": media_id})

    def _media_list(self, args) -> Response:
        fields = set((args.get("fields") or "id").split(",")) | {"id"}
        limit = int(args.get("limit") or 25)
        newest_first = list(reversed(self.published))[:limit]
        data = []
        for post in newest_first:
            media = {"id": post["id"], "timestamp": post["timestamp"], "permalink": _permalink(post["id"])}
            if post["container"].get("caption"):
                media["caption"] = post["container"]["caption"]  # absent, not empty, without a caption
            data.append({k: v for k, v in media.items() if k in fields})
        return json_response({"data": data, "paging": {"cursors": {"before": "QVFIU", "after": "QVFIU"}}})

    def _comment(self, media_id: str, message: str) -> Response:
        if not any(p["id"] == media_id for p in self.published):
            return graph_error(100, f"Unsupported post request. Object with ID '{media_id}' does not exist", subcode=33)
        if not message:
            return graph_error(100, "(#100) The parameter message is required")
        comment = {"id": str(next(self.ids)), "media_id": media_id, "message": message}
        self.comments.append(comment)
        return json_response({"id": comment["id"]})


def _permalink(media_id: str) -> str:
    return f"https://www.instagram.com/p/{media_id}/"
