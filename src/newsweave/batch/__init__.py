"""Batch at archive scale: many clusters in, Parquet (or JSONL) digests out, resumable.

The layout is the job: :mod:`.inputs` (paths and globs streamed as records) →
:mod:`.partitions` (bounded pieces, and the pure function that summarizes one) →
:mod:`.output` (the versioned digest schema, atomic partition files) →
:mod:`.manifest` (finished partitions, the skip report) → :mod:`.engines` (in process,
or Dask) → :mod:`.cli` (``newsweave batch``).

>>> from newsweave.batch import BatchSettings, run_batch                 # doctest: +SKIP
>>> result = run_batch(BatchSettings(inputs=["val.jsonl.gz"], out="digests/"))  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import InputError, OptionsError
from ..options import Options, load_options
from .engines import EngineSettings, check_engine, options_record, run_dask, run_local
from .inputs import expand_inputs, fingerprint, iter_records
from .manifest import OutputDir
from .output import SCHEMA_VERSION, read_rows
from .partitions import DEFAULT_PARTITION_BYTES, DEFAULT_PARTITION_CLUSTERS, cut_partitions

__all__ = ["SCHEMA_VERSION", "BatchResult", "BatchSettings", "EngineSettings", "read_rows", "run_batch"]

FORMATS = ("parquet", "jsonl")


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchSettings:
    inputs: Sequence[str]
    out: str | Path
    options: Options | None = None  # None: load_options() (defaults, user file, environment)
    format: str = "parquet"
    partition_clusters: int = DEFAULT_PARTITION_CLUSTERS
    partition_bytes: int = DEFAULT_PARTITION_BYTES
    limit: int | None = None  # only the first N records (a bounded slice; part of the run's identity)
    engine: EngineSettings = field(default_factory=EngineSettings)


@dataclass(slots=True)
class BatchResult:
    out: Path
    partitions_done_before: int
    partitions_run: int
    rows: int  # rows written by this run
    status: Counter  # ok / skipped / crashed, this run
    problems: list[str]  # input problems (missing file, glob matching nothing)
    failed: list[str]  # partitions the engine gave up on (rerun to retry)
    entries: list[dict[str, Any]]  # this run's manifest entries
    workers: int
    dashboard: str | None
    seconds: float

    @property
    def complete(self) -> bool:
        return not self.failed


def run_batch(settings: BatchSettings, *, on_partition: Callable[[dict[str, Any]], None] | None = None) -> BatchResult:
    """Summarize every cluster of ``settings.inputs`` into partitions under ``settings.out``.

    Finished partitions of an earlier run with the same settings are kept; the others run.
    ``on_partition`` is called on the client with each partition's manifest entry as it finishes.

    Raises:
        InputError: no input file can be found, or the output directory cannot be created.
        ResumeError: ``out`` holds a run with another schema, options, format, partitioning or inputs.
        OptionsError: a setting is out of range. MissingExtraError: the batch extra is missing.
    """
    start = time.perf_counter()
    if settings.format not in FORMATS:
        raise OptionsError(f"--format {settings.format!r}: choose parquet or jsonl")
    if settings.partition_clusters < 1 or settings.partition_bytes < 1:
        raise OptionsError("--partition-size must be at least 1")
    check_engine(settings.engine)
    options = settings.options or load_options()
    files, problems = expand_inputs(list(settings.inputs))
    if not files:
        raise InputError("no input file: " + "; ".join(problems or ["give JSONL or Parquet paths or globs"]))
    if settings.format == "parquet":
        from .output import require_pyarrow

        require_pyarrow()
    out = Path(settings.out)
    header = {
        "schema": SCHEMA_VERSION,
        "newsweave": __version__,
        "options": options_record(options),
        "format": settings.format,
        "partition_clusters": settings.partition_clusters,
        "partition_bytes": settings.partition_bytes,
        "limit": settings.limit,
        "inputs": fingerprint(files),
    }
    metadata = {"newsweave.batch.schema": str(SCHEMA_VERSION), "newsweave.version": __version__,
                "newsweave.options": json.dumps(header["options"], sort_keys=True)}
    folder = OutputDir(out)
    try:
        done = folder.open_run(header)
        records = iter_records(files, problems)
        if settings.limit is not None:
            records = itertools.islice(records, settings.limit)
        initial = sum(e["rows"] for e in done.values())

        def todo():
            for part in cut_partitions(records, max_clusters=settings.partition_clusters,
                                       max_bytes=settings.partition_bytes):
                if part.index in done and done[part.index]["first"] == part.first and done[part.index]["rows"] == len(part.records):
                    continue
                yield part

        def finished(entry: dict[str, Any]) -> None:
            folder.record(entry)
            if on_partition is not None:
                on_partition(entry)

        engine = run_dask if settings.engine.name == "dask" else run_local
        outcome = engine(todo(), options, out, settings.format, metadata, settings.engine, finished, initial)
        all_entries = {**done, **{e["partition"]: e for e in outcome.entries}}
        folder.write_report(list(all_entries.values()), problems)
    finally:
        folder.close()
    status: Counter = Counter()
    for entry in outcome.entries:
        status["ok"] += entry["ok"]
        status.update(p["status"] for p in entry["problems"])
    return BatchResult(
        out=out, partitions_done_before=len(done), partitions_run=len(outcome.entries),
        rows=sum(e["rows"] for e in outcome.entries), status=status, problems=problems,
        failed=outcome.failed, entries=outcome.entries, workers=outcome.workers,
        dashboard=outcome.dashboard, seconds=time.perf_counter() - start,
    )
