"""sumy baselines (LexRank, TextRank, SumBasic) for multi-document benchmarks, offline.

sumy's stock ``Tokenizer("english")`` loads NLTK's punkt model, which cannot
be downloaded in this environment.  This module supplies a drop-in tokenizer
built on ``syntok`` (sentences) and a regular expression (words), and feeds
sumy's unmodified summarizers with it.  Stop words come from sumy's bundled
data files and the stemmer is NLTK's Snowball stemmer, which is pure code, so
nothing here needs NLTK data.

A cluster of articles is treated as one sumy document: the articles'
paragraphs are concatenated in article order.  The summarizer ranks every
sentence; we then take sentences in rank order until a budget of ``words``
whitespace tokens is filled, truncating the last sentence so the output has
exactly ``words`` tokens (the project's matched-length convention), and return
the chosen sentences in document order.

Command line (prints mean ROUGE F1 x 100 and throughput)::

    python benchmarks/baselines_sumy.py DATA.jsonl[.gz] --limit N --method lexrank --words 250
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import syntok.segmenter
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.parser import DocumentParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

LANGUAGE = "english"

# Candidate word tokens: runs of word characters, allowing internal
# apostrophes/hyphens so that contractions such as "don't" stay whole and can
# match the entries of sumy's English stop list ("don't", "can't", ...).
_TOKEN_RE = re.compile(r"\w+(?:['-]\w+)*")
# sumy's own Tokenizer keeps only tokens that start with a letter and consist
# of letters, apostrophes and hyphens (numbers and punctuation are dropped).
# We apply the same rule so term statistics match what sumy normally sees.
_WORD_RE = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")
# Typographic apostrophes are folded to ASCII so "don’t" == "don't".
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
# Paragraph boundaries inside an article: a blank (or whitespace-only) line.
# Multi-News full text separates paragraphs with "\n \n".
_PARAGRAPH_SEP_RE = re.compile(r"\n[^\S\n]*\n")

METHODS = ("lexrank", "textrank", "sumbasic")


class SyntokTokenizer:
    """Offline stand-in for ``sumy.nlp.tokenizers.Tokenizer``.

    sumy's parsers and DOM only ever call ``to_sentences(paragraph)`` and
    ``to_words(sentence)`` on the tokenizer (``language`` is kept for parity),
    so duck typing is enough; subclassing sumy's ``Tokenizer`` would run its
    constructor, which tries to load punkt.
    """

    def __init__(self, language: str = LANGUAGE):
        self._language = language

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        # ``analyze`` (unlike ``process``) keeps tokens' offsets into the input
        # and does not rewrite contractions, so each sentence is sliced out of
        # the original text verbatim.
        sentences = []
        for para in syntok.segmenter.analyze(paragraph):
            for tokens in para:
                if not tokens:
                    continue
                start = tokens[0].offset
                end = tokens[-1].offset + len(tokens[-1].value)
                text = paragraph[start:end].strip()
                if text:
                    sentences.append(text)
        return tuple(sentences)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        tokens = _TOKEN_RE.findall(sentence.translate(_APOSTROPHES))
        return tuple(t for t in tokens if _WORD_RE.match(t))


class ClusterParser(DocumentParser):
    """Builds one sumy document from a cluster of articles.

    sumy's ``PlaintextParser`` could parse ``"\\n\\n".join(documents)`` too,
    but it turns every all-uppercase line into a "heading", which is then
    excluded from ``document.sentences`` and could never be selected.  Building
    the DOM directly keeps every sentence rankable and keeps sentence
    splitting from running across article or paragraph boundaries.
    """

    def __init__(self, documents: Sequence[str], tokenizer):
        super().__init__(tokenizer)
        self._documents = list(documents)
        self._document = None

    @property
    def document(self) -> ObjectDocumentModel:
        if self._document is None:
            paragraphs = []
            for article in self._documents:
                for block in _PARAGRAPH_SEP_RE.split(article or ""):
                    # Single line breaks inside a block are soft wraps, as in
                    # PlaintextParser: join the lines with a space.
                    text = " ".join(line.strip() for line in block.splitlines()).strip()
                    if not text:
                        continue
                    sentences = [Sentence(s, self._tokenizer) for s in self.tokenize_sentences(text)]
                    if sentences:
                        paragraphs.append(Paragraph(sentences))
            self._document = ObjectDocumentModel(paragraphs)
        return self._document


class _RankCollector:
    """Callable ``sentences_count`` that captures sumy's full ranking.

    ``AbstractSummarizer._get_best_sentences`` accepts a callable count; it is
    called with *all* ``SentenceInfo(sentence, order, rating)`` records sorted
    by rating.  Passing this object lets every summarizer run its normal public
    ``__call__`` while we keep the complete rating instead of a top-k cut
    (LexRank has no public ``rate_sentences``).
    """

    def __init__(self):
        self.infos = []

    def __call__(self, infos):
        self.infos = list(infos)
        return self.infos


_TOKENIZER = SyntokTokenizer(LANGUAGE)
_STEMMER = None
_STOP_WORDS = None


def _resources():
    # Loaded lazily and shared: the Snowball stemmer and the stop list are
    # immutable, and building them per cluster would distort throughput.
    global _STEMMER, _STOP_WORDS
    if _STEMMER is None:
        _STEMMER = Stemmer(LANGUAGE)
        _STOP_WORDS = get_stop_words(LANGUAGE)
    return _STEMMER, _STOP_WORDS


def make_summarizer(method: str):
    """Returns a configured sumy summarizer (stemmer + English stop words)."""
    classes = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "sumbasic": SumBasicSummarizer,
    }
    if method not in classes:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    stemmer, stop_words = _resources()
    summarizer = classes[method](stemmer)
    summarizer.stop_words = stop_words
    return summarizer


def rank_sentences(document: ObjectDocumentModel, method: str) -> list[int]:
    """Indices into ``document.sentences``, best first, according to sumy."""
    sentences = document.sentences
    if not sentences:
        return []

    stop_words = _resources()[1]
    has_content = any(
        w.lower() not in stop_words for s in sentences for w in s.words
    )
    if not has_content:
        # Only stop words/punctuation: there is no signal to rank by, and
        # SumBasic would divide by zero (LexRank would yield NaN scores).
        # Fall back to document order.
        return list(range(len(sentences)))

    collector = _RankCollector()
    # LexRank's power iteration divides by the vector norm, which is 0 when no
    # two sentences share a term with non-zero idf; the resulting NaNs are
    # handled below, so numpy's warning would only be noise.
    with np.errstate(invalid="ignore", divide="ignore"):
        make_summarizer(method)(document, collector)

    def key(info):
        rating = float(info.rating)
        # A NaN from a degenerate power iteration must not scramble the sort;
        # rank it last.  Ties are broken by document position, so results are
        # deterministic.
        return (-rating if not math.isnan(rating) else math.inf, info.order)

    return [info.order for info in sorted(collector.infos, key=key)]


def select_by_budget(
    sentences: Sequence[str],
    ranking: Iterable[int],
    words: int,
    skip_duplicates: bool = True,
) -> list[str]:
    """Greedy rank-order selection with exact whitespace-token budget.

    The last sentence that overflows the budget is truncated to the remaining
    number of tokens.  ``skip_duplicates`` drops sentences whose text was
    already selected (clusters often contain repeated articles or
    boilerplate); this changes no rating, it only avoids spending budget on
    verbatim repeats.
    """
    if words <= 0:
        return []
    chosen: dict[int, str] = {}
    seen: set[str] = set()
    remaining = words
    for idx in ranking:
        tokens = sentences[idx].split()
        if not tokens:
            continue
        normalized = " ".join(tokens)
        if skip_duplicates and normalized in seen:
            continue
        seen.add(normalized)
        if len(tokens) > remaining:
            tokens = tokens[:remaining]
        chosen[idx] = " ".join(tokens)
        remaining -= len(tokens)
        if remaining == 0:
            break
    return [chosen[i] for i in sorted(chosen)]


def summarize_sumy(
    documents: list[str],
    words: int = 250,
    method: str = "lexrank",
    skip_duplicates: bool = True,
) -> list[str]:
    """Extractive summary of a cluster with a sumy algorithm.

    :param documents: the cluster's articles, in order (may contain "\\n" and
        be empty).
    :param words: exact output length in whitespace tokens.  Output is
        shorter only when the cluster has fewer tokens, or (with
        ``skip_duplicates``) fewer tokens in distinct sentences, e.g. a
        cluster made of one article repeated twice.
    :param method: "lexrank", "textrank" or "sumbasic".
    :param skip_duplicates: skip verbatim repeated sentences when selecting.
    :return: selected sentences in document order; the last one chosen may be
        truncated.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    document = ClusterParser(documents, _TOKENIZER).document
    ranking = rank_sentences(document, method)
    texts = [str(s) for s in document.sentences]
    return select_by_budget(texts, ranking, words, skip_duplicates=skip_duplicates)


