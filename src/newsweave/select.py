"""Selection: the one place that owns the word budget, redundancy and output order.

Rankers only score. The selector walks candidates from the best score down,
skips a sentence that repeats one already chosen (cosine similarity over the
redundancy threshold) and records its article as also reporting that fact, and
stops once the budget is reached. The chosen sentences are then put in story
order: earlier-in-article first (leads before details), ties by article order,
and consecutive sentences of one article kept together in their order.
"""

from __future__ import annotations

import numpy as np

from .models import Citation, DigestSentence, PreparedCluster
from .options import Options
from .vectors import ClusterVectors

__all__ = ["select"]


def select(
    cluster: PreparedCluster,
    vectors: ClusterVectors,
    candidates: np.ndarray,
    scores: np.ndarray,
    similarity: np.ndarray,
    *,
    redundancy: bool,
    options: Options,
) -> tuple[DigestSentence, ...]:
    """Choose sentences for a digest.

    Args:
        candidates: indices into ``cluster.sentences`` that may be chosen.
        scores: one score per candidate, higher is better.
        similarity: cosine of each candidate (rows) to every sentence (columns).
        redundancy: skip candidates that repeat a chosen sentence.
    """
    sentences = cluster.sentences
    budget = options.words
    limit = budget * (1.0 + options.overshoot)
    order = np.argsort(-scores, kind="stable")
    chosen: list[int] = []  # rows into candidates
    total = 0
    for row in order:
        if total >= budget:
            break
        length = int(vectors.lengths[candidates[row]])
        if total + length > limit:
            continue
        if redundancy and chosen:
            chosen_cols = candidates[chosen]
            if similarity[row, chosen_cols].max() >= options.redundancy:
                continue
        chosen.append(int(row))
        total += length

    counts = np.bincount(vectors.articles, minlength=len(cluster.documents)) if len(vectors.articles) else np.zeros(0)
    # A chosen sentence that directly follows another chosen one of its article stays
    # right after it ("Le Drian said …" then "He added …"): each run of consecutive
    # sentences is placed by its first sentence.
    picked = {(sentences[int(candidates[row])].article, sentences[int(candidates[row])].position) for row in chosen}
    result = []
    for row in chosen:
        idx = int(candidates[row])
        sent = sentences[idx]
        head = sent.position
        while (sent.article, head - 1) in picked:
            head -= 1
        result.append((head / max(1, counts[sent.article]), sent.article, sent.position, row, idx))
    result.sort()

    # The best match of every chosen sentence in every article (sentences are
    # stored article by article, so each article is one column range).
    rows = np.array([r[3] for r in result], dtype=np.int64)
    best_in: dict[int, np.ndarray] = {}
    for other in cluster.documents:
        cols = np.flatnonzero(vectors.articles == other.index)
        if cols.size and rows.size:
            best_in[other.index] = cols[np.argmax(similarity[np.ix_(rows, cols)], axis=1)]

    digest: list[DigestSentence] = []
    for k, (*_, row, idx) in enumerate(result):
        sent = sentences[idx]
        doc = cluster.documents[sent.article]
        also = []
        sims = similarity[row]
        for other in cluster.documents:
            if other.index == sent.article or other.index not in best_in:
                continue
            best = best_in[other.index][k]
            if sims[best] >= options.also_in:
                match = sentences[best]
                also.append(Citation(other.index, other.source, match.start, match.end))
        digest.append(
            DigestSentence(
                text=sent.text,
                citation=Citation(sent.article, doc.source, sent.start, sent.end),
                also_in=tuple(also),
                score=float(scores[row]),
            )
        )
    return tuple(digest)
