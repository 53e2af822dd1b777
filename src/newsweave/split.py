"""Sentence splitting with syntok (pure Python, offline; handles "Mr.", "a.m.", "$1.5 bn.").

The splitter returns character spans, so provenance is exact: the text of a
sentence is always ``paragraph[start:end]``.
"""

from __future__ import annotations

import re

import syntok.segmenter as _segmenter

__all__ = ["paragraphs", "sentence_spans"]

# Paragraph breaks: a blank line, or a single newline (scraped text uses both).
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of ``text`` with surrounding whitespace stripped."""
    return [p for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """``(start, end)`` character spans of the sentences of one paragraph."""
    spans: list[tuple[int, int]] = []
    for para in _segmenter.analyze(paragraph):
        for sentence in para:
            tokens = [t for t in sentence if t.value]
            if not tokens:
                continue
            start = tokens[0].offset
            end = tokens[-1].offset + len(tokens[-1].value)
            if end > start:
                spans.append((start, end))
    return spans
