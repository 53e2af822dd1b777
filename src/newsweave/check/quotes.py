"""Quotations: the quoted words must be in a source word for word, and given to the same speaker.

In the checked sentence, double quote marks (curly or straight, folded to one) are
paired in order: one sentence rarely nests them, and the tokenised training form
(``" woah!!! bad number. "``) puts spaces inside the marks, which the analysis's
pairing rules (:mod:`newsweave.analyze.quotes`, written for cased full text) refuse.
Words are compared folded (case, diacritics, quote marks and the tokenised form
"we ' ll" = "we'll"). The speaker a sentence gives a quotation is read from the words
next to a verb of saying ("…," obama said / according to the mayor / X says: "…"). It
must be the speaker the quotation analysis gives the quotation in the source; when the source
has no resolved speaker (lowercased text, unattributed quotes), the speaker's words
must appear around the quotation in the source (from before it to past its end), and
when the source's own words next to the quotation name a speaker (`"…," said bob
jones`), the sentence's speaker must share a word with that one (its last word in that
attribution is enough: "ceo reed hastings" = "hastings said"). A speaker the sentence
describes rather than names ("a city spokesman says", opened by an article or possessive)
needs only one of its words around the quotation: sources describe the same person in
other words ("a city official"). A speaker described by role, kin, age or document whose words
the source lacks there ("says a customs agent" where the source has "said guillermina escobar")
passes too, unless the source's own attribution is another such description ("a passenger said"). A speaker no source names anywhere, given a quotation the
source attributes to no one (a columnist quoted from their own column), is unverifiable
rather than contradicted: the speaker rule lets it pass and the name check reports it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..analyze.quotes import extract_quotes
from ..vectors import STOPWORDS
from .text import folded_words

__all__ = ["ClaimQuote", "QuoteIndex", "claim_quotes", "speaker_words"]

# Quotations of fewer words are terms and scare quotes ("the 'deal'"); still checked word for word.
MIN_WORDS = 2
# Characters around a quotation in a source where its speaker may be named.
_WINDOW_BEFORE, _WINDOW_AFTER = 300, 200
# How far (characters) from the quoted words the source's quote marks, and the attribution past
# them, are looked for when reading the speaker the source itself gives a quotation.
_MARK_REACH = 200
_MARKS = '"“”„«»'
# Words that open a description of a speaker rather than a name ("a spokesman", "his lawyer").
_DETERMINERS = frozenset("a an the one his her their its our another some several".split())
# Head words of a speaker described by role, kin, age or document ("a customs agent", "the
# 58-year-old", "the lawsuit"): a description the source does not use for a speaker it names
# cannot be compared with the name, so it is unverifiable rather than contradicted.
SPEAKER_ROLES = frozenset(
    """spokesman spokeswoman spokesperson rep reps representative representatives official officials officer officers
    agent agents lawyer lawyers attorney attorneys source sources insider insiders aide aides adviser advisers advisor
    researcher researchers scientist scientists expert experts analyst analysts engineer engineers investigator
    investigators prosecutor prosecutors witness witnesses bystander bystanders resident residents neighbor neighbors
    neighbour neighbours friend friends relative relatives parishioner parishioners coordinator director manager head
    chief owner employee employees worker workers student students teacher doctor doctors nurse professor author
    authors activist organizer organiser member members leader passenger driver customer fan victim survivor
    woman man mother father wife husband son daughter sister brother family old
    company firm airline agency department ministry group team police statement lawsuit complaint report study letter
    filing memo release""".split()
)

_SAY = (
    r"(?:said|says|say|told|tells|added|adds|wrote|writes|tweeted|tweets|explained|explains|insisted|insists|argued|argues"
    r"|declared|declares|stated|states|noted|notes|recalled|recalls|claimed|claims|warned|warns|quipped|quips|joked|jokes"
    r"|asked|asks|replied|replies|responded|responds|admitted|admits|acknowledged|acknowledges|conceded|concedes"
    r"|countered|counters|remarked|remarks|announced|announces|continued|continues|complained|complains|vowed|vows)"
)
_AFTER_QUOTE = re.compile(rf"^\W*(?:{_SAY}\s+((?:[\w.'-]+ ){{0,3}}[\w.'-]+)|((?:[\w.'-]+\s+){{0,3}}?[\w.'-]+)\s+{_SAY})\b", re.I)
_BEFORE_QUOTE = re.compile(rf"(?:according to\s+((?:[\w.'-]+\s+){{0,3}}?[\w.'-]+)|((?:[\w.'-]+\s+){{0,3}}?[\w.'-]+)\s+{_SAY})\W*(?:that\s+)?\W*$", re.I)
_PRONOUNS = frozenset("he she they it we i you his her their its one who which".split())
# Words after which a speaker phrase is over ("said Obama on Tuesday", "says Smith, who ...").
_PHRASE_END = frozenset(
    """on in at after before during when while as last this that who which yesterday today tonight
    monday tuesday wednesday thursday friday saturday sunday in to of for from with""".split()
)


@dataclass(frozen=True, slots=True)
class ClaimQuote:
    """A quotation in the checked sentence, and the words that name its speaker (empty: none or a pronoun)."""

    text: str
    words: tuple[str, ...]  # folded words of the quotation
    speaker: tuple[str, ...]  # folded content words naming the speaker
    # The speaker is described, not named ("a city spokesman says", "the lead author said"):
    # the source may describe the same person other words ("a city official").
    described: bool = False


def speaker_words(phrase: str | None) -> tuple[str, ...]:
    """The folded content words of a speaker phrase ("Foreign Minister Le Drian" → foreign, minister, le, drian)."""
    if not phrase:
        return ()
    words = []
    for w in folded_words(phrase):
        if w in _PHRASE_END and words:
            break
        if w not in STOPWORDS and w not in _PRONOUNS and len(w) > 1:
            words.append(w)
    return tuple(words)


def _attributed(sentence: str, start: int, end: int) -> str | None:
    after = _AFTER_QUOTE.match(sentence[end + 1 :])
    if after:
        return after.group(1) or after.group(2)
    before = _BEFORE_QUOTE.search(sentence[: max(0, start - 1)])
    if before:
        return before.group(1) or before.group(2)
    return None


def _paired(sentence: str) -> list[tuple[int, int]]:
    """Spans inside pairs of double quote marks, paired in order (an unpaired last mark is ignored)."""
    marks = [i for i, ch in enumerate(sentence) if ch in '"“”„«»']
    return [(marks[k] + 1, marks[k + 1]) for k in range(0, len(marks) - 1, 2)]


def claim_quotes(sentence: str) -> list[ClaimQuote]:
    """The quotations of ``sentence`` (two words or more) with the speaker it gives each."""
    out = []
    for start, end in _paired(sentence):
        words = tuple(folded_words(sentence[start:end]))
        if len(words) < MIN_WORDS:
            continue
        phrase = _attributed(sentence, start, end)
        opener = folded_words(phrase or "")[:1]
        described = bool(opener) and opener[0] in _DETERMINERS
        out.append(ClaimQuote(sentence[start:end], words, speaker_words(phrase), described))
    return out


class QuoteIndex:
    """The sources' text as folded words, with the analysis's quotations, to look quotations up in."""

    def __init__(self, sources: Sequence[str]) -> None:
        self._sources = list(sources)
        self._words: list[list[str]] = []
        self._starts: list[list[int]] = []  # character offset of each folded word in its source
        for text in self._sources:
            spans = [(m.start(), m.group()) for m in re.finditer(r"[^\W_]+", text)]
            folded = [folded_words(w) for _, w in spans]
            self._words.append([w for f in folded for w in f])
            self._starts.append([s for (s, _), f in zip(spans, folded, strict=True) for _ in f])
        self._joined = [" " + " ".join(w) + " " for w in self._words]
        self._analysed = None
        self._all_words: frozenset[str] | None = None

    def _quotes(self):
        if self._analysed is None:
            self._analysed = extract_quotes(self._sources)
        return self._analysed

    def find(self, words: Sequence[str], within: Sequence[int] | None = None) -> list[tuple[int, int]]:
        """``(source, character offset)`` of each place the folded ``words`` occur in a row."""
        needle = " " + " ".join(words) + " "
        found = []
        for i, joined in enumerate(self._joined):
            if within is not None and i not in within:
                continue
            at = joined.find(needle)
            while at >= 0:
                index = joined.count(" ", 0, at)  # words before the match
                found.append((i, self._starts[i][index] if index < len(self._starts[i]) else 0))
                at = joined.find(needle, at + 1)
        return found

    def speaker_fits(self, quote: ClaimQuote, source: int, offset: int) -> bool:
        """Whether the speaker ``quote`` names is who the source gives the quotation at ``offset`` to."""
        if not quote.speaker:
            return True
        for q in self._quotes():
            if q.article == source and q.start <= offset < q.end and q.speaker:
                known = set(folded_words(q.speaker)) | set(folded_words(q.mention or "")) | set(folded_words(q.role or ""))
                if set(quote.speaker) <= known:
                    return True
                break
        text = self._sources[source]
        # The window runs from before the quotation to past its end: a long quotation's
        # attribution ("…," says X) comes after it.
        end = self._end(quote, source, offset)
        window = set(folded_words(text[max(0, offset - _WINDOW_BEFORE) : (offset if end is None else end) + _WINDOW_AFTER]))
        if quote.described and set(quote.speaker) & window:
            return True
        given = self._source_speaker(source, offset, end)
        if quote.described:
            # Described by a role the source does not use there: a match unless the source's own
            # attribution is another description ("the airline says" where it has "a passenger said").
            return quote.speaker[-1] in SPEAKER_ROLES and not (given and given[-1] in SPEAKER_ROLES)
        if given:
            if not set(quote.speaker) & set(given):
                return False
            # The source's own attribution ends with the sentence's head word ("ceo reed
            # hastings" = "hastings said", "the new york city mayor" = "the mayor said").
            if quote.speaker[-1] in given:
                return True
        if set(quote.speaker) <= window:
            return True
        # The source gives the quotation to "he" or "she" (or names no one) and names the
        # speaker nearby: the sentence's own words for the speaker may add a role the source
        # puts elsewhere ("researcher mark dredze" where it says "mark dredze from johns
        # hopkins … he said"); the speaker's head word, the last, is enough.
        if not given and quote.speaker[-1] in window:
            return True
        # A speaker the sources never name, given a quotation the source attributes to no one
        # there (a columnist quoted by name from their own column): not contradicted, only
        # unverifiable; the name check reports a name the sources lack.
        return not given and not set(quote.speaker) & self._vocabulary()

    def _end(self, quote: ClaimQuote, source: int, offset: int) -> int | None:
        """The character offset just past the quotation's last word at ``offset`` in ``source`` (None when no
        word starts at ``offset``)."""
        starts = self._starts[source]
        try:
            first = starts.index(offset)
        except ValueError:
            return None
        last = min(len(starts) - 1, first + len(quote.words) - 1)
        word = re.match(r"[^\W_]+", self._sources[source][starts[last] :])
        return starts[last] + (word.end() if word else 0)

    def _vocabulary(self) -> frozenset[str]:
        """Every folded word of the sources."""
        if self._all_words is None:
            self._all_words = frozenset(w for words in self._words for w in words)
        return self._all_words

    def _source_speaker(self, source: int, offset: int, end: int | None) -> tuple[str, ...]:
        """The speaker the source's own words give the quotation from ``offset`` to ``end`` (a name or role
        next to a verb of saying, as :func:`claim_quotes` reads a claim), or () when it names none there (a
        pronoun, no verb of saying, the quotation not between marks, no ``end``)."""
        if end is None:
            return ()
        text = self._sources[source]
        close = next((i for i in range(end, min(len(text), end + _MARK_REACH)) if text[i] in _MARKS), None)
        opening = next((i for i in range(offset - 1, max(-1, offset - 1 - _MARK_REACH), -1) if text[i] in _MARKS), None)
        if close is None or opening is None:
            return ()
        left = max(0, opening - _MARK_REACH)
        return speaker_words(_attributed(text[left:close + 1 + _MARK_REACH], opening - left + 1, close - left))
