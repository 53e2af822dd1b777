"""Clusters per second of the default method against sumy's LexRank, in one run.

    python benchmarks/speed.py [--val-limit 300] [--chunk 10] [--passes 1] [--no-analysis-row]

On the first N val clusters and on fulltext-dev (92 clusters) it times newsweave's
default method (``analysis=False``, the digest: cleaning, sentence splitting, ranking,
selection, headline, citations), the same with the analysis (quotations, agreement,
conflicts, timeline, entities with the ``nlp`` extra), and sumy's LexRank
(``benchmarks/baselines_sumy.py``: syntok sentence splitting, sumy's parser, LexRank,
the budgeted selection), all on the raw article texts, in one process.

The machine may be shared, so the methods are interleaved: the clusters are taken in
chunks of ``--chunk``, and every chunk is summarized by each method in turn (the order
rotating from chunk to chunk), so a change in load falls on all of them alike. Both
wall time (``time.perf_counter``) and CPU time of the process (``time.process_time``)
are summed over the chunks; clusters per second are from the wall time, and the ratio
to LexRank is given for both. Reading the files and scoring are not timed. Before
timing, every method summarizes the 50 val clusters after the timed ones (imports,
the learned model, newsweave's word caches), not the timed clusters themselves.

newsweave asks for one BLAS thread when it is imported first (``newsweave/_threads.py``);
sumy runs in the same process, so it gets the same setting (with OpenBLAS's default
threads it is slower too).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import newsweave  # noqa: F401  (first: its BLAS setting applies to every method here)
from newsweave.errors import NewsweaveError
from newsweave.ingest import read_clusters
from newsweave.models import Cluster
from newsweave.options import load_options
from newsweave.pipeline import summarize_cluster
from newsweave.rank import DEFAULT_METHOD

sys.path.insert(0, str(Path(__file__).resolve().parent))
from baselines_sumy import summarize_sumy  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"
WARM_UP = 50


def _clusters(path: Path, start: int, stop: int | None) -> list[Cluster]:
    return [c for c in itertools.islice(read_clusters([str(path)]), start, stop) if isinstance(c, Cluster)]


def _newsweave(analysis: bool) -> Callable[[Cluster], None]:
    options = load_options(analysis=analysis)

    def run(cluster: Cluster) -> None:
        try:
            summarize_cluster(cluster, options)
        except NewsweaveError:
            pass  # nothing left after cleaning: as in benchmarks/run.py, an empty digest

    return run


def _lexrank(cluster: Cluster) -> None:
    summarize_sumy([a.text for a in cluster.articles], words=250, method="lexrank")


def measure(clusters: list[Cluster], methods: dict[str, Callable[[Cluster], None]], chunk: int, passes: int):
    """Wall and CPU seconds of each method over ``clusters``, interleaved in chunks."""
    wall = dict.fromkeys(methods, 0.0)
    cpu = dict.fromkeys(methods, 0.0)
    names = list(methods)
    turn = 0
    for _ in range(passes):
        for at in range(0, len(clusters), chunk):
            part = clusters[at : at + chunk]
            order = names[turn % len(names) :] + names[: turn % len(names)]
            turn += 1
            for name in order:
                run = methods[name]
                w0, c0 = time.perf_counter(), time.process_time()
                for cluster in part:
                    run(cluster)
                wall[name] += time.perf_counter() - w0
                cpu[name] += time.process_time() - c0
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--val-limit", type=int, default=300)
    parser.add_argument("--chunk", type=int, default=10, help="clusters per interleaved chunk")
    parser.add_argument("--passes", type=int, default=1, help="times each cluster is summarized by each method")
    parser.add_argument("--no-analysis-row", action="store_true", help="skip the default with the analysis")
    args = parser.parse_args(argv)

    methods: dict[str, Callable[[Cluster], None]] = {f"default ({DEFAULT_METHOD})": _newsweave(False)}
    if not args.no_analysis_row:
        methods[f"default ({DEFAULT_METHOD}) with analysis"] = _newsweave(True)
    methods["sumy lexrank"] = _lexrank
    warm = _clusters(DATA / "val.jsonl.gz", args.val_limit, args.val_limit + WARM_UP)
    for run in methods.values():
        for cluster in warm:
            run(cluster)

    sets = {
        f"val[:{args.val_limit}]": _clusters(DATA / "val.jsonl.gz", 0, args.val_limit),
        "fulltext-dev": _clusters(DATA / "fulltext-dev.jsonl", 0, None),
    }
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"BLAS threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}; load average at start {load:.2f}")
    print()
    print("| data | clusters | method | wall s | clusters/s | CPU ms per cluster | x LexRank (wall) | x LexRank (CPU) |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for name, clusters in sets.items():
        wall, cpu = measure(clusters, methods, args.chunk, args.passes)
        n = len(clusters) * args.passes
        for method in methods:
            print(
                f"| {name} | {len(clusters)} | {method} | {wall[method]:.2f} | {n / wall[method]:.1f} |"
                f" {1000 * cpu[method] / n:.2f} | {wall['sumy lexrank'] / wall[method]:.2f}x |"
                f" {cpu['sumy lexrank'] / cpu[method]:.2f}x |"
            )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nload average at the end {load:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
