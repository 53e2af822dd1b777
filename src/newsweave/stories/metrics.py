"""Clustering quality against true clusters: B-cubed and the adjusted Rand index.

B-cubed (Bagga and Baldwin 1998, as analysed by Amigó et al. 2009): for each item,
precision is the share of its predicted cluster that shares its true cluster, recall
the share of its true cluster that shares its predicted cluster; both are averaged
over items and F1 is their harmonic mean. The adjusted Rand index is Hubert and
Arabie's (1985) chance-corrected pair-counting index, computed from the contingency
table (the same formula as scikit-learn's ``adjusted_rand_score``, without it).
Labels may be any hashable values; the two sequences must be the same length.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["BCubed", "adjusted_rand_index", "bcubed"]


@dataclass(frozen=True, slots=True)
class BCubed:
    precision: float
    recall: float
    f1: float


def _codes(labels: Sequence[Hashable]) -> np.ndarray:
    index: dict[Hashable, int] = {}
    return np.array([index.setdefault(label, len(index)) for label in labels], dtype=np.int64)


def _check(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> None:
    if len(predicted) != len(truth):
        raise ValueError(f"predicted and true labels differ in length ({len(predicted)} vs {len(truth)})")


def bcubed(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> BCubed:
    """B-cubed precision, recall and F1 of ``predicted`` cluster labels against ``truth``.

    An empty input scores 0 everywhere.
    """
    _check(predicted, truth)
    if not len(predicted):
        return BCubed(0.0, 0.0, 0.0)
    p, t = _codes(predicted), _codes(truth)
    pair = p * (t.max() + 1) + t
    _, pair_of, pair_counts = np.unique(pair, return_inverse=True, return_counts=True)
    both = pair_counts[pair_of].astype(np.float64)  # items sharing both clusters with each item
    precision = float(np.mean(both / np.bincount(p)[p]))
    recall = float(np.mean(both / np.bincount(t)[t]))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BCubed(precision, recall, f1)


def _pairs(counts: np.ndarray) -> float:
    counts = counts.astype(np.float64)
    return float(np.sum(counts * (counts - 1) / 2))


def adjusted_rand_index(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> float:
    """Adjusted Rand index of ``predicted`` against ``truth`` (1 identical, ~0 chance level).

    When both partitions are trivial in the same way (all singletons, or one cluster)
    the index is 1, as in scikit-learn.
    """
    _check(predicted, truth)
    n = len(predicted)
    if n < 2:
        return 1.0
    p, t = _codes(predicted), _codes(truth)
    _, cells = np.unique(p * (t.max() + 1) + t, return_counts=True)
    index = _pairs(cells)
    rows, cols = _pairs(np.bincount(p)), _pairs(np.bincount(t))
    expected = rows * cols / (n * (n - 1) / 2)
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
