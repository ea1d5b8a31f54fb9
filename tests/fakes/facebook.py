"""Fake of the Graph API for Facebook Pages: Facebook Login's token exchanges, the Pages a
person granted (`/me/accounts`), and a Page's feed, photos and videos.

Shapes from Meta's reference (checked 2026-12-01): the code exchange `GET /{v}/oauth/access_token`
(`client_id`, `redirect_uri`, `client_secret`, `code`) and the long-lived exchange
(`grant_type=fb_exchange_token`, `fb_exchange_token`) answer `{"access_token", "token_type":
"bearer", "expires_in"}`; a used or wrong code answers 400 code 100 subcode 36009 "This
authorization code has been used." `/me/accounts` lists `{"id", "name", "access_token",
"category", "tasks", "picture": {"data": {"url"}}}` with `paging.cursors` and a `next` URL
while more remain. `POST /{page-id}/feed` (`message`, `link`, `attached_media[n]`) answers
`{"id": "{page-id}_{post-id}"}`; `POST /{page-id}/photos` answers `{"id", "post_id"}`, or only
`{"id"}` with `published=false`; `POST /{page-id}/videos` (on graph-video, `source`,
`description`) answers `{"id"}`. `GET /{id}?fields=permalink_url`: a post's is a full URL, a
video's is relative ("/{page}/videos/{id}/"). `GET /{page-id}/published_posts` lists newest
first with `created_time` as "2026-12-01T10:00:00+0000". `DELETE /{id}` answers `{"success": true}`.

Errors are Graph errors (`tests.fakes.instagram.graph_error`): an unknown or revoked token 400
code 190 (subcode 460 after a password change, 463 expired); a Page token without
pages_manage_posts 403 code 200 "(#200) If posting to a page, requires both
pages_read_engagement and pages_manage_posts permission"; an app without the permission
approved 400 code 10 "(#10) Application does not have permission for this action"; the Page's
rate limit 400 code 80001 "There have been too many calls to this Page account. Wait a bit and
try again." with `X-Business-Use-Case-Usage` (`estimated_time_to_regain_access` in minutes);
a missing object 400 code 100 subcode 33 "Unsupported get request. Object with ID '...' does
not exist, cannot be loaded due to missing permissions, or does not support this operation."
"""

import itertools
import json
from datetime import UTC, datetime

from werkzeug import Request, Response

from tests.fakes.instagram import graph_error
from tests.fakes.server import FakeAPI, consent_redirect, json_response

VERSIONS = ("v24.0", "v25.0", "v26.0", "v27.0")
VIDEO_HOST = "/video-host"


def missing(object_id: str) -> Response:
    return graph_error(
        100,
        f"Unsupported get request. Object with ID '{object_id}' does not exist, cannot be loaded due to missing "
        "permissions, or does not support this operation. Please read the Graph API documentation",
        subcode=33,
    )


