"""Fake of LinkedIn: OAuth 2.0 (accessToken), OpenID userinfo, the Images, Videos and Posts APIs.

Checks the bearer token, `Linkedin-Version` and `X-Restli-Protocol-Version: 2.0.0`;
answers errors as LinkedIn does: `{"status", "serviceErrorCode", "code", "message"}`.

Versions: LinkedIn releases one `Linkedin-Version` (YYYYMM) a month, none in
December (its migrations table goes 202411 -> 202501 and 202511 -> 202601),
and serves each for about a year: the sunset falls mid-month a year after the
release (202511 on 2026-11-16, 202601 on 2027-01-15, 202603 on 2027-03-16).
`served(version, today)` models that window with the 15th as the sunset day;
`today` is the real date unless a test moves it. A version outside the window
(retired, never released, or not released yet) answers what LinkedIn answers:
426 `{"status": 426, "code": "NONEXISTENT_VERSION", "message": "Requested
version 20250401 is not active"}` (verbatim in n8n-io/n8n#28590,
ComposioHQ/composio#3231 and #4320), the version echoed as sent.

OAuth: the code exchange answers `access_token`, `expires_in` (60 days),
`scope` (comma-separated), `token_type` and, for `openid`, an `id_token`;
`refresh_token` and `refresh_token_expires_in` only for an app approved for
programmatic refresh tokens (`programmatic_refresh`, off by default as for
most apps). A refresh gives a new access token and keeps the refresh token's
one-year life counted from the first grant (LinkedIn's programmatic refresh
tokens page). A code that does not match answers 400 `invalid_request`
"Unable to retrieve access token: appid/redirect uri/code verifier does not
match authorization code. Or authorization code expired. Or external member
binding exists", wrong client credentials 401 `invalid_client` "Client
authentication failed" (both verbatim in public reports). The answer to an
unknown refresh token is not documented: 400 `invalid_request` here.

Tokens: an unknown token answers 401 `serviceErrorCode` 65600
`INVALID_ACCESS_TOKEN` "Invalid access token"; one the member revoked
(`revoked`) 401 65601 `REVOKED_ACCESS_TOKEN` "The token used in the request
has been revoked by the user" (both verbatim in public reports of real
answers). Acting for an author the token may not act for (an organization
whose admin the member is not) answers 403 `serviceErrorCode` 100
`ACCESS_DENIED` "Not enough permissions to access: <resource>.<METHOD>.<date
of the version>", as LinkedIn does for `partnerApiPostsExternal` (e.g.
`partnerApiPostsExternal.FINDER-author.20260501`); the Videos API answers its
documented 403 with `status` and `message` only.

Rate limits: LinkedIn counts calls per app and per member per day and resets
them at midnight UTC (its rate-limit page); past a limit it answers 429
`serviceErrorCode` 101 `TOO_MANY_REQUESTS` "Resource level throttle
APPLICATION_AND_MEMBER DAY limit for calls to this resource is reached." with
no Retry-After (none is documented). `posts_per_member_per_day` sets the
member's daily limit on creating posts here (LinkedIn does not publish its
numbers; the developer portal shows an app's).

Videos: `initializeUpload` splits the declared size into 4 MiB parts, each
with its own upload URL here; each part's PUT must carry exactly its bytes
and answers an ETag; `finalizeUpload` must list every ETag in order. After
that the video answers `video_statuses` to successive GETs (the last repeats),
and a post may refer to it.

Organizations (Community Management API, `rw_organization_admin`): the
roleAssignee finder `GET /rest/organizationAcls?q=roleAssignee&role=&state=`
answers `{"elements": [{"roleAssignee", "role", "state", "organization"}],
"paging": {"start", "count", "total"}}` (the Organization Access Control by
Role page), and `GET /rest/organizations/{id}` the organization with its
`localizedName` and `vanityName`. Without the scope both answer 403
ACCESS_DENIED. The code exchange's `scope` is what the app asked for
(`asked_scope`, LinkedIn grants what the authorize URL asked when the app has
the products).
"""

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from werkzeug import Request, Response

from tests.fakes.server import FakeAPI, consent_redirect, json_response

# The first versioned release of LinkedIn's REST APIs (June 2022).
FIRST_VERSION = (2022, 6)
# Linkedin-Version is YYYYMM; LinkedIn has also taken YYYYMM.RR and an 8-digit YYYYMMDD form.
VERSION = re.compile(r"(\d{4})(\d{2})(?:\.?\d{2})?")
PART_BYTES = 4 * 1024 * 1024
VIDEO_FORBIDDEN = "Accessing this video resource is forbidden. Please check your permissions for this resource"


