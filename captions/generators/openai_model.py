"""Caption model backed by any OpenAI-compatible chat-completions server, through the `openai` SDK.

Structured output first (`chat.completions.parse` with a pydantic model, which
sends a strict JSON schema). A server that rejects `json_schema` gets JSON
mode with the shape spelled out, and the answer is validated here. Either way
an invalid answer gets one repair request; after that it is an error, so
unvalidated text never reaches the caller. SDK errors become `UpstreamError`s
with the HTTP status the API should answer (502/503/504).
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
    """The model's reply did not validate against the expected shape."""


class OpenAICaptionModel:
    offline = False

    def __init__(self, *, api_key: str, base_url: str, model: str, timeout: float, max_retries: int):
        self.name = model
        self.timeout = timeout
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
            try:
                return self._structured(messages, schema, shape)
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                if not rejects_structured_output(exc):
                    raise
                logger.info("caption model %s rejects json_schema output; falling back to JSON mode", self.name)
                return self._json_mode(messages, schema, shape)

    def _structured(self, messages: list[dict], schema: type[T], shape: str) -> tuple[T, Usage]:
        usage = Usage()
        for attempt in range(2):
            try:
                completion = self._client.chat.completions.parse(
                    model=self.name, messages=messages, response_format=schema
                )
            except ValidationError as exc:  # the server claimed structured output but sent other text
                problem = describe(exc)
            else:
                usage += usage_of(completion)
                message = completion.choices[0].message if completion.choices else None
                if message is not None and message.refusal:
                    raise UpstreamError("The caption model refused to write these captions.")
                if message is not None and message.parsed is not None:
                    return message.parsed, usage
                problem = "empty reply"
            if attempt == 0:
                messages = [*messages, prompts.repair_request(problem, shape)]
        raise InvalidAnswerError(problem)

    def _json_mode(self, messages: list[dict], schema: type[T], shape: str) -> tuple[T, Usage]:
        messages = [*messages, prompts.json_mode_instructions(shape)]
        usage = Usage()
        for attempt in range(2):
            completion = self._client.chat.completions.create(
                model=self.name, messages=messages, response_format={"type": "json_object"}
            )
            usage += usage_of(completion)
            answer = (completion.choices[0].message.content if completion.choices else None) or ""
            try:
                return schema.model_validate_json(answer), usage
            except ValidationError as exc:
                problem = describe(exc)
            if attempt == 0:
                messages = [*messages, {"role": "assistant", "content": answer}, prompts.repair_request(problem, shape)]
        raise InvalidAnswerError(problem)

    @contextmanager
    def _upstream_errors(self) -> Iterator[None]:
        """Map the SDK's exceptions to what our API answers; never echo the key or raw upstream text."""
        try:
            yield
        except InvalidAnswerError as exc:
            logger.warning("caption model %s gave an invalid answer twice: %s", self.name, exc)
            raise UpstreamError("The caption model's answer was not valid captions, even after a retry.") from exc
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
