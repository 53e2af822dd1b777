"""Analysis of a cluster beyond the summary: who said what, where outlets agree, what one
outlet alone reports, where their figures conflict, when things happened, and who is named.

Each section reads the cleaned documents of a ``PreparedCluster`` and returns frozen
values that keep their provenance (article index and character offsets into the
article's cleaned text). :func:`analyze_cluster` builds all of them into an ``Analysis``.
"""

from __future__ import annotations

from ..limits import Deadline, limit_analysis
from ..models import Analysis, PreparedCluster
from ..options import Options
from ..vectors import ClusterVectors
from .agreement import agreement
from .conflicts import conflicts
from .quotes import Quote, Speaker, extract_quotes, quotes_by_speaker

__all__ = ["Quote", "Speaker", "analyze_cluster", "extract_quotes", "quotes_by_speaker"]

NLP_HINT = "entities need the nlp extra: pip install 'newsweave[nlp]'"


def analyze_cluster(
    cluster: PreparedCluster, vectors: ClusterVectors, options: Options, *, deadline: Deadline | None = None
) -> Analysis:
    """Every analysis section for ``cluster`` (entities only when the nlp extra is installed).

    A cluster over ``options.max_analysis_words`` is read up to its share of them per article
    (:func:`newsweave.limits.limit_analysis`), with a note in ``Analysis.unavailable``. With a
    ``deadline`` that has passed, the sections not yet built are left out, each with a note
    there too (the summary itself is already chosen).
    """
    unavailable: list[str] = []
    cluster, cut = limit_analysis(cluster, options.max_analysis_words)
    if cut is not None:
        unavailable.append(cut)
        vectors = ClusterVectors.build(cluster)
    texts = [d.text for d in cluster.documents]

    def due(section: str) -> bool:
        if deadline is not None and deadline.passed():
            unavailable.append(deadline.note(section))
            return False
        return True

    shared: tuple = ()
    exclusive: tuple = ()
    if due("agreement"):
        shared, exclusive = agreement(cluster, vectors, threshold=options.also_in)
    entities = None
    spans = None  # the recogniser's entities, which also tell quote speakers from stray capitals
    try:
        from .entities import entities_available, entity_spans, extract_entities, parse_documents
    except ImportError:  # pragma: no cover - the module ships with the package
        entities_available = None  # type: ignore[assignment]
    if entities_available is not None and entities_available():
        if due("entities"):
            # One parse for the entities and the speakers; a syndicated copy's outlet names
            # entities too, while quotations are read from the originals only.
            cited = cluster.cited_documents
            parsed = parse_documents(cited)
            entities = extract_entities(cited, parsed=parsed)
            spans = [s if d.copy_of is None else () for d, s in zip(cited, entity_spans(parsed), strict=True)]
    else:
        unavailable.append(NLP_HINT)
    speakers: tuple = ()
    if due("quotes"):
        speakers = tuple(quotes_by_speaker(extract_quotes(texts, entities=spans)))
    found_conflicts: tuple = ()
    if due("conflicts"):
        found_conflicts = tuple(conflicts(cluster, vectors))
    timeline: tuple = ()
    if due("timeline"):
        try:
            from .timeline import extract_events
        except ImportError:  # pragma: no cover
            pass
        else:
            timeline = tuple(extract_events(cluster.documents))
    return Analysis(
        speakers=speakers,
        agreement=shared,
        exclusive=exclusive,
        conflicts=found_conflicts,
        timeline=timeline,
        entities=entities,
        unavailable=tuple(unavailable),
    )