def served(version: str, today: date) -> bool:
    """Whether LinkedIn serves this `Linkedin-Version` on `today` (see the module docstring)."""
    match = VERSION.fullmatch(version)
    if not match:
        return False
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 11 or (year, month) < FIRST_VERSION:  # no December releases
        return False
    return date(year, month, 1) <= today < date(year + 1, month, 15)


def li_error(status: int, message: str, code: str = "", service_code: int | None = None) -> Response:
    """LinkedIn's error body, its fields in LinkedIn's order; `code` and `serviceErrorCode` only when it sends them."""
    body: dict = {"status": status}
    if service_code is not None:
        body["serviceErrorCode"] = service_code
    if code:
        body["code"] = code
    body["message"] = message
    return json_response(body, status)


def access_denied(request: Request, resource: str) -> Response:
    """LinkedIn's 403 for a missing permission: the resource, method and version date it was refused."""
    version = VERSION.fullmatch(request.headers.get("Linkedin-Version", ""))
    when = f"{version[1]}{version[2]}01" if version else "NO_VERSION"
    return li_error(403, f"Not enough permissions to access: {resource}.{when}", "ACCESS_DENIED", 100)


@dataclass
class Video:
    urn: str
    owner: str
    upload_token: str
    ranges: list[tuple[int, int]]  # (firstByte, lastByte) of each part, inclusive
    statuses: list[str]
    failure_reason: str
    parts: dict[int, bytes] = field(default_factory=dict)
    etags: dict[int, str] = field(default_factory=dict)
    finalized: bool = False
    polls: int = 0

    @property
    def data(self) -> bytes:
        return b"".join(self.parts[i] for i in sorted(self.parts))


