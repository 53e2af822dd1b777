"""Quotations grouped by speaker, a quotation carried by several outlets listed once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ...vectors import word_tokens
from .values import Quote, Speaker

# A shorter quotation is the same statement as a longer one it lies inside when it
# has at least this many words; shorter fragments ("a good deal") recur by chance.
_ECHO_MIN_WORDS = 6


def _same_statement(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two quotations (as lowercased word tuples) are the same words, or one lies inside the other."""
    if a == b:
        return bool(a)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    if n < _ECHO_MIN_WORDS:
        return False
    first = short[0]
    return any(long[i] == first and long[i : i + n] == short for i in range(len(long) - n + 1))


def quotes_by_speaker(quotes: Sequence[Quote]) -> list[Speaker]:
    """Quotes grouped by speaker, most-quoted first (ties: first quoted first); the quotations
    whose speaker was not found come last, as one group with ``name`` None.

    A quotation repeated by several outlets, or by one outlet twice, is listed
    once: its fullest version stands for it and the others become its echoes
    (same words ignoring case and punctuation, or one of them lying inside
    another of the group with at least six words, as when one outlet quotes a
    whole sentence and another a part of it).
    """
    groups: dict[str | None, list[Quote]] = defaultdict(list)
    for q in quotes:
        groups[q.speaker or None].append(q)
    speakers = []
    for name, qs in groups.items():
        role = next((q.role for q in qs if q.role), None) if name else None
        distinct: list[Quote] = []
        words: list[list[tuple[str, ...]]] = []  # the words of every quote of each group
        echoes: list[list[Quote]] = []
        for q in qs:
            w = tuple(word_tokens(q.text))
            k = next((i for i, group in enumerate(words) if any(_same_statement(w, seen) for seen in group)), None)
            if k is None:
                distinct.append(q)
                words.append([w])
                echoes.append([])
                continue
            words[k].append(w)
            if len(w) > len(word_tokens(distinct[k].text)):
                # The fullest version is listed, so no quoted words are hidden.
                echoes[k].append(distinct[k])
                distinct[k] = q
            else:
                echoes[k].append(q)
        speakers.append(
            Speaker(
                name,
                role,
                tuple(distinct),
                tuple(sorted({q.article for q in qs})),
                tuple(tuple(e) for e in echoes),
            )
        )
    order = {name: i for i, name in enumerate(groups)}
    speakers.sort(key=lambda s: (s.name is None, -len(s.quotes), order[s.name]))
    return speakers
