"""Rankers: score sentences; they never choose them (the selector does).

A ranker is a function ``(RankInput) -> np.ndarray`` returning one score per
candidate sentence, higher is better. Methods register themselves by name with
:func:`register`; the CLI's ``--method`` choices and ``newsweave methods`` are
generated from this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..errors import UnknownMethodError
from ..models import PreparedCluster
from ..vectors import ClusterVectors

__all__ = ["DEFAULT_METHOD", "Method", "RankInput", "get_method", "methods", "register"]


class RankInput:
    """What a ranker sees: the cluster, its vectors, and the candidate sentence indices."""

    def __init__(self, cluster: PreparedCluster, vectors: ClusterVectors, candidates: np.ndarray):
        self.cluster = cluster
        self.vectors = vectors
        self.candidates = candidates  # indices into cluster.sentences

    @cached_property
    def similarity(self) -> np.ndarray:
        """Cosine similarity of each candidate (rows) to every sentence (columns)."""
        return self.vectors.similarity(self.candidates)

    @cached_property
    def positions(self) -> np.ndarray:
        """Sentence index within its article, for each candidate."""
        sentences = self.cluster.sentences
        return np.array([sentences[i].position for i in self.candidates.tolist()], dtype=np.int64)


Ranker = Callable[[RankInput], np.ndarray]


@dataclass(frozen=True, slots=True)
class Method:
    name: str
    description: str
    rank: Ranker
    # Methods that are baselines keep their own order and skip redundancy control.
    redundancy: bool = True
    # Choose a lede and keep leaning sentences after what they lean on (select.py);
    # baselines that keep their own order turn it off.
    coherent: bool = True


_REGISTRY: dict[str, Method] = {}

# The method used when none is named. Calibration: benchmarks/run.py (README table):
# at 250 words "learned" beats "centrality" by +0.76 / +0.69 ROUGE-1 / ROUGE-2 on
# fulltext-dev and +1.00 / +0.90 on val[:1000], at 2.4x (val[:300]) to 6.9x (fulltext-dev)
# sumy LexRank's clusters per second (benchmarks/speed.py, issue 12).
DEFAULT_METHOD = "learned"


def register(
    name: str, description: str, *, redundancy: bool = True, coherent: bool = True
) -> Callable[[Ranker], Ranker]:
    """Decorator: register a ranker under ``name``."""

    def wrap(func: Ranker) -> Ranker:
        _REGISTRY[name] = Method(name, description, func, redundancy, coherent)
        return func

    return wrap


def _load_builtins() -> None:
    from . import centrality, lead, learned  # noqa: F401  (importing registers them)


def methods() -> dict[str, Method]:
    """Every registered method by name, the default first."""
    _load_builtins()
    ordered = {DEFAULT_METHOD: _REGISTRY[DEFAULT_METHOD]}
    ordered.update(sorted(_REGISTRY.items()))
    return ordered


def get_method(name: str | None) -> Method:
    """The method registered as ``name`` (``None`` or ``"default"``: the default).

    Raises:
        UnknownMethodError: nothing is registered under ``name``.
    """
    _load_builtins()
    if name in (None, "", "default"):
        name = DEFAULT_METHOD
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownMethodError(
            f"unknown method {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}, llm"
        ) from None
