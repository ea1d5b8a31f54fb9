"""Caption model backed by any OpenAI-compatible chat-completions server, through the `openai` SDK.

One flow for every kind of server:

1. Structured output: `chat.completions.parse` with a pydantic model, which
   sends a strict JSON schema (`response_format: {"type": "json_schema"}`).
   OpenAI and recent vLLM / llama.cpp enforce it, and that answer is used.
2. JSON mode (`{"type": "json_object"}`, the shape spelled out in the prompt),
   when the server shows it does not do json_schema: an HTTP 400/422 naming
   `response_format`; an HTTP 500 (older llama.cpp, ik_llama.cpp and
   llama-cpp-python fail that way, after the SDK's own `max_retries`); or an
   HTTP 200 whose answer is not valid JSON of the schema, or empty (Ollama
   Cloud and some llama.cpp builds ignore the format). Only a 500 counts
   among the 5xx: a 502/503/504 is an outage, mapped as below.
3. One repair request, when the JSON-mode answer does not validate; after that
   it is an error naming what went wrong, so unvalidated text never reaches
   the caller.

A finish_reason of "length" (`LengthFinishReasonError`) or "content_filter" is
an error at any step, never repaired. SDK errors become `UpstreamError`s with
the HTTP status the API should answer (502/503/504); a 500 to the JSON-mode
request is a failing server, 502.

What a server showed is remembered per `OpenAICaptionModel` instance, i.e. for
one caption request (its captions and any shortening), not per base URL for the
process: a passing 500 would otherwise push every later request to JSON mode
until a restart, an upgraded server would never be asked for json_schema again,
and worker processes would disagree.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import openai
from openai import OpenAI
from pydantic import BaseModel, ValidationError

from captions import prompts
from captions.generators.base import CaptionBrief, Draft, Generation, Usage
from socialtrend.errors import UpstreamError

logger = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)


class CaptionDraft(BaseModel):
    network: str
    text: str
    hashtags: list[str]


class CaptionBatch(BaseModel):
    variants: list[CaptionDraft]


class ShortenedCaption(BaseModel):
    text: str


class InvalidAnswerError(Exception):
    """The model's JSON-mode reply did not validate against the expected shape, even after a repair."""

    def __init__(self, problem: str, *, fallback_reason: str | None = None):
        super().__init__(problem)
        self.problem = problem
        self.fallback_reason = fallback_reason

    @property
    def detail(self) -> str:
        what = (
            f"The caption model {self.fallback_reason}, and its JSON-mode answer"
            if self.fallback_reason
            else "The caption model's JSON-mode answer"
        )
        return f"{what} was not valid captions, even after a retry ({self.problem})."


class StructuredOutputUnsupportedError(Exception):
    """The server showed it does not do json_schema; `reason` says how (it ends up in the API's error)."""

    def __init__(self, reason: str, *, usage: Usage | None = None):
        super().__init__(reason)
        self.reason = reason
        self.usage = usage or Usage()


