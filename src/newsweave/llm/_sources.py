"""Extract: the ranked, de-duplicated source sentences the model is shown, as S1..Sn.

The extractive path's own stages choose them (cleaning, the candidate window, the
default ranker), then the best-scored sentence of each near-duplicate group is kept
(the selector's redundancy threshold). The model never sees the raw articles, only
these sentences, numbered in story order (article by article, in article order) so
that each can be cited by id.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..clean import prepare
from ..errors import EmptyClusterError
from ..limits import limit_cluster
from ..models import Citation, Cluster, Document, PreparedCluster, Sentence, Source
from ..options import Options
from ..pipeline import candidate_indices
from ..rank import RankInput, get_method
from ..vectors import ClusterVectors

__all__ = ["Extract", "SourceSentence", "extract"]


@dataclass(frozen=True, slots=True)
class SourceSentence:
    """One sentence shown to the model: its id ("S3"), its outlet, its rank score."""

    id: str
    sentence: Sentence
    outlet: str
    score: float

    @property
    def citation(self) -> Citation:
        s = self.sentence
        return Citation(s.article, self.outlet, s.start, s.end)


@dataclass(frozen=True, slots=True)
class Extract:
    """What the abstractive step starts from: the prepared cluster and its numbered sentences."""

    cluster: Cluster
    prepared: PreparedCluster
    vectors: ClusterVectors
    sentences: tuple[SourceSentence, ...]  # story order: S1, S2, …

    @property
    def documents(self) -> tuple[Document, ...]:
        return self.prepared.cited_documents

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(
            Source(d.index, d.source, d.article.title, d.article.url, d.article.published, d.words, d.copy_of)
            for d in self.documents
        )

    def by_id(self) -> dict[str, SourceSentence]:
        return {s.id: s for s in self.sentences}

    def best(self) -> tuple[SourceSentence, ...]:
        """The sentences from the best-scored down (what the extractive selector would try first)."""
        return tuple(sorted(self.sentences, key=lambda s: -s.score))


def _ranked(
    prepared: PreparedCluster, vectors: ClusterVectors, options: Options
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidates, their scores and their similarity to every sentence, as the extractive path ranks them."""
    method = get_method(None if options.method == "llm" else options.method)
    candidates = candidate_indices(prepared, vectors.lengths, options)
    if candidates.size == 0:
        candidates = np.arange(len(prepared.sentences), dtype=np.int64)
    data = RankInput(prepared, vectors, candidates)
    return candidates, np.asarray(method.rank(data), dtype=np.float64), data.similarity


def extract(cluster: Cluster, options: Options) -> Extract:
    """The top ``options.llm_sources`` distinct sentences of ``cluster``, numbered in story order.

    Raises:
        EmptyClusterError: no article text is left after cleaning.
    """
    cluster, _ = limit_cluster(cluster, options)  # the same input limits as the extractive digest
    prepared = prepare(cluster, options)
    if not prepared.sentences:
        where = f"{cluster.origin}: " if cluster.origin else ""
        raise EmptyClusterError(f"{where}cluster {cluster.id!r} has no article text left after cleaning")
    vectors = ClusterVectors.build(prepared)
    candidates, scores, similarity = _ranked(prepared, vectors, options)
    kept: list[int] = []  # rows into candidates
    for row in np.argsort(-scores, kind="stable").tolist():
        if kept and similarity[row, candidates[kept]].max() >= options.redundancy:
            continue
        kept.append(row)
        if len(kept) == options.llm_sources:
            break
    kept.sort(key=lambda r: int(candidates[r]))  # sentences are stored article by article
    names = {d.index: d.source for d in prepared.documents}
    numbered = tuple(
        SourceSentence(f"S{k}", prepared.sentences[int(candidates[row])],
                       names[prepared.sentences[int(candidates[row])].article], float(scores[row]))
        for k, row in enumerate(kept, start=1)
    )
    return Extract(cluster, prepared, vectors, numbered)
