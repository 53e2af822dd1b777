"""Supervised ranking learned from Multi-News editors' summaries.

Two models trained by :mod:`newsweave.train` (``python -m newsweave.train``)
and shipped as NumPy arrays in ``newsweave/models/learned.npz`` (loaded with
``allow_pickle=False``, once per process):

1. a logistic regression over hashed words, word pairs and first word of the
   sentence (which words editors keep);
2. depth-3 gradient-boosted trees (trained with LightGBM, shipped as arrays and
   evaluated here with NumPy) over position, length, centrality, support from
   the other outlets, term salience, surface cues and the lexical score
   normalised within the cluster and the article.

Features come from :mod:`newsweave.features`, the code training uses, computed
on lowercased text. The score is the trees' log-odds that the sentence is in
the greedy ROUGE-1 + ROUGE-2 oracle summary of its cluster.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import features as F
from ..errors import NewsweaveError
from . import RankInput, register

__all__ = ["MODEL_PATH", "LearnedModel", "load_model", "rank_learned"]

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "learned.npz"


@dataclass(frozen=True, slots=True, eq=False)
class LearnedModel:
    """The arrays of a trained learned ranker and the function that applies them."""

    lexical_bits: int
    lexical_weights: np.ndarray  # 2 ** lexical_bits, one weight per hashed feature
    tree_feature: np.ndarray  # trees x (2**depth - 1): split feature, heap order
    tree_threshold: np.ndarray  # trees x (2**depth - 1): go right when the value is greater
    tree_leaf: np.ndarray  # trees x 2**depth: leaf values (log-odds)
    disabled: np.ndarray  # indices of features zeroed before the trees (ablation models)

    @classmethod
    def from_arrays(cls, arrays) -> LearnedModel:
        """A model from the arrays ``newsweave.train`` writes.

        Raises:
            NewsweaveError: the arrays belong to another feature set or are inconsistent.
        """
        names = tuple(str(n) for n in arrays["feature_names"])
        if names != F.DENSE_NAMES + F.LEXICAL_NAMES:
            raise NewsweaveError(
                "the learned model was trained with other features than this version computes;"
                " retrain it with `python -m newsweave.train`"
            )
        model = cls(
            lexical_bits=int(arrays["lexical_bits"]),
            lexical_weights=np.asarray(arrays["lexical_weights"], dtype=np.float64),
            tree_feature=np.asarray(arrays["tree_feature"], dtype=np.int64),
            tree_threshold=np.asarray(arrays["tree_threshold"], dtype=np.float64),
            tree_leaf=np.asarray(arrays["tree_leaf"], dtype=np.float64),
            disabled=np.array(
                [names.index(str(n)) for n in arrays["disabled_features"]] if "disabled_features" in arrays else [],
                dtype=np.int64,
            ),
        )
        inner = model.tree_feature.shape[1]
        if (
            model.lexical_weights.shape != (1 << model.lexical_bits,)
            or model.tree_threshold.shape != model.tree_feature.shape
            or model.tree_leaf.shape != (model.tree_feature.shape[0], inner + 1)
            or int(model.tree_feature.max(initial=0)) >= len(names)
        ):
            raise NewsweaveError("the learned model file is inconsistent; retrain it with `python -m newsweave.train`")
        return model

    def lexical(self, hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """Lexical score of each text from its token hashes (see ``features.token_hashes``)."""
        rows, buckets = F.lexical_rows(hashes, offsets, self.lexical_bits)
        return np.bincount(rows, weights=self.lexical_weights[buckets], minlength=len(offsets) - 1)

    def combine(self, x: np.ndarray) -> np.ndarray:
        """Log-odds of the trees for a features matrix (rows: candidates)."""
        m = x.shape[0]
        n_trees, inner = self.tree_feature.shape
        # Every split of every tree compared at once (m x trees*inner, flat), then
        # each tree walked down its complete binary heap: one gather per level.
        right = (x[:, self.tree_feature.ravel()] > self.tree_threshold.ravel()).ravel()
        base = (np.arange(m)[:, None] * (n_trees * inner) + np.arange(n_trees)[None, :] * inner).ravel()
        node = np.zeros(m * n_trees, dtype=np.int64)
        for _ in range(inner.bit_length()):  # inner = 2**depth - 1
            node = 2 * node + 1 + right[base + node]
        leaves = np.arange(n_trees) * (inner + 1) - inner
        return self.tree_leaf.ravel()[node.reshape(m, n_trees) + leaves].sum(axis=1)

    def score(
        self, dense: np.ndarray, hashes: np.ndarray, offsets: np.ndarray, articles: np.ndarray, similarity: np.ndarray
    ) -> np.ndarray:
        """Scores of candidates from their dense features, token hashes, articles and mutual similarity."""
        lex = self.lexical(hashes.astype(np.uint64), offsets)
        x = np.hstack([dense, F.lexical_features(lex, articles, similarity)])
        if self.disabled.size:
            x[:, self.disabled] = 0.0
        return self.combine(x)

    def rank(self, data: RankInput) -> np.ndarray:
        """Scores of the candidates of ``data`` (features computed here)."""
        cand = data.candidates
        hashes, offsets = F.word_hashes([data.vectors.words[i] for i in cand])
        dense = F.dense_features(data, hashes, offsets)
        return self.score(dense, hashes, offsets, data.vectors.articles[cand], data.similarity[:, cand])


_CACHE: dict[Path, LearnedModel] = {}


def load_model(path: Path | None = None) -> LearnedModel:
    """The model at ``path`` (default: the one shipped with newsweave), loaded once.

    Raises:
        NewsweaveError: the file is missing or was trained for other features.
    """
    path = path or MODEL_PATH
    model = _CACHE.get(path)
    if model is None:
        if not path.exists():
            raise NewsweaveError(f"learned model not found at {path}; train it with `python -m newsweave.train`")
        with np.load(path, allow_pickle=False) as arrays:
            model = LearnedModel.from_arrays(arrays)
        _CACHE[path] = model
    return model


@register("learned", "Supervised: word and position features learned from Multi-News editors' summaries")
def rank_learned(data: RankInput) -> np.ndarray:
    return load_model().rank(data)