class OpenAICaptionModel:
    offline = False

    def __init__(self, *, api_key: str, base_url: str, model: str, timeout: float, max_retries: int):
        self.name = model
        self.timeout = timeout
        self.json_schema_supported = True  # until the server shows otherwise; see the module docstring
        self._client = OpenAI(api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=max_retries)

    def generate(self, brief: CaptionBrief) -> Generation:
        batch, usage = self._ask(prompts.caption_messages(brief), CaptionBatch, prompts.CAPTIONS_SHAPE)
        return Generation([Draft(v.network, v.text, tuple(v.hashtags)) for v in batch.variants], usage)

    def shorten(self, *, draft: Draft, max_length: int, language: str) -> tuple[str, Usage]:
        messages = prompts.shorten_messages(draft=draft, max_length=max_length, language=language)
        answer, usage = self._ask(messages, ShortenedCaption, prompts.SHORTENED_SHAPE)
        return answer.text, usage

    def _ask(self, messages: list[dict], schema: type[T], shape: str) -> tuple[T, Usage]:
        with self._upstream_errors():
            usage, fallback_reason = Usage(), None
            if self.json_schema_supported:
                try:
                    return self._structured(messages, schema)
                except StructuredOutputUnsupportedError as exc:
                    logger.info("caption model %s %s; falling back to JSON mode", self.name, exc.reason)
                    self.json_schema_supported = False
                    usage, fallback_reason = exc.usage, exc.reason
            answer, json_mode_usage = self._json_mode(messages, schema, shape, fallback_reason=fallback_reason)
            return answer, usage + json_mode_usage

    def _structured(self, messages: list[dict], schema: type[T]) -> tuple[T, Usage]:
        """One json_schema request: the parsed answer, or StructuredOutputUnsupportedError."""
        try:
            completion = self._client.chat.completions.parse(model=self.name, messages=messages, response_format=schema)
        except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
            if not rejects_structured_output(exc):
                raise
            raise StructuredOutputUnsupportedError(f"rejected structured output (HTTP {exc.status_code})") from exc
        except openai.InternalServerError as exc:
            if exc.status_code != 500:  # 502/503/504: down or overloaded, not a missing feature
                raise
            raise StructuredOutputUnsupportedError("failed on structured output (HTTP 500)") from exc
        except ValidationError as exc:  # an HTTP 200 whose text does not fit the schema: the format was ignored
            logger.info("caption model %s answered json_schema with: %s", self.name, describe(exc))
            raise StructuredOutputUnsupportedError("ignored structured output") from exc
        message = completion.choices[0].message if completion.choices else None
        if message is not None and message.refusal:
            raise UpstreamError("The caption model refused to write these captions.")
        if message is None or message.parsed is None:
            raise StructuredOutputUnsupportedError(
                "sent an empty answer to structured output", usage=usage_of(completion)
            )
        return message.parsed, usage_of(completion)

    def _json_mode(
        self, messages: list[dict], schema: type[T], shape: str, *, fallback_reason: str | None
    ) -> tuple[T, Usage]:
        """A json_object request with the shape spelled out, and one repair request if it does not validate."""
        messages = [*messages, prompts.json_mode_instructions(shape)]
        usage = Usage()
        for attempt in range(2):
            completion = self._client.chat.completions.create(
                model=self.name, messages=messages, response_format={"type": "json_object"}
            )
            usage += usage_of(completion)
            choice = completion.choices[0] if completion.choices else None
            if choice is not None and choice.finish_reason == "length":
                raise openai.LengthFinishReasonError(completion=completion)
            if choice is not None and choice.finish_reason == "content_filter":
                raise openai.ContentFilterFinishReasonError(completion=completion)
            if choice is not None and choice.message.refusal:
                raise UpstreamError("The caption model refused to write these captions.")
            answer = (choice.message.content if choice is not None else None) or ""
            if not answer.strip():
                problem = "empty reply"
            else:
                try:
                    return schema.model_validate_json(answer), usage
                except ValidationError as exc:
                    problem = describe(exc)
            if attempt == 0:
                messages = [*messages, {"role": "assistant", "content": answer}, prompts.repair_request(problem, shape)]
        raise InvalidAnswerError(problem, fallback_reason=fallback_reason)

    @contextmanager
    def _upstream_errors(self) -> Iterator[None]:
        """Map the SDK's exceptions to what our API answers; never echo the key or raw upstream text."""
        try:
            yield
        except InvalidAnswerError as exc:
            logger.warning("caption model %s gave an invalid JSON-mode answer twice: %s", self.name, exc)
            raise UpstreamError(exc.detail) from exc
        except openai.APITimeoutError as exc:
            raise UpstreamError(
                f"The caption model did not answer within {self.timeout:g} seconds.", status_code=504
            ) from exc
        except openai.APIConnectionError as exc:
            raise UpstreamError("The caption model could not be reached.", status_code=503) from exc
        except openai.RateLimitError as exc:
            raise UpstreamError(
                "The caption model is busy (rate-limited); try again shortly.",
                status_code=503,
                retry_after=retry_after_seconds(exc.response.headers.get("retry-after")),
            ) from exc
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            logger.error("caption model rejected the configured API key (HTTP %s)", exc.status_code)
            raise UpstreamError("The caption model rejected the configured API key.") from exc
        except openai.APIStatusError as exc:
            logger.warning("caption model %s failed: HTTP %s %s", self.name, exc.status_code, exc.code)
            raise UpstreamError(f"The caption model failed (HTTP {exc.status_code}).") from exc
        except openai.LengthFinishReasonError as exc:
            raise UpstreamError("The caption model's answer was cut off before it was complete.") from exc
        except openai.ContentFilterFinishReasonError as exc:
            raise UpstreamError("The caption model's content filter stopped the answer.") from exc
        except openai.APIError as exc:
            logger.warning("caption model %s failed: %s", self.name, type(exc).__name__)
            raise UpstreamError("The caption model failed.") from exc


def rejects_structured_output(exc: openai.APIStatusError) -> bool:
    text = f"{exc.param or ''} {exc.message}".lower()
    return "response_format" in text or "json_schema" in text


def usage_of(completion: openai.types.chat.ChatCompletion) -> Usage:
    if completion.usage is None:  # some compatible servers leave it out
        return Usage()
    u = completion.usage
    return Usage(u.prompt_tokens or 0, u.completion_tokens or 0, u.total_tokens or 0)


def describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "reply"
    return f"{where}: {first['msg']}"[:300]


def retry_after_seconds(value: str | None) -> int | None:
    try:
        return max(1, int(float(value))) if value else None
    except ValueError:
        return None
