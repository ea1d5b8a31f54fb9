"""A webhook receiver as a customer would run it: checks the signature, records what arrived."""

import json

from werkzeug import Request, Response

from tests.fakes.server import FakeAPI, json_response
from webhooks.signing import SIGNATURE_HEADER, verify_signature


class WebhookReceiver(FakeAPI):
    def __init__(self) -> None:
        super().__init__()
        self.secret = ""
        self.received: list[dict] = []

    def dispatch(self, request: Request) -> Response:
        body = request.get_data()
        if not verify_signature(self.secret, body, request.headers.get(SIGNATURE_HEADER, "")):
            return json_response({"error": "bad signature"}, 401)
        self.received.append({"headers": dict(request.headers), "body": json.loads(body)})
        return json_response({"ok": True})
