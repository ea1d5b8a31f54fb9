"""Fake of a Mastodon instance: app registration, OAuth, accounts, instance limits, media, statuses, trends.

Follows Mastodon's API documentation (docs.joinmastodon.org, mastodon/documentation
at 2026-07-02, API of Mastodon 4.5), field by field and error by error:

- `POST /api/v1/apps` (JSON or form): `client_name` and `redirect_uris` required,
  answering the CredentialApplication (`id`, `name`, `website`, `scopes`,
  `redirect_uri`, `redirect_uris`, `client_id`, `client_secret`,
  `client_secret_expires_at: 0`); a missing or relative redirect URI is 422
  "Validation failed: Redirect URI must be an absolute URI.".
- `GET /oauth/authorize`: the consent page. The fake consents at once for
  `self.consenting` and redirects to the redirect URI with `code` and `state`
  (or `error=access_denied` and `error_description`, as Doorkeeper does);
  PKCE with S256 only. `POST /oauth/token`: 401 `invalid_client` for unknown
  client credentials, 400 `invalid_grant` for a bad, used or foreign code, a
  redirect URI other than the code's or a verifier that does not match;
  otherwise `{access_token, token_type: "Bearer", scope, created_at}` with no
  expiry and no refresh token.
- Tokens: an unknown one is 401 `{"error": "The access token is invalid"}`; a
  call outside the token's scopes is 403 "This action is outside the authorized
  scopes".
- `GET /api/v2/instance`: `configuration.statuses` (`max_characters`,
  `max_media_attachments`, `characters_reserved_per_url`) and
  `configuration.media_attachments` (`description_limit`, `image_size_limit`,
  `video_size_limit`, `supported_mime_types`, ...), as `self.limits` says.
- `POST /api/v2/media` (multipart `file`, `description`): an unsupported type is
  422 "Validation failed: File content type is invalid, File is invalid"; a
  description over the limit 422 "Validation failed: Description is too long
  (maximum is 1500 characters)". Images are processed at once (200, with `url`);
  videos answer 202 with `url: null`, then `GET /api/v1/media/:id` answers 206
  `video_polls` times and 200 with the `url`. Another account's media is 404.
- `POST /api/v1/statuses` (JSON): the `Idempotency-Key` header makes a repeat
  within an hour answer the status already made (200), whatever its body;
  `status` blank without media is 422 "Validation failed: Text can't be blank";
  over the limit (grapheme clusters of the content warning and the text, each
  URL 23, a mention's domain free) 422 "Validation failed: Text character limit
  of 500 exceeded"; media not processed yet 422 "Cannot attach files that have
  not finished processing. Try again in a moment!"; more than the limit 422
  "Cannot attach more than 4 files"; a video with other media 422 "Cannot
  attach a video to a post that already contains images".
- `GET /api/v1/statuses/:id`, `/source` and `DELETE`: 404 `{"error": "Record
  not found"}` for one that is gone (or another's private one); the delete
  answers the status with its source `text`. `GET /api/v1/accounts/:id/statuses`
  answers newest first, `limit` at most 40.
- `GET /api/v1/trends/tags` (public): Tags with `history`, one day each, newest
  first, `day` as Unix seconds and counts as strings; `limit` default 10, max 20.
- 429 (by `script`) carries `X-RateLimit-Limit`, `-Remaining` and `-Reset`, an
  ISO 8601 time, see `rate_limited`.
"""

import base64
import hashlib
import html
import itertools
import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode, urlsplit

from werkzeug import Request, Response

from tests.fakes.server import FakeAPI, json_response

IDEMPOTENCY_SECONDS = 3600
URL = re.compile(r"https?://\S+")
MENTION = re.compile(r"(?<![=/\w])@(\w+(?:[.-]+\w+)*)@\w+(?:[.-]+\w+)*")


def error(status: int, message: str) -> Response:
    return json_response({"error": message}, status)


def rate_limited(seconds: float = 120) -> dict:
    """Headers of Mastodon's 429: the limit closest to running out, its reset as an ISO 8601 time."""
    reset = datetime.now(UTC) + timedelta(seconds=seconds)
    return {
        "X-RateLimit-Limit": "300",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }


