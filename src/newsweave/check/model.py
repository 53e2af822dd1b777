"""The check's model: small gradient-boosted trees over the signals, shipped as JSON (no pickle).

``python -m newsweave.check.train`` fits the trees with LightGBM (the ``train`` extra)
and writes ``newsweave/models/check.json``: the feature names, each tree as a flat list
of nodes, and the training set's description with the calibration table. Scoring
needs only this module: :func:`load_model` reads the file once per process and
refuses one written for other features. The probability is the trees' log-odds
through the logistic function; the classes were weighted equally in training, so it
reads as the chance that the sentence is supported when supported and unsupported
sentences are equally likely.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import NewsweaveError
from .features import FEATURES

__all__ = ["MODEL_PATH", "CheckModel", "load_model"]

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "check.json"
FORMAT = "newsweave-check-trees-1"

# A node is [feature, threshold, left, right] (go left when the value is <= threshold);
# a leaf is [-1, value, 0, 0]. Node 0 is the root.
Node = tuple[int, float, int, int]


@dataclass(frozen=True, slots=True, eq=False)
class CheckModel:
    """Trees over :data:`~newsweave.check.features.FEATURES`, their log-odds summed."""

    trees: tuple[tuple[Node, ...], ...]
    meta: dict

    def log_odds(self, x: np.ndarray) -> float:
        """The summed leaf values of the trees for feature vector ``x``."""
        total = 0.0
        values = x.tolist()
        for nodes in self.trees:
            feature, threshold, left, right = nodes[0]
            while feature >= 0:
                feature, threshold, left, right = nodes[left if values[feature] <= threshold else right]
            total += threshold  # a leaf keeps its value where a node keeps its threshold
        return total

    def probability(self, x: np.ndarray) -> float:
        """The probability that the sentence with feature vector ``x`` is supported."""
        z = self.log_odds(x)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_json(self) -> dict:
        """The JSON object :func:`load_model` reads back."""
        return {"format": FORMAT, "features": list(FEATURES), "trees": [[list(n) for n in t] for t in self.trees], "meta": self.meta}

    @classmethod
    def from_json(cls, data: dict, origin: str) -> CheckModel:
        """A model from the object :meth:`to_json` wrote.

        Raises:
            NewsweaveError: the object is not a check model for this version's features, or is inconsistent.
        """
        retrain = "retrain it with `python -m newsweave.check.train`"
        if not isinstance(data, dict) or data.get("format") != FORMAT or tuple(data.get("features", ())) != FEATURES:
            raise NewsweaveError(f"{origin}: not a check model for this version's features; {retrain}")
        try:
            trees = tuple(tuple((int(f), float(t), int(a), int(b)) for f, t, a, b in tree) for tree in data["trees"])
        except (KeyError, TypeError, ValueError):
            raise NewsweaveError(f"{origin}: the check model's trees are malformed; {retrain}") from None
        for tree in trees:
            n = len(tree)
            if not n or any(f >= len(FEATURES) or (f >= 0 and not (0 < a < n and 0 < b < n)) for f, _, a, b in tree):
                raise NewsweaveError(f"{origin}: the check model's trees are inconsistent; {retrain}")
        return cls(trees, dict(data.get("meta", {})))

    @classmethod
    def from_lightgbm(cls, dump: dict, meta: dict) -> CheckModel:
        """A model from LightGBM's ``Booster.dump_model()`` (numerical splits only)."""
        return cls(tuple(_flatten(info["tree_structure"]) for info in dump["tree_info"]), meta)


def _flatten(root: dict) -> tuple[Node, ...]:
    """One LightGBM tree (nested dicts) as a flat list of nodes, root first."""
    nodes: list[Node] = []

    def add(node: dict) -> int:
        at = len(nodes)
        nodes.append((-1, float(node.get("leaf_value", 0.0)), 0, 0))
        if "split_feature" in node:
            left, right = add(node["left_child"]), add(node["right_child"])
            nodes[at] = (int(node["split_feature"]), float(node["threshold"]), left, right)
        return at

    add(root)
    return tuple(nodes)


_CACHE: dict[Path, CheckModel] = {}


def load_model(path: Path | None = None) -> CheckModel:
    """The model at ``path`` (default: the one shipped with newsweave), loaded once.

    Raises:
        NewsweaveError: the file is missing, unreadable, or written for other features.
    """
    path = path or MODEL_PATH
    model = _CACHE.get(path)
    if model is None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise NewsweaveError(f"{path}: cannot read the check model ({err}); train it with `python -m newsweave.check.train`") from None
        model = CheckModel.from_json(data, str(path))
        _CACHE[path] = model
    return model
