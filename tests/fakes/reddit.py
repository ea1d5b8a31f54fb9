"""Fake of Reddit's OAuth and API as PRAW uses them: the token endpoint, /api/v1/me,
subreddit listings, the media upload lease, /api/submit and the media websocket.

PRAW is pointed here through `reddit_url` (the token endpoint) and `oauth_url`
(the API). Media posts take the documented detour: an upload lease
(`/api/media/asset.json`), a POST of the file to the lease's https host
(served by `responses`, as PRAW hard-codes the https scheme there), then
`/api/submit` answers with a `websocket_url` over which the post's link
arrives (a tiny websocket server here).

Answers as the PRAW and prawcore cassettes record them: listings are
`{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {...}}]}}`;
submit errors are `{"json": {"errors": [[code, message, field]]}}`; other
errors are `{"message", "error"}` bodies with the HTTP status.
"""

import base64
import hashlib
import itertools
import json
import math
import re
import socket
import threading
import time
from dataclasses import dataclass, field

import responses
from werkzeug import Request, Response
from werkzeug.test import EnvironBuilder

from tests.fakes.server import FakeAPI, fake_port, json_response

UPLOAD_HOST = "reddit-uploads-fake.s3.amazonaws.example"
_WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def post(post_id: str, title: str, *, score: int, comments: int, subreddit: str = "python", **extra) -> dict:
    """One listing entry (`t3`) with the fields a listing carries."""
    return {
        "kind": "t3",
        "data": {
            "id": post_id,
            "name": f"t3_{post_id}",
            "title": title,
            "score": score,
            "ups": score,
            "downs": 0,
            "num_comments": comments,
            "upvote_ratio": 0.9,
            "permalink": f"/r/{subreddit}/comments/{post_id}/slug/",
            "url": f"https://example.com/{post_id}",
            "subreddit": subreddit,
            "author": "someone",
            "created_utc": 1_790_000_000.0,
            "stickied": False,
            "over_18": False,
            "is_self": False,
            **extra,
        },
    }


def listing(*posts: dict, after: str | None = None) -> dict:
    return {
        "kind": "Listing",
        "data": {
            "after": after,
            "dist": len(posts),
            "modhash": "",
            "geo_filter": "",
            "children": list(posts),
            "before": None,
        },
    }


