"""The check's model: a logistic regression over the signals, shipped as JSON (no pickle).

``python -m newsweave.check.train`` writes ``newsweave/models/check.json``: the feature
names, their standardisation (mean, scale), one weight per feature, the bias, and the
training set's description. :func:`load_model` reads it once per process and refuses a
file written for other features.
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
FORMAT = "newsweave-check-1"


@dataclass(frozen=True, slots=True, eq=False)
class CheckModel:
    """Standardisation and weights of the logistic regression over :data:`~newsweave.check.features.FEATURES`."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    meta: dict

    def probability(self, x: np.ndarray) -> float:
        """The probability that the sentence with feature vector ``x`` is supported."""
        z = float(((x - self.mean) / self.scale) @ self.weights) + self.bias
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_json(self) -> dict:
        """The JSON object :func:`load_model` reads back."""
        return {
            "format": FORMAT,
            "features": list(FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict, origin: str) -> CheckModel:
        """A model from the object :meth:`to_json` wrote.

        Raises:
            NewsweaveError: the object is not a check model for this version's features.
        """
        if not isinstance(data, dict) or data.get("format") != FORMAT or tuple(data.get("features", ())) != FEATURES:
            raise NewsweaveError(
                f"{origin}: not a check model for this version's features; retrain it with `python -m newsweave.check.train`"
            )
        arrays = [np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "weights")]
        if any(a.shape != (len(FEATURES),) for a in arrays):
            raise NewsweaveError(f"{origin}: the check model is inconsistent; retrain it with `python -m newsweave.check.train`")
        return cls(*arrays, bias=float(data["bias"]), meta=dict(data.get("meta", {})))


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
