"""Syndicated copies: an outlet that runs another outlet's article is cited with it.

Two outlets running the same wire copy is common. Cleaning (:func:`newsweave.clean.prepare`)
finds such copies, exact or near-duplicate (most of the shorter article's word 5-grams
are in the other), and keeps only the original for ranking, so the copy is not a second
voice that doubles a sentence's support and the digest is chosen as without it. The
copy is still cleaned and split, and kept in ``PreparedCluster.copies`` with its own
text and sentences.

This module maps every sentence of an original to the same sentence in each of its
copies (:func:`copy_matches`), so that the copy's outlet is cited, with a span of its
own cleaned text, wherever its original is: on digest sentences (:func:`cite_copies`,
which the pipeline calls after selection) and on facts (:func:`with_copies`, which
``analyze.agreement`` uses). A sentence that a copy does not carry (a trimmed copy, a
different headline or footer) does not cite it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from .models import Citation, DigestSentence, PreparedCluster, Sentence
from .vectors import word_tokens

__all__ = ["MATCH", "CopyMatches", "align", "cite_copies", "copy_matches", "overlap", "with_copies"]

# A copy's sentence is the original's when they share at least this share of their word
# tokens (counted with repeats, over the longer of the two), if they are not word for word
# the same. Calibrated with benchmarks/syndication_report.py on the copies cleaning finds in
# fulltext-dev (3 copies, 10 sentences carried, all word for word) and val[:2000] (20
# copies, 127 sentences carried, 117 word for word): the other 10 pairs score 0.54-0.96 and
# are all the same sentence, read by hand (a dateline or "Advertisement" glued on, the copy
# joining it to its neighbour, an attribution cut off); a sentence the copy does not carry
# scores at most 0.03 against the copy's unpaired sentences (0.11 at 0.6, which left the
# 0.54 pair out). Re-run the report after changing it.
MATCH = 0.5

# (original article, start offset of its sentence) -> that sentence in each copy.
CopyMatches = Mapping[tuple[int, int], tuple[Citation, ...]]


def overlap(a: Counter[str], b: Counter[str]) -> float:
    """Shared word tokens of two sentences (with repeats), over the longer one's count."""
    longer = max(a.total(), b.total())
    return (a & b).total() / longer if longer else 0.0


def align(original: Sequence[Sentence], copy: Sequence[Sentence]) -> list[tuple[Sentence, Sentence, float]]:
    """Pairs ``(sentence of the original, the same sentence in the copy, overlap)``.

    Word-for-word equal sentences (lowercased letters and digits) pair first, in order;
    each remaining sentence of the original then takes the unpaired copy sentence it
    overlaps most, if that is at least ``MATCH``. Each copy sentence pairs once.
    """
    keys = [tuple(word_tokens(s.text)) for s in copy]
    free: dict[tuple[str, ...], list[int]] = {}
    for j, key in enumerate(keys):
        free.setdefault(key, []).append(j)
    pairs: list[tuple[Sentence, Sentence, float]] = []
    unpaired: list[Sentence] = []
    for sent in original:
        spots = free.get(tuple(word_tokens(sent.text)))
        if spots:
            pairs.append((sent, copy[spots.pop(0)], 1.0))
        else:
            unpaired.append(sent)
    rest = {j: Counter(keys[j]) for spots in free.values() for j in spots}
    for sent in unpaired:
        if not rest:
            break
        bag = Counter(word_tokens(sent.text))
        best, score = max(((j, overlap(bag, other)) for j, other in rest.items()), key=lambda t: (t[1], -t[0]))
        if score >= MATCH:
            pairs.append((sent, copy[best], score))
            del rest[best]
    return pairs


def copy_matches(cluster: PreparedCluster) -> CopyMatches:
    """For every sentence of an original that a copy carries, its span in each copy (in article order)."""
    found: dict[tuple[int, int], list[Citation]] = {}
    for copy in cluster.copies:
        if copy.copy_of is None:
            continue
        original = cluster.documents[copy.copy_of]
        for sent, match, _ in align(original.sentences, copy.sentences):
            found.setdefault((original.index, sent.start), []).append(
                Citation(copy.index, copy.source, match.start, match.end)
            )
    return {key: tuple(citations) for key, citations in found.items()}


def with_copies(citations: Iterable[Citation], matches: CopyMatches) -> tuple[Citation, ...]:
    """``citations`` with, right after each, the same sentence in every copy of its article.

    An article is cited once: a copy already among ``citations`` is not added again.
    """
    citations = tuple(citations)
    seen = {c.article for c in citations}
    out: list[Citation] = []
    for c in citations:
        out.append(c)
        for m in matches.get((c.article, c.start), ()):
            if m.article not in seen:
                seen.add(m.article)
                out.append(m)
    return tuple(out)


def cite_copies(sentences: Sequence[DigestSentence], cluster: PreparedCluster) -> tuple[DigestSentence, ...]:
    """Digest sentences whose ``also_in`` also cites the copies of every article they cite.

    The text, the citation and the score do not change; a copy's citation follows the
    citation of its original, with the offsets of the same sentence in the copy's own
    cleaned text (``PreparedCluster.copies``).
    """
    matches = copy_matches(cluster)
    if not matches:
        return tuple(sentences)
    out = []
    for s in sentences:
        cited = with_copies((s.citation, *s.also_in), matches)
        out.append(dataclasses.replace(s, also_in=cited[1:]) if len(cited) > 1 + len(s.also_in) else s)
    return tuple(out)