class FakeLinkedIn(FakeAPI):
    client_id = "li-client"
    client_secret = "li-secret"
    sub = "782bbtaQ"

    def __init__(self) -> None:
        super().__init__()
        self.ids = itertools.count(7300000000000000001)
        self.base_url = ""
        self.codes = {"good-code": "li-token"}
        # token -> member id (the `sub`) it acts for; organizations it administers
        self.tokens = {"li-token": self.sub}
        # Tokens the member revoked (Settings > Data privacy > Permitted services).
        self.revoked: set[str] = set()
        # refresh token -> member id; the day its one-year life began (the first grant)
        self.refresh_tokens: dict[str, str] = {}
        self.refresh_granted: dict[str, date] = {}
        # Whether LinkedIn approved this app for programmatic refresh tokens (most apps are not).
        self.programmatic_refresh = False
        self.org_admin = {"li-token": {"2414183"}}
        # Organizations by id; roles of other members or still PENDING are not the member's to pick.
        self.organizations = {
            "2414183": {"localizedName": "Analytical Engines Ltd", "vanityName": "analytical-engines"},
            "5550001": {"localizedName": "Difference Works", "vanityName": "difference-works"},
        }
        self.pending_roles = {"li-token": {"5550001"}}
        # The scopes the app asked for at authorize time, granted as asked; token -> its scopes.
        self.asked_scope = "openid profile w_member_social"
        self.scopes: dict[str, set[str]] = {}
        self.images: dict[str, bytes | None] = {}
        # Where profile pictures live; empty: the network sends none (a browser cannot load the example host).
        self.avatar_host = "https://media.licdn.example"
        self.videos: dict[str, Video] = {}
        # Status answers to successive GETs of a finalized video; the last one repeats.
        self.video_statuses = ["PROCESSING", "AVAILABLE"]
        self.video_failure_reason = "Video encoding is not supported"
        self.published: list[dict] = []
        # Tokens whose app may read posts back (r_member_social, r_organization_social): LinkedIn
        # restricts these to approved partners, so by default a read is 403 ACCESS_DENIED.
        self.read_tokens: set[str] = set()
        # Posts a member may create a day (None: no limit), counted per day of `today`.
        self.posts_per_member_per_day: int | None = None
        # The day the fake answers for: versions are served and daily limits counted relative to it.
        self.today = datetime.now(UTC).date()

    def dispatch(self, request: Request) -> Response:
        if request.path == "/oauth/v2/authorization":  # the member allows what the app asked for
            code = f"code-{next(self.ids)}"
            self.codes[code] = "li-token"
            self.asked_scope = request.args.get("scope", "")
            return consent_redirect(request, code)
        if request.path == "/oauth/v2/accessToken":
            return self._token(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token in self.revoked:
            return li_error(
                401, "The token used in the request has been revoked by the user", "REVOKED_ACCESS_TOKEN", 65601
            )
        if token not in self.tokens:
            return li_error(401, "Invalid access token", "INVALID_ACCESS_TOKEN", 65600)
        if request.path == "/v2/userinfo":
            return json_response(
                {
                    "sub": self.tokens[token],
                    "name": "Ada Lovelace",
                    "given_name": "Ada",
                    "family_name": "Lovelace",
                    **({"picture": f"{self.avatar_host}/ada.jpg"} if self.avatar_host else {}),
                    "locale": {"country": "GB", "language": "en"},
                }
            )
        if request.path.startswith("/upload/urn:li:video:"):
            return self._upload_part(request)
        if request.path.startswith("/upload/"):
            return self._upload(request)
        version = request.headers.get("Linkedin-Version", "")
        if not version:
            return li_error(
                400,
                "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
                "VERSION_MISSING",
            )
        if not served(version, self.today):
            return li_error(426, f"Requested version {version} is not active", "NONEXISTENT_VERSION")
        if request.headers.get("X-Restli-Protocol-Version") != "2.0.0":
            # A guard, not LinkedIn's answer: without the header LinkedIn falls back to Rest.li
            # protocol 1.0 (other URN encoding), where the Posts API documents 2.0.0 as required.
            return li_error(400, "X-Restli-Protocol-Version 2.0.0 is required")
        action = request.args.get("action") if request.method == "POST" else None
        if request.path == "/rest/images" and action == "initializeUpload":
            return self._initialize_upload(request, token)
        if request.path == "/rest/videos" and action == "initializeUpload":
            return self._initialize_video_upload(request, token)
        if request.path == "/rest/videos" and action == "finalizeUpload":
            return self._finalize_video_upload(request, token)
        if request.path.startswith("/rest/videos/") and request.method == "GET":
            return self._get_video(request, token)
        if request.path.startswith("/rest/posts/") and request.method == "GET":
            return self._get_post(request, token)
        if request.path == "/rest/posts" and request.method == "POST":
            return self._create_post(request, token)
        if request.path == "/rest/organizationAcls" and request.method == "GET":
            return self._organization_acls(request, token)
        if request.path.startswith("/rest/organizations/") and request.method == "GET":
            return self._organization(request, token)
        return li_error(404, "Not found")

    def _organization_acls(self, request: Request, token: str) -> Response:
        if "rw_organization_admin" not in self.scopes.get(token, set()):
            return access_denied(request, "organizationAcls.FINDER-roleAssignee")
        if request.args.get("q") != "roleAssignee":
            return li_error(400, "Invalid query parameters passed to request")
        member = f"urn:li:person:{self.tokens[token]}"
        rows = [(org, "APPROVED") for org in sorted(self.org_admin.get(token, set()))]
        rows += [(org, "REQUESTED") for org in sorted(self.pending_roles.get(token, set()))]
        wanted = request.args.get("state")
        elements = [
            {
                "roleAssignee": member,
                "state": state,
                "role": "ADMINISTRATOR",
                "organization": f"urn:li:organization:{org}",
            }
            for org, state in rows
            if wanted in (None, state)
        ]
        return json_response({"paging": {"start": 0, "count": 10, "total": len(elements)}, "elements": elements})

    def _organization(self, request: Request, token: str) -> Response:
        if "rw_organization_admin" not in self.scopes.get(token, set()):
            return access_denied(request, "organizations.GET")
        org = request.path.removeprefix("/rest/organizations/")
        if org not in self.organizations:
            return li_error(404, f"Organization {org} not found", "NOT_FOUND")
        return json_response({"id": int(org), **self.organizations[org], "localizedWebsite": "https://example.org"})

    def _may_act_as(self, token: str, author: str) -> bool:
        return author == f"urn:li:person:{self.tokens[token]}" or author.removeprefix(
            "urn:li:organization:"
        ) in self.org_admin.get(token, set())

    def _token(self, request: Request) -> Response:
        form = request.form
        if (form.get("client_id"), form.get("client_secret")) != (self.client_id, self.client_secret):
            return json_response({"error": "invalid_client", "error_description": "Client authentication failed"}, 401)
        grant = form.get("grant_type")
        if grant == "authorization_code" and form.get("code") in self.codes and form.get("redirect_uri"):
            token = self.codes.pop(form["code"])
            refresh = f"li-refresh-{next(self.ids)}" if self.programmatic_refresh else ""
            if refresh:
                self.refresh_tokens[refresh] = self.tokens[token]
        elif grant == "refresh_token" and form.get("refresh_token") in self.refresh_tokens:
            refresh = form["refresh_token"]
            token = f"li-token-{next(self.ids)}"
            self.tokens[token] = self.refresh_tokens[refresh]
        elif grant == "authorization_code":
            return json_response(
                {
                    "error": "invalid_request",
                    "error_description": "Unable to retrieve access token: appid/redirect uri/code verifier does "
                    "not match authorization code. Or authorization code expired. Or external member binding exists",
                },
                400,
            )
        else:
            return json_response(
                {"error": "invalid_request", "error_description": "The refresh token is invalid or expired"}, 400
            )
        if grant == "authorization_code":
            self.scopes[token] = set(self.asked_scope.split())
        scope = ",".join(sorted(self.scopes.get(token, set(self.asked_scope.split()))))
        answer = {"access_token": token, "expires_in": 5183999, "scope": scope, "token_type": "Bearer"}
        answer["id_token"] = f"eyJ.{self.tokens[token]}.sig"  # an OpenID Connect JWT, for the `openid` scope
        if refresh:
            granted = self.refresh_granted.setdefault(refresh, self.today)
            left = 365 * 86400 - (self.today - granted).days * 86400 - 1
            answer |= {"refresh_token": refresh, "refresh_token_expires_in": left}
        return json_response(answer)

    def _initialize_upload(self, request: Request, token: str) -> Response:
        owner = (request.get_json(silent=True) or {}).get("initializeUploadRequest", {}).get("owner", "")
        if not self._may_act_as(token, owner):
            return access_denied(request, "images.ACTION-initializeUpload")
        urn = f"urn:li:image:C4E{next(self.ids)}"
        self.images[urn] = None
        return json_response(
            {"value": {"uploadUrlExpiresAt": 1790000000000, "image": urn, "uploadUrl": f"{self.base_url}/upload/{urn}"}}
        )

    def _upload(self, request: Request) -> Response:
        urn = request.path.removeprefix("/upload/")
        if request.method != "PUT" or urn not in self.images or not request.data:
            return li_error(400, "Bad upload")
        self.images[urn] = request.data
        return Response(status=201)

    def _initialize_video_upload(self, request: Request, token: str) -> Response:
        upload = (request.get_json(silent=True) or {}).get("initializeUploadRequest", {})
        owner, size = upload.get("owner", ""), upload.get("fileSizeBytes")
        if not self._may_act_as(token, owner):
            return li_error(403, VIDEO_FORBIDDEN)
        if type(size) is not int or size <= 0:
            return li_error(400, "/initializeUploadRequest/fileSizeBytes :: must be a positive number of bytes")
        urn = f"urn:li:video:C5F{next(self.ids)}"
        ranges = [(first, min(first + PART_BYTES, size) - 1) for first in range(0, size, PART_BYTES)]
        video = Video(
            urn=urn,
            owner=owner,
            # LinkedIn sends an empty token for a single-part upload.
            upload_token="" if len(ranges) == 1 else f"li-upload-{next(self.ids)}",
            ranges=ranges,
            statuses=list(self.video_statuses),
            failure_reason=self.video_failure_reason,
        )
        self.videos[urn] = video
        instructions = [
            {"uploadUrl": f"{self.base_url}/upload/{urn}/{index}", "firstByte": first, "lastByte": last}
            for index, (first, last) in enumerate(ranges)
        ]
        return json_response(
            {
                "value": {
                    "uploadUrlsExpireAt": 1790000000000,
                    "video": urn,
                    "uploadInstructions": instructions,
                    "uploadToken": video.upload_token,
                    "thumbnailUploadUrl": "",
                    "captionsUploadUrl": "",
                }
            }
        )

    def _upload_part(self, request: Request) -> Response:
        urn, _, part = request.path.removeprefix("/upload/").rpartition("/")
        video, index = self.videos.get(urn), int(part) if part.isdigit() else -1
        if request.method != "PUT" or video is None or not 0 <= index < len(video.ranges):
            return li_error(400, "Bad upload")
        if request.content_type != "application/octet-stream":
            return li_error(400, "Video parts are uploaded as application/octet-stream")
        first, last = video.ranges[index]
        if len(request.data) != last - first + 1:
            return li_error(400, f"Part {index} must be {last - first + 1} bytes, got {len(request.data)}")
        video.parts[index] = request.data
        video.etags[index] = f"/dms/video/{index}/{hashlib.sha256(request.data).hexdigest()[:24]}"
        return Response(status=200, headers={"ETag": video.etags[index]})

    def _finalize_video_upload(self, request: Request, token: str) -> Response:
        finalize = (request.get_json(silent=True) or {}).get("finalizeUploadRequest", {})
        video = self.videos.get(finalize.get("video", ""))
        if video is None:
            return li_error(400, "/finalizeUploadRequest/video :: not an uploading video")
        if not self._may_act_as(token, video.owner):
            return li_error(403, VIDEO_FORBIDDEN)
        if finalize.get("uploadToken") != video.upload_token:
            return li_error(400, "/finalizeUploadRequest/uploadToken :: does not match the upload")
        expected = [video.etags.get(index) for index in range(len(video.ranges))]
        if finalize.get("uploadedPartIds") != expected:
            return li_error(400, "/finalizeUploadRequest/uploadedPartIds :: every part's ETag, in order")
        video.finalized = True
        return Response(status=200)

    def _get_video(self, request: Request, token: str) -> Response:
        # Rest.li 2.0: a URN in the path is URL-encoded; a raw one is a syntax error.
        if ":" in request.environ.get("RAW_URI", request.path).split("?")[0].removeprefix("/rest/videos/"):
            return li_error(400, "Syntax exception in path variables", "ILLEGAL_ARGUMENT")
        video = self.videos.get(request.path.removeprefix("/rest/videos/"))
        if video is None:
            return li_error(404, "Not found")
        if not self._may_act_as(token, video.owner):
            return li_error(403, VIDEO_FORBIDDEN)
        status = "WAITING_UPLOAD"
        if video.finalized:
            status = video.statuses[min(video.polls, len(video.statuses) - 1)]
            video.polls += 1
        body = {"id": video.urn, "owner": video.owner, "status": status}
        if status == "PROCESSING_FAILED":
            body["processingFailureReason"] = video.failure_reason
        return json_response(body)

    def _media_ready(self, urn: str) -> bool:
        if urn in self.videos:
            return self.videos[urn].finalized
        return self.images.get(urn) is not None

    def _get_post(self, request: Request, token: str) -> Response:
        """GET /rest/posts/{encoded URN}: the post as created, with `id` and `lifecycleState`;
        404 for one that is not there (deleted); 403 without a read permission."""
        if ":" in request.environ.get("RAW_URI", request.path).split("?")[0].removeprefix("/rest/posts/"):
            return li_error(400, "Syntax exception in path variables", "ILLEGAL_ARGUMENT")
        if token not in self.read_tokens:
            return access_denied(request, "partnerApiPostsExternal.GET")
        urn = request.path.removeprefix("/rest/posts/")
        post = next((p for p in self.published if p["id"] == urn), None)
        if post is None:
            return li_error(404, f"Post {urn} does not exist", "NOT_FOUND")
        fields = ("id", "author", "commentary", "visibility", "distribution", "content", "lifecycleState")
        return json_response({key: post[key] for key in fields if key in post})

    def _create_post(self, request: Request, token: str) -> Response:
        body = request.get_json(silent=True) or {}
        if not self._may_act_as(token, body.get("author", "")):
            return access_denied(request, "partnerApiPostsExternal.CREATE")
        member = self.tokens[token]
        today = [p for p in self.published if p["member"] == member and p["day"] == self.today]
        if self.posts_per_member_per_day is not None and len(today) >= self.posts_per_member_per_day:
            return li_error(
                429,
                "Resource level throttle APPLICATION_AND_MEMBER DAY limit for calls to this resource is reached.",
                "TOO_MANY_REQUESTS",
                101,
            )
        missing = {"author", "commentary", "visibility", "distribution", "lifecycleState"} - body.keys()
        if missing:
            return li_error(422, f"/{sorted(missing)[0]} :: field is required but not found", "UNPROCESSABLE_ENTITY")
        if len(body["commentary"]) > 3000:
            return li_error(422, "/commentary :: length exceeds 3000", "UNPROCESSABLE_ENTITY")
        content = body.get("content") or {}
        refs = (
            [content["media"]["id"]]
            if "media" in content
            else [i["id"] for i in content.get("multiImage", {}).get("images", [])]
        )
        if any(not self._media_ready(ref) for ref in refs):
            return li_error(422, "/content/media/id :: media is not uploaded or finalized", "UNPROCESSABLE_ENTITY")
        earlier = [p for p in self.published if (p["commentary"], p["author"]) == (body["commentary"], body["author"])]
        if earlier:
            # LinkedIn names the post that already says it (seen with code DUPLICATE_POST).
            return li_error(422, f"Content is a duplicate of {earlier[0]['id']}", "DUPLICATE_POST")
        urn = f"urn:li:share:{next(self.ids)}"
        self.published.append(
            {**body, "id": urn, "version": request.headers["Linkedin-Version"], "member": member, "day": self.today}
        )
        return Response(status=201, headers={"x-restli-id": urn, "x-linkedin-id": urn.rsplit(":", 1)[1]})
