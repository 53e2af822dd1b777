"""CPU time per cluster of the default method, on the code of another checkout and on this one, in one process.

    python benchmarks/speed_ab.py BEFORE_SRC [--data val|fulltext-dev] [--passes 3] [--chunk 10]

``BEFORE_SRC`` is the ``src`` directory of another checkout (``git worktree add`` or
``git archive COMMIT src | tar -x -C DIR``). Both packages are copied into a temporary
directory under other names (``nw_before``, ``nw_after``; newsweave imports itself
relatively), imported side by side, and summarize the same clusters in chunks of
``--chunk``, the order alternating from chunk to chunk, so that a change in the load of
a shared machine falls on both alike. ``benchmarks/speed.py`` compares with LexRank,
whose time on the same machine varies as much as a small change does; this compares
two versions of newsweave directly. Before timing, each summarizes the 50 val clusters
after the timed ones (imports, the learned model, the word caches). Prints the CPU ms
per cluster (``time.process_time``) of every pass and the ratio after/before.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "src" / "newsweave"
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"
WARM_UP = 50


def _load(root: Path, name: str, source: Path):
    shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    modules = {m: importlib.import_module(f"{name}.{m}") for m in ("ingest", "models", "options", "pipeline", "errors")}
    options = modules["options"].load_options(analysis=False)
    summarize, error = modules["pipeline"].summarize_cluster, modules["errors"].NewsweaveError

    def clusters(path: Path, start: int, stop: int | None) -> list:
        rows = itertools.islice(modules["ingest"].read_clusters([str(path)]), start, stop)
        return [c for c in rows if isinstance(c, modules["models"].Cluster)]

    def run(batch: list) -> None:
        for cluster in batch:
            try:
                summarize(cluster, options)
            except error:
                pass  # nothing left after cleaning: an empty digest, as in benchmarks/run.py

    return clusters, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="the src directory of the checkout to compare with")
    parser.add_argument("--data", choices=("val", "fulltext-dev"), default="val")
    parser.add_argument("--val-limit", type=int, default=300)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=10)
    args = parser.parse_args(argv)
    source = args.before / "newsweave"
    if not (source / "pipeline.py").is_file():
        parser.error(f"{args.before} holds no newsweave package (give a checkout's src directory)")
    root = Path(tempfile.mkdtemp(prefix="newsweave-ab-"))
    try:
        sys.path.insert(0, str(root))
        versions = {"before": _load(root, "nw_before", source), "after": _load(root, "nw_after", HERE)}
        sets = {}
        for label, (clusters, run) in versions.items():
            if args.data == "val":
                path = DATA / "val.jsonl.gz"
                sets[label] = clusters(path, 0, args.val_limit)
                run(clusters(path, args.val_limit, args.val_limit + WARM_UP))
            else:
                sets[label] = clusters(DATA / "fulltext-dev.jsonl", 0, None)
                run(clusters(DATA / "val.jsonl.gz", 0, WARM_UP))
        per_pass: dict[str, list[float]] = {label: [] for label in versions}
        for turn in range(args.passes):
            cpu = dict.fromkeys(versions, 0.0)
            for k, at in enumerate(range(0, len(sets["before"]), args.chunk)):
                order = list(versions) if (k + turn) % 2 == 0 else list(versions)[::-1]
                for label in order:
                    start = time.process_time()
                    versions[label][1](sets[label][at : at + args.chunk])
                    cpu[label] += time.process_time() - start
            for label in versions:
                per_pass[label].append(1000 * cpu[label] / len(sets[label]))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    name = f"val[:{args.val_limit}]" if args.data == "val" else "fulltext-dev"
    print(f"{name}, {len(sets['before'])} clusters, {args.passes} passes: CPU ms per cluster")
    for label, values in per_pass.items():
        print(f"  {label:6s} " + " ".join(f"{v:.2f}" for v in values) + f"  median {statistics.median(values):.2f}")
    ratios = [a / b for a, b in zip(per_pass["after"], per_pass["before"], strict=True)]
    print("  after/before " + " ".join(f"{r:.3f}" for r in ratios) + f"  median {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
