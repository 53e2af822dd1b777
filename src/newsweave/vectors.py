"""Bag-of-words vectors for the sentences of one cluster.

Every ranker and the selector look at the same representation, built once per
cluster: lowercased, stemmed content words weighted by tf-idf, where the idf is
computed over the cluster's own sentences (so it needs no background corpus and
behaves the same on cased full text and on lowercased training text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import Stemmer

from .models import PreparedCluster

__all__ = ["ClusterVectors", "content_words", "word_tokens"]

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

# A compact English stop list: function words that say nothing about content.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves s t ll ve re d m said says say told according mr mrs ms
    """.split()
)

# Snowball English ("Porter2") in C: ~0.1 us a word against ~10 us for NLTK's
# pure-Python Porter, which made cold-cache runs 20% slower on val. PyStemmer's own
# cache is turned off: words reach it only once (``_STEMS`` below), and keeping that
# cache cost 0.7 us a word (1.1 against 0.4 us on the 14,114 words of val[:300]).
_STEMMER = Stemmer.Stemmer("english")
_STEMMER.maxCacheSize = 0
_stem_words = _STEMMER.stemWords

# Clusters whose sentence x vocabulary matrix has at most this many cells use a
# dense array (4M cells = 32 MB); larger ones (very long articles) go sparse.
_DENSE_LIMIT = 4_000_000


# Lowercased token -> its stem, or None for stop words and 1-letter tokens: each word
# is stemmed once per process instead of once per occurrence; the cap bounds memory
# on huge archives.
_STEMS: dict[str, str | None] = {}
_STEM_CACHE_LIMIT = 1_000_000


def _stems_of(tokens: list[str]) -> list[str | None]:
    """The stem of each lowercased token, None where it is not a content word."""
    stems = _STEMS
    missing = set(tokens).difference(stems)  # set minus dict keys: one C loop
    if missing:
        new = sorted(missing)
        content = [t for t in new if len(t) > 1 and t not in STOPWORDS]
        found: dict[str, str | None] = dict.fromkeys(new)
        found.update(zip(content, _stem_words(content), strict=True))
        if len(stems) + len(found) > _STEM_CACHE_LIMIT:
            return [found[t] if t in found else stems[t] for t in tokens]
        stems.update(found)
    return list(map(stems.__getitem__, tokens))


def word_tokens(text: str) -> list[str]:
    """Lowercased runs of letters and digits ("we'll" and the training form "we ' ll" agree)."""
    return _TOKEN.findall(text.lower())


def content_words(text: str) -> list[str]:
    """Stemmed, lowercased content words of ``text`` (stop words and 1-letter tokens dropped).

    Apostrophes split tokens ("Iran's" gives "iran" and "s"); the clitic parts are
    one letter or stop words ("ll", "ve", "re"), so they fall away.
    """
    return [s for s in _stems_of(word_tokens(text)) if s is not None]


@dataclass(frozen=True, slots=True, eq=False)
class ClusterVectors:
    """tf-idf rows (L2-normalised) for every sentence of a prepared cluster."""

    matrix: np.ndarray | sp.csr_matrix  # n_sentences x vocabulary, rows L2-normalised
    articles: np.ndarray  # article index of each row
    lengths: np.ndarray  # words per sentence (whitespace tokens)
    tokens: tuple[tuple[str, ...], ...]  # stemmed content words of each sentence
    # Every lowercased word token of each sentence (letters and digits, stop words
    # kept): the learned ranker's lexical features reuse them (features.word_hashes).
    words: tuple[tuple[str, ...], ...]

    @classmethod
    def build(cls, cluster: PreparedCluster) -> ClusterVectors:
        sentences = cluster.sentences
        words = tuple(tuple(word_tokens(s.text)) for s in sentences)
        # Stems of the whole cluster's tokens at once, then cut back per sentence.
        stems = _stems_of([t for w in words for t in w])
        ends = np.cumsum([len(w) for w in words]).tolist()
        tokens = tuple(
            tuple(s for s in stems[a:b] if s is not None) for a, b in zip([0, *ends[:-1]], ends, strict=True)
        )
        vocab: dict[str, int] = {}
        cols = [vocab.setdefault(t, len(vocab)) for toks in tokens for t in toks]
        rows = np.repeat(np.arange(len(tokens), dtype=np.int64), [len(t) for t in tokens])
        n, width = len(sentences), max(1, len(vocab))
        matrix: np.ndarray | sp.csr_matrix
        if n * width <= _DENSE_LIMIT:
            # Small clusters (all of val, most full text): dense NumPy is several
            # times faster than building a sparse matrix.
            flat = rows * width + np.array(cols, dtype=np.int64)
            dense = np.bincount(flat, minlength=n * width).astype(np.float64).reshape(n, width)
            present = dense > 0
            dense[present] = 1.0 + np.log(dense[present])
            df = present.sum(axis=0)
            dense *= np.log((1.0 + n) / (1.0 + df)) + 1.0
            norms = np.linalg.norm(dense, axis=1)
            norms[norms == 0] = 1.0
            matrix = dense / norms[:, None]
        else:
            counts = sp.csr_matrix(
                (np.ones(len(cols)), (rows, np.array(cols, dtype=np.int64))), shape=(n, width), dtype=np.float64
            )
            counts.sum_duplicates()
            counts.data = 1.0 + np.log(counts.data)
            df = np.bincount(counts.indices, minlength=width)
            weighted = counts @ sp.diags(np.log((1.0 + n) / (1.0 + df)) + 1.0)
            norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
            norms[norms == 0] = 1.0
            matrix = sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)
        return cls(
            matrix=matrix,
            articles=np.array([s.article for s in sentences], dtype=np.int64),
            lengths=np.array([len(s.text.split()) for s in sentences], dtype=np.int64),
            tokens=tokens,
            words=words,
        )

    def similarity(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Dense cosine similarity of ``rows`` (default: all) against every sentence."""
        left = self.matrix if rows is None else self.matrix[rows]
        product = left @ self.matrix.T
        return product.toarray() if sp.issparse(product) else np.asarray(product)
