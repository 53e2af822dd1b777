"""Benchmark: the llm method on any configured backend, against the extractive default.

    python benchmarks/llm_eval.py --llm gguf --model smollm2 [--limit 5] [--words 250]
    python benchmarks/llm_eval.py --llm openai --base-url http://127.0.0.1:11434/v1 --model llama3.2 --limit 20
                                  [--data fulltext-dev|val|PATH] [--policy flag|regenerate|replace] [--no-cache]

On the first ``--limit`` clusters of the data set it prints, for the llm method and
for the extractive default on the same clusters: ROUGE-1/2/L F1 x 100 (the project
convention of ``newsweave.evaluate``: rouge-score with stemming, outputs trimmed to
exactly the budget), average words, the share of sentences the support check flags
(for the extractive digest, the check's false alarms on sentences taken verbatim),
seconds per cluster, and for the llm method the tokens and requests per cluster
(cache hits counted apart: rerun with ``--no-cache`` to time the model). A cluster
the model writes nothing usable for is scored as an empty output and counted.
Settings not given as flags come from the config file and NEWSWEAVE_* variables.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

import numpy as np

from newsweave.errors import NewsweaveError
from newsweave.evaluate import score_digest
from newsweave.ingest import read_clusters
from newsweave.llm import check_digest, run_llm
from newsweave.models import Cluster, Digest
from newsweave.options import Options, load_options
from newsweave.pipeline import summarize_cluster

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"
NAMED = {"fulltext-dev": DATA / "fulltext-dev.jsonl", "val": DATA / "val.jsonl.gz"}
SCORED = ("rouge1", "rouge2", "rougeL")


def load(data: str, limit: int) -> list[Cluster]:
    path = NAMED.get(data, Path(data))
    clusters = (c for c in read_clusters([str(path)]) if isinstance(c, Cluster) and c.summary)
    return list(itertools.islice(clusters, limit))


def _row(digest: Digest | None, reference: str, words: int, seconds: float) -> dict:
    if digest is None:
        return {**dict.fromkeys(SCORED, 0.0), "words": 0, "sentences": 0, "flagged": 0, "seconds": seconds, "failed": 1}
    scores = score_digest(digest, reference, words)
    return {
        **{m: scores[m] for m in SCORED},
        "words": digest.word_count,
        "sentences": len(digest.sentences),
        "flagged": sum(s.flagged for s in digest.sentences),
        "seconds": seconds,
        "failed": 0,
    }


def run_llm_method(clusters: list[Cluster], options: Options) -> list[dict]:
    rows = []
    for cluster in clusters:
        start = time.perf_counter()
        try:
            done = run_llm(cluster, options)
            digest, extra = done.digest, {"tokens": done.usage.total, "requests": done.requests, "cached": done.cached}
        except NewsweaveError as err:
            print(f"# {cluster.id}: {err}")
            digest, extra = None, {"tokens": 0, "requests": 0, "cached": 0}
        rows.append({**_row(digest, cluster.summary or "", options.words, time.perf_counter() - start), **extra})
    return rows


def run_extractive(clusters: list[Cluster], options: Options) -> list[dict]:
    base = options.replace(method="default", llm="")
    rows = []
    for cluster in clusters:
        start = time.perf_counter()
        digest = summarize_cluster(cluster, base)
        seconds = time.perf_counter() - start  # the check below is not part of the extractive path's time
        rows.append(_row(check_digest(digest), cluster.summary or "", options.words, seconds))
    return rows


def summary(rows: list[dict]) -> dict:
    total_sentences = sum(r["sentences"] for r in rows)
    out = {m: float(np.mean([r[m] for r in rows])) for m in SCORED}
    out.update(
        words=float(np.mean([r["words"] for r in rows])),
        flagged=sum(r["flagged"] for r in rows) / total_sentences if total_sentences else float("nan"),
        seconds_per_cluster=float(np.mean([r["seconds"] for r in rows])),
        failed=sum(r["failed"] for r in rows),
    )
    if "tokens" in rows[0]:
        out.update(
            tokens_per_cluster=float(np.mean([r["tokens"] for r in rows])),
            requests=sum(r["requests"] for r in rows),
            cached=sum(r["cached"] for r in rows),
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--llm", default=None, help="backend: openai or gguf")
    parser.add_argument("--model", default=None)
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--api-key-env", default=None)
    parser.add_argument("--policy", default=None, choices=("flag", "regenerate", "replace"))
    parser.add_argument("--data", default="fulltext-dev", help="fulltext-dev, val, or a JSONL path")
    parser.add_argument("--limit", type=int, default=5)
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--no-cache", action="store_true", help="ask the model every time")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    options = load_options(
        method="llm", words=args.words, analysis=False, llm=args.llm, llm_model=args.model,
        llm_base_url=args.base_url, llm_key_env=args.api_key_env, llm_policy=args.policy,
        llm_cache="off" if args.no_cache else None,
    )
    clusters = load(args.data, args.limit)
    results = {
        f"llm ({options.llm or 'gguf'}: {options.llm_model}, {options.llm_policy})": summary(run_llm_method(clusters, options)),
        "extractive (default)": summary(run_extractive(clusters, options)),
    }
    if args.json:
        print(json.dumps({"data": args.data, "clusters": len(clusters), "words": args.words, "results": results}, indent=2))
        return
    print(f"{args.data}, first {len(clusters)} clusters, budget {args.words} words")
    print(f"{'method':<44} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'words':>6} {'flagged':>8} {'s/cluster':>9} {'tokens':>7}")
    for name, s in results.items():
        tokens = f"{s['tokens_per_cluster']:7.0f}" if "tokens_per_cluster" in s else f"{'':>7}"
        print(
            f"{name:<44} {s['rouge1']:6.2f} {s['rouge2']:6.2f} {s['rougeL']:6.2f} {s['words']:6.1f}"
            f" {100 * s['flagged']:7.1f}% {s['seconds_per_cluster']:9.2f} {tokens}"
        )
        if s.get("failed"):
            print(f"  {s['failed']} cluster(s) without a usable digest, scored as empty outputs")
        if "requests" in s:
            print(f"  {s['requests']} requests, {s['cached']} answered from the cache")


if __name__ == "__main__":
    main()