class FakeFacebook(FakeAPI):
    client_id = "fb-app"
    client_secret = "fb-secret"
    user_id = "10160000000000001"

    def __init__(self) -> None:
        super().__init__()
        self.base_url = ""
        self.ids = itertools.count(900000000000001)
        self.codes = {"good-code": "fb-short"}
        self.short_tokens: set[str] = set()
        self.user_tokens = {"fb-long-user"}
        self.pages = {
            "101000000000001": {"name": "Ada's Bakery", "username": "adasbakery", "token": "page-token-bakery"},
            "101000000000002": {"name": "Ada Codes", "username": "", "token": "page-token-codes"},
            # A Page where the person may only moderate: not one to publish to.
            "101000000000003": {
                "name": "Village Fete",
                "username": "",
                "token": "page-token-fete",
                "tasks": ["MODERATE"],
            },
        }
        self.page_size = 100
        # Where profile pictures live; empty: the network sends none (a browser cannot load the example host).
        self.avatar_host = "https://scontent.example"
        self.objects: dict[str, dict] = {}  # posts, photos and videos by id
        self.posts: list[dict] = []
        # Page tokens without pages_manage_posts (the person unticked it), and whether the app has it at all.
        self.without_manage_posts: set[str] = set()
        self.app_lacks_permission = False
        self.page_rate_limited_minutes = 0

    def route_key(self, request: Request) -> str:
        path = request.path.removeprefix(VIDEO_HOST)
        for version in VERSIONS:
            path = path.removeprefix("/" + version)
        return f"{request.method} {path}"

    @property
    def page_tokens(self) -> dict[str, str]:
        return {page["token"]: page_id for page_id, page in self.pages.items()}

    def dispatch(self, request: Request) -> Response:
        path = request.path.removeprefix(VIDEO_HOST)
        version, _, rest = path.removeprefix("/").partition("/")
        if version not in VERSIONS:
            return graph_error(2635, f"(#2635) Graph API version {version} does not exist or is deprecated")
        params = request.form if request.method == "POST" else request.args
        if rest == "dialog/oauth":  # the Facebook Login dialog, the person granting every Page
            code = f"code-{next(self.ids)}"
            self.codes[code] = f"fb-short-{code}"
            return consent_redirect(request, code)
        if rest == "oauth/access_token":
            return self._exchange(request.args)
        token = params.get("access_token", "")
        if rest == "me" and token in self.user_tokens:
            return json_response({"id": self.user_id, "name": "Ada Lovelace"})
        if rest == "me/accounts" and token in self.user_tokens:
            return self._accounts(request.args)
        page_id = self.page_tokens.get(token)
        if page_id is None:
            return graph_error(
                190,
                "Error validating access token: The session has been invalidated because the "
                "user changed their password or Facebook has changed the session for security "
                "reasons.",
                subcode=460,
            )
        if self.page_rate_limited_minutes:
            usage = {
                page_id: [
                    {
                        "type": "pages",
                        "call_count": 100,
                        "total_cputime": 40,
                        "total_time": 60,
                        "estimated_time_to_regain_access": self.page_rate_limited_minutes,
                    }
                ]
            }
            return json_response(
                {
                    "error": {
                        "message": "There have been too many calls to this Page account. Wait a bit and try again.",
                        "type": "OAuthException",
                        "code": 80001,
                        "is_transient": False,
                        "fbtrace_id": "AbC",
                    }
                },
                400,
                headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
            )
        parts = rest.split("/")
        if len(parts) == 2 and parts[0] == page_id:
            return self._page_edge(page_id, parts[1], request)
        if len(parts) == 1 and request.method == "DELETE":
            return self._delete(page_id, parts[0])
        if len(parts) == 1 and request.method == "GET":
            return self._read(page_id, parts[0], request.args)
        return graph_error(100, f"Unsupported {request.method.lower()} request.", subcode=33)

    def _exchange(self, args) -> Response:
        if (args.get("client_id"), args.get("client_secret")) != (self.client_id, self.client_secret):
            return graph_error(101, "Error validating client secret.", type="OAuthException")
        if args.get("grant_type") == "fb_exchange_token":
            if args.get("fb_exchange_token") not in self.short_tokens:
                return graph_error(190, "Invalid OAuth access token - Cannot parse access token")
            return json_response({"access_token": "fb-long-user", "token_type": "bearer", "expires_in": 5183944})
        if args.get("code") not in self.codes or not args.get("redirect_uri"):
            return graph_error(100, "This authorization code has been used.", subcode=36009)
        short = self.codes.pop(args["code"])
        self.short_tokens.add(short)
        return json_response({"access_token": short, "token_type": "bearer", "expires_in": 5183944})

    def _accounts(self, args) -> Response:
        start = int(args.get("after") or 0)
        limit = min(int(args.get("limit") or 25), self.page_size)
        ids = list(self.pages)[start : start + limit]
        data = [
            {
                "id": page_id,
                "name": self.pages[page_id]["name"],
                "access_token": self.pages[page_id]["token"],
                "category": "Bakery",
                "tasks": self.pages[page_id].get(
                    "tasks", ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"]
                ),
                **({"picture": {"data": {"url": f"{self.avatar_host}/{page_id}.jpg"}}} if self.avatar_host else {}),
                **({"username": self.pages[page_id]["username"]} if self.pages[page_id]["username"] else {}),
            }
            for page_id in ids
        ]
        paging: dict = {"cursors": {"before": str(start), "after": str(start + len(ids))}}
        if start + len(ids) < len(self.pages):
            version = VERSIONS[0]
            paging["next"] = (
                f"{self.base_url}/{version}/me/accounts?access_token={args.get('access_token')}"
                f"&fields={args.get('fields', '')}&limit={limit}&after={start + len(ids)}"
            )
        return json_response({"data": data, "paging": paging})

    def _may_post(self, token: str) -> Response | None:
        if self.app_lacks_permission:
            return graph_error(10, "(#10) Application does not have permission for this action")
        if token in self.without_manage_posts:
            return graph_error(
                200,
                "(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts permission "
                "with page token; If posting to a user, requires the publish_to_groups permission",
                status=403,
            )
        return None

    def _page_edge(self, page_id: str, edge: str, request: Request) -> Response:
        if edge == "published_posts" and request.method == "GET":
            limit = int(request.args.get("limit") or 25)
            newest = [post for post in reversed(self.posts) if post["page"] == page_id][:limit]
            return json_response({"data": [self._listed(post) for post in newest], "paging": {"cursors": {}}})
        if request.method != "POST" or edge not in ("feed", "photos", "videos"):
            return graph_error(100, "Unsupported request")
        if refused := self._may_post(request.form.get("access_token", "")):
            return refused
        form = request.form
        if edge == "feed":
            attached = [
                json.loads(form[key])["media_fbid"] for key in sorted(form) if key.startswith("attached_media[")
            ]
            if not form.get("message") and not form.get("link") and not attached:
                return graph_error(100, "(#100) Requires one of the params: message, link, attached_media")
            if any(self.objects.get(photo, {}).get("published", True) for photo in attached):
                return graph_error(100, "(#100) attached_media must be unpublished photos of this Page")
            post = self._new_post(page_id, message=form.get("message", ""), link=form.get("link", ""), photos=attached)
            return json_response({"id": post["id"]})
        if "source" not in request.files and "url" not in form:
            return graph_error(324, "(#324) Requires upload file")
        upload = request.files.get("source")
        media = {
            "bytes": upload.read() if upload else b"",
            "filename": upload.filename if upload else "",
            "mime": upload.mimetype if upload else "",
        }
        object_id = str(next(self.ids))
        if edge == "videos":
            if not request.path.startswith(VIDEO_HOST):
                return graph_error(6000, "There was a problem uploading your video file. Please try again.")
            self.objects[object_id] = {"kind": "video", "page": page_id, **media}
            self._new_post(page_id, message=form.get("description", ""), video=object_id)
            return json_response({"id": object_id})
        published = form.get("published", "true") != "false"
        self.objects[object_id] = {"kind": "photo", "page": page_id, "published": published, **media}
        if not published:
            return json_response({"id": object_id})
        post = self._new_post(page_id, message=form.get("message", ""), photos=[object_id])
        return json_response({"id": object_id, "post_id": post["id"]})

    def _new_post(self, page_id: str, *, message: str, link: str = "", photos=(), video: str = "") -> dict:
        post_id = f"{page_id}_{next(self.ids)}"
        post = {
            "id": post_id,
            "page": page_id,
            "message": message,
            "link": link,
            "photos": list(photos),
            "video": video,
            "created_time": datetime.now(tz=UTC).strftime("%Y-%m-%dT%H:%M:%S+0000"),
        }
        self.posts.append(post)
        self.objects[post_id] = {"kind": "post", "page": page_id}
        return post

    @staticmethod
    def _permalink(object_id: str, kind: str, page_id: str) -> str:
        if kind == "video":
            return f"/{page_id}/videos/{object_id}/"
        return f"https://www.facebook.com/{page_id}/posts/{object_id.rsplit('_', 1)[-1]}"

    def _listed(self, post: dict) -> dict:
        listed = {
            "id": post["id"],
            "created_time": post["created_time"],
            "permalink_url": self._permalink(post["id"], "post", post["page"]),
        }
        if post["message"]:
            listed["message"] = post["message"]  # absent, not empty, without one
        return listed

    def _read(self, page_id: str, object_id: str, args) -> Response:
        found = self.objects.get(object_id)
        if found is None or found["page"] != page_id:
            return missing(object_id)
        fields = set((args.get("fields") or "id").split(",")) | {"id"}
        answer = {"id": object_id, "permalink_url": self._permalink(object_id, found["kind"], page_id)}
        return json_response({key: value for key, value in answer.items() if key in fields})

    def _delete(self, page_id: str, object_id: str) -> Response:
        found = self.objects.get(object_id)
        if found is None or found["page"] != page_id:
            return missing(object_id)
        del self.objects[object_id]
        self.posts = [post for post in self.posts if post["id"] != object_id and post["video"] != object_id]
        return json_response({"success": True})
