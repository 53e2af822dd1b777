"""Where outlets report the same fact with different numbers or dates.

Every number in a standalone sentence is read with its *frame*: the stemmed
content words around it (eight tokens before, three after) and its *head*, the
first content word after it ("14 people were injured" → head "peopl", frame
{injur, peopl}). Two mentions from different articles dispute one fact when
they have the same kind (count, money, percent, year), the same head (or both
none), share at least ``MIN_SHARED`` frame words, and differ in value. Versions
of one dispute are merged, so "14 (agency, wire) vs 17 (local paper)" is one
conflict with its sources side by side.

Calibrated on the demo cluster, which plants three disputes (injured 14/17,
repair cost $2.3m/$3.1m, last inspection 2019/2021), and on the seed cluster,
where outlets agree on their figures (no conflict must be reported); then for
precision on real full text (``benchmarks/conflicts_eval.py`` with the labels in
``tests/data/conflicts_gold.jsonl``) with these rules, each about what makes two
figures *different facts* rather than one fact reported two ways:

- range endpoints ("between 2007 and 2017", "10,000 to 20,000", "2 or 3") and
  ordinals or codes glued to letters ("11th", "3D") are not reported figures;
- a decade ("the 1970s") does not dispute a year inside it (1973);
- a year after "since" starts a tally's period, not the date of a fact, and is
  skipped; other years compare only with the same preposition ("in 2016" is a fact,
  "by 2020" a target); the same month and day in different years ("Sept. 11, 2001"
  and "Sept. 11, 2012") are different events;
- a rate ("37 children a year", "593 friends per hour") and a total never compare;
- a figure in a counterfactual ("could have been heard within 11 months") is not a
  report;
- figures whose sentences are tied to different times ("in April" and "in 2016":
  no year or month in common, when both name one) are different facts; weekdays do
  not count, as they mostly date the report ("police said Monday"), and a count
  that grew from one report to the next is still a dispute;
- values more than ``MAX_RATIO`` times apart are different quantities (a yearly
  average and a cumulative total, one province and a whole city);
- two sentences that each state both values ("$1,000 for the stream, $3,000 for
  the party") agree;
- one dispute is reported once: a second conflict citing the same sentences (the
  same distance restated in another unit) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..candidates import ineligible_reason, is_cased
from ..models import Citation, Conflict, ConflictVersion, PreparedCluster
from ..vectors import ClusterVectors, content_words

__all__ = ["MIN_SHARED", "conflicts"]

MIN_SHARED = 2
APPROXIMATE_TOLERANCE = 1.2
_BEFORE, _AFTER = 8, 3
# A real dispute has two or three versions; a group with more values mixes different facts.
MAX_VERSIONS = 3
# The two sentences must also be about the same thing overall (tf-idf cosine).
MIN_SENTENCE_SIMILARITY = 0.15
# Values further apart than this are different quantities, not two versions of one.
MAX_RATIO = 5.0

_NUMBER = re.compile(
    r"(?:(?P<cur>[$€£])\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>million|billion|trillion|bn|m\b|k\b))?(?:\s?(?P<pct>%|percent|per cent))?",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "dozen": 12, "fifteen": 15, "twenty": 20, "hundred": 100,
}  # fmt: skip
_SCALE = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "k": 1e3}
_TOKEN = re.compile(r"\S+")
# Numbers that are part of a name, time or range rather than a reported figure.
_SKIP_CONTEXT = re.compile(r"^\d{1,2}:\d{2}$|^\d{1,2}(?:am|pm)$", re.IGNORECASE)
# The other end of a range: "2007 and 2017", "10,000 to 20,000", "2 or 3".
_RANGE_AFTER = re.compile(r"\s*(?:%|percent|million|billion)?\s*(?:to|and|or|–|—)\s*[$€£]?\d")
_RANGE_BEFORE = re.compile(r"\d(?:\s?(?:%|percent|million|billion))?\s*(?:to|and|or|–|—)\s*[$€£]?$")
_RATE = re.compile(
    r"\W*(?:\S+\s+){0,3}?(?:(?:a|an|per|each|every)\s+(?:year|month|week|day|hour|minute|second)\b|"
    r"(?:annually|yearly|daily|weekly|monthly|hourly|mph)\b)",
    re.IGNORECASE,
)
_COUNTERFACTUAL = re.compile(r"\b(?:could|would|might|should)(?:n't| not)? have\b", re.IGNORECASE)
_PREVIOUS_WORD = re.compile(r"(\w+)\W*(?:the\s+)?(?:early\s+|late\s+|mid-?)?$", re.IGNORECASE)
_MONTH_DAY = re.compile(r"([A-Z][a-z]{2,8}\.? \d{1,2}),\s*$")
_YEAR_PREPOSITION = {"by": "by", "until": "by", "till": "by", "before": "by", "throughout": "in", "during": "in"}
# Years and months a sentence ties its facts to (weekdays mostly date the report itself).
_WHEN = re.compile(
    r"\b(?:(?:19|20)\d\d|jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b",
)
_APPROX = re.compile(r"\b(?:about|around|roughly|nearly|almost|more than|at least|over|some|up to|approximately)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class _Mention:
    article: int
    sentence: int  # index into cluster.sentences
    value: float
    shown: str
    kind: str  # count, money, percent, year
    head: str | None
    frame: frozenset[str]
    approximate: bool
    context: str  # readable words around the number, for the conflict's topic
    rate: bool = False  # "a year", "per hour": a rate, never the same fact as a total
    decade: bool = False  # "the 1970s": value is the decade's first year
    anchor: str = ""  # years: the preposition class ("in", "by") or the "Sept. 11" it completes
    when: frozenset[str] = frozenset()  # other years and months the sentence names


# Words before a month name that make it a date ("in May", "last June"), not part of a name.
_BEFORE_MONTH = frozenset("in on by since until till from through during before after last next this early late mid of".split())


def _time_key(text: str, match: re.Match[str], *, cased: bool = True) -> str:
    """A year as itself and a month as its first three letters; "" when the word is no date.

    "may" and "march" are also verbs: they count only capitalised in cased text. A
    capitalised month word right after another capitalised word is a name ("Theresa
    May", "Ann April") unless that word is a preposition or "last"/"next" ("In May").
    """
    word = match.group()
    if word[0].isdigit():
        return word
    key = word[:3]
    start = match.start()
    if key in ("may", "mar") and not (cased and text[start].isupper()):
        return ""
    previous = re.search(r"(\S+)\s+$", text[:start])
    if previous and previous.group(1)[:1].isupper() and previous.group(1).lower().strip(",") not in _BEFORE_MONTH:
        return ""
    return key


def _mentions(cluster: PreparedCluster) -> list[_Mention]:
    out: list[_Mention] = []
    cased = is_cased([s.text for s in cluster.sentences[:60]])
    for i, s in enumerate(cluster.sentences):
        if ineligible_reason(s, cased=cased) is not None or not any(ch.isdigit() for ch in s.text):
            continue
        if _COUNTERFACTUAL.search(s.text):
            continue  # "could have been heard within 11 months": not a reported figure
        text = s.text
        lowered = text.lower()
        times = [(t.start(), t.end(), _time_key(text, t, cased=cased)) for t in _WHEN.finditer(lowered)]
        times = [t for t in times if t[2]]
        for m in _NUMBER.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in ":/-"):
                continue  # part of a word, time, date or range
            if m.end("num") < len(text) and text[m.end("num") : m.end("num") + 1] in ":/-" and m.group("scale") is None:
                continue
            raw = m.group("num").replace(",", "")
            following = text[m.end() : m.end() + 1]
            decade = following == "s" and re.fullmatch(r"(?:1[89]|20)\d0", raw) is not None
            if following.isalpha() and not decade and not (m.group("scale") or m.group("pct")):
                continue  # an ordinal or a code: "11th", "3D"
            before = text[max(0, m.start() - 24) : m.start()]
            if _RANGE_AFTER.match(text, m.end()) or _RANGE_BEFORE.search(before):
                continue  # one end of a range
            value = float(raw)
            kind = "count"
            anchor = ""
            if m.group("cur"):
                kind = "money"
            elif m.group("pct"):
                kind = "percent"
            elif re.fullmatch(r"(?:19|20)\d\d", raw):
                kind = "year"
                day = _MONTH_DAY.search(before)
                prev = _PREVIOUS_WORD.search(before)
                word = prev.group(1).lower() if prev else ""
                if word == "since":
                    continue  # the start of a tally's period, not the date of a fact
                anchor = day.group(1) if day else _YEAR_PREPOSITION.get(word, "in")
            if m.group("scale"):
                value *= _SCALE[m.group("scale").lower()]
            after = content_words(" ".join(_TOKEN.findall(text[m.end() :])[:_AFTER]))
            head = after[0] if after and kind in ("count",) else None
            # The frame is the clause around the number: from the previous comma or
            # sentence start (at most _BEFORE tokens back) to _AFTER tokens after.
            clause_start = max(text.rfind(",", 0, m.start()), text.rfind(";", 0, m.start())) + 1
            before_tokens = _TOKEN.findall(text[clause_start : m.start()])
            if len(before_tokens) < 3:  # "…, and 14 people": reach back past the comma
                before_tokens = _TOKEN.findall(text[: m.start()])[-_BEFORE:]
            words = [w for w in content_words(" ".join(before_tokens[-_BEFORE * 2 :])) + after if not w.isdigit()]
            frame = frozenset(words) - {head} if head else frozenset(words)
            after_words = " ".join(_TOKEN.findall(text[m.end() :])[:_AFTER]).strip(" ,.;:")
            context = after_words if head else " ".join(before_tokens[-4:]).strip(" ,.;:")
            out.append(
                _Mention(
                    s.article, i, value, m.group().strip() + ("s" if decade else ""), kind, head, frame,
                    bool(_APPROX.search(text[: m.start()])), context,
                    rate=bool(_RATE.match(text, m.end())), decade=decade, anchor=anchor,
                    when=frozenset(w for a, b, w in times if b <= m.start() or a >= m.end()),
                )
            )
    return out


def _same_fact(a: _Mention, b: _Mention) -> bool:
    # A shared head noun ("14 people … 17 people") is itself strong evidence, so one
    # more shared word suffices; years need two ("last inspected in 2019" / "last
    # inspection was in 2021"); other figures without a head need three.
    need = 1 if a.head is not None else MIN_SHARED if a.kind == "year" else MIN_SHARED + 1
    return (
        a.article != b.article
        and a.kind == b.kind
        and a.head == b.head
        and a.rate == b.rate
        and len(a.frame & b.frame) >= need
    )


def _disputed(a: _Mention, b: _Mention) -> bool:
    """Different values; with an approximate one ("about $3.1 million") only if over 20% apart."""
    if a.value == b.value:
        return False
    if a.kind == "year":
        # "in 2016" vs "by 2020" (a fact and a target); the same anchor other than a
        # preposition is the same month and day, so two years are two events.
        if a.anchor != b.anchor or a.anchor not in ("in", "by"):
            return False
        low, high = sorted((a, b), key=lambda m: m.value)
        return not (low.decade and high.value < low.value + 10)  # 1973 is in the 1970s
    if a.when and b.when and a.when.isdisjoint(b.when):
        return False  # tied to different times: "in April" and "in 2016"
    low_value, high_value = sorted((a.value, b.value))
    if low_value > 0 and high_value / low_value > MAX_RATIO:
        return False
    if a.approximate or b.approximate:
        low, high = sorted((a.value, b.value))
        return low <= 0 or high / low > APPROXIMATE_TOLERANCE
    return True


def conflicts(cluster: PreparedCluster, vectors: ClusterVectors) -> tuple[Conflict, ...]:
    """Disputed figures: the same fact with different values in different articles."""
    mentions = _mentions(cluster)
    rows = np.array(sorted({m.sentence for m in mentions}), dtype=np.int64)
    index = {int(r): k for k, r in enumerate(rows)}
    if rows.size:
        sub = vectors.matrix[rows]
        sim = sub @ sub.T
        sim = sim.toarray() if hasattr(sim, "toarray") else np.asarray(sim)
    else:
        sim = np.zeros((0, 0))

    def related(a: _Mention, b: _Mention) -> bool:
        return _same_fact(a, b) and sim[index[a.sentence], index[b.sentence]] >= MIN_SENTENCE_SIMILARITY

    stated: dict[int, set[tuple[str, float]]] = {}
    for m in mentions:
        stated.setdefault(m.sentence, set()).add((m.kind, m.value))

    def dispute(a: _Mention, b: _Mention) -> bool:
        # Two sentences that each state both values agree on both figures.
        both = (a.kind, b.value) in stated[a.sentence] and (b.kind, a.value) in stated[b.sentence]
        return a.article != b.article and not both and _disputed(a, b)

    groups: list[list[_Mention]] = []
    for m in mentions:
        for group in groups:
            if any(related(m, g) for g in group):
                group.append(m)
                break
        else:
            groups.append([m])
    out = []
    reported: set[frozenset[tuple[int, int]]] = set()
    sentences = cluster.sentences
    for group in groups:
        per_article: dict[int, set[float]] = {}
        for m in group:
            per_article.setdefault(m.article, set()).add(m.value)
        # An article that gives two values itself is describing two facts, not disputing one.
        if any(len(v) > 1 for v in per_article.values()):
            continue
        if len({m.value for m in group}) > MAX_VERSIONS or len(per_article) < 2 or not any(
            dispute(a, b) for a in group for b in group
        ):
            continue
        cited = frozenset((m.article, m.sentence) for m in group)
        if cited in reported:
            continue  # the same dispute again, e.g. a distance restated in another unit
        reported.add(cited)
        versions = []
        seen: set[tuple[int, float]] = set()
        for m in sorted(group, key=lambda m: (m.value, m.article)):
            if (m.article, m.value) in seen:
                continue
            seen.add((m.article, m.value))
            s = sentences[m.sentence]
            doc = cluster.documents[s.article]
            versions.append(ConflictVersion(m.shown, Citation(s.article, doc.source, s.start, s.end), s.text))
        topic = group[0].context
        out.append(Conflict("date" if group[0].kind == "year" else "number", topic, tuple(versions)))
    return tuple(out)
