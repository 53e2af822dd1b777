"""The Dask worker plugin that loads the models once per worker (imported only by the dask engine)."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin

from ..options import Options
from .partitions import warm_up


class WarmUp(WorkerPlugin):
    """Each worker loads spaCy and the ranker when it starts, a restarted one too; never once per cluster."""

    name = "newsweave-warm-up"

    def __init__(self, options: Options):
        self.options = options

    def setup(self, worker: Any) -> None:
        warm_up(self.options)
