"""Fake of the X API v2: OAuth 2.0 with PKCE, users/me, v2 media upload, `POST /2/tweets`,
post lookup (`GET /2/tweets/{id}`), the user's posts (`GET /2/users/{id}/tweets`),
`DELETE /2/tweets/{id}` and recent post counts (`GET /2/tweets/counts/recent`, app-only bearer token).

tweepy hard-codes https://api.twitter.com, so this fake is served through
`responses` (requests' transport is replaced; tweepy's own code still runs).

Checked against X's OpenAPI spec (v2.167) and tweepy's recorded traffic:
- every media request and `POST /2/tweets` is checked against the spec's field
  lists: required fields, allowed fields (the request schemas say
  `additionalProperties: false`) and allowed values; anything else answers 400
  in X's invalid-request shape (`errors` with `parameters` and `message`, then
  `title`, `detail`, `type`);
- other errors are problems: `{"title", "detail", "type": "about:blank", "status"}`;
- answers: `{"data": {...}}`; append answers `{"data": {"expires_at"}}`;
  `processing_info` has `state`, `check_after_secs`, `progress_percent` only;
  counts are hourly buckets, oldest first, the last one ending now.
"""

import base64
import hashlib
import io
import itertools
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import requests
import responses
from PIL import Image, UnidentifiedImageError
from twitter_text import parse_tweet
from werkzeug import Request, Response
from werkzeug.test import EnvironBuilder

from tests.fakes.server import FakeAPI, json_response

PROBLEMS = "https://api.x.com/2/problems/"
# X still answers some problem types under the old host (as recorded in 2026 by its users).
LEGACY_PROBLEMS = "https://api.twitter.com/2/problems/"
MEDIA_EXPIRES_AFTER = 86400
IMAGE_MAX_BYTES = 5 * 1024 * 1024
VIDEO_MAX_BYTES = 512 * 1024 * 1024
POST_WINDOWS = ("x-rate-limit", "x-user-limit-24hour", "x-app-limit-24hour")


@dataclass(frozen=True)
class Fields:
    """What one request may carry, as X's OpenAPI spec (v2.167) lists it."""

    allowed: frozenset[str]
    required: frozenset[str] = frozenset()
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


# POST /2/media/upload (MediaUploadRequest): no `media_type` any more, no `shared`.
SIMPLE_UPLOAD = Fields(
    allowed=frozenset({"media", "media_category", "additional_owners"}),
    required=frozenset({"media", "media_category"}),
    choices={
        "media_category": ("tweet_image", "tweet_video", "tweet_gif", "dm_image", "dm_video", "dm_gif", "subtitles")
    },
)
INITIALIZE = Fields(
    allowed=frozenset({"additional_owners", "media_category", "media_type", "shared", "total_bytes"}),
    choices={
        "media_category": (
            "amplify_video",
            "tweet_gif",
            "tweet_image",
            "tweet_video",
            "dm_gif",
            "dm_image",
            "dm_video",
            "subtitles",
        ),
        "media_type": (
            "video/mp4",
            "video/webm",
            "video/mp2t",
            "video/quicktime",
            "text/srt",
            "text/vtt",
            "image/jpeg",
            "image/gif",
            "image/bmp",
            "image/png",
            "image/webp",
            "image/pjpeg",
            "image/tiff",
            "model/gltf-binary",
            "model/vnd.usdz+zip",
        ),
    },
)
APPEND = Fields(allowed=frozenset({"media", "segment_index"}), required=frozenset({"media", "segment_index"}))
FINALIZE = Fields(allowed=frozenset())
STATUS = Fields(
    allowed=frozenset({"media_id", "command"}), required=frozenset({"media_id"}), choices={"command": ("STATUS",)}
)
CREATE_POST = Fields(
    allowed=frozenset(
        {
            "card_uri",
            "community_id",
            "direct_message_deep_link",
            "edit_options",
            "for_super_followers_only",
            "geo",
            "made_with_ai",
            "media",
            "nullcast",
            "paid_partnership",
            "poll",
            "quote_tweet_id",
            "reply",
            "reply_settings",
            "share_with_followers",
            "text",
        }
    )
)
CREATE_POST_MEDIA = Fields(
    allowed=frozenset(
        {"call_to_actions", "description", "embeddable", "media_ids", "preview_media_id", "tagged_user_ids", "title"}
    ),
    required=frozenset({"media_ids"}),
)
COUNTS = Fields(
    allowed=frozenset(
        {
            "query",
            "start_time",
            "end_time",
            "since_id",
            "until_id",
            "next_token",
            "pagination_token",
            "granularity",
            "search_count.fields",
        }
    ),
    required=frozenset({"query"}),
    choices={"granularity": ("minute", "hour", "day")},
)


