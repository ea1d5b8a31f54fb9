"""Fake of the Threads API (graph.threads.net): OAuth, long-lived tokens, the container flow.

Shapes from Meta's Threads documentation (checked 2026-12-01): `POST /oauth/access_token`
(form: client_id, client_secret, grant_type=authorization_code, redirect_uri, code) answers
`{"access_token", "user_id"}`; `GET /access_token?grant_type=th_exchange_token&client_secret=`
and `GET /refresh_access_token?grant_type=th_refresh_token` answer `{"access_token",
"token_type": "bearer", "expires_in": 5183944}`; `GET /v1.0/me?fields=id,username,name,
threads_profile_picture_url`. Containers: `POST /v1.0/{user-id}/threads` (`media_type` TEXT,
IMAGE, VIDEO or CAROUSEL, `text`, `image_url`, `video_url`, `is_carousel_item`, `children`,
`reply_control`) answers `{"id"}`; `GET /v1.0/{container-id}?fields=status,error_message`
answers `{"status", "id"}` (IN_PROGRESS, FINISHED, PUBLISHED, ERROR with `error_message`
such as FAILED_DOWNLOADING_VIDEO, EXPIRED); `POST /v1.0/{user-id}/threads_publish`
(`creation_id`) answers `{"id"}`; `GET /v1.0/{user-id}/threads_publishing_limit?fields=
quota_usage,config` answers `{"data": [{"quota_usage", "config": {"quota_total": 250,
"quota_duration": 86400}}]}`; `GET /v1.0/{media-id}?fields=permalink`
("https://www.threads.net/@{username}/post/{shortcode}"); `GET /v1.0/{user-id}/threads`
lists the newest first with `timestamp` as "2026-12-01T10:00:00+0000"; `DELETE
/v1.0/{media-id}` answers `{"success": true}`. Errors are Graph errors
(`tests.fakes.instagram.graph_error`): 190 for an invalid or expired token, 100/33 for an
object that is not there; a carousel with fewer than 2 or more than 20 children 400 code 100.
"""

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from werkzeug import Request, Response

from tests.fakes.facebook import missing
from tests.fakes.instagram import graph_error
from tests.fakes.server import FakeAPI, consent_redirect, json_response

VERSION = "v1.0"


@dataclass
class Container:
    id: str
    fields: dict
    statuses: list[str] = field(default_factory=lambda: ["FINISHED"])
    polls: int = 0
    created_at: float = field(default_factory=time.time)

    @property
    def current(self) -> str:
        return self.statuses[min(max(self.polls - 1, 0), len(self.statuses) - 1)]


