"""Fake of the X API v2: OAuth 2.0 with PKCE, users/me, v2 media upload, `POST /2/tweets`
and recent post counts (`GET /2/tweets/counts/recent`, app-only bearer token).

tweepy hard-codes https://api.twitter.com, so this fake is served through
`responses` (requests' transport is replaced; tweepy's own code still runs).
Answers follow the v2 shapes: `{"data": {...}}`, problem details
`{"title", "detail", "type", "status"}` for errors, `x-rate-limit-*` headers.
"""

import base64
import hashlib
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import requests
import responses
from twitter_text import parse_tweet
from werkzeug import Request, Response
from werkzeug.test import EnvironBuilder

from tests.fakes.server import FakeAPI, json_response


def problem(status: int, title: str, detail: str, kind: str = "about:blank") -> Response:
    return json_response({"title": title, "detail": detail, "type": kind, "status": status}, status)


class FakeX(FakeAPI):
    client_id = "x-client"
    client_secret = "x-secret"
    user_id = "2244994945"
    username = "ada_codes"

    def __init__(self) -> None:
        super().__init__()
        self.ids = itertools.count(1850000000000000001)
        self.tokens = {"x-token"}
        # App-only bearer tokens (the trend source's); recent counts accept them.
        self.app_tokens = {"x-app-bearer"}
        # Hourly post counts per search query, oldest first; an unknown query counts nothing.
        self.post_counts: dict[str, list[int]] = {}
        self.refresh_tokens: set[str] = set()
        self.pending_codes: dict[str, str] = {}  # code -> code_challenge
        self.media: dict[str, dict] = {}
        self.tweets: list[dict] = []
        self.video_states = ["succeeded"]
        # Route key -> exception raised before the request arrives (unreachable),
        # or after it was handled (the answer was lost); each fires once.
        self.unreachable: dict[str, Exception] = {}
        self.lose_answer: dict[str, Exception] = {}

    # --- the browser half of OAuth: the user consents and X redirects with a code
    def consent(self, code_challenge: str) -> str:
        code = f"x-code-{next(self.ids)}"
        self.pending_codes[code] = code_challenge
        return code

    def dispatch(self, request: Request) -> Response:
        if request.path == "/2/oauth2/token":
            return self._token(request)
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if request.path == "/2/tweets/counts/recent" and request.method == "GET" and bearer in self.app_tokens:
            return self._counts(request)
        if bearer not in self.tokens:
            return problem(401, "Unauthorized", "Unauthorized", "about:blank")
        if request.path == "/2/users/me":
            return json_response(
                {
                    "data": {
                        "id": self.user_id,
                        "name": "Ada",
                        "username": self.username,
                        "profile_image_url": "https://pbs.twimg.example/ada.jpg",
                    }
                }
            )
        if request.path == "/2/tweets" and request.method == "POST":
            return self._tweet(request.get_json(silent=True) or {})
        if request.path.startswith("/2/media/upload"):
            return self._media(request)
        return problem(404, "Not Found Error", "Not found")

    def _token(self, request: Request) -> Response:
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {basic}":
            return json_response(
                {"error": "unauthorized_client", "error_description": "Missing valid authorization header"}, 401
            )
        form = request.form
        if form.get("grant_type") == "authorization_code":
            challenge = self.pending_codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if challenge is None or challenge != expected:
                return json_response(
                    {
                        "error": "invalid_request",
                        "error_description": "Value passed for the authorization code was invalid.",
                    },
                    400,
                )
        elif form.get("grant_type") == "refresh_token":
            if form.get("refresh_token") not in self.refresh_tokens:
                return json_response(
                    {"error": "invalid_request", "error_description": "Value passed for the token was invalid."}, 400
                )
            self.refresh_tokens.discard(form["refresh_token"])  # X rotates refresh tokens
        else:
            return json_response({"error": "unsupported_grant_type"}, 400)
        token, refresh = f"x-token-{next(self.ids)}", f"x-refresh-{next(self.ids)}"
        self.tokens.add(token)
        self.refresh_tokens.add(refresh)
        return json_response(
            {
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": token,
                "scope": "tweet.read tweet.write users.read media.write offline.access",
                "refresh_token": refresh,
            }
        )

    def _tweet(self, body: dict) -> Response:
        text = body.get("text", "")
        if not parse_tweet(text).valid and not body.get("media"):
            return problem(
                400,
                "Invalid Request",
                "Your Tweet text is too long or empty.",
                "https://api.twitter.com/2/problems/invalid-request",
            )
        media_ids = (body.get("media") or {}).get("media_ids", [])
        if any(self.media.get(m, {}).get("state") != "succeeded" for m in media_ids):
            return problem(
                400,
                "Invalid Request",
                "Your media IDs are invalid.",
                "https://api.twitter.com/2/problems/invalid-request",
            )
        if any(t["text"] == text for t in self.tweets):
            return problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
        tweet = {"id": str(next(self.ids)), "text": text, "media_ids": media_ids}
        self.tweets.append(tweet)
        return json_response({"data": {"id": tweet["id"], "text": text, "edit_history_tweet_ids": [tweet["id"]]}}, 201)

    def _counts(self, request: Request) -> Response:
        hourly = self.post_counts.get(request.args.get("query", ""), [0] * (7 * 24 + 1))
        # As recorded: hourly buckets, oldest first; the last one ends now.
        now = datetime.now(tz=UTC).replace(microsecond=0)
        hour = now.replace(minute=0, second=0)
        buckets = []
        for back, count in enumerate(reversed(hourly)):
            start = hour - timedelta(hours=back)
            end = now if back == 0 else start + timedelta(hours=1)
            buckets.append({"end": _stamp(end), "start": _stamp(start), "tweet_count": count})
        return json_response({"data": buckets[::-1], "meta": {"total_tweet_count": sum(hourly)}})

    def _media(self, request: Request) -> Response:
        parts = request.path.removeprefix("/2/media/upload").strip("/").split("/")
        if parts == [""] and request.method == "POST":
            upload = request.files.get("media")
            if upload is None or request.form.get("media_category") != "tweet_image":
                return problem(400, "Invalid Request", "media and media_category are required")
            media_id = str(next(self.ids))
            self.media[media_id] = {"state": "succeeded", "bytes": upload.read(), "type": upload.mimetype}
            return json_response(
                {
                    "data": {
                        "id": media_id,
                        "media_key": f"3_{media_id}",
                        "size": len(self.media[media_id]["bytes"]),
                        "expires_after_secs": 86400,
                    }
                }
            )
        if parts == [""] and request.args.get("command") == "STATUS":
            item = self.media[request.args["media_id"]]
            state = item["states"].pop(0) if item.get("states") else item["state"]
            item["state"] = state
            info = {"state": state, "check_after_secs": 0}
            if state == "failed":
                info["error"] = {"code": 1, "name": "InvalidMedia", "message": "Unsupported video format"}
            return json_response({"data": {"id": request.args["media_id"], "processing_info": info}})
        if parts == ["initialize"]:
            body = request.get_json(silent=True) or {}
            media_id = str(next(self.ids))
            self.media[media_id] = {
                "state": "uploading",
                "bytes": b"",
                "total": body.get("total_bytes"),
                "type": body.get("media_type"),
                "category": body.get("media_category"),
            }
            return json_response({"data": {"id": media_id, "media_key": f"7_{media_id}", "expires_after_secs": 86400}})
        media_id, action = parts if len(parts) == 2 else ("", "")
        item = self.media.get(media_id)
        if item is None:
            return problem(400, "Invalid Request", "Unknown media id")
        if action == "append":
            item["bytes"] += request.files["media"].read()
            return Response(status=204)
        if action == "finalize":
            if len(item["bytes"]) != item["total"]:
                return problem(400, "Invalid Request", "Segments do not add up to the provided total file size.")
            item["states"] = list(self.video_states)
            item["state"] = "pending"
            return json_response(
                {
                    "data": {
                        "id": media_id,
                        "media_key": f"7_{media_id}",
                        "size": item["total"],
                        "processing_info": {"state": "pending", "check_after_secs": 0},
                    }
                }
            )
        return problem(404, "Not Found Error", "Not found")


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def to_werkzeug(prepared: requests.PreparedRequest) -> Request:
    url = urlsplit(prepared.url)
    body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
    request = EnvironBuilder(
        method=prepared.method, path=url.path, query_string=url.query, headers=dict(prepared.headers), data=body or b""
    ).get_request()
    # The timeout the client sent with it (`responses` keeps the send() arguments).
    request.environ["fake.timeout"] = getattr(prepared, "req_kwargs", {}).get("timeout")
    return request


@contextmanager
def served(fake: FakeX) -> Iterator[FakeX]:
    """Answer every request to X's hosts from `fake` while the block runs."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        serve_through_responses(fake, mock)
        yield fake


def serve_through_responses(
    fake: FakeX, mock: responses.RequestsMock, hosts=("https://api.twitter.com", "https://api.x.com")
) -> None:
    def callback(prepared: requests.PreparedRequest):
        request = to_werkzeug(prepared)
        if failure := _take(fake.unreachable, fake.route_key(request)):
            return failure
        answer = fake.handle(request)
        if failure := _take(fake.lose_answer, fake.route_key(request)):
            return failure
        return answer.status_code, dict(answer.headers), answer.get_data()

    for host in hosts:
        for method in ("GET", "POST", "PUT", "DELETE"):
            mock.add_callback(method, re.compile(re.escape(host) + r"/.*"), callback=callback)
    mock.add_passthru(re.compile(r"http://(127\.0\.0\.1|localhost)[:/]"))


def _take(failures: dict[str, Exception], route: str) -> Exception | None:
    key = next((key for key in failures if key in route), None)
    return failures.pop(key) if key else None
