"""A local OpenAI-compatible chat-completions server, for tests and demos.

It speaks the real API's shapes (`POST /v1/chat/completions` answering a
`chat.completion` object with `usage`; errors as `{"error": {"message",
"type", "param", "code"}}` with the real status codes), so the real `openai`
SDK talks to it through `base_url`. Tests script replies one by one
(`reply_content`, `reply_error`, `reply_hang`, ...); with nothing scripted it
acts as a small model that answers our caption and shorten briefs with valid
JSON. `json_schema` picks how it treats a structured-output request
(`response_format: {"type": "json_schema"}`), as real servers do:

- "enforce" (default): answers as usual, like OpenAI, vLLM and recent llama.cpp.
- "reject": HTTP 400 naming `response_format`, OpenAI-style, like a model without it.
- "llama.cpp-500": HTTP 500 with llama-server's error body
  (`{"error": {"code": 500, "message": "response_format type must be one of
  \"text\" or \"json_object\", but got: json_schema", "type": "server_error"}}`),
  like older llama.cpp builds and ik_llama.cpp.
- "llama-cpp-python-500": HTTP 500 with llama-cpp-python's body (its request
  model only knows "text" and "json_object", and its route handler turns the
  validation error into `{"error": {"message": "<the errors>", "type":
  "internal_server_error", "param": null, "code": null}}`).
- "ignore": HTTP 200, the format ignored: scripted replies as usual, else free
  text about the brief, like Ollama Cloud and some llama.cpp builds.

`latency` makes every answer wait that many seconds, like a slow local model.
It listens on a free port (port 0) unless given one, so suites running side by
side never collide.

Run it by hand (e.g. as OPENAI_BASE_URL for `make run`):
    python -m tests.fakes.openai_server --port 8401 [--latency 30]
"""

import argparse
import itertools
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

FAKE_API_KEY = "sk-fake-test-key"
HANG_SECONDS = 30.0
JSON_SCHEMA_BEHAVIOURS = ("enforce", "reject", "llama.cpp-500", "llama-cpp-python-500", "ignore")

LLAMA_CPP_500 = {
    "code": 500,
    "message": 'response_format type must be one of "text" or "json_object", but got: json_schema',
    "type": "server_error",
}
LLAMA_CPP_PYTHON_500 = {
    "message": "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
    "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema', "
    "'ctx': {'expected': \"'text' or 'json_object'\"}}]",
    "type": "internal_server_error",
    "param": None,
    "code": None,
}


@dataclass
class Reply:
    status: int = 200
    content: str | None = None
    refusal: str | None = None
    finish_reason: str = "stop"
    error: dict | None = None
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False
    no_choices: bool = False


class FakeOpenAI:
    def __init__(self, *, api_key: str = FAKE_API_KEY, json_schema: str = "enforce", latency: float = 0.0):
        if json_schema not in JSON_SCHEMA_BEHAVIOURS:
            raise ValueError(f"json_schema must be one of {JSON_SCHEMA_BEHAVIOURS}, not {json_schema!r}")
        self.api_key = api_key
        self.json_schema = json_schema
        self.latency = latency
        self.replies: deque[Reply] = deque()
        self.requests: list[dict] = []
        self._ids = itertools.count(1)
        self._released = threading.Event()
        self._server: BaseWSGIServer | None = None
        self.port = 0

    # --- scripting -----------------------------------------------------------
    def reply_content(self, content: str | dict, *, finish_reason: str = "stop") -> None:
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        self.replies.append(Reply(content=text, finish_reason=finish_reason))

    def reply_no_choices(self) -> None:
        self.replies.append(Reply(no_choices=True))

    def reply_refusal(self, refusal: str = "I'm sorry, I can't help with that.") -> None:
        self.replies.append(Reply(refusal=refusal))

    def reply_error(
        self, status: int, message: str, *, type: str, code: str | None = None, headers: dict | None = None
    ) -> None:
        error = {"message": message, "type": type, "param": None, "code": code}
        self.replies.append(Reply(status=status, error=error, headers=headers or {}))

    def reply_rate_limited(self, retry_after: int = 20) -> None:
        self.reply_error(
            429,
            "Rate limit reached for requests. Please try again in 20s.",
            type="requests",
            code="rate_limit_exceeded",
            headers={"retry-after": str(retry_after)},
        )

    def reply_server_error(self) -> None:
        self.reply_error(
            500, "The server had an error while processing your request. Sorry about that!", type="server_error"
        )

    def reply_hang(self) -> None:
        """Hold the answer back until the test ends: the client times out."""
        self.replies.append(Reply(hang=True))

    # --- what the client sent -------------------------------------------------------
    @property
    def response_formats(self) -> list[str | None]:
        return [(body.get("response_format") or {}).get("type") for body in self.requests]

    # --- serving ----------------------------------------------------------------------
    def start(self, port: int = 0) -> "FakeOpenAI":
        sock = bind_port(port)
        # Werkzeug exits the process when its own bind fails; handing it a bound socket avoids that.
        self.port = sock.getsockname()[1]
        self._server = make_server("127.0.0.1", self.port, self.wsgi, threaded=True, fd=sock.fileno())
        sock.detach()  # the server owns the descriptor now
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def wsgi(self, environ: dict, start_response: Callable) -> list[bytes]:
        return self._handle(Request(environ))(environ, start_response)

    def _handle(self, request: Request) -> Response:
        if request.path != "/v1/chat/completions" or request.method != "POST":
            return error_response(
                404, f"Unknown request URL: {request.method} {request.path}.", "invalid_request_error"
            )
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return error_response(401, "Incorrect API key provided.", "invalid_request_error", code="invalid_api_key")
        try:
            body = json.loads(request.get_data(as_text=True))
        except ValueError:
            return error_response(400, "We could not parse the JSON body of your request.", "invalid_request_error")
        self.requests.append(body)
        if self.latency:
            self._released.wait(self.latency)  # a slow model; stop() ends the wait
        structured = (body.get("response_format") or {}).get("type") == "json_schema"
        if structured and self.json_schema == "reject":
            return error_response(
                400,
                "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
                "invalid_request_error",
                param="response_format",
            )
        if structured and self.json_schema == "llama.cpp-500":
            return Response(json.dumps({"error": LLAMA_CPP_500}), 500, content_type="application/json")
        if structured and self.json_schema == "llama-cpp-python-500":
            return Response(json.dumps({"error": LLAMA_CPP_PYTHON_500}), 500, content_type="application/json")
        if self.replies:
            reply = self.replies.popleft()
        elif structured and self.json_schema == "ignore":
            reply = Reply(content=free_text_answer(body["messages"]))
        else:
            reply = Reply(content=model_answer(body["messages"]))
        if reply.hang:
            self._released.wait(HANG_SECONDS)
            return error_response(504, "Gateway timeout.", "server_error")
        if reply.error is not None:
            return Response(
                json.dumps({"error": reply.error}), reply.status, reply.headers, content_type="application/json"
            )
        return Response(json.dumps(self._completion(body, reply)), 200, content_type="application/json")

    def _completion(self, body: dict, reply: Reply) -> dict:
        prompt_tokens = sum(len(str(m.get("content") or "")) for m in body["messages"]) // 4 + 1
        completion_tokens = len(reply.content or reply.refusal or "") // 4 + 1
        return {
            "id": f"chatcmpl-fake{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", ""),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.content, "refusal": reply.refusal},
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ]
            if not reply.no_choices
            else [],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
            "system_fingerprint": "fp_fake",
        }


