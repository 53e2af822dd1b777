"""The batch path at scale: the reliability sweep, 1-vs-2-worker scaling, and a 10M-cluster estimate.

    python benchmarks/batch_sweep.py --sweep-limit 1000 --scaling 300   # what the README reports
    python benchmarks/batch_sweep.py --sweep-limit 0 --scaling 0        # the full 50,594-cluster sweep

(a) The sweep: the default method, analysis included, over Multi-News train and val with
    ``--engine dask`` (a 2-worker LocalCluster). It is ``newsweave batch`` with a fixed
    output directory (``--out``, by default one per limit under /tmp), so an interrupted
    sweep continues where it stopped when the same command is run again; the table reads
    the manifest, so it covers every partition of every run so far.
(b) Scaling: the first N val clusters through a LocalCluster of 1 and of 2 workers, alternating
    in the same run (``--repeat`` times each, best kept), each warmed up first (models loaded)
    so the times compare processing only.
(c) Scheduler overhead per task (trivial tasks on the 2-worker cluster) and the estimate for
    10 million clusters on 64 workers, from (b)'s per-cluster cost.

Timings on a shared 2-core machine are inflated by contention; compare the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews"
SWEEP_INPUTS = [str(DATA / "train.jsonl.gz"), str(DATA / "val.jsonl.gz")]

# Partition size for the sweep and the scaling runs: 20 clusters (~2-4 s of work) gives
# 15 partitions for 300 clusters, enough for two workers to stay busy to the end; the
# command's default (200) suits long runs. Re-run (b) after changing it.
PARTITION = 20
# (c)'s price: an on-demand 2-vCPU compute VM at about $0.085/hour, i.e. ~$0.0425 per
# worker-hour (one worker per vCPU). An assumption, not a measurement: change it here.
PRICE_PER_WORKER_HOUR = 0.0425


def reason_kind(reason: str) -> str:
    """The reason without its cluster-specific parts (ids, paths, numbers), to count by kind."""
    text = re.sub(r"^\S+:\d+: ", "", reason or "")
    text = re.sub(r"cluster '[^']*'", "cluster", text)
    text = re.sub(r"\d+", "N", text)
    return text.split(";")[0][:90]


def sweep(out: Path, limit: int | None) -> None:
    from newsweave import load_options
    from newsweave.batch import BatchSettings, EngineSettings, run_batch

    settings = BatchSettings(inputs=SWEEP_INPUTS, out=out, options=load_options(), partition_clusters=PARTITION,
                             limit=limit, engine=EngineSettings(name="dask", workers=2, progress=sys.stderr.isatty()))
    result = run_batch(settings)
    entries: dict[int, dict] = {}
    for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[1:]:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        entries[entry["partition"]] = entry
    rows = sum(e["rows"] for e in entries.values())
    ok = sum(e["ok"] for e in entries.values())
    kinds: Counter = Counter()
    crashes = []
    for e in entries.values():
        for p in e["problems"]:
            kinds[(p["status"], reason_kind(p["reason"]))] += 1
            if p["status"] == "crashed":
                crashes.append(p)
    slowest = max((e["slowest"] for e in entries.values()), key=lambda s: s["seconds"])
    rss: dict[str, float] = defaultdict(float)
    for e in entries.values():
        rss[e["worker"]] = max(rss[e["worker"]], e["peak_rss_mb"])
    print(f"\n(a) sweep: {out} (limit {limit or 'none'}); this run {result.partitions_run} partitions,"
          f" {result.partitions_done_before} done before, {result.seconds:.0f} s")
    print("| clusters | summarized | skipped | crashed | slowest cluster | peak RSS per worker process |")
    print("|---:|---:|---:|---:|---|---|")
    skipped = rows - ok - len(crashes)
    print(f"| {rows} | {ok} | {skipped} | {len(crashes)} | {slowest['id']} {slowest['seconds']:.2f} s |"
          f" {', '.join(f'{v:.0f} MB' for v in sorted(rss.values(), reverse=True)[:4])}"
          f"{' ...' if len(rss) > 4 else ''} (max {max(rss.values()):.0f} MB, {len(rss)} processes) |")
    print("\n| status | reason | clusters |\n|---|---|---:|")
    for (status, kind), n in kinds.most_common():
        print(f"| {status} | {kind} | {n} |")
    for p in crashes[:5]:
        print(f"crash: {p['input']}:{p['line']} {p['reason']}")
    print("the whole sweep (resumable, run it again until every partition is done):"
          " python benchmarks/batch_sweep.py --sweep-limit 0 --scaling 0")


def _val_subset(n: int, folder: Path) -> Path:
    import gzip

    target = folder / f"val-{n}.jsonl"
    with gzip.open(DATA / "val.jsonl.gz", "rt", encoding="utf-8") as src, open(target, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return target


def _throughput(data: Path, out: Path, workers: int, options, overhead_tasks: int) -> tuple[float, float, float]:
    """Clusters per second through a warmed-up LocalCluster of ``workers``; also peak RSS and task overhead."""
    from distributed import Client, LocalCluster

    from newsweave.batch import BatchSettings, EngineSettings, run_batch
    from newsweave.batch._dask_plugin import WarmUp

    overhead = 0.0
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
        client.register_plugin(WarmUp(options))  # models loaded before the clock starts
        settings = BatchSettings(inputs=[str(data)], out=out, options=options, partition_clusters=PARTITION,
                                 engine=EngineSettings(name="dask", scheduler=cluster.scheduler_address,
                                                       progress=False))
        result = run_batch(settings)
        rss = max(e["peak_rss_mb"] for e in result.entries)
        if overhead_tasks:
            client.gather(client.map(abs, range(-50, 0), pure=False))  # warm the connections
            start = time.perf_counter()
            client.gather(client.map(abs, range(-overhead_tasks, 0), pure=False))
            overhead = (time.perf_counter() - start) / overhead_tasks
    cores = sum(e["cpu_seconds"] for e in result.entries) / result.seconds  # cores the workers actually got
    return result.rows / result.seconds, rss, overhead, cores


def scaling(n: int, overhead_tasks: int, repeat: int) -> None:
    from newsweave import load_options

    options = load_options()
    folder = Path(tempfile.mkdtemp(prefix="nw-batch-scaling-"))
    data = _val_subset(n, folder)
    rates: dict[int, list[float]] = {1: [], 2: []}
    cores: dict[int, list[float]] = {1: [], 2: []}
    rss = overhead = 0.0
    load = [os.getloadavg()[0]]
    # 1 and 2 workers alternate, `repeat` times each, so that a burst of other jobs on the
    # shared machine hits both; the best of each is the least disturbed.
    for r in range(repeat):
        for workers in (1, 2):
            rate, peak, over, used = _throughput(data, folder / f"out-{workers}-{r}", workers, options,
                                           overhead_tasks if (workers == 2 and r == 0) else 0)
            rates[workers].append(rate)
            cores[workers].append(used)
            rss, overhead = max(rss, peak), over or overhead
    load.append(os.getloadavg()[0])
    best = {w: max(v) for w, v in rates.items()}
    cost = 1 / best[1]  # seconds per cluster on one worker, analysis included
    speedup = best[2] / best[1]
    print(f"\n(b) scaling: first {n} val clusters, default method, analysis on, partitions of {PARTITION};"
          f" load average {load[0]:.1f} before, {load[1]:.1f} after")
    print("| workers | clusters/s (each run) | best | speed-up (best) | cores the workers got (CPU s / wall s) |")
    print("|---:|---|---:|---:|---|")
    for w in (1, 2):
        print(f"| {w} | {', '.join(f'{x:.2f}' for x in rates[w])} | {best[w]:.2f} | {best[w] / best[1]:.2f} |"
              f" {', '.join(f'{x:.2f}' for x in cores[w])} |")
    if not overhead_tasks:
        return
    clusters, workers = 10_000_000, 64
    tasks = clusters // 200  # the command's default partition of 200 clusters
    efficiency = min(1.0, speedup / 2)
    compute = clusters * cost / workers / efficiency
    sched = tasks * overhead
    hours = (compute + sched) / 3600
    print(f"\n(c) scheduler overhead: {overhead * 1000:.2f} ms per trivial task ({overhead_tasks} tasks, 2 workers)")
    print(f"10M clusters on {workers} workers: {clusters:,} x {cost:.3f} s / {workers} / {efficiency:.2f} (2-worker"
          f" efficiency) = {compute / 3600:.1f} h of compute; {tasks:,} tasks x {overhead * 1000:.2f} ms ="
          f" {sched / 60:.1f} min of scheduler time (serial, worst case) -> about {hours:.1f} h wall;"
          f" {workers * hours:.0f} worker-hours x ${PRICE_PER_WORKER_HOUR}/worker-hour (assumed) ="
          f" ${workers * hours * PRICE_PER_WORKER_HOUR:.0f}; memory {workers} x {rss:.0f} MB peak RSS"
          f" = {workers * rss / 1024:.0f} GB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sweep-limit", type=int, default=1000, help="clusters of the sweep (0: all of train and val)")
    parser.add_argument("--out", type=Path, default=None, help="the sweep's output directory (fixed: reruns resume)")
    parser.add_argument("--scaling", type=int, default=300, help="val clusters for (b) and (c) (0: skip)")
    parser.add_argument("--overhead-tasks", type=int, default=2000, help="trivial tasks timed for (c)")
    parser.add_argument("--repeat", type=int, default=2, help="alternating 1- and 2-worker runs for (b)")
    parser.add_argument("--skip-sweep", action="store_true")
    args = parser.parse_args()
    if args.scaling:
        scaling(args.scaling, args.overhead_tasks, args.repeat)
    if not args.skip_sweep:
        limit = args.sweep_limit or None
        out = args.out or Path(tempfile.gettempdir()) / f"newsweave-batch-sweep-{limit or 'all'}"
        sweep(out, limit)


if __name__ == "__main__":
    main()
