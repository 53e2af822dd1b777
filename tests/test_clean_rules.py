"""The literal triggers in front of the cleaning patterns never hide a match (real scraped lines)."""

from __future__ import annotations

import gzip
import itertools
import json

import pytest

from newsweave.clean_rules import JUNK_PAGE, LINE_RULES, SENTENCE_RULES, WIDGET_GUARDED, Triggered
from newsweave.split import paragraphs, sentence_spans

from helpers import VAL, fulltext_rows, seed_paths


def _lines() -> list[str]:
    docs = [d for row in fulltext_rows() for d in row["documents"]]
    with gzip.open(VAL, "rt", encoding="utf-8") as handle:
        docs += [d for line in itertools.islice(handle, 300) for d in json.loads(line)["documents"]]
    docs += [p.read_text() for p in seed_paths()]
    return [" ".join(p.split()) for d in docs for p in paragraphs(d)]


LINES = _lines()
GUARDED = [(r.name, r.test) for r in LINE_RULES if isinstance(r.test, Triggered)] + [("widget", WIDGET_GUARDED)]


def test_the_expensive_line_rules_are_guarded():
    assert {name for name, _ in GUARDED} >= {"teaser", "widget", "licence-footer", "byline", "caption", "call-to-action"}


@pytest.mark.parametrize(("name", "guard"), GUARDED, ids=[name for name, _ in GUARDED])
def test_line_triggers_keep_every_match(name, guard):
    # Lines the pattern matches but no trigger word announces would silently stay in.
    missed = [line[:80] for line in LINES if guard.pattern.search(line) and not guard(line, line.lower())]
    assert missed == []
    assert any(guard(line, line.lower()) for line in LINES)  # the rule fires on this text at all


@pytest.mark.parametrize(("name", "guard"), [(n, p) for n, _, p in SENTENCE_RULES] + [("junk-page", JUNK_PAGE)])
def test_sentence_triggers_keep_every_match(name, guard):
    sentences = [line[a:b] for line in LINES for a, b in sentence_spans(line)]
    missed = [s[:80] for s in sentences if guard.pattern.search(s) and not guard(s)]
    assert missed == []
