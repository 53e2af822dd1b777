"""Names a sentence uses (people, organisations, places), and whether a text contains them.

In cased text a name is a run of capitalised words ("Jean-Yves Le Drian", "the
International Atomic Energy Agency"), with particles inside it ("Le", "bin", "al-");
a capitalised word that only opens the sentence is left out unless the next word is
capitalised too ("Despite …" is not a name, "Barack Obama said" is), and so are
function words, months and weekdays. With the ``nlp`` extra, spaCy's PERSON, ORG and
GPE entities are added (it finds sentence-initial names the rule leaves out).

A name is in a text when each of its words is, case and diacritics folded and
hyphens ignored: "Le Drian" is in "Jean-Yves Le Drian said", "Obama" in "Barack
Obama", "Michelle Obama" is not. Lowercased text (Multi-News train and val) has no
names to find; there the novel-word signals of :mod:`newsweave.check.features` do
this job.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ..vectors import STOPWORDS
from .text import folded_words

__all__ = ["name_missing", "names"]

_CAP = r"[A-Z\u00C0-\u00DE][\w'’.-]*"
_PARTICLE = r"(?:al|bin|da|de|del|della|der|di|du|el|ibn|la|le|van|von|of|the|and|for|on)"
_RUN = re.compile(rf"{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP})*")
# Capitalised words that are not names on their own (sentence openers, pronouns, titles, calendar words).
_NOT_NAMES = frozenset(
    """a an the he she it they we i you his her its their our this that these those there here but and or so
    yet if when while after before as at in on by for of to from with without despite meanwhile however
    also still then now mr mrs ms dr sir gov sen rep pres president minister prime secretary chief
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    according under over about some many most one two three new more read""".split()
)
_TRAILING = re.compile(r"(?:['’]s|['’]|[.,-])+$")


def _clean(run: str) -> str | None:
    words = [w for w in _TRAILING.sub("", run).split()]
    while words and (words[0].lower().strip(".") in _NOT_NAMES or words[0].lower() in STOPWORDS):
        words.pop(0)
    while words and (words[-1].lower().strip(".") in _NOT_NAMES or words[-1].lower() in STOPWORDS):
        words.pop()
    name = " ".join(words)
    return name if name and any(ch.isalpha() for ch in name) else None


def names(sentence: str, entities: Collection[str] = ()) -> list[str]:
    """The names of ``sentence`` (see the module docstring), each once, in order.

    Args:
        sentence: one sentence, cased.
        entities: names a recogniser found in it (spaCy PERSON, ORG, GPE), added to the rule's.
    """
    found: list[str] = []
    text = sentence.lstrip(" \"'“‘(")
    for m in _RUN.finditer(text):
        run = m.group()
        if m.start() == 0 and " " not in run:
            continue  # only the sentence's first word: a name or just a capital, no telling
        if m.start() == 0:
            run = run if run.split()[0].lower() not in STOPWORDS else run.split(None, 1)[1]
        name = _clean(run)
        if name and name not in found:
            found.append(name)
    for entity in entities:
        name = _clean(entity)
        if name and name not in found:
            found.append(name)
    return found


def name_missing(name: str, words: Collection[str]) -> bool:
    """Whether some word of ``name`` is absent from ``words`` (folded word tokens of a text)."""
    parts = [w for w in folded_words(name) if w not in ("s", "of", "the", "and", "for", "on")]
    return bool(parts) and any(p not in words for p in parts)
