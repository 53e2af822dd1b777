"""Benchmark: newsweave methods against lead and sumy's LexRank at one word budget.

    python benchmarks/run.py [--val-limit 1000] [--words 250] [--methods default,lead,...] [--sumy lexrank]
                             [--repeat 3] [--budgets 150,200,250,300,350] [--option redundancy=0.4]

For each data set (fulltext-dev and the first N val clusters) it prints ROUGE-1/2/L
F1 x 100 with 95% bootstrap intervals, the paired bootstrap interval of the
difference to lead, average output words and clusters per second. Every method
gets the same clusters, the same budget and the same scoring (outputs trimmed to
exactly the budget, rouge-score with stemming). Clusters per second count the
summarizer only (cleaning, sentence splitting, ranking, selection), not scoring;
each method is timed over ``--repeat`` passes and the fastest pass is reported
(the usual way to take out the noise of other processes; methods are timed in
turn, so a busy machine slows all of them alike). With ``--budgets``, a second
table gives each method's ROUGE at its own best budget among those listed (the
output asked for at that budget and scored trimmed to it).
sumy is installed with ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np

from newsweave.errors import NewsweaveError
from newsweave.evaluate import (
    BOOTSTRAP_SAMPLES,
    BOOTSTRAP_SEED,
    METRICS,
    bootstrap_interval,
    reference_lines,
    trim_lines,
)
from newsweave.ingest import read_clusters
from newsweave.models import Cluster
from newsweave.options import load_options
from newsweave.pipeline import summarize_cluster

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"
SCORED = ("rouge1", "rouge2", "rougeL")


def load(path: Path, limit: int | None) -> list[Cluster]:
    clusters = [c for c in itertools.islice(read_clusters([str(path)]), limit) if isinstance(c, Cluster) and c.summary]
    return clusters


# Extra Options fields for every newsweave method (``--option redundancy=0.4``).
SETTINGS: dict[str, float | str] = {}


def run_newsweave(clusters: list[Cluster], method: str, words: int) -> tuple[dict[str, list[str]], float]:
    options = load_options(method=method, words=words, analysis=False, **SETTINGS)
    outputs: dict[str, list[str]] = {}
    elapsed = 0.0
    for cluster in clusters:
        start = time.perf_counter()
        try:
            digest = summarize_cluster(cluster, options)
            lines = [s.text for s in digest.sentences]
        except NewsweaveError:
            lines = []  # nothing left after cleaning: scored as an empty output
        elapsed += time.perf_counter() - start
        outputs[cluster.id] = lines
    return outputs, elapsed


def run_sumy(clusters: list[Cluster], method: str, words: int) -> tuple[dict[str, list[str]], float]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from baselines_sumy import summarize_sumy

    outputs: dict[str, list[str]] = {}
    elapsed = 0.0
    for cluster in clusters:
        start = time.perf_counter()
        outputs[cluster.id] = list(summarize_sumy([a.text for a in cluster.articles], words=words, method=method))
        elapsed += time.perf_counter() - start
    return outputs, elapsed


def score(clusters: list[Cluster], outputs: dict[str, list[str]], words: int) -> dict[str, np.ndarray]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    table: dict[str, list[float]] = {m: [] for m in METRICS}
    table["words"] = []
    for cluster in clusters:
        lines = trim_lines(outputs[cluster.id], words)
        result = scorer.score(target="\n".join(reference_lines(cluster.summary or "")), prediction="\n".join(lines))
        for m in METRICS:
            table[m].append(100.0 * result[m].fmeasure)
        table["words"].append(sum(len(line.split()) for line in lines))
    return {k: np.array(v) for k, v in table.items()}


def paired_interval(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Mean of a - b and its 95% paired bootstrap interval (same resamples for both)."""
    diff = a - b
    low, high = bootstrap_interval(diff, samples=BOOTSTRAP_SAMPLES, seed=BOOTSTRAP_SEED)
    return float(diff.mean()), low, high


