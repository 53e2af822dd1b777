"""Where outlets agree, and what only one outlet reports.

Sentences are compared with the cluster's tf-idf vectors (the ones ranking and
selection use). A *fact* is a sentence plus, in every other article, its best
match when that match is at least as close as ``Options.also_in`` (the same
threshold that makes a digest sentence cite another article as "also in").
Facts are built greedily from the sentences with the most cross-article
support, so each sentence belongs to one fact. A sentence whose best match in
every other article stays under ``EXCLUSIVE_BELOW`` is reported as exclusive to
its outlet.

Syndicated copies (``PreparedCluster.copies``) take no part in the comparison, so a
copy does not make its original's sentences look widely reported; each fact then cites,
after its original, every copy that carries the same sentence (``newsweave.syndication``).
A fact stated only by an article and its copies is not exclusive: two outlets published
it, so it is listed with the shared facts (after those that independent articles share,
up to ``MAX_EXCLUSIVE_PER_ARTICLE`` per original, chosen as exclusive facts are), and the
sources list says which outlet copied which.

Only sentences that can stand alone (``candidates.ineligible_reason``) within the
first ``MAX_SENTENCES`` of each article are considered: late-article sentences of
long pieces rarely carry the shared facts, and the limit bounds the cost.
"""

from __future__ import annotations

import numpy as np

from ..candidates import ineligible_reason, is_cased
from ..models import Citation, Fact, PreparedCluster
from ..syndication import copy_matches, with_copies
from ..vectors import ClusterVectors

__all__ = ["EXCLUSIVE_BELOW", "agreement"]

# Calibrated on the demo and seed clusters: sentences on the same subject but a
# different fact score 0.15-0.3 against each other; exclusive facts stay under 0.25.
EXCLUSIVE_BELOW = 0.25
MAX_SENTENCES = 60
# How many facts of each kind a digest reports.
MAX_SHARED = 12
MAX_EXCLUSIVE_PER_ARTICLE = 3


def agreement(
    cluster: PreparedCluster, vectors: ClusterVectors, *, threshold: float
) -> tuple[tuple[Fact, ...], tuple[Fact, ...]]:
    """``(shared, exclusive)`` facts of ``cluster``.

    Shared facts are stated by two or more articles, most widely reported first, and
    then those stated by one article and its syndicated copies; exclusive facts by one
    article only (no copy carries them), up to three per article, most central first.
    """
    sentences = cluster.sentences
    cased = is_cased([s.text for s in sentences[:60]])
    rows = np.array(
        [
            i
            for i, s in enumerate(sentences)
            if s.position < MAX_SENTENCES and ineligible_reason(s, cased=cased) is None
        ],
        dtype=np.int64,
    )
    n_articles = len(cluster.documents)
    if rows.size == 0 or n_articles < 2:
        return (), ()
    sub = vectors.matrix[rows]
    sim = sub @ sub.T  # rows x rows cosine (rows are L2-normalised)
    sim = sim.toarray() if hasattr(sim, "toarray") else np.asarray(sim)
    articles = vectors.articles[rows]
    best = np.zeros((rows.size, n_articles))  # best similarity of each sentence in each article
    best_at = np.full((rows.size, n_articles), -1, dtype=np.int64)
    for a in range(n_articles):
        cols = np.flatnonzero(articles == a)
        if cols.size == 0:
            continue
        block = sim[:, cols]
        best_at[:, a] = cols[np.argmax(block, axis=1)]
        best[:, a] = block.max(axis=1)
    own = articles
    best[np.arange(rows.size), own] = 0.0
    support = (best >= threshold).sum(axis=1)
    centrality = sim.mean(axis=1)

    def citation(k: int) -> Citation:
        s = sentences[rows[k]]
        return Citation(s.article, cluster.documents[s.article].source, s.start, s.end)

    used = np.zeros(rows.size, dtype=bool)
    shared: list[tuple[int, float, Fact]] = []
    for k in np.lexsort((-centrality, -support)):
        if support[k] == 0 or used[k]:
            continue
        members = [k] + [int(best_at[k, a]) for a in range(n_articles) if a != own[k] and best[k, a] >= threshold]
        members = [m for m in members if not used[m]]
        if len({int(own[m]) for m in members}) < 2:
            continue
        used[members] = True
        fact = Fact(sentences[rows[k]].text, tuple(citation(m) for m in members))
        shared.append((len(members), float(centrality[k]), fact))
    shared.sort(key=lambda t: (-t[0], -t[1]))

    copies = copy_matches(cluster)
    agreed = [Fact(f.text, with_copies(f.citations, copies)) for _, _, f in shared[:MAX_SHARED]]
    exclusive: list[Fact] = []
    copied: list[Fact] = []  # stated by one article and its copies only
    alone = best.max(axis=1) < EXCLUSIVE_BELOW
    for a in range(n_articles):
        ks = [k for k in np.flatnonzero((own == a) & alone & ~used)]
        ks.sort(key=lambda k: -centrality[k])
        facts = [Fact(sentences[rows[k]].text, with_copies((citation(k),), copies)) for k in ks]
        exclusive.extend([f for f in facts if len(f.citations) == 1][:MAX_EXCLUSIVE_PER_ARTICLE])
        copied.extend([f for f in facts if len(f.citations) > 1][:MAX_EXCLUSIVE_PER_ARTICLE])
    return tuple(agreed + copied), tuple(exclusive)
