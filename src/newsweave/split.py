"""Sentence splitting with syntok (pure Python, offline; handles "Mr.", "a.m.", "$1.5 bn.").

The splitter returns character spans, so provenance is exact: the text of a
sentence is always ``paragraph[start:end]``.

Speed: syntok costs about 3.5 us per token, more than the rest of the pipeline
together on short clusters. Most sentence ends in news are unambiguous (a
lowercase word of two or more letters that is not one of syntok's own
abbreviations, or a number, then a stop, whitespace and a capital), so the
paragraph is first cut there. In the pieces that still hold a stop followed by
whitespace and something other than a lowercase letter, a plain stop (a word of
ASCII letters and digits, the stop, a space, a word or a quotation mark; short
bracketed asides skipped as syntok skips them) gets syntok's own decision, taken
here with its rules, and so does a plain aside ("( ap )": printable ASCII, no
terminal) after a stop, after a sentence's first token ("Moscow ( ap ) —") or
opening a sentence, up to the first bracket that is not in such an aside; brackets
syntok never sees close ("( ai ),": a closing bracket glued to other symbols is not
one for it) are decided as it decides them.
syntok reads only around a stop that is not plain: from two
plain words before it (else from its sentence's start) to the first end it finds
after it, one sentence at a time (it reads lazily); the plain reading resumes there.
``benchmarks/split_agreement.py`` compares this with syntok on whole paragraphs:
identical spans for 99.95% of fulltext-dev and 98.87% of val[:2000] paragraphs,
at 4.6x and 4.9x the speed; most differences are ends syntok misses (after web
addresses, "foxnews.com. \"We're", and after prices, "$ 663.14. Read"), from the
first cut. The plain decisions change nothing: 100% of those paragraphs get the
spans of syntok run on every ambiguous piece (``sentence_spans(plain=False)``,
the second table). tests/test_split.py pins both on real text. The plain reading lives
in :mod:`newsweave._syntok_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import syntok.segmenter as _segmenter
from syntok._segmentation_states import State as _SyntokState

from ._syntok_rules import _MAYBE_END, _SYNTOK_STOPS, _plain_spans

__all__ = ["join_quotations", "paragraphs", "sentence_spans", "syntok_spans"]

# Paragraph breaks: a blank line, or a single newline (scraped text uses both).
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")

# Words after which syntok does not split (its abbreviations and month names),
# and "jr" ("Martin Luther King Jr. Day"), which it lacks.
_NO_SPLIT_AFTER = frozenset(w.lower() for w in _SyntokState.abbreviations | _SyntokState.months) | {"jr"}

# A certain sentence end: a lowercase word of 2+ letters or a number of 2+
# digits, a terminal, optional closing quotes or brackets, whitespace, then an
# optional opening quote and a capital, or an opening quote and a lowercase
# letter (Multi-News's lowercased form opens quotations as `. " the`).
_CERTAIN_END = re.compile(r"""\b([a-z]{2,}|\d{2,})[.!?]["'”’)\]]*(?=\s+["“‘(]?[A-Z]|\s+["“]\s?[a-z])""")

# Where a certain end can be: a lowercase letter or digit, then a terminal.
_TERMINAL = re.compile(r"[a-z0-9][.!?]")


def _certain_ends(paragraph: str) -> list[re.Match[str]]:
    """The matches of ``_CERTAIN_END.finditer(paragraph)``, found from the terminals.

    ``re`` tries ``_CERTAIN_END`` at every word; a match is a whole word (a run of ``\\w``
    characters: ``str.isalnum`` or "_") right before a terminal, so it is tried here only
    at the start of the word before each terminal (tests/test_split.py compares the two).
    """
    found = []
    match = _CERTAIN_END.match
    for t in _TERMINAL.finditer(paragraph):
        start = t.start()
        while start > 0 and (paragraph[start - 1].isalnum() or paragraph[start - 1] == "_"):
            start -= 1
        m = match(paragraph, start)
        if m is not None:
            found.append(m)
    return found


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of ``text`` with surrounding whitespace stripped.

    The same lines as splitting at ``_PARAGRAPH_BREAK`` (a newline with the whitespace
    around it): ``str.strip`` and the pattern's ``\\s`` take the same characters as
    whitespace; the string methods are several times faster than the pattern, which
    tries a match at every space (tests/test_split.py compares the two).
    """
    return [p for p in map(str.strip, text.split("\n")) if p]


def syntok_spans(paragraph: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences of ``paragraph`` as syntok finds them."""
    return list(_syntok_sentences(paragraph))


def _syntok_sentences(paragraph: str) -> Iterator[tuple[int, int]]:
    """:func:`syntok_spans` one sentence at a time: syntok tokenizes and segments lazily,
    so a caller that stops early does not pay for the rest of the text."""
    for para in _segmenter.analyze(paragraph):
        for sentence in para:
            tokens = [t for t in sentence if t.value]
            if not tokens:
                continue
            start = tokens[0].offset
            end = tokens[-1].offset + len(tokens[-1].value)
            if end > start:
                yield start, end


def _pieces(paragraph: str) -> list[tuple[int, int]]:
    """Cut ``paragraph`` after every certain sentence end outside brackets."""
    cuts = []
    depth = 0  # open round or square brackets before the current position
    last = 0
    bracketed = "(" in paragraph or "[" in paragraph
    for m in _certain_ends(paragraph):
        if bracketed:
            at = m.start()
            count = paragraph.count
            depth += count("(", last, at) + count("[", last, at) - count(")", last, at) - count("]", last, at)
            last = at
        if depth <= 0 and m.group(1) not in _NO_SPLIT_AFTER:
            cuts.append(m.end())
    bounds = [0, *cuts, len(paragraph)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if paragraph[a:b].strip()]


def _syntok_start(part: str, rest: int, trouble: int) -> tuple[int, int | None]:
    """Where syntok can start reading the sentence of ``part`` that begins at ``rest`` and
    holds the stop (or bracket) at ``trouble``, and where that sentence's text begins
    (None when syntok starts at ``rest`` itself).

    When two plain words (ASCII letters and digits, one space apart) come right before
    ``trouble`` and nothing between the sentence's start and them is a terminal or a
    bracket for syntok (so it ends nothing there), syntok can start at the first of
    them: its state at ``trouble`` is the same (past the sentence's first token, its
    last token the second word), and what it decides there and after depends only on
    the tokens from there on.
    """
    head = part[rest:trouble]
    words = head.rstrip(" ").rsplit(" ", 2)
    opening = head.lstrip(" ")
    if len(words) < 3 or not opening or opening[0].isspace():
        return rest, None
    first, second = words[-2], words[-1]
    if not (first.isascii() and first.isalnum() and second.isascii() and second.isalnum()):
        return rest, None
    begin = rest + len(head.rstrip(" ")) - len(second) - 1 - len(first)
    lead = rest + len(head) - len(opening)
    if begin <= lead or not _SYNTOK_STOPS.isdisjoint(part[lead:begin]):
        return rest, None
    return begin, lead


def _mixed_spans(piece: str, core: int, offset: int) -> Iterator[tuple[int, int]]:
    """The spans of ``piece`` (``core``: its end before its own final stop), shifted by ``offset``:
    read plainly up to the first stop that is not plain, by syntok from the start of that
    sentence to the first end it finds past that stop (and whitespace after it), and
    plainly again from there. syntok starts afresh after every end it finds (its state
    after a sentence is its state at the start of a text), so the plain reading of the
    rest is what syntok would give it; syntok reads only the sentences that need it.
    """
    at = 0  # where the current plain reading starts in ``piece``
    while True:
        part = piece[at:]
        found, rest, trouble = _plain_spans(part, core - at)
        yield from ((offset + at + s, offset + at + e) for s, e in found)
        if rest is None:
            return
        begin, lead = _syntok_start(part, rest, trouble)
        base = offset + at + begin
        resume = None
        for s, e in _syntok_sentences(part[begin:]):
            if lead is not None:  # the sentence began before where syntok was started
                s, lead = lead - begin, None
            yield base + s, base + e
            if e > trouble - begin and part[begin + e : begin + e + 1].isspace():
                resume = at + begin + e
                break
        if resume is None:
            return
        at = resume


def _odd_space(text: str) -> bool:
    """Whether ``text`` holds whitespace other than " " (tab, newline, ...) or a zero-width
    space (a separator for syntok's tokenizer, not for ``str.split``)."""
    return "\u200b" in text or any(c.isspace() and c != " " for c in text)


def sentence_spans(paragraph: str, *, plain: bool = True) -> list[tuple[int, int]]:
    """``(start, end)`` character spans of the sentences of one paragraph.

    ``plain=False`` runs syntok on every piece that holds a possible end instead of
    taking its decisions at plain stops here: the same spans, slower (the reference
    ``benchmarks/split_agreement.py`` and tests/test_split.py check the plain path against).
    """
    if plain and not paragraph.isprintable() and _odd_space(paragraph):
        plain = False  # the plain reading splits words at " " only, syntok's tokenizer also elsewhere
    spans: list[tuple[int, int]] = []
    for start, end in _pieces(paragraph):
        piece = paragraph[start:end]
        # The piece's own final stop (and closing quotes) is not an inner end.
        core = len(piece.rstrip().rstrip("\"'”’)]")) - 1
        if core > 0 and _MAYBE_END.search(piece, 0, core):
            if plain:
                spans.extend(_mixed_spans(piece, core, start))
            else:
                spans.extend((start + s, start + e) for s, e in syntok_spans(piece))
        else:
            stripped = piece.strip()
            if stripped:
                lead = piece.index(stripped[0])
                spans.append((start + lead, start + lead + len(stripped)))
    return spans


# A closing double quote at the end of a sentence, after optional brackets or single quotes.
_CLOSING_AT_END = re.compile(r"""["”](?:\s*[)\]’'])*\s*$""")
_OPENING_AT_START = re.compile(r"""^\s*[(\[‘']*\s*["“]""")


def _ends_a_quotation(text: str) -> bool:
    """Whether ``text`` closes a quotation opened in an earlier sentence.

    Curly quotes are counted by direction, straight ones by parity: an odd number
    of them, the last at the end and none at the start.
    """
    closing, opening, straight = text.count("”"), text.count("“"), text.count('"')
    if closing > opening:
        return True
    return straight % 2 == 1 and _CLOSING_AT_END.search(text) is not None and _OPENING_AT_START.match(text) is None


def join_quotations(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with each quotation that runs over several sentences kept in one span.

    The splitter ends sentences inside quotations ("We had everyone out within
    40 minutes. The cold was the bigger danger," said the chief.); the later
    pieces carry no speaker and read as orphans in a digest, so a sentence that
    closes a quotation opened earlier is joined to the sentence before it.
    """
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _ends_a_quotation(paragraph[start:end]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined
