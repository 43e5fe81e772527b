"""A scripted OpenAI-compatible server on 127.0.0.1 for testing the LLM path end to end without a model."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass(frozen=True)
class Reply:
    """Answer with this content, after an optional delay (streamed as one piece if the client streams)."""

    content: str
    delay_s: float = 0.0


@dataclass(frozen=True)
class Stream:
    """Stream these pieces as SSE chunks (joined into one reply if the client does not stream)."""

    pieces: list[str]
    delay_s: float = 0.0
    """Pause before each piece."""


@dataclass(frozen=True)
class Status:
    """Answer with this HTTP status and an OpenAI-style error body."""

    code: int
    message: str = "scripted error"


@dataclass(frozen=True)
class Hang:
    """Send nothing for this long (or until the server stops), then drop the connection."""

    seconds: float


@dataclass(frozen=True)
class Garbage:
    """Answer 200 with a body that is not JSON."""

    body: str = "<html><body>502 Bad Gateway, but with a 200</body></html>"


Behaviour = Reply | Stream | Status | Hang | Garbage


@dataclass
class RecordedRequest:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    """Lower-cased names."""
    body: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """All message contents of a chat request, joined."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))


class ScriptedLLMServer:
    """Serves POST /v1/chat/completions and GET /v1/models, one scripted behaviour per request, in order.

    With the queue empty, chat requests get a 500 (nothing was scripted) and model listings get the model list.
    """

    def __init__(self, models: tuple[str, ...] = ("scripted-model",)) -> None:
        self.models = models
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        # A short poll interval keeps shutdown, and so each test's teardown, fast.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="scripted-llm", daemon=True
        )

    @property
    def base_url(self) -> str:
        """The /v1 base URL a client should use."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def pending(self) -> int:
        """Behaviours not used yet."""
        with self._lock:
            return len(self._queue)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """The chat completion requests received, in order."""
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def script(self, *behaviours: Behaviour) -> None:
        """Queue behaviours for the next requests."""
        with self._lock:
            self._queue.extend(behaviours)

    def next_behaviour(self) -> Behaviour | None:
        """Take the next behaviour, if any."""
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def record(self, request: RecordedRequest) -> None:
        """Keep a request for assertions."""
        with self._lock:
            self.requests.append(request)

    def wait(self, seconds: float) -> None:
        """Sleep, but wake up when the server stops."""
        self._stopping.wait(seconds)

    def start(self) -> ScriptedLLMServer:
        """Serve in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release hanging handlers and stop serving."""
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _make_handler(server: ScriptedLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

        def do_GET(self) -> None:
            server.record(RecordedRequest("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
            if not self.path.rstrip("/").endswith("/models"):
                self._json(404, _error_body(f"no route {self.path}", 404))
                return
            behaviour = server.next_behaviour()
            if behaviour is None or isinstance(behaviour, Reply | Stream):
                data = [{"id": m, "object": "model", "created": 0, "owned_by": "scripted"} for m in server.models]
                self._json(200, {"object": "list", "data": data})
            else:
                self._misbehave(behaviour)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                body = {"_raw": raw.decode("utf-8", "replace")}
            server.record(RecordedRequest("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, _error_body(f"no route {self.path}", 404))
                return
            behaviour = server.next_behaviour()
            if behaviour is None:
                self._json(500, _error_body("the scripted server has nothing scripted for this request", 500))
            elif isinstance(behaviour, Reply | Stream):
                pieces = [behaviour.content] if isinstance(behaviour, Reply) else behaviour.pieces
                if isinstance(behaviour, Reply):
                    server.wait(behaviour.delay_s)
                model = str(body.get("model", "scripted-model"))
                if body.get("stream"):
                    self._stream(model, pieces, behaviour.delay_s if isinstance(behaviour, Stream) else 0.0)
                else:
                    if isinstance(behaviour, Stream):
                        server.wait(behaviour.delay_s * len(pieces))
                    self._json(200, _completion(model, "".join(pieces)))
            else:
                self._misbehave(behaviour)

        def _misbehave(self, behaviour: Status | Hang | Garbage) -> None:
            if isinstance(behaviour, Status):
                self._json(behaviour.code, _error_body(behaviour.message, behaviour.code))
            elif isinstance(behaviour, Hang):
                server.wait(behaviour.seconds)
                self.close_connection = True
            else:
                self._send(200, behaviour.body.encode(), "application/json")

        def _json(self, code: int, payload: dict[str, Any]) -> None:
            self._send(code, json.dumps(payload).encode(), "application/json")

        def _send(self, code: int, data: bytes, content_type: str) -> None:
            try:
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (timeout); nothing to tell it

        def _stream(self, model: str, pieces: list[str], delay_s: float) -> None:
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                for i, piece in enumerate(pieces):
                    server.wait(delay_s)
                    delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
                    self._event(_chunk(model, delta, None))
                self._event(_chunk(model, {}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except OSError:
                pass  # the client gave up
            self.close_connection = True

        def _event(self, payload: dict[str, Any]) -> None:
            self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
            self.wfile.flush()

    return Handler


def _error_body(message: str, code: int) -> dict[str, Any]:
    kind = {401: "invalid_request_error", 404: "not_found_error", 429: "rate_limit_error"}.get(code, "server_error")
    return {"error": {"message": message, "type": kind, "param": None, "code": str(code)}}


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"},
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def _chunk(model: str, delta: dict[str, str], finish_reason: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


@pytest.fixture
def scripted_llm_server() -> Iterator[ScriptedLLMServer]:
    """A running scripted server, stopped after the test."""
    with ScriptedLLMServer() as server:
        yield server