def countable_length(text: str, spoiler: str) -> int:
    """StatusLengthValidator, written apart from the project's own counting: URLs 23, mentions' domains free,
    grapheme clusters (approximated: a combining mark or a joined emoji part adds nothing)."""
    text = MENTION.sub(lambda match: f"@{match[1]}", URL.sub("x" * 23, text))
    combined = spoiler + text
    count, joined = 0, False
    for char in combined:
        if joined or _extends(char):
            joined = char == "\u200d"
            continue
        joined = False
        count += 1
    return count


def _extends(char: str) -> bool:
    return (
        unicodedata.category(char) in ("Mn", "Me")
        or char in ("\u200d", "\ufe0f")
        or "\U0001f3fb" <= char <= "\U0001f3ff"
    )


@dataclass
class Account:
    id: str
    username: str
    display_name: str


@dataclass
class Media:
    id: str
    owner: str
    kind: str
    mime_type: str
    description: str
    polls_left: int
    data: bytes = b""

    def entity(self, base_url: str) -> dict:
        ready = self.polls_left <= 0
        url = f"{base_url}/system/media_attachments/{self.id}/original.bin"
        return {
            "id": self.id,
            "type": self.kind,
            "url": url if ready else None,
            "preview_url": f"{base_url}/system/media_attachments/{self.id}/small.jpg",
            "remote_url": None,
            "text_url": None,
            "meta": {},
            "description": self.description or None,
            "blurhash": "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}",
        }


@dataclass
class Status:
    id: str
    account: Account
    text: str
    spoiler_text: str
    visibility: str
    media: list[Media]
    created_at: datetime
    idempotency_key: str = ""
    deleted: bool = False