def problem(status: int, title: str, detail: str) -> Response:
    return json_response({"title": title, "detail": detail, "type": "about:blank", "status": status}, status)


def invalid_request(parameter: str, value: object, message: str) -> Response:
    body = {
        "errors": [{"parameters": {parameter: [str(value)]}, "message": message}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": f"{PROBLEMS}invalid-request",
    }
    return json_response(body, 400)


def client_forbidden() -> Response:
    """An app whose access level does not include the endpoint (the same for every user)."""
    body = {
        "client_id": "29384756",
        "detail": "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from "
        "a Twitter developer App that is attached to a Project. You can create a project via the developer portal.",
        "registration_url": "https://developer.twitter.com/en/docs/projects/overview",
        "title": "Client Forbidden",
        "required_enrollment": "Appropriate Level of API Access",
        "reason": "client-not-enrolled",
        "type": f"{LEGACY_PROBLEMS}client-forbidden",
    }
    return json_response(body, 403)


def usage_capped() -> Response:
    """The app's monthly cap, as X answered it in 2026 (xdevplatform/xdk issue 25): a 429 whose
    15-minute window is nowhere near used up."""
    body = {
        "account_id": "1550000000000000000",
        "product_name": "standard-basic",
        "title": "UsageCapExceeded",
        "period": "Monthly",
        "scope": "Product",
        "detail": "Usage cap exceeded: Monthly product cap",
        "type": f"{LEGACY_PROBLEMS}usage-capped",
    }
    headers = {"x-rate-limit-limit": "40000", "x-rate-limit-remaining": "39999"}
    return json_response(body, 429, headers | {"x-rate-limit-reset": str(int(time.time()) + 900)})


def credits_depleted() -> Response:
    """Pay-per-use with no credits left, as X answers it (its users' recordings, 2026)."""
    account = 1553086854915936256
    body = {
        "account_id": account,
        "title": "CreditsDepleted",
        "detail": f"Your enrolled account [{account}] does not have any credits to fulfill this request.",
        "type": f"{LEGACY_PROBLEMS}credits",
    }
    return json_response(body, 402)


def check(fields: Fields, given: Mapping[str, object]) -> Response | None:
    """X's answer to a request whose fields break `fields`; None when they fit."""
    for name, value in given.items():
        if name not in fields.allowed:
            allowed = ",".join(sorted(fields.allowed))
            return invalid_request(name, value, f"The parameter [{name}] is not one of [{allowed}]")
        if name in fields.choices and value not in fields.choices[name]:
            choices = ",".join(fields.choices[name])
            return invalid_request(name, value, f"The `{name}` parameter value [{value}] is not one of [{choices}]")
    for name in sorted(fields.required - set(given)):
        return invalid_request(name, "", f"The `{name}` parameter is required.")
    return None


def sniff_image(data: bytes) -> tuple[str, int, int] | None:
    """(MIME type, width, height) of an image, as X reads it from the bytes; None if not one."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return Image.MIME[image.format], image.width, image.height
    except (UnidentifiedImageError, KeyError):
        return None


@dataclass
class Upload:
    owner: str
    category: str
    type: str = ""
    total: int | None = None
    segments: dict[int, bytes] = field(default_factory=dict)
    state: str = "uploading"  # then pending, in_progress, succeeded or failed
    # States for successive STATUS calls after finalize; the last one repeats.
    states: list[str] = field(default_factory=list)
    finalized: bool = False

    @property
    def bytes(self) -> bytes:
        return b"".join(self.segments[index] for index in sorted(self.segments))


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
        self.refresh_tokens: set[str] = set()
        self.pending_codes: dict[str, str] = {}  # code -> code_challenge
        self.media: dict[str, Upload] = {}
        self.tweets: list[dict] = []
        # What STATUS answers after a video's finalize, one state per call (the last repeats).
        self.video_states = ["succeeded"]
        self.check_after_secs = 0
        # False: the app is not enrolled in an access level that includes the v2 endpoints.
        self.enrolled = True
        # Posts per user and per app in 24 hours (POST /2/tweets; None: no such cap), and the
        # app's monthly cap (reached: every call answers 429 usage-capped).
        self.user_24h_limit: int | None = None
        self.app_24h_limit: int | None = None
        self.monthly_cap_reached = False
        # Pay-per-use: requests the app's credit balance still pays for (None: not counted).
        self.credits: int | None = None
        # Hourly post counts per search query, oldest first; an unknown query counts nothing.
        self.post_counts: dict[str, list[int]] = {}
        # What a count is called: `tweet_count` / `total_tweet_count` as recorded and in X's guides;
        # the OpenAPI spec v2.167 calls them `post_count` / `total_post_count`.
        self.count_field = "tweet_count"
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
        counts = request.path == "/2/tweets/counts/recent" and request.method == "GET"
        if bearer not in self.tokens and not (counts and bearer in self.app_tokens):
            return problem(401, "Unauthorized", "Unauthorized")
        if not self.enrolled:
            return client_forbidden()
        if self.monthly_cap_reached:
            return usage_capped()
        if self.credits is not None:
            if self.credits <= 0:
                return credits_depleted()
            self.credits -= 1
        if counts:
            return self._counts(request)
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
            return self._tweet(request.get_json(silent=True) or {}, owner=bearer)
        if match := re.fullmatch(r"/2/tweets/([0-9]+)", request.path):
            return self._lookup(match[1]) if request.method == "GET" else self._delete(match[1])
        if match := re.fullmatch(r"/2/users/([0-9]+)/tweets", request.path):
            return self._timeline(request, match[1])
        if request.path.startswith("/2/media/upload"):
            return self._media(request, owner=bearer)
        return problem(404, "Not Found Error", "Not found")

    def _token(self, request: Request) -> Response:
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {basic}":
            return json_response(
                {"error": "unauthorized_client", "error_description": "Missing valid authorization header"}, 401
            )
        form = request.form
        if form.get("grant_type") == "authorization_code" and form.get("client_id") != self.client_id:
            # Confidential clients too: the Basic header is not enough for the code exchange.
            return json_response(
                {"error": "invalid_request", "error_description": "Missing required parameter [client_id]."}, 400
            )
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

    # --- POST /2/tweets
    def _tweet(self, body: dict, *, owner: str) -> Response:
        headers = self._post_limits()
        if any(headers.get(f"{window}-remaining") == "0" for window in POST_WINDOWS):
            answer = problem(429, "Too Many Requests", "Too Many Requests")
            answer.headers.update(headers)
            return answer
        answer = self._create_post(body, owner=owner)
        answer.headers.update(self._post_limits() if answer.status_code == 201 else headers)
        return answer

    def _post_limits(self) -> dict[str, str]:
        """The `x-rate-limit-*` (per user, 15 minutes) and 24-hour cap headers of POST /2/tweets."""
        now = time.time()
        headers = {}
        windows = [("x-rate-limit", 100, 900), ("x-user-limit-24hour", self.user_24h_limit, 86400)]
        windows.append(("x-app-limit-24hour", self.app_24h_limit, 86400))
        for name, limit, seconds in windows:
            if limit is None:
                continue
            recent = [t["at"] for t in self.tweets if t["at"] > now - seconds]
            reset = (min(recent) if recent else now) + seconds
            headers |= {
                f"{name}-limit": str(limit),
                f"{name}-remaining": str(max(0, limit - len(recent))),
                f"{name}-reset": str(int(reset)),
            }
        return headers

    def _create_post(self, body: dict, *, owner: str) -> Response:
        if refused := check(CREATE_POST, body):
            return refused
        media = body.get("media")
        if media is not None and (refused := check(CREATE_POST_MEDIA, media)):
            return refused
        text = body.get("text", "")
        media_ids = (media or {}).get("media_ids", [])
        if not parse_tweet(text).valid and not media_ids:
            return invalid_request("text", text, "Your Tweet text is too long or empty.")
        uploads = [self.media.get(media_id) for media_id in media_ids]
        if not 1 <= len(media_ids) <= 4 and media is not None:
            return invalid_request("media.media_ids", media_ids, "Your media IDs are invalid.")
        if any(u is None or u.owner != owner or u.state != "succeeded" for u in uploads):
            return invalid_request("media.media_ids", media_ids, "Your media IDs are invalid.")
        # "Up to 4 photos, 1 animated GIF or 1 video in a Post."
        if len(uploads) > 1 and any(u.category in ("tweet_video", "tweet_gif") for u in uploads):
            return invalid_request("media.media_ids", media_ids, "Your media IDs are invalid.")
        if any(t["text"] == text for t in self.tweets):
            return problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
        tweet = {"id": str(next(self.ids)), "text": text, "media_ids": media_ids, "at": time.time(), "author": owner}
        self.tweets.append(tweet)
        return json_response({"data": {"id": tweet["id"], "text": text, "edit_history_tweet_ids": [tweet["id"]]}}, 201)

    # --- Reading posts back
    def _lookup(self, tweet_id: str) -> Response:
        """GET /2/tweets/{id}: as recorded (test_client_get_tweet), `data` with the default fields;
        a post that does not exist (or was deleted) is still a 200, with a resource-not-found
        problem in `errors` and no `data` (GetPostsByIdResponse, ResourceNotFoundProblem)."""
        tweet = next((t for t in self.tweets if t["id"] == tweet_id), None)
        if tweet is None:
            return json_response(
                {
                    "errors": [
                        {
                            "value": tweet_id,
                            "detail": f"Could not find tweet with id: [{tweet_id}].",
                            "title": "Not Found Error",
                            "resource_type": "tweet",
                            "parameter": "id",
                            "resource_id": tweet_id,
                            "type": "https://api.twitter.com/2/problems/resource-not-found",
                        }
                    ]
                }
            )
        return json_response({"data": _post_view(tweet)})

    def _timeline(self, request: Request, user_id: str) -> Response:
        """GET /2/users/{id}/tweets: newest first, `meta` as recorded (test_client_get_users_tweets);
        `start_time` (YYYY-MM-DDTHH:mm:ssZ) keeps the posts created at or after it, and
        `tweet.fields=created_at` adds their creation time."""
        posts = list(self.tweets) if user_id == self.user_id else []
        if start := request.args.get("start_time"):
            since = datetime.fromisoformat(start.replace("Z", "+00:00")).timestamp()
            posts = [t for t in posts if t["at"] >= since]
        limit = int(request.args.get("max_results", 10))
        if not 5 <= limit <= 100:
            return invalid_request("max_results", limit, "The `max_results` query parameter value is not valid.")
        fields = request.args.get("tweet.fields", "").split(",")
        newest = sorted(posts, key=lambda t: t["at"], reverse=True)[:limit]
        data = [
            _post_view(t)
            | ({"created_at": _stamp(datetime.fromtimestamp(t["at"], tz=UTC))} if "created_at" in fields else {})
            for t in newest
        ]
        if not data:
            return json_response({"meta": {"result_count": 0}})
        meta = {"result_count": len(data), "newest_id": data[0]["id"], "oldest_id": data[-1]["id"]}
        return json_response({"data": data, "meta": meta})

    def _delete(self, tweet_id: str) -> Response:
        """DELETE /2/tweets/{id}: `{"data": {"deleted": true}}` as recorded."""
        self.tweets = [t for t in self.tweets if t["id"] != tweet_id]
        return json_response({"data": {"deleted": True}})

    # --- GET /2/tweets/counts/recent
    def _counts(self, request: Request) -> Response:
        """As recorded: one bucket per clock hour, oldest first, the last one ending at `end_time`,
        by default 10 seconds before the request (so the last hour is partial)."""
        if refused := check(COUNTS, request.args.to_dict()):
            return refused
        now = datetime.now(tz=UTC).replace(microsecond=0)
        latest = now - timedelta(seconds=10)
        end = latest
        if "end_time" in request.args:
            end = datetime.fromisoformat(request.args["end_time"])
            if end > latest:
                return invalid_request(
                    "end_time",
                    request.args["end_time"],
                    "Invalid 'end_time':'" + request.args["end_time"] + "'. 'end_time' must be a minimum of 10 "
                    "seconds prior to the request time.",
                )
        # post_counts[query][-1] is the clock hour `latest` falls in; earlier entries, earlier hours.
        hourly = self.post_counts.get(request.args["query"], [0] * (7 * 24 + 1))
        current = latest.replace(minute=0, second=0)
        buckets = []
        for back, count in enumerate(reversed(hourly)):
            start = current - timedelta(hours=back)
            if start >= end:
                continue
            bucket_end = min(start + timedelta(hours=1), end)
            buckets.append({"end": _stamp(bucket_end), "start": _stamp(start), self.count_field: count})
        buckets.reverse()
        total = sum(bucket[self.count_field] for bucket in buckets)
        return json_response({"data": buckets, "meta": {f"total_{self.count_field}": total}})

    # --- the v2 media upload
    def _media(self, request: Request, *, owner: str) -> Response:
        parts = request.path.removeprefix("/2/media/upload").strip("/").split("/")
        if parts == [""] and request.method == "POST":
            return self._simple_upload(request, owner)
        if parts == [""] and request.method == "GET":
            return self._status(request, owner)
        if parts == ["initialize"] and request.method == "POST":
            return self._initialize(request, owner)
        if len(parts) == 2 and request.method == "POST":
            media_id, action = parts
            item = self.media.get(media_id)
            if item is None or item.owner != owner:
                return invalid_request("id", media_id, f"Could not find media with id: [{media_id}].")
            if action == "append":
                return self._append(request, media_id, item)
            if action == "finalize":
                return self._finalize(request, media_id, item)
        return problem(404, "Not Found Error", "Not found")

    def _simple_upload(self, request: Request, owner: str) -> Response:
        if refused := check(SIMPLE_UPLOAD, body_fields(request)):
            return refused
        data = request.files["media"].read()
        image = sniff_image(data)
        if image is None:
            return invalid_request("media", "", "The media could not be read as an image.")
        if len(data) > IMAGE_MAX_BYTES:  # "Image size: <= 5 MB", enforced by the upload endpoint
            return invalid_request("media", len(data), "File size exceeds 5242880 bytes.")
        media_id = str(next(self.ids))
        item = Upload(owner=owner, category=request.form["media_category"], type=image[0], total=len(data))
        item.segments[0], item.state, item.finalized = data, "succeeded", True
        self.media[media_id] = item
        data_out = {
            "id": media_id,
            "media_key": f"3_{media_id}",
            "size": len(data),
            "expires_after_secs": MEDIA_EXPIRES_AFTER,
            "image": {"image_type": image[0], "w": image[1], "h": image[2]},
        }
        return json_response({"data": data_out})

    def _initialize(self, request: Request, owner: str) -> Response:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return invalid_request("body", "", "The request body must be a JSON object.")
        if refused := check(INITIALIZE, body):
            return refused
        if body.get("media_category") == "tweet_video" and int(body.get("total_bytes") or 0) > VIDEO_MAX_BYTES:
            return invalid_request("total_bytes", body["total_bytes"], "File size exceeds 536870912 bytes.")
        media_id = str(next(self.ids))
        self.media[media_id] = Upload(
            owner=owner,
            category=body.get("media_category", ""),
            type=body.get("media_type", ""),
            total=body.get("total_bytes"),
        )
        return json_response(
            {"data": {"id": media_id, "media_key": f"7_{media_id}", "expires_after_secs": MEDIA_EXPIRES_AFTER}}
        )

    def _append(self, request: Request, media_id: str, item: Upload) -> Response:
        fields = body_fields(request)
        if refused := check(APPEND, fields):
            return refused
        index = str(fields["segment_index"])
        if not index.isdigit() or int(index) > 999:
            return invalid_request("segment_index", index, "The `segment_index` parameter must be between 0 and 999.")
        if item.finalized:
            return invalid_request("id", media_id, "The media upload was already finalized.")
        item.segments[int(index)] = request.files["media"].read()
        return json_response({"data": {"expires_at": int(time.time()) + MEDIA_EXPIRES_AFTER}})

    def _finalize(self, request: Request, media_id: str, item: Upload) -> Response:
        if refused := check(FINALIZE, body_fields(request)):
            return refused
        if item.total is not None and len(item.bytes) != item.total:
            return invalid_request("id", media_id, "Segments do not add up to the provided total file size.")
        item.finalized, item.states, item.state = True, list(self.video_states), "pending"
        return json_response(
            {
                "data": {
                    "id": media_id,
                    "media_key": f"7_{media_id}",
                    "size": len(item.bytes),
                    "expires_after_secs": MEDIA_EXPIRES_AFTER,
                    "processing_info": {"state": "pending", "check_after_secs": self.check_after_secs},
                }
            }
        )

    def _status(self, request: Request, owner: str) -> Response:
        if refused := check(STATUS, request.args.to_dict()):
            return refused
        media_id = request.args["media_id"]
        item = self.media.get(media_id)
        if item is None or item.owner != owner:
            return invalid_request("media_id", media_id, f"Could not find media with id: [{media_id}].")
        if item.states:
            item.state = item.states.pop(0) if len(item.states) > 1 else item.states[0]
        info = {"state": item.state}
        if item.state in ("pending", "in_progress"):
            info |= {"check_after_secs": self.check_after_secs, "progress_percent": 50}
        return json_response({"data": {"id": media_id, "media_key": f"7_{media_id}", "processing_info": info}})


def _post_view(tweet: dict) -> dict:
    """A post with X's default fields (id, text, edit_history_tweet_ids)."""
    return {"edit_history_tweet_ids": [tweet["id"]], "id": tweet["id"], "text": tweet["text"]}


def body_fields(request: Request) -> dict[str, object]:
    """The fields of a form, multipart or JSON body (a file part counts as its field)."""
    if request.is_json:
        body = request.get_json(silent=True)
        return body if isinstance(body, dict) else {}
    return {**request.form.to_dict(), **dict.fromkeys(request.files, "<file>")}


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