def print_table(title: str, runs: dict[str, tuple[dict[str, np.ndarray], float]]) -> None:
    """One markdown table: each run's ROUGE with intervals, its difference to ``lead``, words and speed."""
    print(f"\n### {title}\n")
    print("| method | ROUGE-1 | ROUGE-2 | ROUGE-L | R-1 vs lead | R-2 vs lead | words | clusters/s |")
    print("|---|---|---|---|---|---|---|---|")
    lead = runs.get("lead", (None, 0))[0]
    for label, (table, speed) in runs.items():
        cells = []
        for m in SCORED:
            low, high = bootstrap_interval(table[m])
            cells.append(f"{table[m].mean():.2f} [{low:.2f}, {high:.2f}]")
        for m in ("rouge1", "rouge2"):
            if lead is None or label == "lead":
                cells.append("—")
            else:
                mean, low, high = paired_interval(table[m], lead[m])
                cells.append(f"{mean:+.2f} [{low:+.2f}, {high:+.2f}]")
        print(f"| {label} | " + " | ".join(cells) + f" | {table['words'].mean():.1f} | {speed:.1f} |")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--val-limit", type=int, default=1000)
    parser.add_argument("--methods", default="default,lead")
    parser.add_argument("--sumy", default="lexrank", help="comma-separated sumy methods, or '' for none")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes per method (the fastest is reported)")
    parser.add_argument("--budgets", default="", help="comma-separated budgets for the best-budget table")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE", help="set an Options field")
    args = parser.parse_args(argv)
    for item in args.option:
        name, _, value = item.partition("=")
        if not name or not value:
            parser.error(f"--option {item!r}: expected NAME=VALUE")
        try:
            SETTINGS[name] = float(value)
        except ValueError:
            SETTINGS[name] = value
    budgets = [int(b) for b in filter(None, args.budgets.split(","))]

    sets = [("fulltext-dev", DATA / "fulltext-dev.jsonl", None), (f"val[:{args.val_limit}]", DATA / "val.jsonl.gz", args.val_limit)]
    for name, path, limit in sets:
        clusters = load(path, limit)
        runs: dict[str, tuple[dict[str, np.ndarray], float]] = {}
        systems = [(m if m != "default" else f"default ({_default_name()})", run_newsweave, m) for m in args.methods.split(",")]
        systems += [(f"sumy {m}", run_sumy, m) for m in filter(None, args.sumy.split(","))]
        outputs: dict[str, dict[str, list[str]]] = {}
        fastest: dict[str, float] = {}
        for _ in range(max(1, args.repeat)):
            for label, runner, method in systems:
                outputs[label], elapsed = runner(clusters, method, args.words)
                fastest[label] = min(fastest.get(label, float("inf")), elapsed)
        for label, _, _ in systems:
            runs[label] = (score(clusters, outputs[label], args.words), len(clusters) / fastest[label])
        print_table(f"{name}: {len(clusters)} clusters, {args.words}-word budget", runs)
        if budgets:
            print(f"\n#### {name}: each method at its own best budget (of {', '.join(map(str, budgets))} words)\n")
            print("| method | best budget (ROUGE-1) | ROUGE-1 | ROUGE-2 | ROUGE-L | ROUGE-1 by budget |")
            print("|---|---:|---:|---:|---:|---|")
            for label, runner, method in systems:
                by_budget = {b: score(clusters, runner(clusters, method, b)[0], b) for b in budgets}
                best = max(budgets, key=lambda b: by_budget[b]["rouge1"].mean())
                means = ", ".join(f"{b}: {by_budget[b]['rouge1'].mean():.2f}" for b in budgets)
                row = " | ".join(f"{by_budget[best][m].mean():.2f}" for m in SCORED)
                print(f"| {label} | {best} | {row} | {means} |")
            sys.stdout.flush()
    return 0


def _default_name() -> str:
    from newsweave.rank import DEFAULT_METHOD

    return DEFAULT_METHOD


if __name__ == "__main__":
    raise SystemExit(main())
