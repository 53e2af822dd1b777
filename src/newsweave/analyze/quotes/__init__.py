"""Direct quotations and their speakers, resolved to one person across the cluster.

Rule-based and offline. For each paragraph it pairs quote marks (curly and straight
double quotes, two apostrophes used as one as in ''…'', and top-level single curly
quotes ‘…’), lists quotations of four words or more (shorter quoted spans are mostly
terms, titles and scare quotes: 62 of the 69 such spans labelled in
tests/data/quotes_gold_negatives.jsonl, 9 of 477 quotations; they are still attributed,
so a quotation continuing one inherits its speaker), and finds the attribution in the
news patterns::

    "…," X said / "…," said X, the … / "…," he told AFP      (after the quote)
    X said: "…" / According to X, "…" / Said X: "…"         (before the quote)
    X: ‘…’ (headlines) / X resisted: "…"                     (a name and a colon)
    "A," she said. "B."                                      (split: B inherits A's speaker)
    X said it was hard. "…" / X released this statement:¶"…"  (the previous sentence)
    X said the plan was "…"                                  (partial quote in reported speech)
    On Friday, X endorsed Y, calling him "…"                 (the subject of the sentence)

A quote that ends its sentence and is followed by a new sentence leading into
the next quote ('"…." Her neighbour, Jonas Elm, adds, "…"') leaves that
sentence to the next quote; a quote-only paragraph continues the quote of the
paragraph just before it.

Mentions are then resolved: a pronoun to the last person named since the
previous attributed quote who is a clause subject (followed, after any
appositive, by a verb, and not inside a "that"/"whether" clause or after a
preposition), else to the speaker last attributed in the article; a surname
to the full name it belongs to in the cluster (a surname several people share,
to the one the article names in full first); "the statement" to whoever the
article last says made a statement; a role ("the spokesman") to the person
the cluster gives that role. A resolved speaker must then be a person or an
organisation by the evidence in the text (``_Evidence``: spaCy's entities when
given, else conservative rules); when it is not, the quotation keeps no speaker
rather than a wrong one, and :func:`quotes_by_speaker` lists it as unattributed.
``benchmarks/quotes_eval.py`` measures precision and recall against the labelled
fulltext-dev set and PolNeAR; the rules were tuned on PolNeAR train only.
"""

from __future__ import annotations

from .attribution import MIN_QUOTE_WORDS, extract_quotes
from .grouping import quotes_by_speaker
from .lexicon import _TITLES
from .values import Quote, Speaker

__all__ = ["MIN_QUOTE_WORDS", "Quote", "Speaker", "_TITLES", "extract_quotes", "quotes_by_speaker"]
