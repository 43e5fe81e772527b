"""The model port over any OpenAI-compatible endpoint; the only module that imports langchain_openai or openai."""

from __future__ import annotations

import contextlib
import json
import re
import socket
from collections.abc import Iterator, Sequence
from typing import Any, Literal, cast

import openai
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr, ValidationError

from interviewer.adapters.prompt_files import GRADER, RenderedPrompt, judge_prompt, load_prompt, phrase_prompt
from interviewer.domain.model import JudgeRequest, ModelJudgement, ModelOutputInvalid, ModelUnavailable, PhraseRequest
from interviewer.settings import Settings

StructuredMethod = Literal["json_schema", "json_mode"]
JUDGEMENT_SCHEMA: dict[str, Any] = {
    "title": "judgement",
    "description": "The grade of one interview answer.",
    **{k: v for k, v in ModelJudgement.model_json_schema().items() if k not in ("title", "description")},
}
"""The JSON schema the judge's reply must follow (parsed and validated again by parse_judgement)."""

PLACEHOLDER_API_KEY = "not-needed"
"""Sent when no key is configured: local servers (Ollama, llama.cpp, vLLM) accept any key but the client needs one."""

_QUOTES = "\"'“”‘’«»`"
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_ERROR_CHARS = 600


class OpenAICompatibleModel:
    """Phrases and judges with a chat model at an OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp...)."""

    def __init__(self, settings: Settings) -> None:
        if not (settings.llm_base_url and settings.llm_model):
            raise ValueError("OpenAICompatibleModel needs llm_base_url and llm_model")
        self._base_url = settings.llm_base_url
        self._model = settings.llm_model
        self._timeout_s = settings.llm_timeout_s
        self._chat = ChatOpenAI(
            base_url=self._base_url,
            api_key=settings.llm_api_key or SecretStr(PLACEHOLDER_API_KEY),
            model=self._model,
            timeout=settings.llm_timeout_s,
            max_retries=settings.llm_retries,
            temperature=settings.llm_temperature,
        )
        self._prompt_version = load_prompt(GRADER).version
        self._output_method: StructuredMethod | None = "json_schema"
        """How the judgement is asked for: a JSON schema, JSON mode where the server has no schemas, or plain text
        where it has neither (the reply is parsed and validated the same way in every case)."""

    @property
    def name(self) -> str:
        """The model name at the endpoint."""
        return self._model

    @property
    def prompt_version(self) -> str | None:
        """The grader prompt's version."""
        return self._prompt_version

    def phrase(self, request: PhraseRequest) -> Iterator[str]:
        """Stream an interviewer turn, without the quotes and whitespace models like to wrap it in."""
        messages = _messages(phrase_prompt(request))
        stripper = _QuoteStripper()
        produced = False
        with self._transport_errors():
            for chunk in self._chat.stream(messages):
                piece = stripper.feed(_text(chunk.content))
                if piece:
                    produced = True
                    yield piece
        tail = stripper.finish()
        if tail:
            produced = True
            yield tail
        if not produced:
            raise ModelOutputInvalid(f"{self._model} returned an empty interviewer turn")

    def judge(self, request: JudgeRequest) -> ModelJudgement:
        """Judge one answer through structured output; one corrective retry if the reply is not a valid judgement."""
        messages = _messages(judge_prompt(request))
        content = self._structured(messages)
        try:
            return parse_judgement(content, request, complete=True)
        except ValueError as first:
            error = _short(str(first))
        messages += [
            AIMessage(content=content),
            HumanMessage(
                content=f"That reply was not valid: {error}\n"
                "Reply again with only the JSON object, in exactly the shape asked for, and nothing else."
            ),
        ]
        content = self._structured(messages)
        try:
            return parse_judgement(content, request)
        except ValueError as second:
            raise ModelOutputInvalid(
                f"{self._model} did not return a valid judgement after a retry: {_short(str(second), 200)}"
            ) from second

    def check(self) -> str:
        """List the endpoint's models (a tiny request) and say whether ours is there; raise ModelUnavailable."""
        client = cast(openai.OpenAI, self._chat.root_client)
        with self._transport_errors():
            served = [m.id for m in client.models.list()]
        if self._model in served or not served:
            return f"{self._base_url} is reachable and serves {self._model}"
        listed = ", ".join(served[:5]) + (", ..." if len(served) > 5 else "")
        return f"{self._base_url} is reachable, but does not list {self._model} (it lists {listed})"

    def _structured(self, messages: Sequence[BaseMessage]) -> str:
        """The judge's reply text, asked for with langchain's structured output: the judgement's JSON schema, or
        JSON mode, falling back a step when the server rejects the request format (400)."""
        while True:
            method = self._output_method
            try:
                with self._transport_errors():
                    if method is None:
                        return _text(self._chat.invoke(list(messages)).content)
                    runnable = self._chat.with_structured_output(JUDGEMENT_SCHEMA, method=method, include_raw=True)
                    result = cast(dict[str, Any], runnable.invoke(list(messages)))
                    return _text(cast(BaseMessage, result["raw"]).content)
            except ModelUnavailable as exc:
                if method is None or not _rejects_format(exc.__cause__):
                    raise
                self._output_method = "json_mode" if method == "json_schema" else None

    @contextlib.contextmanager
    def _transport_errors(self) -> Iterator[None]:
        """Turn transport failures into ModelUnavailable; let anything else (a bug) through."""
        try:
            yield
        except Exception as exc:
            mapped = self._unavailable(exc)
            if mapped is None:
                raise
            raise mapped from exc

    def _unavailable(self, exc: Exception) -> ModelUnavailable | None:
        """A short human message for a transport failure, or None for an error that is not one."""
        where = f"LLM endpoint {self._base_url}"
        if isinstance(exc, openai.APIStatusError):
            code = exc.status_code
            if code in (401, 403):
                return ModelUnavailable(f"{where} refused the API key ({code})")
            if code == 404:
                return ModelUnavailable(f"{where} does not know model {self._model} or the URL is wrong (404)")
            if code == 429:
                return ModelUnavailable(f"{where} is rate limiting or out of quota (429)")
            if code >= 500:
                return ModelUnavailable(f"{where} failed with a server error ({code})")
            return ModelUnavailable(f"{where} rejected the request ({code}): {_short(_api_message(exc), 200)}")
        if isinstance(exc, openai.APITimeoutError) or any("Timeout" in type(e).__name__ for e in _chain(exc)):
            return ModelUnavailable(f"{where} did not answer within {self._timeout_s:g} s")
        if isinstance(exc, openai.APIConnectionError | OSError) or _is_http_error(exc):
            if _root_is(exc, socket.gaierror):
                return ModelUnavailable(f"{where} cannot be reached: the host name does not resolve")
            if _root_is(exc, ConnectionRefusedError) or "refused" in _root_message(exc).lower():
                return ModelUnavailable(f"{where} refused the connection; is the server running?")
            return ModelUnavailable(f"{where} cannot be reached: {_short(_root_message(exc), 200)}")
        if isinstance(exc, openai.OpenAIError):
            return ModelUnavailable(f"{where} failed: {_short(str(exc), 200)}")
        if isinstance(exc, ValueError | TypeError | KeyError):
            # langchain and the SDK raise these when the body is not an OpenAI chat completion
            return ModelUnavailable(f"{where} did not send an OpenAI-compatible response ({_short(str(exc), 120)})")
        return None