# --------------------------------------------------------------------------
# Benchmark entry point
# --------------------------------------------------------------------------


def read_clusters(path: str, limit: int | None = None) -> Iterator[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        count = 0
        for line in handle:
            if not line.strip():
                continue
            if limit is not None and count >= limit:
                break
            yield json.loads(line)
            count += 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="JSONL(.gz) with 'documents' and 'summary' fields")
    parser.add_argument("--limit", type=int, default=None, help="first N clusters only")
    parser.add_argument("--method", choices=METHODS, default="lexrank")
    parser.add_argument("--words", type=int, default=250, help="output length in whitespace tokens")
    parser.add_argument("--keep-duplicates", action="store_true",
                        help="allow verbatim repeated sentences in the output")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    # The sumy algorithms used here are deterministic; seeding guards against
    # any library-level randomness all the same.
    random.seed(args.seed)
    np.random.seed(args.seed)

    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    n = 0
    elapsed = 0.0  # summarization only (parsing, splitting, ranking, selection)
    for cluster in read_clusters(args.data, args.limit):
        start = time.perf_counter()
        summary = summarize_sumy(
            cluster["documents"], words=args.words, method=args.method,
            skip_duplicates=not args.keep_duplicates,
        )
        elapsed += time.perf_counter() - start
        scores = scorer.score(target=cluster["summary"], prediction=" ".join(summary))
        for name in totals:
            totals[name] += scores[name].fmeasure
        n += 1

    if n == 0:
        print("no clusters read", file=sys.stderr)
        return 1
    print(
        f"method={args.method} words={args.words} clusters={n} "
        f"R-1={100 * totals['rouge1'] / n:.2f} "
        f"R-2={100 * totals['rouge2'] / n:.2f} "
        f"R-L={100 * totals['rougeL'] / n:.2f} "
        f"clusters/s={n / elapsed:.2f} (summarization time {elapsed:.1f}s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
