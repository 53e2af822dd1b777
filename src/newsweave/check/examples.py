"""Labelled examples for the check, made from Multi-News clusters (training and measuring share this code).

Positives (label 1):

* ``summary``: a sentence of the editors' summary whose content words are mostly in its
  best-matching source sentences (idf-weighted ``MIN_COVER_ALIGNED`` in the ``TOP_K``
  best, ``MIN_COVER_SCOPE`` anywhere), whose numbers, dates and quotations are all in the
  sources: supported, though often reworded (the paraphrase-like positives);
* ``quoted``: a source sentence with a quotation and its speaker, shortened if it can be;
* ``compressed``: a source sentence shortened the way summaries shorten (a bracketed
  aside, an appositive or a trailing attribution dropped, or only its first clause kept),
  checked against sources that still hold the whole sentence.

Checked against cited spans (``Recipe.cited``), a sentence is a positive only if those spans
(its 3 best-matching source sentences) alone hold ``MIN_COVER_ALIGNED`` of its content words
and all its numbers, dates and quotations.

Negatives (label 0): a copy of a positive with one error of each kind asked for
(:mod:`newsweave.check.inject`). Every example keeps its cluster id, kind and origin
so results can be broken down by them.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..candidates import ineligible_reason
from ..models import Sentence
from .checker import Checker
from .features import FEATURES, HARD_FAILURES, Signals, feature_vector
from .inject import ERROR_TYPES, Injector, name_lexicon
from .model import CheckModel
from .quotes import claim_quotes
from .text import sentences_of

__all__ = ["MEASURE", "Example", "Recipe", "MIN_COVER_ALIGNED", "MIN_COVER_SCOPE", "cluster_examples", "read_records", "lexicon_from", "make_examples"]

# A summary sentence counts as supported (a positive) when these shares of its content
# words (idf-weighted) are in its 3 best-matching source sentences and anywhere in the
# sources. On val[:300], 0.7/0.8 keep about a third of the summary sentences of 8+ words.
MIN_COVER_ALIGNED = 0.7
MIN_COVER_SCOPE = 0.8
_MIN_WORDS, _MAX_WORDS = 8, 60
_PLACEHOLDER = CheckModel((((-1, 0.0, 0, 0),),), {})  # one leaf: examples need the signals, not a score


@dataclass(frozen=True, slots=True, kw_only=True)
class Recipe:
    """Which examples to make of each cluster."""

    kinds: tuple[str, ...] = ERROR_TYPES  # the error types to inject
    # One copy per applicable kind for each positive (measuring); else one copy per
    # positive, of the kind made least so far in the cluster (training).
    every_kind: bool = False
    summaries: int = 5  # at most this many positives of each origin per cluster
    compressed: int = 1
    quotes: int = 1
    # Check each positive and its copies against the positive's 3 best-matching source
    # sentences given as cited spans (as a generator citing its sources would), not all sources.
    cited: bool = False
    # A positive's quotations must keep their speaker; False: only be in the sources word for
    # word (to measure how often the speaker rule flags summary sentences).
    speakers: bool = True


# What the benchmark measures: summary sentences only, every kind of error on each.
MEASURE = Recipe(every_kind=True, compressed=0, quotes=0)


_HARD_COLUMNS = tuple(FEATURES.index(f) for f in HARD_FAILURES)
_CROSSED_COLUMN = FEATURES.index("words_crossed")


@dataclass(frozen=True, slots=True)
class Example:
    """One sentence checked against one cluster, with its label and features."""

    cluster: str
    origin: str  # "summary", "compressed" or "quoted" (what the positive it comes from is)
    kind: str  # "supported" or the error type injected
    label: int  # 1: supported, 0: one error injected
    claim: str
    x: np.ndarray
    evidence: str = ""  # the source sentences it was aligned with (or cited), joined: what a reader would check it against

    @property
    def hard(self) -> bool:
        """Whether one of the item checks fails it outright (features.HARD_FAILURES), as the check reads it."""
        return any(self.x[i] for i in _HARD_COLUMNS)

    @property
    def crossed(self) -> bool:
        """Whether two of its words look exchanged (the ``words_crossed`` signal fires)."""
        return bool(self.x[_CROSSED_COLUMN])


def read_records(path: Path, *, limit: int | None = None, start: int = 0) -> Iterator[dict]:
    """The JSON records of a (gzipped) JSONL file, from line ``start`` on, at most ``limit`` of them."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        taken = 0
        for i, line in enumerate(handle):
            if i < start:
                continue
            if limit is not None and taken >= limit:
                return
            taken += 1
            yield json.loads(line)