def bind_port(port: int = 0, *, listen: bool = True) -> socket.socket:
    """A socket bound to `port` (0: a free one the system picks); one that does not listen
    refuses connections."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        raise
    if listen:
        sock.listen(128)
    return sock


def error_response(
    status: int, message: str, type: str, *, code: str | None = None, param: str | None = None
) -> Response:
    body = {"error": {"message": message, "type": type, "param": param, "code": code}}
    return Response(json.dumps(body), status, content_type="application/json")


def brief_of(messages: list[dict]) -> dict:
    """The JSON brief in the last user message that holds one (after its first line): a repair
    request that follows it is a user message too."""
    for message in reversed(messages):
        _, _, data = str(message.get("content") or "").partition("\n")
        if message["role"] == "user" and data.startswith("{"):
            return json.loads(data)
    raise ValueError("no brief in the messages")


def model_answer(messages: list[dict]) -> str:
    """What a cooperative model would answer: valid JSON for a caption or a shorten brief."""
    brief = brief_of(messages)
    if "networks" in brief:
        subject = brief.get("topic") or brief.get("draft", "")
        trend = f' Also trending: "{brief["trends"][0]["title"]}".' if brief.get("trends") else ""
        variants = [
            {
                "network": target["network"],
                "text": f"{brief['tone'].capitalize()} take {index + 1} on {subject} for {target['network']}.{trend}",
                "hashtags": [*brief.get("hashtags_required", []), "fakemodel"][: target["max_hashtags"]],
            }
            for target in brief["networks"]
            for index in range(target["variants"])
        ]
        return json.dumps({"variants": variants}, ensure_ascii=False)
    return json.dumps({"text": brief["text"][: max(1, brief["max_characters"] - 1)]}, ensure_ascii=False)


def free_text_answer(messages: list[dict]) -> str:
    """What a model answers when the server drops the schema: prose, not JSON."""
    brief = brief_of(messages)
    subject = brief.get("topic") or brief.get("draft") or brief.get("text", "")
    return f"Sure! Here are some ideas for {subject}:\n\n1. {subject} is here.\n2. Try {subject} today."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8401)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds each answer waits")
    parser.add_argument("--api-key", default=FAKE_API_KEY)
    parser.add_argument(
        "--json-schema", choices=JSON_SCHEMA_BEHAVIOURS, default="enforce", help="how to treat json_schema requests"
    )
    parser.add_argument("--json-mode-only", action="store_true", help="same as --json-schema reject")
    args = parser.parse_args()
    behaviour = "reject" if args.json_mode_only else args.json_schema
    fake = FakeOpenAI(api_key=args.api_key, json_schema=behaviour, latency=args.latency).start(args.port)
    print(f"fake OpenAI-compatible server at {fake.base_url} (key {args.api_key})", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