class FakeMastodon(FakeAPI):
    def __init__(self) -> None:
        super().__init__()
        self.base_url = ""
        self.ids = itertools.count(109_000_000_000_000_001)
        self.apps: dict[str, dict] = {}  # client_id -> registration
        self.codes: dict[str, dict] = {}  # code -> what it was issued for
        self.tokens: dict[str, tuple[str, set[str]]] = {}  # token -> (account id, scopes)
        self.accounts = {"110001": Account("110001", "ada", "Ada Lovelace")}
        self.account_for_consent = "110001"
        self.consenting = True
        self.limits = {
            "max_characters": 500,
            "max_media_attachments": 4,
            "description_limit": 1500,
            "image_size_limit": 16 * 1024 * 1024,
            "video_size_limit": 99 * 1024 * 1024,
            "supported_mime_types": [
                "image/jpeg",
                "image/png",
                "image/gif",
                "image/webp",
                "video/mp4",
                "video/quicktime",
            ],
        }
        self.media: dict[str, Media] = {}
        # GETs of a video that answer 206 before it is processed.
        self.video_polls = 2
        self.statuses: dict[str, Status] = {}
        self.trending_tags: list[dict] = []

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    # --- helpers for tests
    def token_for(
        self, account_id: str = "110001", scopes: str = "read:accounts read:statuses write:media write:statuses"
    ) -> str:
        token = f"token-{next(self.ids)}"
        self.tokens[token] = (account_id, set(scopes.split()))
        return token

    def live(self) -> list[Status]:
        return [status for status in self.statuses.values() if not status.deleted]

    def dispatch(self, request: Request) -> Response:
        path, method = request.path, request.method
        if (method, path) == ("POST", "/api/v1/apps"):
            return self._register(request)
        if (method, path) == ("GET", "/oauth/authorize"):
            return self._authorize(request)
        if (method, path) == ("POST", "/oauth/token"):
            return self._token(request)
        if (method, path) == ("GET", "/api/v2/instance"):
            return self._instance()
        if (method, path) == ("GET", "/api/v1/trends/tags"):
            limit = min(int(request.args.get("limit", 10)), 20)
            return json_response(self.trending_tags[:limit])
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return error(401, "The access token is invalid")
        account_id, scopes = self.tokens[token]
        routes = [
            ("GET", r"/api/v1/accounts/verify_credentials", "read:accounts", self._me),
            ("POST", r"/api/v2/media", "write:media", self._upload),
            ("GET", r"/api/v1/media/(?P<id>\w+)", "write:media", self._media),
            ("POST", r"/api/v1/statuses", "write:statuses", self._post_status),
            ("GET", r"/api/v1/statuses/(?P<id>\w+)/source", "read:statuses", self._source),
            ("GET", r"/api/v1/statuses/(?P<id>\w+)", "read:statuses", self._get_status),
            ("DELETE", r"/api/v1/statuses/(?P<id>\w+)", "write:statuses", self._delete_status),
            ("GET", r"/api/v1/accounts/(?P<id>\w+)/statuses", "read:statuses", self._account_statuses),
        ]
        for route_method, pattern, scope, handler in routes:
            match = re.fullmatch(pattern, path)
            if match and method == route_method:
                if scope not in scopes and scope.split(":")[0] not in scopes:
                    return error(403, "This action is outside the authorized scopes")
                return handler(request, self.accounts[account_id], **match.groupdict())
        return error(404, "Record not found")

    # --- apps and OAuth
    def _register(self, request: Request) -> Response:
        body = request.get_json(silent=True) if request.is_json else request.form.to_dict()
        body = body or {}
        if not body.get("client_name"):
            return error(422, "Validation failed: Application name can't be blank")
        uris = body.get("redirect_uris")
        uris = uris if isinstance(uris, list) else str(uris or "").split()
        if not uris or not all(uri == "urn:ietf:wg:oauth:2.0:oob" or urlsplit(uri).scheme for uri in uris):
            return error(422, "Validation failed: Redirect URI must be an absolute URI.")
        client_id = f"client-{next(self.ids)}"
        app = {
            "id": str(next(self.ids)),
            "name": body["client_name"],
            "website": body.get("website"),
            "scopes": str(body.get("scopes") or "read").split(),
            "redirect_uri": "\n".join(uris),
            "redirect_uris": uris,
            "client_id": client_id,
            "client_secret": f"secret-{next(self.ids)}",
            "client_secret_expires_at": 0,
        }
        self.apps[client_id] = app
        return json_response(app)

    def _authorize(self, request: Request) -> Response:
        args = request.args
        app = self.apps.get(args.get("client_id", ""))
        if app is None or args.get("redirect_uri") not in app["redirect_uris"] or args.get("response_type") != "code":
            # Doorkeeper shows an error page rather than redirecting to an unverified URI.
            return Response(
                "<h1>The client is unknown or the redirect URI does not match.</h1>", 400, content_type="text/html"
            )
        scopes = set(args.get("scope", "read").replace("+", " ").split())
        if not scopes <= set(app["scopes"]):
            return Response(
                "<h1>The requested scope is invalid, unknown, or malformed.</h1>", 400, content_type="text/html"
            )
        if args.get("code_challenge") and args.get("code_challenge_method") != "S256":
            return Response("<h1>Only S256 is supported.</h1>", 400, content_type="text/html")
        if not self.consenting:
            query = {
                "error": "access_denied",
                "error_description": "The resource owner or authorization server denied the request.",
                "state": args.get("state", ""),
            }
            return Response("", 302, headers={"Location": f"{args['redirect_uri']}?{urlencode(query)}"})
        code = f"code-{next(self.ids)}"
        self.codes[code] = {
            "client_id": app["client_id"],
            "redirect_uri": args["redirect_uri"],
            "scopes": scopes,
            "challenge": args.get("code_challenge", ""),
            "account": self.account_for_consent,
        }
        query = {"code": code, **({"state": args["state"]} if "state" in args else {})}
        return Response("", 302, headers={"Location": f"{args['redirect_uri']}?{urlencode(query)}"})

    def _token(self, request: Request) -> Response:
        form = request.form
        app = self.apps.get(form.get("client_id", ""))
        if app is None or form.get("client_secret") != app["client_secret"]:
            return json_response(
                {
                    "error": "invalid_client",
                    "error_description": "Client authentication failed due to unknown client, no client "
                    "authentication included, or unsupported authentication method.",
                },
                401,
            )
        issued = self.codes.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if (
            form.get("grant_type") != "authorization_code"
            or issued is None
            or issued["client_id"] != app["client_id"]
            or issued["redirect_uri"] != form.get("redirect_uri")
            or (issued["challenge"] and issued["challenge"] != challenge)
        ):
            return json_response(
                {
                    "error": "invalid_grant",
                    "error_description": "The provided authorization grant is invalid, expired, revoked, does not "
                    "match the redirection URI used in the authorization request, or was issued to another client.",
                },
                400,
            )
        token = f"token-{next(self.ids)}"
        self.tokens[token] = (issued["account"], issued["scopes"])
        return json_response(
            {
                "access_token": token,
                "token_type": "Bearer",
                "scope": " ".join(sorted(issued["scopes"])),
                "created_at": int(time.time()),
            }
        )

    # --- instance and accounts
    def _instance(self) -> Response:
        limits = self.limits
        return json_response(
            {
                "domain": self.host,
                "title": "Fake Mastodon",
                "version": "4.5.0",
                "api_versions": {"mastodon": 7},
                "configuration": {
                    "urls": {"streaming": f"wss://{self.host}"},
                    "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
                    "statuses": {
                        "max_characters": limits["max_characters"],
                        "max_media_attachments": limits["max_media_attachments"],
                        "characters_reserved_per_url": 23,
                    },
                    "media_attachments": {
                        "description_limit": limits["description_limit"],
                        "image_matrix_limit": 33177600,
                        "image_size_limit": limits["image_size_limit"],
                        "supported_mime_types": limits["supported_mime_types"],
                        "video_frame_rate_limit": 120,
                        "video_matrix_limit": 8294400,
                        "video_size_limit": limits["video_size_limit"],
                    },
                    "polls": {
                        "max_options": 4,
                        "max_characters_per_option": 50,
                        "min_expiration": 300,
                        "max_expiration": 2629746,
                    },
                    "translation": {"enabled": False},
                },
            }
        )

    def _account_entity(self, account: Account) -> dict:
        return {
            "id": account.id,
            "username": account.username,
            "acct": account.username,
            "display_name": account.display_name,
            "locked": False,
            "bot": False,
            "url": f"{self.base_url}/@{account.username}",
            "avatar": f"{self.base_url}/avatars/{account.id}.png",
            "avatar_static": f"{self.base_url}/avatars/{account.id}.png",
            "note": "",
            "followers_count": 3,
            "following_count": 5,
            "statuses_count": len([s for s in self.live() if s.account is account]),
        }

    def _me(self, request: Request, account: Account) -> Response:
        return json_response(
            {**self._account_entity(account), "source": {"privacy": "public", "sensitive": False, "note": ""}}
        )

    # --- media
    def _upload(self, request: Request, account: Account) -> Response:
        upload = request.files.get("file")
        if upload is None:
            return error(422, "Validation failed: File can't be blank")
        mime_type = upload.mimetype
        if mime_type not in self.limits["supported_mime_types"]:
            return error(422, "Validation failed: File content type is invalid, File is invalid")
        description = request.form.get("description", "")
        if len(description) > self.limits["description_limit"]:
            return error(
                422,
                "Validation failed: Description is too long "
                f"(maximum is {self.limits['description_limit']} characters)",
            )
        kind = "video" if mime_type.startswith("video/") else "image"
        media = Media(
            str(next(self.ids)),
            account.id,
            kind,
            mime_type,
            description,
            self.video_polls if kind == "video" else 0,
            upload.read(),
        )
        self.media[media.id] = media
        return json_response(media.entity(self.base_url), 202 if media.polls_left else 200)

    def _media(self, request: Request, account: Account, id: str) -> Response:
        media = self.media.get(id)
        if media is None or media.owner != account.id:
            return error(404, "Record not found")
        if media.polls_left > 0:
            media.polls_left -= 1
            return json_response(media.entity(self.base_url), 206)
        return json_response(media.entity(self.base_url))

    # --- statuses
    def _status_entity(self, status: Status, *, source: bool = False) -> dict:
        entity = {
            "id": status.id,
            "created_at": status.created_at.strftime("%Y-%m-%dT%H:%M:%S.")
            + f"{status.created_at.microsecond // 1000:03d}Z",
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "sensitive": bool(status.spoiler_text),
            "spoiler_text": status.spoiler_text,
            "visibility": status.visibility,
            "language": "en",
            "uri": f"{self.base_url}/users/{status.account.username}/statuses/{status.id}",
            "url": f"{self.base_url}/@{status.account.username}/{status.id}",
            "replies_count": 0,
            "reblogs_count": 0,
            "favourites_count": 0,
            "content": "<p>" + html.escape(status.text).replace("\n", "<br />") + "</p>",
            "reblog": None,
            "application": {"name": "SocialTrend", "website": None},
            "account": self._account_entity(status.account),
            "media_attachments": [media.entity(self.base_url) for media in status.media],
            "mentions": [],
            "tags": [],
            "emojis": [],
            "card": None,
            "poll": None,
        }
        if source:
            entity["text"] = status.text
        return entity

    def _post_status(self, request: Request, account: Account) -> Response:
        key = request.headers.get("Idempotency-Key", "")
        if key:
            for status in self.statuses.values():
                fresh = datetime.now(UTC) - status.created_at < timedelta(seconds=IDEMPOTENCY_SECONDS)
                if status.idempotency_key == key and status.account is account and fresh:
                    return json_response(self._status_entity(status))
        body = request.get_json(silent=True) if request.is_json else request.form.to_dict()
        body = body or {}
        text, spoiler = str(body.get("status") or ""), str(body.get("spoiler_text") or "")
        media_ids = body.get("media_ids") or body.get("media_ids[]") or []
        media_ids = media_ids if isinstance(media_ids, list) else [media_ids]
        visibility = body.get("visibility") or "public"
        if visibility not in ("public", "unlisted", "private", "direct"):
            return error(422, f"Validation failed: Visibility '{visibility}' is not a valid visibility")
        media = [self.media.get(str(media_id)) for media_id in media_ids]
        if len(media) > self.limits["max_media_attachments"]:
            return error(422, f"Cannot attach more than {self.limits['max_media_attachments']} files")
        if any(item is None or item.owner != account.id for item in media):
            return error(404, "Record not found")
        if any(item.polls_left > 0 for item in media):
            return error(422, "Cannot attach files that have not finished processing. Try again in a moment!")
        if len(media) > 1 and any(item.kind == "video" for item in media):
            return error(422, "Cannot attach a video to a post that already contains images")
        if not text.strip() and not media:
            return error(422, "Validation failed: Text can't be blank")
        if countable_length(text, spoiler) > self.limits["max_characters"]:
            return error(422, f"Validation failed: Text character limit of {self.limits['max_characters']} exceeded")
        status = Status(str(next(self.ids)), account, text, spoiler, visibility, media, datetime.now(UTC), key)
        self.statuses[status.id] = status
        return json_response(self._status_entity(status))

    def _visible(self, status_id: str, account: Account) -> Status | None:
        status = self.statuses.get(status_id)
        if status is None or status.deleted:
            return None
        if status.visibility in ("private", "direct") and status.account is not account:
            return None
        return status

    def _get_status(self, request: Request, account: Account, id: str) -> Response:
        status = self._visible(id, account)
        return json_response(self._status_entity(status)) if status else error(404, "Record not found")

    def _source(self, request: Request, account: Account, id: str) -> Response:
        status = self._visible(id, account)
        if status is None or status.account is not account:
            return error(404, "Record not found")
        return json_response({"id": status.id, "text": status.text, "spoiler_text": status.spoiler_text})

    def _delete_status(self, request: Request, account: Account, id: str) -> Response:
        status = self._visible(id, account)
        if status is None or status.account is not account:
            return error(404, "Record not found")
        status.deleted = True
        return json_response(self._status_entity(status, source=True))

    def _account_statuses(self, request: Request, account: Account, id: str) -> Response:
        owner = self.accounts.get(id)
        if owner is None:
            return error(404, "Record not found")
        limit = min(int(request.args.get("limit", 20)), 40)
        mine = sorted((s for s in self.live() if s.account is owner), key=lambda s: int(s.id), reverse=True)
        return json_response([self._status_entity(status) for status in mine[:limit]])


def trending_tag(name: str, uses_per_day: list[int], base_url: str = "https://mastodon.example") -> dict:
    """A Tag as `/api/v1/trends/tags` answers it: history newest first, counts as strings."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    history = [
        {
            "day": str(int((today - timedelta(days=days)).timestamp())),
            "uses": str(uses),
            "accounts": str(max(1, uses // 2)),
        }
        for days, uses in enumerate(uses_per_day)
    ]
    return {
        "id": str(abs(hash(name)) % 10_000),
        "name": name,
        "url": f"{base_url}/tags/{name}",
        "history": history,
        "following": False,
    }