def lexicon_from(path: Path) -> frozenset[str]:
    """The name lexicon (:func:`~newsweave.check.inject.name_lexicon`) of a JSONL file of cased articles."""
    return name_lexicon(text for record in read_records(path) for text in record["documents"])


_COMPRESSIONS = (
    re.compile(r"\s*\([^()]{3,80}\)"),  # a bracketed aside
    re.compile(r",\s+(?:who|which|whose)\s+[^,]{3,80},"),  # a relative clause between commas
    re.compile(r",\s+[^,]{3,60},\s+(?:said|says|according to)\b[^,]*$"),  # a trailing attribution
    re.compile(r",\s+(?:(?:he|she|they|officials|police)\s+(?:said|says|added)|according to [^,.]{3,40})(?=[.!?\"”]*$)"),
    re.compile(r"(?:,|;)\s+(?:but|while|although|and)\s+[^\"“”]{10,}$"),  # only the first clause
)


def compress(sentence: str, rng: random.Random) -> str | None:
    """``sentence`` shortened one way (see the module docstring), or None when no way applies."""
    ways = [p for p in _COMPRESSIONS if p.search(re.sub(r"(?<=\d),(?=\d)", "\x00", sentence))]
    if not ways:
        return None
    pattern = rng.choice(ways)
    # Thousands separators ("8,000") are not clause commas: hidden while cutting.
    hidden = re.sub(r"(?<=\d),(?=\d)", "\x00", sentence)
    short = pattern.sub("", hidden, count=1).rstrip(" ,;").replace("\x00", ",")
    if short[-1:] not in ".!?\"”":
        short += "."
    return short if len(short.split()) >= _MIN_WORDS else None


def clauses_of(summary: str) -> list[str]:
    """Pieces of a summary (between commas, "and", "but") of 4 to 12 words, for invented-clause errors."""
    pieces = [p for s in sentences_of(summary) for p in re.split(r",\s+|;\s+|\s+(?:and|but|while)\s+", s.text.rstrip(".!? "))]
    return [p.strip() for p in pieces if 4 <= len(p.split()) <= 12 and not re.search(r"[\"“”.!?]", p)]


def _positives(summary: str, checker: Checker, rng: random.Random, recipe: Recipe) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    candidates = [s.text for s in sentences_of(summary) if _MIN_WORDS <= len(s.text.split()) <= _MAX_WORDS]
    rng.shuffle(candidates)
    for text in candidates:
        if sum(o == "summary" for o, _ in out) >= recipe.summaries:
            break
        sig, _ = checker.signals(text)
        if sig.cover_aligned >= MIN_COVER_ALIGNED and _supported_by(sig, MIN_COVER_SCOPE, recipe.speakers):
            out.append(("summary", text))
    rows = [r.sentence.text for r in checker.rows if _standalone(r.sentence.text)]
    rng.shuffle(rows)
    made = 0
    for text in rows:
        if made >= recipe.compressed:
            break
        short = compress(text, rng)
        if short:
            out.append(("compressed", short))
            made += 1
    quoted = [t for t in rows if '"' in t and any(q.speaker for q in claim_quotes(t))]
    for text in quoted[: recipe.quotes]:
        out.append(("quoted", compress(text, rng) or text))
    return out


def _supported_by(sig: Signals, cover: float, speakers: bool = True) -> bool:
    """Whether the scope of ``sig`` has ``cover`` of the sentence's content words and all its numbers, dates and
    quotations (with their speakers, unless ``speakers`` is False)."""
    wrong = sig.amounts_missing_scope or sig.dates_missing_scope or sig.quotes_missing or (speakers and sig.speakers_wrong)
    return sig.cover_scope >= cover and not wrong


