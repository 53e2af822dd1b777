"""Input limits: cut oversize articles and clusters before the expensive stages see them.

Cleaning's regular expressions, sentence splitting, ranking and the analysis all grow
with the size of their input, some of them faster than linearly on text that is not
prose (a long run of characters without a space costs cleaning time quadratic in its
length). The limits below are applied to the articles as the user gave them, before
cleaning, so that no later stage reads more than a bounded amount of text, and each cut
is recorded as a :class:`~newsweave.models.Removal` (``Digest.removed``, the JSON's
``"removed"``, ``--explain``), like everything cleaning takes out:

==================  =====================  ===========================================
rule                option                 what happens
==================  =====================  ===========================================
``cluster-limit``   max_cluster_articles   articles after the first N are not read
``length-limit``    max_article_words      an article is cut at a paragraph break (or
                                           a word) near N words
``length-limit``    max_article_chars      an article is cut at a space or paragraph
                                           break before N characters
``long-word``       max_word_chars         a run of over N characters without a space
                                           (an encoded image, a link list, a row of
                                           symbols) is taken out
``cluster-limit``   max_cluster_words      the longest articles are cut to an equal
                                           share so the cluster holds at most N words
==================  =====================  ===========================================

A cut article keeps its index (the removed text is reported, never silently dropped),
and an article that is not read at all keeps its index with empty text, as cleaning
does with the articles it removes. Every limit is a size, so the result does not depend
on the machine; the per-cluster wall-clock budget (:class:`Deadline`,
``Options.time_budget``) is only a safety net behind them.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable

from .errors import TimeBudgetError
from .models import Article, Cluster, Document, PreparedCluster, Removal
from .options import Options

__all__ = ["Deadline", "limit_analysis", "limit_article", "limit_cluster"]

# A cut at the article's limit moves back to the last paragraph break when there is one in
# the last tenth of the kept part, so the article ends on a whole paragraph; otherwise it
# falls at a word boundary.
_PARAGRAPH_BACKOFF = 0.1
_SNIPPET = 200


def _snippet(text: str, limit: int = _SNIPPET) -> str:
    text = " ".join(text[: 4 * limit].split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _cut_back(text: str, end: int) -> int:
    """Where to cut ``text`` at or before ``end``: a paragraph break near it, else whitespace, else ``end``."""
    floor = int(end * (1.0 - _PARAGRAPH_BACKOFF))
    newline = text.rfind("\n", floor, end)
    if newline > 0:
        return newline
    space = max(text.rfind(" ", floor, end), text.rfind("\t", floor, end))
    return space if space > 0 else end


def _word_end(text: str, words: int) -> int | None:
    """Offset just after the ``words``-th word of ``text``, or None when it has no more than that."""
    # One regular expression with a counted repeat: linear, and no Python loop over the words.
    match = re.match(r"\s*(?:\S++\s++){" + str(words) + "}", text)
    if match is None or not text[match.end() :].strip():
        return None
    end = match.end()
    return len(text[:end].rstrip())


def _cut_words(text: str, words: int) -> tuple[str, str]:
    """``text`` cut near its ``words``-th word (see ``_cut_back``), and the rest ("" when it is not longer)."""
    end = _word_end(text, words)
    if end is None:
        return text, ""
    cut = _cut_back(text, end)
    return text[:cut], text[cut:]


def limit_article(article: Article, index: int, options: Options) -> tuple[Article, list[Removal]]:
    """``article`` within the per-article limits of ``options``, and what was cut from it."""
    return _limit_article(article, index, options)[:2]


def _limit_article(article: Article, index: int, options: Options) -> tuple[Article, list[Removal], int | None]:
    """:func:`limit_article`, and the words of the article when it is returned unchanged (else None)."""
    text = article.text
    # Most articles are within every limit: one split tells (no more words than the word
    # limit means no word cut; a run of non-space characters is one token of the split).
    tokens = text.split()
    if (
        len(tokens) <= options.max_article_words
        and len(text) <= options.max_article_chars
        and (len(text) <= options.max_word_chars or max(map(len, tokens), default=0) <= options.max_word_chars)
    ):
        return article, [], len(tokens)
    removed: list[Removal] = []
    text, rest = _cut_words(text, options.max_article_words)
    if rest.strip():
        removed.append(
            Removal(
                index,
                _snippet(rest.strip()),
                f"beyond the processing limit of {options.max_article_words} words"
                f" ({len(rest.split())} words not read; raise max_article_words)",
                "length-limit",
            )
        )
    if len(text) > options.max_article_chars:
        cut = _cut_back(text, options.max_article_chars)
        rest = text[cut:]
        text = text[:cut]
        removed.append(
            Removal(
                index,
                _snippet(rest.strip()),
                f"beyond the processing limit of {options.max_article_chars} characters"
                f" ({len(rest)} characters not read; raise max_article_chars)",
                "length-limit",
            )
        )
    long_word = re.compile(r"\S{" + str(options.max_word_chars + 1) + ",}")
    runs = long_word.findall(text)
    if runs:
        text = long_word.sub(" ", text)
        removed.append(
            Removal(
                index,
                _snippet(runs[0]),
                f"{len(runs)} run(s) of more than {options.max_word_chars} characters without a space"
                f" ({sum(map(len, runs))} characters), not prose (an encoded image, a link list, a row"
                " of symbols); raise max_word_chars",
                "long-word",
            )
        )
    if not removed:
        return article, removed, None
    return dataclasses.replace(article, text=text), removed, None


def _share(words: list[int], total: int) -> int:
    """The largest per-article cap ``c`` with ``sum(min(w, c)) <= total`` (longest articles cut first)."""
    ordered = sorted(words)
    left, count = total, len(ordered)
    for i, w in enumerate(ordered):
        if w * (count - i) > left:
            return left // (count - i)
        left -= w
    return ordered[-1] if ordered else 0


def limit_cluster(cluster: Cluster, options: Options) -> tuple[Cluster, tuple[Removal, ...]]:
    """``cluster`` within every article and cluster limit of ``options``, and what was cut (in article order).

    Articles keep their indices: one after the first ``max_cluster_articles`` is kept with
    empty text, and the removal says why.
    """
    articles = list(cluster.articles)
    removed: list[list[Removal]] = [[] for _ in articles]
    known: list[int | None] = [None] * len(articles)  # words of the articles limit_article left alone
    for index, article in enumerate(articles):
        if not isinstance(article.text, str):
            continue  # cleaning reports a text that is not a string
        if index >= options.max_cluster_articles:
            if article.text.strip():
                removed[index].append(
                    Removal(
                        index,
                        _snippet(article.text),
                        f"beyond the limit of {options.max_cluster_articles} articles per cluster"
                        " (not read; raise max_cluster_articles)",
                        "cluster-limit",
                    )
                )
            articles[index] = dataclasses.replace(article, text="")
            continue
        articles[index], removed[index], known[index] = _limit_article(article, index, options)
    counts = [
        (len(a.text.split()) if w is None else w) if isinstance(a.text, str) else 0
        for a, w in zip(articles, known, strict=True)
    ]
    if sum(counts) > options.max_cluster_words:
        cap = max(1, _share(counts, options.max_cluster_words))
        for index, words in enumerate(counts):
            if words <= cap:
                continue
            text, rest = _cut_words(articles[index].text, cap)
            if not rest.strip():
                continue
            articles[index] = dataclasses.replace(articles[index], text=text)
            removed[index].append(
                Removal(
                    index,
                    _snippet(rest.strip()),
                    f"beyond this article's share ({cap} words) of the cluster limit of"
                    f" {options.max_cluster_words} words ({len(rest.split())} words not read;"
                    " raise max_cluster_words)",
                    "cluster-limit",
                )
            )
    flat = tuple(r for rs in removed for r in rs)
    if not flat:
        return cluster, flat
    return dataclasses.replace(cluster, articles=tuple(articles)), flat


def _first_words(document: Document, cap: int) -> Document:
    """``document`` up to the last whole sentence within its first ``cap`` words (a prefix: offsets hold)."""
    kept, words = [], 0
    for sentence in document.sentences:
        words += len(sentence.text.split())
        if words > cap:
            break
        kept.append(sentence)
    if len(kept) == len(document.sentences):
        return document
    end = kept[-1].end if kept else 0
    return dataclasses.replace(document, text=document.text[:end], sentences=tuple(kept))


def limit_analysis(cluster: PreparedCluster, max_words: int) -> tuple[PreparedCluster, str | None]:
    """The part of ``cluster`` the analysis reads: at most ``max_words`` words, the longest articles cut first.

    Returns the cluster (itself when it is within the limit) and the note for
    ``Analysis.unavailable`` saying what was left out, or None.
    """
    counts = [sum(len(s.text.split()) for s in d.sentences) for d in cluster.documents]
    total = sum(counts)
    if total <= max_words:
        return cluster, None
    cap = max(1, _share(counts, max_words))
    documents = tuple(_first_words(d, cap) for d in cluster.documents)
    copies = tuple(_first_words(c, cap) for c in cluster.copies)
    note = (
        f"the analysis of text past each article's first {cap} words (the cluster holds {total} words,"
        f" the analysis reads at most {max_words}; raise max_analysis_words)"
    )
    return PreparedCluster.build(cluster.id, documents, cluster.removed, copies), note


class Deadline:
    """A cluster's wall-clock budget (``Options.time_budget`` seconds; 0 for none).

    The pipeline asks it twice: :meth:`check` after cleaning and splitting, which raises
    :class:`~newsweave.errors.TimeBudgetError` when they alone used the whole budget, and
    :meth:`passed` before each analysis section, which are then left out with a note
    (``Analysis.unavailable``). ``clock`` is injectable for tests.
    """

    __slots__ = ("budget", "clock", "start")

    def __init__(self, budget: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.budget = budget
        self.clock = clock
        self.start = clock()

    @property
    def elapsed(self) -> float:
        return self.clock() - self.start

    def passed(self) -> bool:
        """Whether the budget is used up (never, with a budget of 0)."""
        return self.budget > 0 and self.elapsed > self.budget

    def note(self, section: str) -> str:
        """The ``Analysis.unavailable`` line for a section left out."""
        return (
            f"{section}: left out, the cluster had used its time budget of {self.budget:g} s"
            f" ({self.elapsed:.1f} s; raise time_budget, or lower max_cluster_words)"
        )

    def check(self, cluster: Cluster, stage: str) -> None:
        """Raise :class:`TimeBudgetError` naming ``cluster`` when the budget is used up after ``stage``."""
        if self.passed():
            where = f"{cluster.origin}: " if cluster.origin else ""
            raise TimeBudgetError(
                f"{where}cluster {cluster.id!r}: {stage} took {self.elapsed:.1f} s, over the time budget"
                f" of {self.budget:g} s; lower max_cluster_words or max_article_words, or raise time_budget"
            )
