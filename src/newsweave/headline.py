"""The digest's headline: an outlet's own title, or the lede cut to a headline.

Nothing is invented. Candidates are the titles the articles came with and the
title lines cleaning found above an article's text (scraped pages repeat their
headline there). Each is scored by how widely the cluster reports its words:
the mean, over its content words, of the share of articles that use the word,
so a title on the story everyone covers beats a teaser for a side story. With no
usable title, the lede sentence is cut at its first clause boundary (", a day
after …", " and added …") into a headline.
"""

from __future__ import annotations

import re

from .coherence import quote_balance
from .models import DigestSentence, Document, Headline
from .vectors import content_words

__all__ = [
    "CUT_WORDS",
    "LEDE_WORDS",
    "MAX_WORDS",
    "MIN_COVERAGE",
    "MIN_WORDS",
    "choose_headline",
    "clean_title",
    "coverage",
    "headline_from_sentence",
]

# A headline runs 4 to 18 words: fewer is a section label ("World News"), more is a
# sentence or a standfirst (the titles of the demo and seed clusters: 7-13 words).
# A lede's first clause is used whole up to LEDE_WORDS words (a long clause read whole
# beats a cut one: "A father on his way to catch a flight at the airport left …");
# longer ones are cut to CUT_WORDS words and marked with an ellipsis.
MIN_WORDS = 4
MAX_WORDS = 18
LEDE_WORDS = 24
CUT_WORDS = 14
# A title must reach this coverage to be used, else the lede is cut to a headline.
# `python benchmarks/headline_report.py`: the seed's title lines score 0.49-0.70 and the
# demo's titles 0.50-0.82; on fulltext-dev the title lines under it are a byline (0.00),
# "Published on …" dates (0.19, 0.25) and a tweet header (0.33), the lowest real
# headline 0.44.
MIN_COVERAGE = 0.35

# A trailing site name: "… | CNN Politics", "… - Reuters", "… — The Coastline Daily".
_SITE_SUFFIX = re.compile(r"\s+(?:\||[-–—]\s)\s*(?:[A-Z][\w.&']*\s*){1,4}$")
_LABEL_PREFIX = re.compile(r"^(?:[A-Z]{3,}|Breaking|Update|Updated|Watch|Video|Live)\s*[:\-–—]\s+")
# Where a lede's main clause ends: an attribution or a subordinate clause after a
# comma, a semicolon, a dash, or "and added". A bare comma is not a break (it may
# open an appositive: "Dean Baker, a prominent economist, …").
_CLAUSE_BREAKS = re.compile(
    r",\s(?:according|saying|adding|which|who|after|before|as|while|when|amid|despite|citing|following|prompting"
    r"|officials|police|authorities|sources|reports?|a\s+day|the\s+day|two\s+days|days|hours|weeks|[a-z]+ing\b"
    r"|[\w.'’-]+(?:\s+[\w.'’-]+){0,3}\s+(?:said|says|reported|told))\b"
    r"|;\s|\s(?:and|but)\s(?:added|said|says|told|warned|called)\b"
    r"|\s(?:after|following|amid|while|because|despite|when)\s"
)
_SINGULAR = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im)\b")
_PLURAL = re.compile(r"^(?:\S+\s+){0,3}(?:[Tt]hey|[Tt]heir|[Tt]hem|[Ii]ts?)\b")
# Words a cut headline must not end on.
_DANGLING = frozenset("a an the and or but of in on at to for from by with as that which who his her its their".split())
_FINAL = re.compile(r"""[.!?…]+["'”’]*$""")


def clean_title(title: str, source: str | None = None) -> str:
    """``title`` without a trailing site name or a leading label ("ANALYSIS:", "BREAKING -")."""
    text = " ".join(title.split())
    if source and text.lower().endswith(source.lower()) and len(text) > len(source) + 3:
        text = re.sub(r"[\s|:–—-]+$", "", text[: -len(source)])
    text = _SITE_SUFFIX.sub("", text) if " | " in text or len(text.split()) > 6 else text
    return _LABEL_PREFIX.sub("", text).strip()


# An introductory phrase before the main clause ("During a hearing on Benghazi, …",
# "A day after the anniversary, …"): the headline starts after it.
_INTRO = re.compile(
    r"^(?:(?:A|One|Two|Three|Hours|Days|Weeks|Months|Years)\s+(?:day|days|week|weeks|hours?|months?|years?)?\s*(?:after|before)"
    r"|During|After|Before|With|Now\s+that|When|While|As|Although|Though|Despite|Following|Amid|Since|Until|Once"
    r"|In\s+(?:the\s+)?(?:wake|aftermath|midst)\s+of)\b[^,]{3,120},\s+(?=[A-Za-z])"
)


def headline_from_sentence(text: str) -> str:
    """A headline built from a lede sentence: its main clause, without the final stop."""
    text = " ".join(text.split()).lstrip("-–—•* ")
    intro = _INTRO.match(text)
    # Only where the main clause does not point back into the phrase ("…, an auction house is
    # selling letters he wrote"); a clause whose subject is a name carries its own referent.
    rest = text[intro.end() :] if intro else ""
    named = re.match(r"(?!(?:A|An|The|This|That|These|Those|It|He|She|They)\b)[A-Z]", rest) is not None
    if intro and len(rest.split()) >= MIN_WORDS and (named or not _SINGULAR.search(rest)) and not _PLURAL.match(rest):
        text = rest[0].upper() + rest[1:]
    for match in _CLAUSE_BREAKS.finditer(text):
        if len(text[: match.start()].split()) >= 5:
            text = text[: match.start()]
            break
    words = text.split()
    if len(words) > LEDE_WORDS:
        words = words[:CUT_WORDS]
        # End at the last comma of the window when that leaves a headline's worth of words.
        commas = [i for i, w in enumerate(words[:-1]) if w.endswith(",") and i + 1 >= 6]
        if commas:
            words = words[: commas[-1] + 1]
        while len(words) > MIN_WORDS and (
            words[-1].lower().strip(",;:") in _DANGLING or quote_balance(" ".join(words)) != 0
        ):
            words.pop()
        return " ".join(words).rstrip(",;:") + " …"
    return _FINAL.sub("", text).strip()


def coverage(text: str, vocab: list[set[str]]) -> float:
    """Mean over ``text``'s content words of the share of articles (their ``vocab``) using each."""
    words = set(content_words(text))
    if not words or not vocab:
        return 0.0
    return sum(sum(w in v for v in vocab) / len(vocab) for w in words) / len(words)


def choose_headline(documents: tuple[Document, ...], sentences: tuple[DigestSentence, ...]) -> Headline | None:
    """The headline for a digest of ``sentences`` over ``documents``, or None for an empty digest."""
    candidates: list[tuple[str, int, str]] = []
    for doc in documents:
        if doc.article.title:
            candidates.append((clean_title(doc.article.title, doc.article.source), doc.index, "title"))
        candidates.extend((clean_title(h, doc.article.source), doc.index, "heading") for h in doc.headings)
    candidates = [c for c in candidates if MIN_WORDS <= len(c[0].split()) <= MAX_WORDS]
    vocab = [set(content_words(d.text)) for d in documents if d.text] if candidates else []
    best: tuple[float, int, Headline] | None = None
    for order, (text, article, origin) in enumerate(candidates):
        score = coverage(text, vocab)
        if score >= MIN_COVERAGE and (best is None or score > best[0]):
            best = (score, -order, Headline(text, article, origin))
    if best is not None:
        return best[2]
    if not sentences:
        return None
    lede = sentences[0]
    return Headline(headline_from_sentence(lede.original or lede.text), lede.citation.article, "lede")
