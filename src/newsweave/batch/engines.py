"""Engines: who runs the partition function. ``local`` runs it in this process; ``dask`` on a Dask cluster.

The Dask engine starts a ``distributed.LocalCluster`` (processes, one thread each) or
connects to a running scheduler; both are the same code from there on. Dask schedules,
and re-runs a partition whose worker died (up to its ``distributed.scheduler.allowed-failures``,
then the partition is reported as failed and a rerun picks it up); newsweave only keeps a
bounded number of partitions in flight so that the client streams the input.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import MissingExtraError, OptionsError
from ..options import Options
from .partitions import Partition, run_partition

ENGINES = ("local", "dask")


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineSettings:
    name: str = "local"
    scheduler: str | None = None  # a running scheduler's address (tcp://host:8786); None: a LocalCluster
    workers: int = 2  # LocalCluster worker processes (one thread each)
    progress: bool = True


@dataclass(slots=True)
class EngineOutcome:
    entries: list[dict[str, Any]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "partition N: reason" for those Dask gave up on
    workers: int = 0
    dashboard: str | None = None


class _Progress:
    def __init__(self, enabled: bool, initial: int):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(unit="cluster", initial=initial, file=sys.stderr, dynamic_ncols=True)

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_local(
    parts: Iterator[Partition], options: Options, out: Path, fmt: str, metadata: dict[str, str],
    settings: EngineSettings, on_partition: Callable[[dict[str, Any]], None], initial: int,
) -> EngineOutcome:
    outcome = EngineOutcome(workers=1)
    progress = _Progress(settings.progress, initial)
    try:
        for part in parts:
            entry = run_partition(part, options, str(out), fmt, metadata)
            on_partition(entry)
            outcome.entries.append(entry)
            progress.update(entry["rows"])
    finally:
        progress.close()
    return outcome


def _dask_client(settings: EngineSettings) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise MissingExtraError("--engine dask needs the batch extra: pip install 'newsweave[batch]'") from exc
    if settings.scheduler:
        try:
            return Client(settings.scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as err:
            raise OptionsError(f"--scheduler {settings.scheduler}: cannot connect ({err})") from None
    # dashboard ":0": any free port, so two runs on one machine do not collide.
    cluster = LocalCluster(
        n_workers=settings.workers, threads_per_worker=1, processes=True, dashboard_address=":0",
    )
    return Client(cluster), cluster


def run_dask(
    parts: Iterator[Partition], options: Options, out: Path, fmt: str, metadata: dict[str, str],
    settings: EngineSettings, on_partition: Callable[[dict[str, Any]], None], initial: int,
) -> EngineOutcome:
    from distributed import as_completed

    from ._dask_plugin import WarmUp

    client, cluster = _dask_client(settings)
    outcome = EngineOutcome()
    try:
        client.register_plugin(WarmUp(options))
        outcome.workers = len(client.scheduler_info()["workers"])
        outcome.dashboard = client.dashboard_link
        print(f"newsweave: dask scheduler {client.scheduler.address}, {outcome.workers} workers,"
              f" dashboard {outcome.dashboard}", file=sys.stderr)
        # Two partitions per worker in flight: each worker has its next one queued, and the
        # client holds at most 2 x workers partitions of input, whatever the input's size.
        window = max(2, 2 * max(1, outcome.workers))
        progress = _Progress(settings.progress, initial)
        pending = as_completed()
        started = 0

        def submit_next() -> bool:
            part = next(parts, None)
            if part is None:
                return False
            pending.add(client.submit(run_partition, part, options, str(out), fmt, metadata,
                                      key=f"newsweave-partition-{part.index}-{time.time_ns()}", pure=False))
            return True

        while started < window and submit_next():
            started += 1
        for future in pending:
            try:
                entry = future.result()
            except Exception as err:  # KilledWorker: Dask retried and gave up; the rerun tries again
                outcome.failed.append(f"{future.key}: {type(err).__name__}: {err}")
            else:
                on_partition(entry)
                outcome.entries.append(entry)
                progress.update(entry["rows"])
            future.release()
            submit_next()
        progress.close()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return outcome


def check_engine(settings: EngineSettings) -> None:
    if settings.name not in ENGINES:
        raise OptionsError(f"--engine {settings.name!r}: choose one of {', '.join(ENGINES)}")
    if settings.workers < 1:
        raise OptionsError(f"--workers {settings.workers}: must be at least 1")
    if settings.scheduler and settings.name != "dask":
        raise OptionsError("--scheduler needs --engine dask")


def options_record(options: Options) -> dict[str, Any]:
    return dataclasses.asdict(options)
