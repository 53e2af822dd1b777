"""The options of online story clustering, each with where its value comes from.

Thresholds were calibrated with ``python benchmarks/stories_eval.py --calibrate`` on
the *calibration* part of Multi-News val (the clusters with an even position in the
file) and are reported on the odd ones; re-run it after changing the representation
(terms, weights, centroid size). The sizes (terms per article, postings per term,
candidates) bound the work per article and were chosen for speed at no measured loss.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ..errors import OptionsError

__all__ = ["StoryOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryOptions:
    """Every tunable of :class:`~newsweave.stories.OnlineClusterer`."""

    # --- the decision -----------------------------------------------------------
    # Join the best candidate story when cosine(article, centroid) - time_penalty *
    # gap_days >= join_threshold (article and story both dated), else start a story.
    # CALIBRATED_TIMED
    join_threshold: float = 0.20
    # Per day between the article and the story's span (0 inside it). CALIBRATED_PENALTY
    time_penalty: float = 0.03
    # Per day since the story's first article (Miranda et al. use the distance to a
    # cluster's oldest article as well as to its newest): a long-running centroid drifts
    # towards its topic and starts taking unrelated stories on that topic. CALIBRATED_AGE
    age_penalty: float = 0.0
    # Article or story without a publication time: cosine alone >= this. A higher bar
    # than with times, since nothing else separates two stories on one topic.
    # CALIBRATED_UNTIMED
    untimed_threshold: float = 0.25
    # Two live stories both scoring over the threshold for one article are merged when
    # their centroids' cosine reaches this. CALIBRATED_MERGE
    merge_threshold: float = 0.35
    merge: bool = True
    # A best candidate up to clear_margin under its threshold still takes the article when
    # its score is at least clear_ratio times the runner-up's (0: off). CALIBRATED_CLEAR
    clear_margin: float = 0.05
    clear_ratio: float = 3.0

    # --- time -------------------------------------------------------------------
    # A story that has taken no dated article for this long (stream time, the latest
    # publication time seen) goes dormant: it leaves the candidate index and takes no
    # new article. Also the widest gap a dated article may join across. Real stories
    # mostly run for days; a week keeps a developing story alive over a weekend.
    dormant_after: timedelta = timedelta(days=7)

    # --- representation ---------------------------------------------------------
    # Each occurrence of a title term counts as this many body occurrences (titles name
    # the story; Miranda et al. 2018 give the title its own similarity). Not calibrated:
    # Multi-News has no titles.
    title_weight: float = 3.0
    # Each entity the caller supplies counts as this many body occurrences of a term.
    entity_weight: float = 2.0
    # An article is represented by its heaviest terms only (tf-idf, online idf):
    # bounds per-article work; articles in val average ~150 content words.
    article_terms: int = 60
    # A story's centroid keeps this many terms (sum of its articles' unit vectors).
    centroid_terms: int = 150

    # --- the candidate index ----------------------------------------------------
    # The article's heaviest `query_terms` terms look up stories in an inverted index in
    # which each story is posted under its centroid's `index_terms` heaviest terms.
    query_terms: int = 15
    index_terms: int = 15
    # Each term's posting list keeps the stories that most recently took an article
    # under it, at most this many: common terms cannot make an article scan every story.
    posting_limit: int = 40
    # At most this many stories (most query-term weight shared) are compared in full.
    max_candidates: int = 20
    # Candidates kept in each Assignment as evidence.
    evidence: int = 3

    def __post_init__(self) -> None:
        for name in ("article_terms", "centroid_terms", "query_terms", "index_terms", "posting_limit", "max_candidates"):
            if getattr(self, name) < 1:
                raise OptionsError(f"StoryOptions.{name} must be at least 1 (got {getattr(self, name)})")
        if self.dormant_after <= timedelta(0):
            raise OptionsError(f"StoryOptions.dormant_after must be positive (got {self.dormant_after})")
        if self.time_penalty < 0:
            raise OptionsError(f"StoryOptions.time_penalty must not be negative (got {self.time_penalty})")