class FakeThreads(FakeAPI):
    client_id = "th-app"
    client_secret = "th-secret"
    user_id = "25000000000000001"
    username = "ada.threads"

    def __init__(self) -> None:
        super().__init__()
        self.ids = itertools.count(18100000000000001)
        self.codes = {"good-code": "th-short"}
        self.short_tokens: set[str] = set()
        self.valid_tokens = {"th-long"}
        self.quota_total, self.quota_usage = 250, 0
        # Where profile pictures live; empty: the network sends none (a browser cannot load the example host).
        self.avatar_host = "https://scontent.example"
        self.containers: dict[str, Container] = {}
        self.published: list[dict] = []
        # Status answers of new containers to successive polls (the last repeats).
        self.container_statuses = ["FINISHED"]
        self.video_statuses = ["IN_PROGRESS", "FINISHED"]
        self.error_message = "FAILED_DOWNLOADING_VIDEO"

    def route_key(self, request: Request) -> str:
        return f"{request.method} {request.path.removeprefix('/' + VERSION)}"

    def dispatch(self, request: Request) -> Response:
        if request.path == "/oauth/authorize":  # the person allows the app on threads.net
            code = f"code-{next(self.ids)}"
            self.codes[code] = f"th-short-{code}"
            return consent_redirect(request, code)
        if request.path == "/oauth/access_token" and request.method == "POST":
            return self._exchange(request.form)
        if request.path in ("/access_token", "/refresh_access_token"):
            return self._long_lived(request)
        params = request.form if request.method == "POST" else request.args
        if params.get("access_token") not in self.valid_tokens:
            return graph_error(190, "Error validating access token: Session has expired", subcode=463)
        version, _, rest = request.path.removeprefix("/").partition("/")
        if version != VERSION:
            return graph_error(100, f"Unknown path components: /{version}")
        parts = rest.split("/")
        if parts == ["me"]:
            return json_response(
                {
                    "id": self.user_id,
                    "username": self.username,
                    "name": "Ada Lovelace",
                    **(
                        {"threads_profile_picture_url": f"{self.avatar_host}/ada-threads.jpg"}
                        if self.avatar_host
                        else {}
                    ),
                }
            )
        if len(parts) == 2 and parts[0] == self.user_id:
            return self._user_edge(parts[1], request)
        if len(parts) == 1 and request.method == "DELETE":
            return self._delete(parts[0])
        if len(parts) == 1 and parts[0] in self.containers:
            container = self.containers[parts[0]]
            container.polls += 1
            body = {"status": container.current, "id": container.id}
            if container.current == "ERROR":
                body["error_message"] = self.error_message
            return json_response(body)
        if len(parts) == 1 and (post := self._post(parts[0])):
            return json_response({"id": post["id"], "permalink": post["permalink"]})
        return missing(parts[-1])

    def _exchange(self, form) -> Response:
        if (form.get("client_id"), form.get("client_secret")) != (self.client_id, self.client_secret):
            return graph_error(101, "Error validating client secret.")
        if form.get("grant_type") != "authorization_code" or form.get("code") not in self.codes:
            return graph_error(100, "Invalid authorization code", subcode=36009)
        short = self.codes.pop(form["code"])
        self.short_tokens.add(short)
        return json_response({"access_token": short, "user_id": int(self.user_id)})

    def _long_lived(self, request: Request) -> Response:
        args = request.args
        exchange = request.path == "/access_token"
        if args.get("grant_type") != ("th_exchange_token" if exchange else "th_refresh_token"):
            return graph_error(100, "Invalid grant_type")
        if exchange and args.get("client_secret") != self.client_secret:
            return graph_error(101, "Error validating client secret.")
        if args.get("access_token") not in (self.short_tokens if exchange else self.valid_tokens):
            return graph_error(190, "Invalid OAuth access token - Cannot parse access token")
        token = "th-long" if exchange else f"th-long-{next(self.ids)}"
        self.valid_tokens.add(token)
        return json_response({"access_token": token, "token_type": "bearer", "expires_in": 5183944})

    def _user_edge(self, edge: str, request: Request) -> Response:
        if edge == "threads_publishing_limit":
            entry: dict = {"quota_usage": self.quota_usage}
            if "config" in request.args.get("fields", "").split(","):
                entry["config"] = {"quota_total": self.quota_total, "quota_duration": 86400}
            return json_response({"data": [entry]})
        if edge == "threads" and request.method == "POST":
            return self._create(request.form)
        if edge == "threads" and request.method == "GET":
            limit = int(request.args.get("limit") or 25)
            return json_response({"data": [self._listed(p) for p in reversed(self.published)][:limit], "paging": {}})
        if edge == "threads_publish" and request.method == "POST":
            return self._publish(request.form.get("creation_id", ""))
        return graph_error(100, "Unsupported request")

    def _create(self, form) -> Response:
        fields = {k: v for k, v in form.items() if k != "access_token"}
        media_type = fields.get("media_type")
        if media_type == "CAROUSEL":
            children = [c for c in fields.get("children", "").split(",") if c]
            if not 2 <= len(children) <= 20 or any(c not in self.containers for c in children):
                return graph_error(100, "The carousel must have between 2 and 20 children.", subcode=4279014)
        elif media_type == "IMAGE" and not fields.get("image_url", "").startswith(("http://", "https://")):
            return graph_error(100, "Param image_url is required for IMAGE containers")
        elif media_type == "VIDEO" and not fields.get("video_url", "").startswith(("http://", "https://")):
            return graph_error(100, "Param video_url is required for VIDEO containers")
        elif media_type == "TEXT" and not fields.get("text"):
            return graph_error(100, "Param text is required for TEXT containers")
        elif media_type not in ("TEXT", "IMAGE", "VIDEO", "CAROUSEL"):
            return graph_error(100, "Param media_type must be one of TEXT, IMAGE, VIDEO, CAROUSEL")
        if len(fields.get("text", "")) > 500:
            return graph_error(100, "Param text must be at most 500 characters long.")
        statuses = list(self.video_statuses if media_type == "VIDEO" else self.container_statuses)
        container = Container(str(next(self.ids)), fields, statuses)
        self.containers[container.id] = container
        return json_response({"id": container.id})

    def _publish(self, creation_id: str) -> Response:
        if self.quota_usage >= self.quota_total:
            return graph_error(4, "Application request limit reached: the profile reached its 250 posts a day")
        container = self.containers.get(creation_id)
        if container is None or container.fields.get("is_carousel_item"):
            return graph_error(24, "The requested resource does not exist", subcode=4279009)
        if container.current != "FINISHED":
            return graph_error(24, "The media is not ready to be published.", subcode=4279009)
        container.statuses, container.polls = ["PUBLISHED"], 0
        self.quota_usage += 1
        media_id = str(next(self.ids))
        self.published.append(
            {
                "id": media_id,
                "container": container.fields,
                "children": [self.containers[c].fields for c in container.fields.get("children", "").split(",") if c],
                "timestamp": datetime.now(tz=UTC).strftime("%Y-%m-%dT%H:%M:%S+0000"),
                "permalink": f"https://www.threads.net/@{self.username}/post/C{media_id[-8:]}",
            }
        )
        return json_response({"id": media_id})

    def _post(self, media_id: str) -> dict | None:
        return next((post for post in self.published if post["id"] == media_id), None)

    @staticmethod
    def _listed(post: dict) -> dict:
        listed = {"id": post["id"], "timestamp": post["timestamp"], "permalink": post["permalink"]}
        if post["container"].get("text"):
            listed["text"] = post["container"]["text"]
        return listed

    def _delete(self, media_id: str) -> Response:
        if self._post(media_id) is None:
            return missing(media_id)
        self.published = [post for post in self.published if post["id"] != media_id]
        return json_response({"success": True})
