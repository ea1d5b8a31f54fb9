"""Fake of a Bluesky PDS's XRPC endpoints, for the errors the real PDS (tests/pds) will not
produce on demand: rate limits, expired sessions, server errors, timeouts.

Shapes as the lexicons (com.atproto.server.createSession/refreshSession,
com.atproto.identity.resolveHandle, com.atproto.repo.uploadBlob/createRecord/
getRecord/listRecords/deleteRecord) and the reference PDS (@atproto/pds 0.5.35)
answer, checked against it in test_bluesky_pds.py:
- an error is `{"error": <name>, "message": <text>}`: 401 `AuthenticationRequired`
  "Invalid identifier or password" at createSession; 400 `ExpiredToken` "Token has
  expired" or `InvalidToken` for a bad bearer token; 400 `RecordNotFound` from getRecord;
  400 "Unable to resolve handle" (`InvalidRequest`) from resolveHandle;
- a rate limit is 429 `RateLimitExceeded` with `RateLimit-Limit`, `RateLimit-Remaining`,
  `RateLimit-Reset` (Unix seconds) and `RateLimit-Policy` (`<limit>;w=<seconds>`);
- a blob is `{"$type": "blob", "ref": {"$link": <cid>}, "mimeType", "size"}`;
- listRecords answers newest first, `{"records": [{"uri", "cid", "value"}], "cursor"}`.
"""

import base64
import hashlib
import itertools
import json
import secrets
import time

from werkzeug import Request, Response

from tests.fakes.server import FakeAPI, json_response

POST = "app.bsky.feed.post"


def xrpc_error(name: str, message: str, status: int = 400, headers: dict | None = None) -> Response:
    return json_response({"error": name, "message": message}, status, headers)


def rate_limit_headers(reset_in: int, limit: int = 5000, window: int = 3600) -> dict:
    return {
        "RateLimit-Limit": str(limit),
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": str(int(time.time()) + reset_in),
        "RateLimit-Policy": f"{limit};w={window}",
    }


def fake_jwt(kind: str, did: str, lifetime: int) -> str:
    """A JWT-shaped token with the claims the connector reads (`exp`); the fake checks it by value."""

    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    claims = {"scope": kind, "sub": did, "exp": int(time.time()) + lifetime, "jti": secrets.token_hex(8)}
    return f"{part({'typ': kind, 'alg': 'HS256'})}.{part(claims)}.{secrets.token_urlsafe(16)}"


class FakeBluesky(FakeAPI):
    def __init__(self) -> None:
        super().__init__()
        self.did = "did:plc:fakeaccount000000000000"
        self.account_handle = "ada.bsky.social"
        self.app_password = "abcd-efgh-ijkl-mnop"
        self.known_handles = {self.account_handle: self.did, "bob.bsky.social": "did:plc:fakebob0000000000000000"}
        self.records: dict[str, dict] = {}  # uri -> {"uri", "cid", "value"}
        self.blobs: dict[str, bytes] = {}
        self.access_token = ""
        self.refresh_token = ""
        self.access_expired = False
        self._rkeys = itertools.count(1)
        self.new_session()

    def new_session(self) -> dict:
        self.access_token = fake_jwt("com.atproto.appPass", self.did, 7200)
        self.refresh_token = fake_jwt("com.atproto.refresh", self.did, 90 * 86400)
        self.access_expired = False
        return {
            "accessJwt": self.access_token,
            "refreshJwt": self.refresh_token,
            "handle": self.account_handle,
            "did": self.did,
            "active": True,
        }

    def dispatch(self, request: Request) -> Response:
        nsid = request.path.rsplit("/xrpc/", 1)[-1]
        handler = getattr(self, "x_" + nsid.replace(".", "_"), None)
        if handler is None:
            return xrpc_error("MethodNotImplemented", "Method Not Implemented", 501)
        if nsid in ("com.atproto.server.createSession", "com.atproto.identity.resolveHandle"):
            return handler(request)
        wanted = self.refresh_token if nsid == "com.atproto.server.refreshSession" else self.access_token
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not bearer:
            return xrpc_error("AuthMissing", "Authentication Required", 401)
        if bearer != wanted:
            return xrpc_error("InvalidToken", "Token could not be verified")
        if self.access_expired and bearer == self.access_token:
            return xrpc_error("ExpiredToken", "Token has expired")
        return handler(request)

    def x_com_atproto_server_createSession(self, request: Request) -> Response:
        body = request.get_json(silent=True) or {}
        if body.get("identifier") not in (self.account_handle, self.did) or body.get("password") != self.app_password:
            return xrpc_error("AuthenticationRequired", "Invalid identifier or password", 401)
        return json_response(self.new_session())

    def x_com_atproto_server_refreshSession(self, request: Request) -> Response:
        return json_response(self.new_session())

    def x_com_atproto_identity_resolveHandle(self, request: Request) -> Response:
        did = self.known_handles.get(request.args.get("handle", ""))
        return json_response({"did": did}) if did else xrpc_error("InvalidRequest", "Unable to resolve handle")

    def x_com_atproto_repo_uploadBlob(self, request: Request) -> Response:
        data = request.get_data()
        cid = "bafkrei" + hashlib.sha256(data).hexdigest()[:52]
        self.blobs[cid] = data
        blob = {"$type": "blob", "ref": {"$link": cid}, "mimeType": request.content_type, "size": len(data)}
        return json_response({"blob": blob})

    def x_com_atproto_repo_createRecord(self, request: Request) -> Response:
        body = request.get_json(silent=True) or {}
        if body.get("repo") not in (self.did, self.account_handle):
            return xrpc_error("InvalidRequest", "Invalid repo")
        uri = f"at://{self.did}/{body['collection']}/3fake{next(self._rkeys):08d}"
        cid = "bafyrei" + hashlib.sha256(json.dumps(body["record"]).encode()).hexdigest()[:52]
        self.records[uri] = {"uri": uri, "cid": cid, "value": body["record"]}
        return json_response({"uri": uri, "cid": cid, "validationStatus": "valid"})

    def x_com_atproto_repo_getRecord(self, request: Request) -> Response:
        uri = f"at://{request.args['repo']}/{request.args['collection']}/{request.args['rkey']}"
        if uri not in self.records:
            return xrpc_error("RecordNotFound", f"Could not locate record: {uri}")
        return json_response(self.records[uri])

    def x_com_atproto_repo_listRecords(self, request: Request) -> Response:
        newest_first = sorted(self.records.values(), key=lambda record: record["uri"], reverse=True)
        return json_response({"records": [r for r in newest_first if f"/{request.args['collection']}/" in r["uri"]]})

    def x_com_atproto_repo_deleteRecord(self, request: Request) -> Response:
        body = request.get_json(silent=True) or {}
        self.records.pop(f"at://{body['repo']}/{body['collection']}/{body['rkey']}", None)
        return json_response({})
