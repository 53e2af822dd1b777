"""Load and faults: the real ``newsweave serve`` process on 127.0.0.1, 20 clients, a SIGKILL mid-batch.

Bounded: 2,000 articles from Multi-News val (plus 400 for the kill), 20 threads, every
request with a timeout; run on a SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("fastapi", reason="the service needs the service extra")

import httpx  # noqa: E402

from service_helpers import ProcessServer, val_stream  # noqa: E402

CLIENTS = 20
LOAD = 2000
AFTER_KILL = 400
# The server is killed once this many of the second batch's articles were acknowledged.
KILL_AFTER = 120


class Poster:
    """Posts articles one per request from CLIENTS threads; records every answer."""

    def __init__(self, server: ProcessServer) -> None:
        self.server = server
        self.local = threading.local()
        self.answers: dict[int, dict] = {}  # article index -> its result (acknowledged)
        self.statuses: Counter = Counter()
        self.failures = 0  # transport errors (the server was killed)
        self.lock = threading.Lock()

    def _client(self) -> httpx.Client:
        if not hasattr(self.local, "client"):
            self.local.client = httpx.Client(base_url=self.server.url, headers=self.server.headers(), timeout=60)
        return self.local.client

    def post(self, index: int, article: dict) -> None:
        try:
            answer = self._client().post("/articles", json=article)
        except httpx.TransportError:
            with self.lock:
                self.failures += 1
            return
        with self.lock:
            self.statuses[answer.status_code] += 1
            if answer.status_code in (200, 422):
                self.answers[index] = answer.json()["results"][0]

    def post_all(self, articles: list[dict], offset: int = 0, stop_after: int | None = None, on_stop=None) -> None:
        def task(i: int) -> None:
            if stop_after is not None and len(self.answers) >= stop_after:
                with self.lock:
                    if on_stop is not None:
                        on_stop()
                return
            self.post(offset + i, articles[i])

        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(task, range(len(articles))))


def all_stories(client: httpx.Client) -> list[dict]:
    stories, offset = [], 0
    while offset is not None:
        page = client.get("/stories", params={"limit": 200, "offset": offset}).json()
        stories += page["stories"]
        offset = page["next_offset"]
    return stories


def check_consistent(client: httpx.Client, added: dict[str, dict]) -> None:
    """Every stored article once, in exactly one live story; the stories' sizes add up."""
    health = client.get("/health").json()
    assert health["articles"] == len(added)
    stories = {s["id"]: s for s in all_stories(client)}
    assert sum(s["size"] for s in stories.values()) == len(added)

    def story_of(article_id: str) -> str | None:
        stored = client.get(f"/articles/{article_id}")
        return stored.json()["story"] if stored.status_code == 200 else None

    with ThreadPoolExecutor(CLIENTS) as pool:
        found = dict(zip(added, pool.map(story_of, added), strict=True))
    assert all(story in stories for story in found.values()), [a for a, s in found.items() if s not in stories][:5]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_twenty_clients_then_a_kill_and_a_restart(backend, tmp_path, request):
    db = str(tmp_path / "load.db") if backend == "sqlite" else request.getfixturevalue("postgres_url")
    articles = val_stream(LOAD + AFTER_KILL)
    server = ProcessServer(db, log=tmp_path / "serve.log").start()
    try:
        poster = Poster(server)
        started = time.monotonic()
        poster.post_all(articles[:LOAD])
        print(f"{backend}: {LOAD} articles from {CLIENTS} clients in {time.monotonic() - started:.1f} s")
        assert not [s for s in poster.statuses if s >= 500], poster.statuses
        assert poster.failures == 0 and len(poster.answers) == LOAD
        outcomes = Counter(r["status"] for r in poster.answers.values())
        # val holds repeated articles, empty ones and pages that are all boilerplate (~8% "Tweet with a location…").
        assert outcomes["added"] >= 0.85 * LOAD, outcomes
        added = {r["id"]: r for r in poster.answers.values() if r["status"] == "added"}
        for r in poster.answers.values():
            assert r["status"] != "duplicate" or r["id"] in added
            assert r["status"] != "rejected" or r["reason"]
        with httpx.Client(base_url=server.url, headers=server.headers(), timeout=60) as client:
            check_consistent(client, added)

        # Kill the server while 20 clients post the next batch.
        killer = Poster(server)
        killer.post_all(articles[LOAD:], offset=LOAD, stop_after=KILL_AFTER, on_stop=server.kill)
        server.kill()
        acknowledged = {i: r for i, r in killer.answers.items()}
        assert len(acknowledged) >= KILL_AFTER

        server = ProcessServer(db, log=tmp_path / "serve.log").start()
        with httpx.Client(base_url=server.url, headers=server.headers(), timeout=60) as client:
            for r in acknowledged.values():
                if r["status"] == "added":
                    assert client.get(f"/articles/{r['id']}").status_code == 200  # survived the kill
            again = Poster(server)
            again.post_all(articles[LOAD:], offset=LOAD)
            assert not [s for s in again.statuses if s >= 500] and again.failures == 0
            for i, r in acknowledged.items():
                if r["status"] != "rejected":
                    assert again.answers[i]["status"] == "duplicate" and again.answers[i]["id"] == r["id"]
            for r in again.answers.values():
                if r["status"] in ("added", "duplicate"):
                    added[r["id"]] = r
            check_consistent(client, added)
    finally:
        server.stop()
