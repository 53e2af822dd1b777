"""Partitions: the input stream cut into bounded pieces, and the pure function that summarizes one.

A partition closes at ``max_clusters`` records or ``max_bytes`` of input, whichever
comes first, so a worker holds at most one partition's input and digests whatever the
input's size (a junk page of 450,000 words fills a partition on its own). The cut
depends only on the input, so a rerun cuts the same partitions and the manifest's
record of finished ones applies.

:func:`run_partition` is what the engines run (on a Dask worker or in process): records
in, one row per record out, the partition file written atomically, a small summary
returned. It never raises for a cluster: a ``NewsweaveError`` makes the row
``skipped``, any other exception ``crashed``, both with a reason.
"""

from __future__ import annotations

import json
import os
import resource
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, NewsweaveError
from .inputs import Record
from .output import partition_name, write_partition

# 200 clusters or 32 MB of input per partition. Multi-News val averages ~2.7 KB of input
# and ~0.1-0.2 s per cluster with the analysis here (benchmarks/batch_sweep.py), so a
# partition is 20-40 s of work: long enough that Dask's per-task overhead (a few ms) is
# noise, short enough that a killed worker loses little. 32 MB bounds a worker's input
# (the pipeline's own working set is a few times its input). Re-run the sweep's scaling
# table after changing them.
DEFAULT_PARTITION_CLUSTERS = 200
DEFAULT_PARTITION_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Partition:
    index: int
    records: tuple[Record, ...]

    @property
    def first(self) -> str:
        return f"{self.records[0].file}:{self.records[0].line}"

    @property
    def last(self) -> str:
        return f"{self.records[-1].file}:{self.records[-1].line}"


def cut_partitions(records: Iterable[Record], *, max_clusters: int, max_bytes: int) -> Iterator[Partition]:
    """Group ``records`` into partitions of at most ``max_clusters`` records and about ``max_bytes``."""
    buf: list[Record] = []
    size = 0
    index = 0
    for rec in records:
        if buf and (len(buf) >= max_clusters or size + rec.size > max_bytes):
            yield Partition(index, tuple(buf))
            index += 1
            buf, size = [], 0
        buf.append(rec)
        size += rec.size
    if buf:
        yield Partition(index, tuple(buf))


# --- once per worker process -------------------------------------------------------------
_LOADED: dict[str, float] = {}
_LOADS = [0]  # how many times this process loaded the models (1 expected, whatever it ran)


def warm_up(options: Any) -> float:
    """Load what summarizing needs (spaCy, the learned model) once per process; seconds it took here.

    Returns 0.0 when this process had already loaded it. The library caches the models per
    process; this runs one small cluster so the cost is paid before the first real one and
    can be measured.
    """
    import newsweave

    key = f"{options.method}/{options.analysis}"
    if key in _LOADED:
        return 0.0
    start = time.perf_counter()
    from ..demo import demo_cluster

    try:
        newsweave.summarize(demo_cluster(), options=options)
    except NewsweaveError:
        pass
    _LOADED[key] = time.perf_counter() - start
    _LOADS[0] += 1
    return _LOADED[key]


def _parse(rec: Record) -> Any:
    from ..ingest import cluster_from_record

    where = f"{rec.file}:{rec.line}"
    if isinstance(rec.raw, str):
        try:
            record = json.loads(rec.raw)
        except json.JSONDecodeError as err:
            raise InputError(f"{where}: not valid JSON ({err.msg} at column {err.colno})") from None
    else:
        record = rec.raw
    return cluster_from_record(record, where, default_id=where)


def _row(rec: Record, options: Any) -> dict[str, Any]:
    import newsweave

    from ..render.json_format import to_dict

    row: dict[str, Any] = dict.fromkeys(
        ("reason", "method", "budget", "words", "articles", "headline", "summary", "sentences", "digest")
    )
    row.update(input=rec.file, line=rec.line, id=f"{rec.file}:{rec.line}", status="ok", seconds=0.0)
    if isinstance(rec.raw, dict) and rec.raw.get("id") is not None:
        row["id"] = str(rec.raw["id"])
    start = time.perf_counter()
    try:
        cluster = _parse(rec)
        row["id"] = cluster.id
        row["articles"] = len(cluster.articles)
        digest = newsweave.summarize(cluster, options=options)
    except NewsweaveError as err:
        row.update(status="skipped", reason=str(err))
    except Exception as err:  # a bug: reported as a crash, the batch goes on
        row.update(status="crashed", reason=f"{type(err).__name__}: {err}")
    else:
        names = {s.article: s.name for s in digest.sources}
        row.update(
            method=digest.method, budget=digest.budget, words=digest.word_count,
            headline=digest.headline.text if digest.headline else None, summary=digest.summary,
            sentences=[
                {"text": s.text, "article": s.citation.article, "source": names.get(s.citation.article),
                 "start": s.citation.start, "end": s.citation.end}
                for s in digest.sentences
            ],
            digest=json.dumps(to_dict(digest), ensure_ascii=False),
        )
    row["seconds"] = time.perf_counter() - start
    return row


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_partition(part: Partition, options: Any, out: str, fmt: str, metadata: dict[str, str]) -> dict[str, Any]:
    """Summarize every record of ``part``, write its file atomically, return what the manifest records."""
    load_seconds = warm_up(options)
    start, cpu = time.perf_counter(), time.process_time()
    rows = [_row(rec, options) for rec in part.records]
    target = Path(out) / partition_name(part.index, fmt)
    write_partition(rows, target, fmt, metadata)
    slowest = max(rows, key=lambda r: r["seconds"])
    return {
        "partition": part.index,
        "file": target.name,
        "first": part.first,
        "last": part.last,
        "rows": len(rows),
        "ok": sum(r["status"] == "ok" for r in rows),
        "problems": [
            {"input": r["input"], "line": r["line"], "id": r["id"], "status": r["status"], "reason": r["reason"]}
            for r in rows if r["status"] != "ok"
        ],
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,  # this worker's CPU time: below "seconds" when cores are shared
        "slowest": {"id": slowest["id"], "seconds": round(slowest["seconds"], 4)},
        "worker": f"{os.uname().nodename}:{os.getpid()}",
        "pid": os.getpid(),
        "load_seconds": round(load_seconds, 4),
        "loads_in_process": _LOADS[0],
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
