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


def test_whitespace_is_what_isspace_and_re_take():
    import re
    import sys

    from newsweave.clean_rules import WHITESPACE

    every = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert WHITESPACE == every
    assert all(re.fullmatch(r"\s", c) for c in WHITESPACE)


def _ends() -> list[str]:
    # Real lines and sentences, and their last characters mixed with whitespace and closing marks.
    texts = LINES[:3000] + [line[a:b] for line in LINES[:1500] for a, b in sentence_spans(line)]
    tails = ["", " ", ".", "?", "!", "…", '"', "'", "”", "’", ")", "]", "\n", "\u00a0", "\u2028", "\x85", ":", "a"]
    texts += [f"Word{x}{y}{z}" for x in tails for y in tails for z in tails]
    return texts + ["", " ", "\n"]


def test_ends_like_prose_is_the_final_stop_pattern():
    from newsweave.clean_rules import FINAL_STOP, ends_like_prose

    texts = _ends()
    assert [ends_like_prose(t) for t in texts] == [FINAL_STOP.search(t) is not None for t in texts]
    assert ends_like_prose("It rained. ") and not ends_like_prose("Top stories")


def test_the_last_stop_is_the_final_and_question_patterns():
    from newsweave.candidates import _FINAL, _QUESTION, _last_stop

    texts = _ends()
    assert [_last_stop(t) == "?" for t in texts] == [_QUESTION.search(t) is not None for t in texts]
    assert [_last_stop(t) in (".", "!", "…") for t in texts] == [_FINAL.search(t) is not None for t in texts]


def test_cased_counts_the_words_after_each_first_word():
    # candidates._cased before: a generator over each text's words after the first.
    import random

    from newsweave.candidates import CASED_SHARE, _cased

    def by_words(texts):
        inner = capital = 0
        for text in texts:
            words = text.split()[1:]
            inner += len(words)
            capital += sum(1 for w in words if w[:1].isupper())
        return inner == 0 or capital >= CASED_SHARE * inner

    batches = [tuple(LINES[at : at + 20]) for at in range(0, len(LINES), 20)]
    rng = random.Random(4)
    pieces = ["A", "b", "É", "é", "1", "\u2163", "ǅ", " ", "\t", "\u3000", "\n", ".", ""]
    for _ in range(3000):
        batches.append(tuple("".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(0, 4))))
    assert {by_words(b) for b in batches} == {True, False}
    assert [_cased.__wrapped__(b) for b in batches] == [by_words(b) for b in batches]


def test_junk_pages_are_counted_no_further_than_their_limit():
    from newsweave.clean import _JUNK_PAGE_WORDS, _junk_page

    def by_count(text):
        words = len(text.split())
        return 0 < words <= _JUNK_PAGE_WORDS and JUNK_PAGE.search(text)

    texts = [d for row in fulltext_rows() for d in row["documents"]]
    for n in range(_JUNK_PAGE_WORDS - 3, _JUNK_PAGE_WORDS + 4):
        texts += [" ".join(["cookies"] * n), " \n".join(["x"] * n) + " ", "Enable  JavaScript\t" * (n // 2)]
    assert any(by_count(t) for t in texts)
    assert [bool(_junk_page(t)) for t in texts] == [bool(by_count(t)) for t in texts]


def test_url_triggers_keep_every_link():
    # _url_heavy skips the pattern when no trigger is in the line: no line may lose a match.
    import random

    from newsweave.clean_rules import _URL, _URL_TRIGGERS

    rng = random.Random(6)
    parts = ["HTTP://", "https://", "WWW.", "www", ".COM/", ".co.uk/", ".gov", "/", "pic.twitter.com/x", "a", "b-c",
             "\u212a", ".u\u212a/", " ", ".", "ſ", "httpſ://", "9/11", "and/or", "example.org/page"]
    texts = LINES + ["".join(rng.choice(parts) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    missed = [t for t in texts if _URL.search(t) and not any(m in t.lower() for m in _URL_TRIGGERS)]
    assert missed == []
    assert sum(1 for t in texts if _URL.search(t)) > 1000
