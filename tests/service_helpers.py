"""Running the real service for tests (in a thread, or as a process), and articles to post to it."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsweave import Article

from helpers import VAL

TOKEN = "test-token-0123456789abcdef"


class Clock:
    """A clock the test moves: digests settle by it."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float = 10.0) -> None:
        self.now += timedelta(seconds=seconds)


_BRIDGE_MORE = [
    "Engineers first noticed rust on the Elm Street bridge supports during a routine inspection in October.",
    "The council said the Elm Street bridge closure would add twenty minutes to many commutes.",
    "Shop owners near the Elm Street bridge worry the closure will keep customers away.",
    "A temporary ferry across the river will run every fifteen minutes while the bridge is shut.",
    "Mayor Holt promised regular updates on the bridge repairs at council meetings.",
]
_VACCINE_MORE = [
    "Measles cases in the three Norwegian counties doubled between September and November.",
    "Parents can book measles vaccine appointments online or at their local clinic.",
    "The ministry said the measles campaign would cost about 40 million kroner.",
    "School nurses will check vaccination records of every pupil before the visits.",
    "Doctors urged families to vaccinate children against measles before the winter holidays.",
]


def _article(opening: str, more: list[str], i: int, fields: dict) -> Article:
    return Article(text=" ".join([opening, *more[i : i + 3]]), **fields)


def bridge(i: int = 0, **fields) -> Article:
    opening = (
        "The Springfield city council voted on Tuesday to close the Elm Street bridge after engineers found deep "
        "cracks in two of its steel supports. Mayor Ann Holt said repairs would take at least a year and cost "
        "about $4 million."
    )
    return _article(opening, _BRIDGE_MORE, i, fields)


def vaccine(i: int = 0, **fields) -> Article:
    opening = (
        "Health officials in Norway approved a new measles vaccine campaign for schoolchildren on Monday, after "
        "a rise in cases across three counties. The health ministry said nurses would visit every primary "
        "school before March."
    )
    return _article(opening, _VACCINE_MORE, i, fields)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def val_stream(count: int) -> list[dict]:
    """``count`` articles of consecutive Multi-News val clusters as POST /articles bodies.

    Each gets a URL and a publication time: a cluster every 12 minutes, its articles a minute apart.
    """
    start = datetime(2026, 11, 1, tzinfo=UTC)
    out: list[dict] = []
    with gzip.open(VAL, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            record = json.loads(line)
            for k, doc in enumerate(record["documents"]):
                text = doc if isinstance(doc, str) else doc["text"]
                when = start + timedelta(hours=n // 5, minutes=k)
                out.append({"text": text, "url": f"https://load.example/{n}/{k}", "source": f"outlet {k}",
                            "published": when.isoformat()})  # fmt: skip
                if len(out) == count:
                    return out
    raise AssertionError("val has too few articles")


class ThreadServer:
    """uvicorn serving ``create_app(desk, settings)`` on 127.0.0.1 in a daemon thread."""

    def __init__(self, desk, settings) -> None:
        import uvicorn

        from newsweave.service.app import create_app

        self.port = free_port()
        config = uvicorn.Config(create_app(desk, settings), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


class ProcessServer:
    """``newsweave serve`` as a child process (so a test can SIGKILL it)."""

    def __init__(self, db: str, *, token: str | None = TOKEN, log: Path | None = None, extra: tuple[str, ...] = ()) -> None:
        self.db = db
        self.token = token
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.extra = extra
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> ProcessServer:
        import httpx

        env = {**os.environ, "NEWSWEAVE_TOKEN": self.token} if self.token else dict(os.environ)
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newsweave.cli", "serve", "--db", self.db, "--port", str(self.port), *self.extra],
            env=env,
            stdout=out,
            stderr=out,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"newsweave serve exited with {self.process.returncode}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("newsweave serve did not answer /health in time")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}
