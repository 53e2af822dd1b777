"""Unsupervised ranking: centrality to the cluster, cross-outlet support, position.

A sentence ranks high when it is close to what the whole cluster talks about
(cosine to the tf-idf centroid), when other outlets say the same thing (its best
match in each other article), and when it comes early in its article (news is
written top-down). Each signal is scaled to [0, 1] within the cluster before the
weighted sum, so the weights carry across clusters of any size.
"""

from __future__ import annotations

import numpy as np

from . import RankInput, register

# Weights tuned by grid search on the first 300 val clusters and fulltext-dev at a
# 250-word budget (benchmarks/tune_centrality.py); re-run it after changing features.
WEIGHTS = {"centroid": 1.0, "support": 1.0, "position": 0.6, "length": 0.3}
# Position prior 1 / (1 + position) ** POSITION_DECAY.
POSITION_DECAY = 0.5
# Sentences shorter than this many words get a proportionally lower length score.
FULL_LENGTH_WORDS = 20


def _scaled(x: np.ndarray) -> np.ndarray:
    top = float(x.max(initial=0.0))
    return x / top if top > 0 else np.zeros_like(x)


def signals(data: RankInput) -> dict[str, np.ndarray]:
    """The per-candidate signals the score is made of (also used by other rankers)."""
    vectors = data.vectors
    matrix = vectors.matrix
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    centroid_sim = (matrix[data.candidates] @ centroid) / norm if norm else np.zeros(len(data.candidates))
    sim = data.similarity
    articles = vectors.articles
    own = articles[data.candidates]
    n_articles = int(articles.max(initial=0)) + 1
    support = np.zeros(len(data.candidates))
    others = 0
    for a in range(n_articles):
        cols = np.flatnonzero(articles == a)
        if cols.size == 0:
            continue
        others += 1
        best = sim[:, cols].max(axis=1)
        best[own == a] = 0.0
        support += best
    if others > 1:
        support /= others - 1
    lengths = vectors.lengths[data.candidates]
    return {
        "centroid": np.asarray(centroid_sim).ravel(),
        "support": support,
        "position": 1.0 / (1.0 + data.positions) ** POSITION_DECAY,
        "length": np.minimum(1.0, lengths / FULL_LENGTH_WORDS),
    }


@register("centrality", "Unsupervised: centrality to the cluster, support from other outlets, position")
def rank_centrality(data: RankInput) -> np.ndarray:
    parts = signals(data)
    score = np.zeros(len(data.candidates))
    for name, weight in WEIGHTS.items():
        score += weight * _scaled(parts[name])
    return score
