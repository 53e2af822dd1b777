"""The whole path from articles to a ``Digest``: clean → split → rank → select.

This is the one function the CLI, the API and the evaluation harness share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .candidates import ineligible_reason, is_cased
from .clean import prepare
from .errors import EmptyClusterError, InputError
from .headline import choose_headline
from .limits import Deadline, limit_cluster
from .models import Article, Cluster, Digest, PreparedCluster, Source
from .options import Options, load_options
from .rank import RankInput, get_method
from .select import select
from .syndication import cite_copies
from .vectors import ClusterVectors

__all__ = ["candidate_indices", "summarize", "summarize_cluster"]


def _as_cluster(articles: Cluster | Sequence[Article | str], id: str) -> Cluster:
    if isinstance(articles, Cluster):
        return articles
    if isinstance(articles, (str, bytes)):
        raise InputError("summarize() takes a list of articles, not a single string; wrap it in a list")
    if articles is None or isinstance(articles, Mapping) or not isinstance(articles, Iterable):
        raise InputError(f"summarize() takes a list of articles (str or Article), got {type(articles).__name__}")
    items = []
    for i, a in enumerate(articles):
        if isinstance(a, Article):
            items.append(a)
        elif isinstance(a, str):
            items.append(Article(text=a))
        else:
            raise InputError(f"article {i + 1}: expected str or Article, got {type(a).__name__}")
    return Cluster(id=id, articles=tuple(items))


def candidate_indices(cluster: PreparedCluster, lengths: np.ndarray, options: Options) -> np.ndarray:
    """Indices of sentences that may be chosen: standalone, and early enough in their article.

    ``lengths`` holds the words of each sentence (``len(text.split())``, ``ClusterVectors.lengths``;
    the eligibility rules reuse them). When the early sentences that fit
    the budget cannot fill it (a small budget, or long early sentences), later
    standalone sentences are added in article order.
    """
    n_articles = max(1, sum(1 for d in cluster.documents if d.sentences))
    window = max(options.min_window_words, options.window_words // n_articles)
    early: list[int] = []
    late: list[int] = []
    cased = is_cased([s.text for s in cluster.sentences[:60]])
    counts = lengths.tolist()
    i = 0
    for doc in cluster.documents:
        words_before = 0
        for sent in doc.sentences:
            if ineligible_reason(sent, cased=cased, words=counts[i]) is None:
                (early if words_before < window else late).append(i)
            words_before += counts[i]
            i += 1
    need = options.words * (1.0 + options.overshoot)
    fits = np.where(lengths <= need, lengths, 0)  # a sentence over the budget fills none of it
    have = int(fits[early].sum()) if early else 0
    if have < need and late:
        late.sort(key=lambda k: (cluster.sentences[k].position, k))
        extra = np.cumsum(fits[late])
        take = int(np.searchsorted(extra, need - have)) + 1
        early = sorted(early + late[:take])
    return np.array(early, dtype=np.int64)


def summarize_cluster(cluster: Cluster, options: Options) -> Digest:
    """Summarize one cluster with fully resolved ``options``.

    The input limits of ``options`` (:mod:`newsweave.limits`) are applied first; what they
    cut is listed in ``Digest.removed`` before what cleaning removed.

    Raises:
        EmptyClusterError: no article has any text left after cleaning, or no
            sentence is short enough for the budget.
        TimeBudgetError: cleaning and splitting alone took longer than ``options.time_budget``.
        UnknownMethodError: ``options.method`` is not registered.
    """
    method = get_method(options.method)
    deadline = Deadline(options.time_budget)
    cluster, limited = limit_cluster(cluster, options)
    prepared = prepare(cluster, options)
    deadline.check(cluster, "cleaning and splitting")
    cited = prepared.cited_documents  # every article, syndicated copies with their own text
    sources = tuple(
        Source(d.index, d.source, d.article.title, d.article.url, d.article.published, d.words, d.copy_of)
        for d in cited
    )
    if not prepared.sentences:
        where = f"{cluster.origin}: " if cluster.origin else ""
        raise EmptyClusterError(
            f"{where}cluster {cluster.id!r} has no article text left after cleaning"
            f" ({len(prepared.removed)} boilerplate lines removed"
            + (f", {len(limited)} cuts by the input limits" if limited else "")
            + "; see --explain)"
        )
    vectors = ClusterVectors.build(prepared)
    candidates = candidate_indices(prepared, vectors.lengths, options)
    if candidates.size == 0:
        # Nothing passes the standalone rules (e.g. a cluster of headlines):
        # fall back to every sentence rather than return an empty digest.
        candidates = np.arange(len(prepared.sentences), dtype=np.int64)
    data = RankInput(prepared, vectors, candidates)
    scores = np.asarray(method.rank(data), dtype=np.float64)
    chosen = select(
        prepared,
        vectors,
        candidates,
        scores,
        data.similarity,
        redundancy=method.redundancy,
        options=options,
        coherent=method.coherent,
    )
    if not chosen:  # every sentence is longer than the budget allows
        where = f"{cluster.origin}: " if cluster.origin else ""
        shortest = int(vectors.lengths.min())
        raise EmptyClusterError(
            f"{where}cluster {cluster.id!r}: no sentence fits a {options.words}-word digest (the shortest"
            f" runs to {shortest} words); raise --words, or check that the text has sentence punctuation"
        )
    chosen = cite_copies(chosen, prepared)  # syndicated copies are cited with their originals
    headline = choose_headline(cited, chosen)
    analysis = None
    if options.analysis:
        from .analyze import analyze_cluster

        analysis = analyze_cluster(prepared, vectors, options, deadline=deadline)
    return Digest(
        id=cluster.id,
        method=method.name,
        budget=options.words,
        sentences=chosen,
        sources=sources,
        removed=limited + prepared.removed,
        documents=cited,
        analysis=analysis,
        headline=headline,
    )


def summarize(
    articles: Cluster | Sequence[Article | str],
    *,
    words: int | None = None,
    method: str | None = None,
    id: str = "cluster",
    options: Options | None = None,
    **settings: Any,
) -> Digest:
    """Summarize a cluster of articles into a cited digest.

    Args:
        articles: the cluster, as a ``Cluster`` or a list of texts or ``Article`` values.
        words: target length in words (default 250).
        method: a registered method name (``newsweave methods``); default: the best one.
        id: the cluster id carried into the digest.
        options: a fully built ``Options``; when given, ``words``/``method``/``settings`` override it.
        **settings: any other ``Options`` field.

    Returns:
        A ``Digest`` whose sentences cite the articles they come from.

    Raises:
        InputError: ``articles`` is not a list of texts or articles.
        EmptyClusterError: no article text is left after cleaning, or no sentence
            is short enough for the budget.
        OptionsError: an option is out of range; UnknownMethodError for a bad method.
    """
    if options is None:
        options = load_options(words=words, method=method, **settings)
    else:
        changes = {k: v for k, v in dict(words=words, method=method, **settings).items() if v is not None}
        options = options.replace(**changes) if changes else options
    return make_digest(_as_cluster(articles, id), options)


def make_digest(cluster: Cluster, options: Options, *, on_text: Callable[[str], None] | None = None) -> Digest:
    """One cluster's digest by whatever ``options`` choose: every caller's single way in.

    The extractive pipeline (:func:`summarize_cluster`) by default; ``newsweave.llm`` for the
    llm method (``method = "llm"`` or a backend in ``llm``) or when ``check`` asks for the
    support check. The CLI, evaluation, the service and the batch path all call this, so a
    method chosen in a config file or the environment reaches each of them. ``on_text``
    receives a language model's answer as it is written.
    """
    if options.uses_llm or options.check:
        from . import llm

        return llm.summarize(cluster, options, on_text=on_text)
    return summarize_cluster(cluster, options)
