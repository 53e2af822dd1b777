"""Quality gate: pinned ROUGE floors for the default method on fixed data subsets.

    python benchmarks/quality_gate.py            # check (what tests/test_quality_gate.py runs)
    python benchmarks/quality_gate.py --update   # raise the floors to what the default scores now
    python benchmarks/quality_gate.py --update --allow-lower "why"   # lower a floor, with the reason recorded

The subsets are all of fulltext-dev and the first 300 val clusters, scored at 250
words with the project convention (rouge-score, stemmed, outputs trimmed to the
budget). The pipeline is deterministic, so EPSILON only absorbs floating-point
differences between machines. Each subset is pinned by a SHA-256 of its cluster
ids and texts: if the data changes, the gate says so instead of comparing apples
with pears. ``--update`` refuses to lower any floor unless ``--allow-lower`` gives
a reason, which is kept in the floors file's history.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from datetime import date
from pathlib import Path

from newsweave.errors import NewsweaveError
from newsweave.evaluate import score_digest
from newsweave.ingest import read_clusters
from newsweave.models import Cluster
from newsweave.options import load_options
from newsweave.pipeline import summarize_cluster
from newsweave.rank import DEFAULT_METHOD

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"
FLOORS = Path(__file__).resolve().parent / "quality_floors.json"
SUBSETS = {"fulltext-dev": (DATA / "fulltext-dev.jsonl", None), "val[:300]": (DATA / "val.jsonl.gz", 300)}
METRICS = ("rouge1", "rouge2", "rougeL")
WORDS = 250
EPSILON = 0.05


def load_subset(name: str) -> tuple[list[Cluster], str]:
    path, limit = SUBSETS[name]
    clusters = [c for c in itertools.islice(read_clusters([str(path)]), limit) if isinstance(c, Cluster)]
    digest = hashlib.sha256()
    for c in clusters:
        digest.update(c.id.encode())
        for a in c.articles:
            digest.update(a.text.encode())
        digest.update((c.summary or "").encode())
    return clusters, digest.hexdigest()


def measure(name: str) -> dict:
    clusters, sha = load_subset(name)
    options = load_options(words=WORDS, analysis=False)
    totals = dict.fromkeys(METRICS, 0.0)
    for cluster in clusters:
        try:
            scores = score_digest(summarize_cluster(cluster, options), cluster.summary or "", WORDS)
        except NewsweaveError:
            scores = dict.fromkeys(METRICS, 0.0)  # nothing left after cleaning counts as an empty output
        for m in METRICS:
            totals[m] += scores[m]
    return {"sha256": sha, "clusters": len(clusters), "scores": {m: round(totals[m] / len(clusters), 2) for m in METRICS}}


def check(floors: dict, measured: dict[str, dict]) -> list[str]:
    """Problems found, one line each (empty when the gate passes)."""
    problems = []
    if floors["method"] != DEFAULT_METHOD:
        problems.append(f"floors are for method {floors['method']!r}, the default is now {DEFAULT_METHOD!r}: run --update")
    for name, result in measured.items():
        pinned = floors["subsets"][name]
        if pinned["sha256"] != result["sha256"]:
            problems.append(f"{name}: data changed (sha256 differs); check ../shared, then run --update")
            continue
        for m in METRICS:
            if result["scores"][m] < pinned["floors"][m] - EPSILON:
                problems.append(f"{name} {m}: {result['scores'][m]:.2f} is below the floor {pinned['floors'][m]:.2f}")
    return problems


def update(floors: dict | None, measured: dict[str, dict], allow_lower: str | None) -> dict:
    lowered = []
    if floors and floors["method"] == DEFAULT_METHOD:
        for name, result in measured.items():
            for m in METRICS:
                old = floors["subsets"].get(name, {}).get("floors", {}).get(m)
                if old is not None and result["scores"][m] < old:
                    lowered.append(f"{name} {m} {old:.2f} -> {result['scores'][m]:.2f}")
    if lowered and not allow_lower:
        raise SystemExit("refusing to lower floors without --allow-lower REASON: " + "; ".join(lowered))
    history = (floors or {}).get("history", [])
    history.append({"date": date.today().isoformat(), "method": DEFAULT_METHOD, "lowered": lowered, "reason": allow_lower or "raised or unchanged"})
    return {
        "method": DEFAULT_METHOD,
        "words": WORDS,
        "epsilon": EPSILON,
        "subsets": {
            name: {"sha256": r["sha256"], "clusters": r["clusters"], "floors": r["scores"]} for name, r in measured.items()
        },
        "history": history,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--allow-lower", metavar="REASON")
    args = parser.parse_args(argv)
    measured = {name: measure(name) for name in SUBSETS}
    for name, r in measured.items():
        print(f"{name}: " + ", ".join(f"{m} {v:.2f}" for m, v in r["scores"].items()))
    floors = json.loads(FLOORS.read_text()) if FLOORS.exists() else None
    if args.update:
        FLOORS.write_text(json.dumps(update(floors, measured, args.allow_lower), indent=2) + "\n")
        print(f"wrote {FLOORS}")
        return 0
    if floors is None:
        print(f"no floors yet: run {sys.argv[0]} --update")
        return 1
    problems = check(floors, measured)
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
