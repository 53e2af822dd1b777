"""The learned join decision: a logistic model over features of (article, candidate story).

In the spirit of Miranda et al. (EMNLP 2018): instead of one similarity held to one
threshold, a linear model weighs several similarities and the time features and gives
the probability that the candidate story is the article's story. The article joins the
most probable candidate when that probability reaches the model's calibrated threshold
(one for dated pairs, one for text alone).

Every feature has a scale that does not depend on how long the texts are (cosines,
shares, logs of counts and days), so a model fitted on Multi-News's truncated articles
has a chance on short feed items. Titles and entities have no features of their own:
Multi-News, lowercased and untitled, could not fit them; they reach the model through
the article's vector (title terms weigh ``title_weight``, entities are terms).

The weights are trained by :mod:`newsweave.stories.train` and shipped as JSON in
``newsweave/models/stories.json`` (names, weights, thresholds and where they come from);
loaded once per process.

The learned merge step (Miranda et al.'s second model) is the same kind of model over
features of two stories (:class:`MergeFeatures`): the probability that a young story
and a candidate near it are one story. Trained by ``python -m newsweave.stories.train
--merges`` on the join model's decisions, shipped in ``newsweave/models/story_merges.json``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import NewsweaveError

__all__ = [
    "FEATURES",
    "MERGE_FEATURES",
    "MERGE_MODEL_PATH",
    "MODEL_PATH",
    "JoinModel",
    "MergeFeatures",
    "PairFeatures",
    "load_join_model",
    "load_merge_model",
]

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "stories.json"
MERGE_MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "story_merges.json"

# The features, in the order the model's weights are stored.
FEATURES = (
    "average_link",  # the article's mean cosine with the story's articles (centroid dot / size)
    "centroid_cosine",  # cosine with the story's centroid
    "max_similarity",  # highest cosine with one of the story's most recent articles
    "shared_terms",  # share of the article's query terms the story is indexed under
    "coherence",  # the story's mean cosine between two of its articles (0 for one article)
    "link_over_coherence",  # average_link / coherence, at most 2 (0 for a one-article story)
    "log_size",  # log of the story's article count
    "rank",  # 0 for the candidate of highest average link, 1 for the next ...
    "margin",  # its average link minus the best other candidate's (0 without one)
    "dated",  # 1 when the article and the story both have publication times
    "log_gap_days",  # log(1 + days between the article and the story's span); 0 undated
    "log_age_days",  # log(1 + days since the story's first article); 0 undated
    "dated_link",  # average_link when dated, else 0 (the time-aware slope)
    # Squares: the evidence of a similarity is not linear in it (a cosine of 0.4 says far
    # more than twice what 0.2 says). Calibration part, B-cubed F1 with / without times,
    # best threshold, each set trained on the streams of `python -m newsweave.stories.train`
    # (a development script, not kept): 0.888 / 0.830 without them, 0.894 / 0.832 with them (only
    # average_link's square: 0.893 / 0.832; a log ratio to the runner-up instead: 0.883 /
    # 0.829; undated slopes of average_link and margin: 0.888 / 0.831).
    "average_link_squared",
    "max_similarity_squared",
    "centroid_cosine_squared",
)


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """The raw measurements of one (article, candidate story) pair."""

    average_link: float
    centroid_cosine: float
    max_similarity: float
    shared_terms: float
    coherence: float
    size: int
    rank: int
    margin: float
    gap_days: float | None  # None unless the article and the story are both dated
    age_days: float | None

    def vector(self) -> tuple[float, ...]:
        """The values in the order of :data:`FEATURES`."""
        dated = self.gap_days is not None
        return (
            *_similarities(self),
            min(2.0, self.average_link / self.coherence) if self.coherence > 0 else 0.0,
            math.log(self.size),
            float(self.rank),
            self.margin,
            1.0 if dated else 0.0,
            math.log1p(self.gap_days) if dated else 0.0,
            math.log1p(self.age_days or 0.0) if dated else 0.0,
            self.average_link if dated else 0.0,
            *_squares(self),
        )


# The merge model's features, for a young story (the one that just took an article, or
# the candidate, whichever is smaller) and a candidate story, in the order its weights
# are stored. The same kinds as the join model's, between two stories.
MERGE_FEATURES = (
    "average_link",  # mean cosine between an article of one and an article of the other
    "centroid_cosine",  # cosine of the two centroids
    "max_similarity",  # highest cosine between one's and the other's most recent articles
    "shared_terms",  # share of the story's index terms the candidate is indexed under too
    "coherence",  # the story's own mean pairwise cosine (0 for one article)
    "other_coherence",  # the candidate's
    "log_size",  # log of the story's article count
    "log_other_size",  # log of the candidate's
    "rank",  # 0 for the candidate of highest average link, 1 for the next ...
    "margin",  # its average link minus the best other candidate's (0 without one)
    "dated",  # 1 when both stories have dated articles
    "log_gap_days",  # log(1 + days between the two stories' spans); 0 undated
    "dated_link",  # average_link when dated, else 0
    "average_link_squared",
    "max_similarity_squared",
    "centroid_cosine_squared",
)


@dataclass(frozen=True, slots=True)
class MergeFeatures:
    """The raw measurements of one (story, candidate story) pair for the merge model."""

    average_link: float
    centroid_cosine: float
    max_similarity: float
    shared_terms: float
    coherence: float
    other_coherence: float
    size: int
    other_size: int
    rank: int
    margin: float
    gap_days: float | None  # None unless both stories are dated

    def vector(self) -> tuple[float, ...]:
        """The values in the order of :data:`MERGE_FEATURES`."""
        dated = self.gap_days is not None
        return (
            *_similarities(self),
            self.other_coherence,
            math.log(self.size),
            math.log(self.other_size),
            float(self.rank),
            self.margin,
            1.0 if dated else 0.0,
            math.log1p(self.gap_days) if dated else 0.0,
            self.average_link if dated else 0.0,
            *_squares(self),
        )


# What each model is called in errors, and the command that retrains it.
_KINDS = {
    FEATURES: ("join", "python -m newsweave.stories.train"),
    MERGE_FEATURES: ("merge", "python -m newsweave.stories.train --merges"),
}


def _similarities(f: PairFeatures | MergeFeatures) -> tuple[float, ...]:
    """The first five features, shared by both models."""
    return (f.average_link, f.centroid_cosine, f.max_similarity, f.shared_terms, f.coherence)


def _squares(f: PairFeatures | MergeFeatures) -> tuple[float, ...]:
    """The last three features, shared by both models."""
    return (f.average_link**2, f.max_similarity**2, f.centroid_cosine**2)


@dataclass(frozen=True, slots=True)
class JoinModel:
    """Weights of a logistic model and its calibrated probability thresholds.

    The join model (``features`` :data:`FEATURES`, over :class:`PairFeatures`) or the
    merge model (:data:`MERGE_FEATURES`, over :class:`MergeFeatures`).
    """

    weights: tuple[float, ...]  # one per features entry
    bias: float
    threshold: float  # join (merge) when P >= this (both dated)
    untimed_threshold: float  # ... when either has no publication time
    provenance: dict  # what it was trained and calibrated on, and the figures
    features: tuple[str, ...] = FEATURES

    def probability(self, features: PairFeatures | MergeFeatures) -> float:
        """P(the candidate story is the article's (the story's) story)."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, features.vector(), strict=True))
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def threshold_for(self, dated: bool) -> float:
        return self.threshold if dated else self.untimed_threshold

    def to_json(self) -> dict:
        """The JSON form :func:`load_join_model` reads."""
        return {
            "features": list(self.features),
            "weights": list(self.weights),
            "bias": self.bias,
            "threshold": self.threshold,
            "untimed_threshold": self.untimed_threshold,
            "provenance": self.provenance,
        }

    @classmethod
    def from_json(cls, data: dict, features: tuple[str, ...] = FEATURES) -> JoinModel:
        """A model from its JSON form (``features``: the names this version computes for it).

        Raises:
            NewsweaveError: the file was written for other features, or is inconsistent.
        """
        kind, retrain = _KINDS[features]
        if tuple(data.get("features", ())) != features:
            raise NewsweaveError(
                f"the story {kind} model was trained with other features than this version computes;"
                f" retrain it with `{retrain}`"
            )
        try:
            return cls(
                weights=tuple(float(w) for w in data["weights"]),
                bias=float(data["bias"]),
                threshold=float(data["threshold"]),
                untimed_threshold=float(data["untimed_threshold"]),
                provenance=dict(data.get("provenance", {})),
                features=features,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise NewsweaveError(f"the story {kind} model file is inconsistent ({error}); retrain it with `{retrain}`") from error


@cache
def load_join_model(path: Path = MODEL_PATH) -> JoinModel:
    """The shipped join model (read once per process and path).

    Raises:
        NewsweaveError: the file is missing, not JSON, or does not fit this version.
    """
    return _load(path, FEATURES)


@cache
def load_merge_model(path: Path = MERGE_MODEL_PATH) -> JoinModel:
    """The shipped merge model (read once per process and path); raises as :func:`load_join_model`."""
    return _load(path, MERGE_FEATURES)


def _load(path: Path, features: tuple[str, ...]) -> JoinModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise NewsweaveError(f"cannot read the story model {path} ({error}); reinstall newsweave") from error
    model = JoinModel.from_json(data, features)
    if len(model.weights) != len(features):
        kind, retrain = _KINDS[features]
        raise NewsweaveError(f"the story {kind} model file is inconsistent; retrain it with `{retrain}`")
    return model
