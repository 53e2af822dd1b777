"""The story desk under load: the real ``newsweave serve`` process, N clients posting Multi-News articles.

Prints one table row per database: articles posted, clients, wall time, articles/s, request
latency (median, 95th and 99th percentile), 5xx answers, how long after the last post every
story had a fresh digest, and how long a restart takes (replaying the stored articles).

    python benchmarks/service_load.py                          # SQLite, 2,000 articles, 20 clients
    python benchmarks/service_load.py --postgres               # also a throwaway PostgreSQL (Debian's binaries)
    python benchmarks/service_load.py --db postgresql://u@host/db --articles 5000

Loopback only; every request has a timeout. The numbers depend on the machine (2 cores here):
the server, its digest process and the clients share them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from service_helpers import ProcessServer, val_stream  # noqa: E402

# Give up waiting for digests after this long.
DIGEST_WAIT_S = 600


def run(db: str, articles: list[dict], clients: int, log: Path) -> dict:
    server = ProcessServer(db, log=log).start()
    latencies: list[float] = []
    statuses: list[int] = []
    outcomes: list[str] = []
    lock = threading.Lock()
    local = threading.local()

    def post(article: dict) -> None:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=server.url, headers=server.headers(), timeout=120)
        started = time.perf_counter()
        answer = local.client.post("/articles", json=article)
        with lock:
            latencies.append(time.perf_counter() - started)
            statuses.append(answer.status_code)
            if answer.status_code in (200, 422):
                outcomes.append(answer.json()["results"][0]["status"])

    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(post, articles))
        wall = time.perf_counter() - started
        waited = time.perf_counter()
        with httpx.Client(base_url=server.url, timeout=60) as client:
            while time.perf_counter() - waited < DIGEST_WAIT_S:
                health = client.get("/health").json()
                if health["fresh_digests"] >= health["stories"]:
                    break
                time.sleep(0.5)
        digest_lag = time.perf_counter() - waited
        stored, stories = health["articles"], health["stories"]
    finally:
        server.stop()
    restarted = time.perf_counter()
    server = ProcessServer(db, log=log).start()
    restart = time.perf_counter() - restarted
    server.stop()
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "posted": len(articles), "clients": clients, "stored": stored,
        "duplicates": outcomes.count("duplicate"), "rejected": outcomes.count("rejected"), "stories": stories, "wall": wall,
        "rate": len(articles) / wall, "p50": statistics.median(latencies) * 1000, "p95": quantiles[94] * 1000,
        "p99": quantiles[98] * 1000, "errors": sum(s >= 500 for s in statuses), "digest_lag": digest_lag,
        "restart": restart,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--db", action="append", default=[], help="database URL to test (default: a new SQLite file)")
    parser.add_argument("--postgres", action="store_true", help="also test a throwaway PostgreSQL server")
    args = parser.parse_args()
    articles = val_stream(args.articles)
    work = Path(tempfile.mkdtemp(prefix="newsweave-load-"))
    targets = [("given", url) for url in args.db] or [("sqlite", str(work / "load.db"))]
    server = None
    if args.postgres:
        from pg import Server

        server = Server()
        server.start()
        targets.append(("postgresql", server.fresh_database("service_load")))
    try:
        print("| database | articles | clients | stored | duplicates | rejected | stories | seconds | articles/s | p50 ms | p95 ms | p99 ms | 5xx "
              "| all digests fresh after (s) | restart (s) |")  # fmt: skip
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, db in targets:
            r = run(db, articles, args.clients, work / f"{name}.log")
            print(f"| {name} | {r['posted']} | {r['clients']} | {r['stored']} | {r['duplicates']} | {r['rejected']} | {r['stories']} | {r['wall']:.1f} "
                  f"| {r['rate']:.0f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['errors']} "
                  f"| {r['digest_lag']:.1f} | {r['restart']:.1f} |", flush=True)  # fmt: skip
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
