"""A real OpenAI-compatible HTTP server on 127.0.0.1 that misbehaves on request, for tests.

Each request takes the next step of the script (the default answer when the script
is empty): an answer, a status, a hang, garbage, or a stream that stops mid-way.
Every request body is kept in ``requests``, so a test can count them.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Step:
    """What the server does for one request."""

    kind: str = "answer"  # answer | status | hang | garbage | cut
    text: str = ""
    status: int = 200
    headers: dict = field(default_factory=dict)
    seconds: float = 0.0


def answer(text: str) -> Step:
    return Step("answer", text)


class FakeServer:
    """Serves ``/v1/chat/completions`` on a free loopback port until ``close()``."""

    def __init__(self, default: str = "The council met on Monday. [S1]") -> None:
        self.default = default
        self.script: deque[Step] = deque()
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append(body)
                step = server.script.popleft() if server.script else answer(server.default)
                server.serve(self, step, body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda *args: None  # a client that timed out closed its end: expected
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def queue(self, *steps: Step | str) -> None:
        self.script.extend(answer(s) if isinstance(s, str) else s for s in steps)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- the behaviours ------------------------------------------------------------------

    def serve(self, handler: BaseHTTPRequestHandler, step: Step, body: dict) -> None:
        if step.kind == "hang":
            time.sleep(step.seconds)
            step = answer(self.default)
        if step.kind == "status":
            self._send(handler, step.status, json.dumps({"error": {"message": step.text}}).encode(), step.headers)
        elif step.kind == "garbage":
            self._send(handler, 200, b"<html>Bad gateway, try later</html>", {"Content-Type": "text/html"})
        elif body.get("stream"):
            self._stream(handler, step)
        else:
            reply = {
                "id": "x",
                "object": "chat.completion",
                "model": body.get("model", "fake"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": step.text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
            }
            self._send(handler, 200, json.dumps(reply).encode(), {"Content-Type": "application/json"})

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict) -> None:
        handler.send_response(status)
        for k, v in headers.items():
            handler.send_header(k, v)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    @staticmethod
    def _stream(handler: BaseHTTPRequestHandler, step: Step) -> None:
        """Server-sent events, word by word; a "cut" step stops halfway and closes the connection."""
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Connection", "close")
        handler.end_headers()
        words = step.text.split(" ")
        if step.kind == "cut":
            words = words[: max(1, len(words) // 2)]
        for i, w in enumerate(words):
            piece = w if i == 0 else " " + w
            chunk = {"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
            handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            handler.wfile.flush()
        if step.kind != "cut":
            end = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            handler.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
        handler.wfile.flush()
        handler.close_connection = True
