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

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import features as F
from ..errors import NewsweaveError
from . import RankInput, register

__all__ = ["MODEL_PATH", "LearnedModel", "load_model", "rank_learned"]

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "learned.npz"

# sum of 2 ** (56 - 7 j), j = 0..7: byte j's lowest bit (bit 8 j) times 2 ** (56 - 7 j) lands on bit 56 + j.
_GATHER = np.uint64(sum(1 << (56 - 7 * j) for j in range(8)))


@dataclass(frozen=True, slots=True, eq=False)
class LearnedModel:
    """The arrays of a trained learned ranker and the function that applies them."""

    lexical_bits: int
    lexical_weights: np.ndarray  # 2 ** lexical_bits, one weight per hashed feature
    tree_feature: np.ndarray  # trees x (2**depth - 1): split feature, heap order
    tree_threshold: np.ndarray  # trees x (2**depth - 1): go right when the value is greater
    tree_leaf: np.ndarray  # trees x 2**depth: leaf values (log-odds)
    disabled: np.ndarray  # indices of features zeroed before the trees (ablation models)
    # For ``combine``: each tree's splits padded to 8 (a split that never goes right), so
    # that one tree's outcomes are the 8 bytes of one uint64, and the leaf each pattern
    # of outcomes reaches; None when the trees are deeper than that.
    _padded: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        inner = self.tree_feature.shape[1] if self.tree_feature.ndim == 2 else 0
        if not 0 < inner <= 8 or inner & (inner + 1) or self.tree_threshold.shape != self.tree_feature.shape:
            return
        n_trees = self.tree_feature.shape[0]
        feature = np.zeros((n_trees, 8), dtype=np.int64)
        threshold = np.full((n_trees, 8), np.inf)
        feature[:, :inner] = self.tree_feature
        threshold[:, :inner] = self.tree_threshold
        # Pattern p holds the outcome of split j (heap order) in bit j; walking the heap
        # from the root by those bits ends at leaf ``table[p]`` (node - inner).
        table = np.empty(256, dtype=np.int64)
        for pattern in range(256):
            node = 0
            for _ in range(inner.bit_length()):
                node = 2 * node + 1 + ((pattern >> node) & 1)
            table[pattern] = node - inner
        object.__setattr__(self, "_padded", (feature.ravel(), threshold.ravel(), table))

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
        leaves = np.arange(n_trees) * (inner + 1) - inner
        if self._padded is not None and m:
            # Every split of every tree compared at once; the 8 outcomes (0 or 1) of a tree
            # are the bytes of one little-endian uint64, and multiplying by _GATHER moves
            # byte j's bit to bit 56 + j (no carries reach those bits: tests/test_learned.py
            # checks all 256 patterns). The leaf is then looked up: the same leaves as
            # walking the heap level by level below, summed in the same order.
            feature, threshold, table = self._padded
            right = np.ascontiguousarray(x[:, feature] > threshold).view("<u8")
            patterns = (right * _GATHER) >> np.uint64(56)
            return self.tree_leaf.ravel()[table[patterns] + (leaves + inner)].sum(axis=1)
        # Every split of every tree compared at once (m x trees*inner, flat), then
        # each tree walked down its complete binary heap: one gather per level.
        right = (x[:, self.tree_feature.ravel()] > self.tree_threshold.ravel()).ravel()
        base = (np.arange(m)[:, None] * (n_trees * inner) + np.arange(n_trees)[None, :] * inner).ravel()
        node = np.zeros(m * n_trees, dtype=np.int64)
        for _ in range(inner.bit_length()):  # inner = 2**depth - 1
            node = 2 * node + 1 + right[base + node]
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
        words = data.vectors.words
        hashes, offsets = F.word_hashes([words[i] for i in cand.tolist()])
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