def s3_error(code: str, message: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>'


def submit_errors(*errors: tuple[str, str, str | None]) -> Response:
    """`/api/submit`'s refusal: HTTP 200 with `json.errors` of [code, message, field]."""
    return json_response({"json": {"errors": [list(error) for error in errors]}})


@dataclass
class Community:
    """A subreddit as the fake serves it: its listings and what it refuses.

    `access`: "public"; "private" (listings 403, submit SUBREDDIT_NOTALLOWED);
    "banned" (listings 404, submit SUBREDDIT_NOTALLOWED). `posts`: "any",
    "self" (a link is NO_LINKS) or "link" (a text post is NO_SELFS). A title
    holding one of `title_blacklist` is refused by the submit validation
    (PRAW sends validate_on_submit): HTTP 400 with a `reason`.
    """

    name: str
    hot: list[dict] = field(default_factory=list)
    rising: list[dict] = field(default_factory=list)
    access: str = "public"
    posts: str = "any"
    title_blacklist: tuple[str, ...] = ()


class WebSocketAnnouncer:
    """Accepts websocket connections and sends each one JSON message: the media post's outcome."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", fake_port(1)))
        self.sock.listen()
        self.messages: dict[str, dict] = {}
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"ws://127.0.0.1:{self.sock.getsockname()[1]}"

    def close(self) -> None:
        # shutdown wakes the thread blocked in accept(), so the port is free for the next test
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                request = conn.recv(65536).decode()
                path = request.split(" ", 2)[1].split("?", 1)[0]
                key = re.search(r"Sec-WebSocket-Key: (\S+)", request, re.IGNORECASE).group(1)
                accept = base64.b64encode(hashlib.sha1((key + _WS_GUID).encode()).digest()).decode()  # noqa: S324
                conn.sendall(
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
                )
                message = self.messages.get(path)
                if message is None:
                    continue  # close without a message: the client sees a websocket error
                payload = json.dumps(message).encode()
                header = (
                    bytes([0x81, len(payload)])
                    if len(payload) < 126
                    else bytes([0x81, 126]) + len(payload).to_bytes(2, "big")
                )
                conn.sendall(header + payload)


class FakeReddit(FakeAPI):
    client_id = "rd-client"
    client_secret = "rd-secret"
    username = "ada_posts"
    redirect_uri = "http://testserver/api/v1/social-accounts/callback/reddit/"

    def __init__(self, websocket: WebSocketAnnouncer | None = None) -> None:
        super().__init__()
        self.websocket = websocket
        self.ids = itertools.count(1000)
        self.codes = {"good-code"}
        self.refresh_tokens = {"rd-refresh"}
        self.scopes: dict[str, str] = {}  # refresh token -> the scopes it was granted (default: identity submit)
        self.access_tokens: dict[str, str] = {}  # access token -> its scopes
        self.communities = {name: Community(name) for name in ("test", "python")}
        self.uploads: dict[str, bytes] = {}  # asset id (the S3 key) -> the file's bytes
        self.leases: dict[str, int] = {}  # asset id -> the most bytes its policy allows
        # The leases' content-length-range in the cassettes: 20 MiB images, 100 MiB GIFs, 2 GiB videos.
        self.max_upload_bytes = {"image": 20 * 1024**2, "gif": 100 * 1024**2, "video": 2 * 1024**3}
        self.upload_failure: tuple[int, str, str] | None = None  # (status, S3 code, message)
        self.submissions: list[dict] = []
        self.media_outcome = "success"
        # The API's rate-limit window (100 requests a minute per client id, counted over 10
        # minutes, since July 2023; the recent cassettes start at "999.0"): every API answer
        # carries x-ratelimit-remaining (a float, "599.0"), -used and -reset (seconds until the
        # window ends, not an epoch); once nothing remains, requests answer 429 (without
        # Retry-After) until the window ends.
        self.ratelimit_window(remaining=1000, seconds=600)

    def ratelimit_window(self, *, remaining: int, seconds: float) -> None:
        """Start a rate-limit window of `seconds` with `remaining` requests left in it."""
        self.ratelimit_remaining = float(remaining)
        self.ratelimit_used = 0
        self.ratelimit_ends = time.monotonic() + seconds

    def community(self, name: str) -> Community:
        return self.communities.setdefault(name, Community(name))

    def dispatch(self, request: Request) -> Response:
        if request.path == "/api/v1/access_token":
            return self._token(request)
        if time.monotonic() >= self.ratelimit_ends:
            self.ratelimit_window(remaining=1000, seconds=600)
        if self.ratelimit_remaining <= 0:
            response = json_response({"message": "Too Many Requests", "error": 429}, 429)
        else:
            self.ratelimit_remaining -= 1
            self.ratelimit_used += 1
            response = self._api(request)
        response.headers["x-ratelimit-remaining"] = f"{self.ratelimit_remaining:.1f}"
        response.headers["x-ratelimit-used"] = str(self.ratelimit_used)
        response.headers["x-ratelimit-reset"] = str(math.ceil(self.ratelimit_ends - time.monotonic()))
        return response

    def _api(self, request: Request) -> Response:
        scopes = self.access_tokens.get(request.headers.get("Authorization", "").removeprefix("bearer "))
        if scopes is None:
            return Response(
                '{"message": "Unauthorized", "error": 401}',
                status=401,
                headers={"www-authenticate": 'Bearer realm="reddit", error="invalid_token"'},
                content_type="application/json; charset=UTF-8",
            )
        # Reddit's OAuth scopes per endpoint (reddit.com/dev/api/oauth): /api/info needs `read`,
        # a user's submitted listing `history`.
        needed = {
            "/api/v1/me": "identity",
            "/api/submit/": "submit",
            "/api/media/asset.json": "submit",
            "/api/info/": "read",
        }
        if re.fullmatch(r"/user/[^/]+/submitted/?", request.path):
            needed[request.path] = "history"
        if request.path in needed and needed[request.path] not in scopes.split() and scopes != "*":
            # As the prawcore cassette test_request__with_insufficient_scope records it.
            return json_response(
                {"error": 403}, 403, {"www-authenticate": 'Bearer realm="reddit", error="insufficient_scope"'}
            )
        if request.path == "/api/v1/me":
            return json_response(
                {"name": self.username, "id": "abc12", "icon_img": "https://styles.redditmedia.example/ada.png"}
            )
        if request.path == "/api/media/asset.json":
            return self._lease(request)
        if request.path == "/api/submit/":
            return self._submit(request.form)
        if request.path == "/api/info/":
            return self._info(request.args.get("id", ""))
        if match := re.fullmatch(r"/user/([^/]+)/submitted/?", request.path):
            return self._submitted(match.group(1), min(int(request.args.get("limit", 25)), 100))
        if match := re.fullmatch(r"/r/([^/]+)/(hot|rising)", request.path):
            return self._listing(match.group(1), match.group(2), min(int(request.args.get("limit", 25)), 100))
        return json_response({"message": "Not Found", "error": 404}, 404)

    def _info(self, fullnames: str) -> Response:
        """GET /api/info?id=t3_...: a listing of the things that exist; an unknown id is left out
        (a removed or deleted post stays, marked by `removed_by_category`)."""
        wanted = {name.removeprefix("t3_") for name in fullnames.split(",")}
        return json_response(listing(*(self._thing(s) for s in self.submissions if s["id"] in wanted)))

    def _submitted(self, user: str, limit: int) -> Response:
        """GET /user/{name}/submitted?sort=new: the user's posts, newest first."""
        mine = [s for s in self.submissions if user.lower() == self.username.lower()]
        newest = sorted(mine, key=lambda s: s["created_utc"], reverse=True)[:limit]
        return json_response(listing(*(self._thing(s) for s in newest)))

    def _thing(self, submission: dict) -> dict:
        removed = submission["removed_by_category"]
        return post(
            submission["id"],
            submission["title"],
            score=1,
            comments=0,
            subreddit=submission["sr"],
            author="[deleted]" if removed == "deleted" else self.username,
            created_utc=submission["created_utc"],
            removed_by_category=removed,
            selftext=submission["text"] or "",
            is_self=submission["kind"] == "self",
        )

    def _token(self, request: Request) -> Response:
        """The token endpoint as prawcore's cassettes record it (TestAuthorizer.*)."""
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {basic}":
            # The app's own credentials are wrong: 401 with a Basic challenge, for any grant.
            return json_response(
                {"message": "Unauthorized", "error": 401}, 401, {"WWW-Authenticate": 'Basic realm="reddit"'}
            )
        form = request.form
        grant = form.get("grant_type")
        refresh = None
        if grant == "authorization_code":
            if not form.get("code"):
                return json_response({"error": "invalid_request"})
            # A bad, used or expired code, or another redirect_uri than the app's: 200 with an error.
            if form["code"] not in self.codes or form.get("redirect_uri") != self.redirect_uri:
                return json_response({"error": "invalid_grant"})
            self.codes.discard(form["code"])
            refresh = f"rd-refresh-{next(self.ids)}"
            self.refresh_tokens.add(refresh)
        elif grant == "refresh_token":
            if form.get("refresh_token") not in self.refresh_tokens:
                # A revoked or invalid refresh token: HTTP 400 and a bare status as the error.
                return json_response({"error": 400}, 400)
            refresh = form["refresh_token"]  # answered back, as the 2021+ cassettes show
        elif grant != "client_credentials":
            return json_response({"error": "unsupported_grant_type"})
        # Listings need `read`; an app-only token has every scope ("*", as the cassettes show).
        scope = "*" if grant == "client_credentials" else self.scopes.get(refresh, "identity submit")
        token = f"rd-access-{next(self.ids)}"
        self.access_tokens[token] = scope
        body = {"access_token": token, "token_type": "bearer", "expires_in": 86400, "scope": scope}
        if refresh:
            body["refresh_token"] = refresh
        return json_response(body)

    def _listing(self, name: str, kind: str, limit: int) -> Response:
        community = self.communities.get(name)
        if community is None:
            return Response("", status=302, headers={"Location": f"/subreddits/search?q={name}"})
        if community.access == "private":
            return json_response({"reason": "private", "message": "Forbidden", "error": 403}, 403)
        if community.access == "banned":
            return json_response({"reason": "banned", "message": "Not Found", "error": 404}, 404)
        # Stickied posts come on top of the `limit` others (hot?limit=100 answered 102 children).
        posts = getattr(community, kind)
        stickied = [p for p in posts if p["data"].get("stickied")]
        others = [p for p in posts if not p["data"].get("stickied")]
        page = others[:limit]
        after = page[-1]["data"]["name"] if len(others) > limit else None
        return json_response(listing(*stickied, *page, after=after))

    def _lease(self, request: Request) -> Response:
        """An S3 POST policy for one file, keyed by its asset id (as the 2023+ cassettes show)."""
        asset_id = f"{next(self.ids):x}cnrb1"
        mimetype = request.form.get("mimetype", "")
        kind = "gif" if mimetype == "image/gif" else mimetype.partition("/")[0]
        self.leases[asset_id] = self.max_upload_bytes.get(kind, 0)
        policy = {
            "expiration": "2026-12-01T20:09:53.402Z",
            "conditions": [["eq", "$key", asset_id], ["content-length-range", 1, self.leases[asset_id]]],
        }
        return json_response(
            {
                "args": {
                    "action": f"//{UPLOAD_HOST}",
                    "fields": [
                        {"name": "x-amz-algorithm", "value": "AWS4-HMAC-SHA256"},
                        {"name": "key", "value": asset_id},
                        {"name": "success_action_status", "value": "201"},
                        {"name": "acl", "value": "private"},
                        {"name": "policy", "value": base64.b64encode(json.dumps(policy).encode()).decode()},
                        {"name": "Content-Type", "value": mimetype},
                    ],
                },
                "asset": {
                    "asset_id": asset_id,
                    "processing_state": "incomplete",
                    "payload": {"filepath": request.form.get("filepath")},
                    "websocket_url": self._websocket_url(asset_id),
                },
            }
        )

    def _websocket_url(self, asset_id: str) -> str:
        return f"{self.websocket.base_url if self.websocket else 'wss://ws.example'}/{asset_id}?m=AQAA5dAZZc7F"

    def receive_upload(self, prepared) -> tuple:  # a `responses` callback for the upload host
        """S3's answer to the form POST: 201 with an XML PostResponse, or an XML error."""
        request = EnvironBuilder(method="POST", headers=dict(prepared.headers), data=prepared.body or b"").get_request()
        key, upload = request.form.get("key", ""), request.files.get("file")
        data = upload.read() if upload else b""
        if self.upload_failure:
            status, code, message = self.upload_failure
            return status, {"Content-Type": "application/xml"}, s3_error(code, message)
        if key not in self.leases:
            return 403, {"Content-Type": "application/xml"}, s3_error("AccessDenied", "Invalid according to Policy")
        if len(data) > self.leases[key]:
            # S3's answer to a POST beyond the policy's content-length-range; PRAW reads these four tags.
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>EntityTooLarge</Code>'
                "<Message>Your proposed upload exceeds the maximum allowed size</Message>"
                f"<ProposedSize>{len(data)}</ProposedSize><MaxSizeAllowed>{self.leases[key]}</MaxSizeAllowed>"
                "<RequestId>HMQGC7M0WDQBMGSS</RequestId><HostId>HvfmisKKjJgX</HostId></Error>"
            )
            return 400, {"Content-Type": "application/xml"}, body
        self.uploads[key] = data
        location = f"https://{UPLOAD_HOST}/{key}"
        return (
            201,
            {"Content-Type": "application/xml", "Location": location, "ETag": '"ea541e30b0bf451a2e15e08177af1a6f"'},
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<PostResponse><Location>{location}</Location><Bucket>reddit-uploaded-media</Bucket>"
            f'<Key>{key}</Key><ETag>"ea541e30b0bf451a2e15e08177af1a6f"</ETag></PostResponse>',
        )

    def _submit(self, form) -> Response:
        # Messages of reddit's r2/lib/errors.py; the checks in the order of its POST_submit.
        sr, title, kind = form.get("sr"), form.get("title", ""), form.get("kind")
        community = self.communities.get(sr)
        if community is None:
            return submit_errors(("SUBREDDIT_NOEXIST", "that subreddit doesn't exist", "sr"))
        if community.access != "public":
            return submit_errors(("SUBREDDIT_NOTALLOWED", "you aren't allowed to post there.", "sr"))
        if kind == "link" and community.posts == "self":
            return submit_errors(("NO_LINKS", "that subreddit only allows text posts", "sr"))
        if kind == "self" and community.posts == "link":
            return submit_errors(("NO_SELFS", "that subreddit doesn't allow text posts", "sr"))
        if not title:
            return submit_errors(("NO_TEXT", "we need something here", "title"))
        if len(title) > 300:
            return submit_errors(("TOO_LONG", "this is too long (max: 300)", "title"))
        if kind == "self" and len(form.get("text", "")) > 40000:  # Link.SELFTEXT_MAX_LENGTH
            return submit_errors(("TOO_LONG", "this is too long (max: 40000)", "text"))
        if form.get("validate_on_submit") == "True":
            for word in community.title_blacklist:
                if word in title:
                    # As the cassette TestSubreddit.test_submit__verify_invalid records it.
                    return json_response(
                        {
                            "fields": ["title"],
                            "explanation": f'You may not have "{word}" in your title. ',
                            "error_type": "SUBMIT_VALIDATION_ERROR",
                            "message": "Bad Request",
                            "reason": "SUBMIT_VALIDATION_TITLE_BLACKLISTED_STRING",
                        },
                        400,
                    )
        if kind in ("image", "video"):
            key = form.get("url", "").split(f"{UPLOAD_HOST}/", 1)[-1]
            if key not in self.uploads:
                return submit_errors(("BAD_URL", "you should check that url", "url"))
        post_id = f"t{next(self.ids)}"
        self.submissions.append(
            {
                "id": post_id,
                "sr": sr,
                "title": title,
                "kind": kind,
                "text": form.get("text"),
                "url": form.get("url"),
                "created_utc": time.time(),
                # Set by a test: "deleted" (by its author) or "moderator" (removed), as Reddit marks them.
                "removed_by_category": None,
            }
        )
        url = f"https://www.reddit.com/r/{sr}/comments/{post_id}/slug/"
        if kind in ("image", "video"):
            # The post's link comes over the websocket of the media's asset (its S3 key).
            if self.media_outcome == "success":
                self.websocket.messages[f"/{key}"] = {"type": "success", "payload": {"redirect": url}}
            elif self.media_outcome == "failed":
                self.websocket.messages[f"/{key}"] = {"type": "failed", "payload": {}}
            return json_response(
                {
                    "json": {
                        "errors": [],
                        "data": {
                            "user_submitted_page": f"https://www.reddit.com/user/{self.username}/submitted/",
                            "websocket_url": self._websocket_url(key),
                        },
                    }
                }
            )
        return json_response(
            {"json": {"errors": [], "data": {"url": url, "drafts_count": 0, "id": post_id, "name": f"t3_{post_id}"}}}
        )


def serve_uploads(fake: FakeReddit, mock: responses.RequestsMock) -> None:
    mock.add_callback("POST", f"https://{UPLOAD_HOST}", callback=fake.receive_upload)
    mock.add_passthru(re.compile(r"http://(127\.0\.0\.1|localhost)[:/]"))