def _rejects_format(exc: BaseException | None) -> bool:
    """A 400 that is about the requested output format (servers without JSON schema or JSON mode support)."""
    if not isinstance(exc, openai.BadRequestError):
        return False
    said = _api_message(exc).lower()
    return any(word in said for word in ("response_format", "json_schema", "json_object", "json mode", "schema"))


def build_llm_model(settings: Settings) -> OpenAICompatibleModel | None:
    """The LLM model the settings describe, or None when no endpoint is configured."""
    return OpenAICompatibleModel(settings) if settings.llm_enabled else None


def parse_judgement(content: str, request: JudgeRequest, complete: bool = False) -> ModelJudgement:
    """Extract and validate a judgement; ValueError with a message fit for the model if invalid.

    complete also demands a score for every requested criterion. The retry does not, since the grader
    falls back to its own score for a criterion the model left out.
    """
    data = extract_json(content)
    try:
        judgement = ModelJudgement.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'reply'}: {e['msg']}" for e in exc.errors())
        raise ValueError(f"the JSON does not match the schema: {problems}") from exc
    missing = [c.name for c in request.criteria if not any(s.name == c.name for s in judgement.criteria)]
    if complete and missing:
        raise ValueError(f"criteria without a score: {', '.join(missing)}")
    return judgement


def extract_json(content: str) -> dict[str, Any]:
    """The first JSON object in a reply, tolerating code fences, reasoning blocks and prose around it."""
    text = _THINK.sub("", content).strip()
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    decoder = json.JSONDecoder()
    for candidate in candidates:
        for start in (i for i, ch in enumerate(candidate) if ch == "{"):
            try:
                value, _ = decoder.raw_decode(candidate, start)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):
                return value
    raise ValueError("the reply has no JSON object" + (f"; it began: {text[:80]!r}" if text else "; it was empty"))


class _QuoteStripper:
    """Drops leading whitespace and an opening quote, and the matching trailing quote, from a streamed text."""

    def __init__(self) -> None:
        self._started = False
        self._quoted = False
        self._held = ""

    def feed(self, piece: str) -> str:
        """The part of this piece that is safe to show now."""
        if not self._started:
            piece = piece.lstrip()
            if piece[:1] and piece[0] in _QUOTES:
                self._quoted = True
                piece = piece[1:].lstrip()
            if not piece:
                return ""
            self._started = True
        text = self._held + piece
        # Trailing whitespace and quotes may end the text, so hold them until more follows.
        shown = text.rstrip(_QUOTES + " \t\r\n")
        self._held = text[len(shown) :]
        return shown

    def finish(self) -> str:
        """What was held back, if the text did not open with a quote."""
        return "" if self._quoted else self._held.rstrip()


def _messages(prompt: RenderedPrompt) -> list[BaseMessage]:
    return [SystemMessage(content=prompt.system), HumanMessage(content=prompt.user)]


def _text(content: str | list[str | dict[Any, Any]]) -> str:
    if isinstance(content, str):
        return content
    return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content if p)


def _short(text: str, limit: int = _ERROR_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _api_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
    return exc.message


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _root_is(exc: BaseException, kind: type[BaseException]) -> bool:
    return any(isinstance(e, kind) for e in _chain(exc))


def _root_message(exc: BaseException) -> str:
    return str(list(_chain(exc))[-1]) or type(exc).__name__


def _is_http_error(exc: BaseException) -> bool:
    # openai 3 runs on httpx2 and older stacks on httpx; match either without importing both.
    return any(type(e).__module__.split(".")[0] in ("httpx", "httpx2", "httpcore", "httpcore2") for e in _chain(exc))