def _standalone(text: str) -> bool:
    """Whether a source sentence reads as a sentence of its own (not a caption, fragment or run-on)."""
    first = text.lstrip("\"'“‘(")[:1]
    return (
        first.isupper()
        and _MIN_WORDS + 2 <= len(text.split()) <= _MAX_WORDS
        and ineligible_reason(Sentence(0, 0, 0, len(text), text), cased=False) is None
    )


def cluster_examples(
    record: dict,
    *,
    lexicon: frozenset[str] | None,
    clauses: Sequence[str],
    outside_names: Sequence[str],
    seed: int,
    recipe: Recipe = Recipe(),
) -> list[Example]:
    """The examples of one Multi-News record.

    Args:
        record: ``{"id", "documents", "summary"}``.
        lexicon: name words for lowercased text; None for cased text.
        clauses: clauses from other stories (``clause`` errors).
        outside_names: names for ``name`` errors (those the cluster mentions are left out).
        seed: seeds the choice of sentences and of errors.
        recipe: which positives and which errors to make.
    """
    sources = [d for d in record.get("documents", []) if d and d.strip()]
    summary = record.get("summary") or ""
    if not sources or not summary.strip():
        return []
    rng = random.Random(f"{seed}:{record.get('id')}")
    checker = Checker(sources, model=_PLACEHOLDER, entities=False, nli=False)
    injector = Injector(sources, lexicon=lexicon, other_clauses=clauses, outside_names=outside_names, seed=rng.randrange(1 << 30))
    made = {k: 0 for k in recipe.kinds}
    out = []
    cid = str(record.get("id", ""))
    for origin, text in _positives(summary, checker, rng, recipe):
        signals, supports = checker.signals(text)
        spans = [(s.source, s.start, s.end) for s in supports] if recipe.cited and supports else None
        if spans:
            signals, supports = checker.signals(text, cited=spans)
            if not _supported_by(signals, MIN_COVER_ALIGNED, recipe.speakers):
                continue  # the sentence draws on more than its 3 best sentences: not a positive for them
        out.append(Example(cid, origin, "supported", 1, text, feature_vector(signals), _joined(supports)))
        near = [s.text for s in supports]
        order = list(recipe.kinds)
        rng.shuffle(order)
        if not recipe.every_kind:
            order.sort(key=lambda k: made[k])
        for kind in order:
            wrong = injector.inject(text, kind, near=near)
            if wrong is None or wrong.text == text:
                continue
            sig, aligned = checker.signals(wrong.text, cited=spans)
            out.append(Example(cid, origin, kind, 0, wrong.text, feature_vector(sig), _joined(aligned)))
            made[kind] += 1
            if not recipe.every_kind:
                break
    return out


def _joined(supports: Sequence) -> str:
    return " ".join(s.text for s in supports)


def make_examples(
    path: Path,
    *,
    lexicon: frozenset[str],
    cased: bool = False,
    limit: int,
    seed: int,
    start: int = 0,
    recipe: Recipe = Recipe(),
) -> list[Example]:
    """The examples of ``limit`` records of ``path`` from line ``start`` (see :func:`cluster_examples`).

    Clauses for ``clause`` errors come from the summaries of the records read before;
    outside names are the lexicon's, capitalised. ``cased``: find names by their capitals
    (fulltext-dev), not by the lexicon (lowercased train and val).
    """
    outside = [w.capitalize() for w in sorted(lexicon)]
    clauses: list[str] = []
    out: list[Example] = []
    for record in read_records(path, limit=limit, start=start):
        out.extend(
            cluster_examples(
                record,
                lexicon=None if cased else lexicon,
                clauses=clauses[-500:],
                outside_names=outside,
                seed=seed,
                recipe=recipe,
            )
        )
        clauses.extend(clauses_of(record.get("summary") or ""))
    return out

