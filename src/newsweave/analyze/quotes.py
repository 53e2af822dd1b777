"""Direct quotations and their speakers, resolved to one person across the cluster.

Rule-based and offline. For each paragraph it pairs quote marks (curly and
straight), keeps quotations of four words or more (shorter quoted spans are
mostly terms, titles and scare quotes: 62 of the 69 such spans labelled in
tests/data/quotes_gold_negatives.jsonl, 9 of 477 quotations), and finds the
attribution in the news patterns::

    "…," X said / "…," said X, the … / "…," he told AFP      (after the quote)
    X said: "…" / According to X, "…" / Said X: "…"         (before the quote)
    "A," she said. "B."                                      (split: B inherits A's speaker)
    X said it was hard. "…"                                  (the previous sentence)
    X said the plan was "…"                                  (partial quote in reported speech)

Mentions are then resolved: a pronoun to the speaker last attributed in the
article (else the last full name before the quote); a surname to the full name
it belongs to in the cluster; a role ("the spokesman") to the person the
cluster gives that role. ``benchmarks/quotes_eval.py`` measures precision and
recall against the labelled set.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Quote", "Speaker", "extract_quotes", "quotes_by_speaker"]

# Quotations shorter than this many words are treated as terms or scare quotes.
MIN_QUOTE_WORDS = 4

_SAY = (
    r"(?:said|says|say|told|tells|added|adds|asked|asks|stated|states|wrote|writes|tweeted|tweets|posted"
    r"|explained|explains|noted|notes|argued|argues|insisted|insists|warned|warns|declared|declares|continued"
    r"|recalled|recalls|claimed|claims|stressed|stresses|replied|replies|announced|announces|acknowledged"
    r"|admitted|admits|remarked|observed|complained|urged|urges|agreed|agrees|responded|responds|added|cautioned"
    r"|conceded|concedes|emphasized|emphasised|reiterated|predicted|predicts|testified|shouted|yelled|quipped"
    r"|joked|mused|reads|read|concluded|concludes|pointed\s+out|went\s+on|countered|counters|accused"
    r"|marveled|marvelled|exclaimed|wondered|whispered|recounted|boasted|lamented|cried|sighed|expressed|described"
    r"|was\s+quoted(?:\s+by\s+[^,.\"“”]{1,60}?)?\s+as\s+saying|according\s+to)"
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# A capitalised word; a stop only after a short one ("Mr.", "Jr.", "F."), so names never run
# across a sentence end ("Resources. Socialist").
_CAP_WORD = r"(?:[A-Z][a-z]{0,2}\.|[A-Z][\w’'-]*(?<![’']s)\b)"
_NAME_WORD = rf"(?:{_CAP_WORD}|(?:de|da|del|van|von|bin|al|el|la|le)\b)"
_NAME = rf"(?:{_CAP_WORD}(?:\s+{_NAME_WORD}){{0,5}})"
_ROLE_NP = r"(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat)\s+(?:[\w'’-]+\s+){0,4}?[a-z][\w'’-]*"
_MENTION = rf"(?:{_NAME}|{_ROLE_NP}|[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)"

# After the quote: ', said X' / ', X said' / ', according to X'.
_AFTER_VERB_FIRST = re.compile(
    rf"^\s*[,.!?…—–-]*\s*(?P<verb>{_SAY})\s+(?P<spk>(?:{_NAME}\s+)?(?:[a-z0-9][\w'’-]*\s+){{0,3}}{_NAME}|{_NAME}|{_ROLE_NP})"
)
_AFTER_SUBJECT_FIRST = re.compile(rf"^\s*[,!?…—–-]*\s*(?P<spk>{_MENTION})\s+(?:\w+ly\s+)?(?P<verb>{_SAY})\b")
# Before the quote, in the same sentence: 'X said: ' / 'Said X: ' / 'According to X, '.
_BEFORE_SUBJECT = re.compile(
    rf"(?P<spk>{_ROLE_NP}|{_MENTION})\s+(?:\w+ly\s+)?(?P<verb>{_SAY})\b[^.!?\"“”]{{0,60}}?[:,]?\s*$"
    rf"|(?P<spk2>{_NAME})\s+(?:[^.!?\"“”]{{0,100}}?),\s+(?P<verb2>saying|adding|writing),?\s*$"
)
_BEFORE_VERB_FIRST = re.compile(rf"(?:^|[.!?]\s+)(?P<verb>Said|Says|Adds|Added|Wrote|Writes|According\s+to)\s+(?P<spk>{_NAME}|{_ROLE_NP})\s*[:,]\s*$")
# Anywhere earlier in the sentence (partial quotes): 'X said the ad was "…"'.
_SUBJECT_VERB = re.compile(
    rf"(?P<spk>{_ROLE_NP}|{_NAME}|[Hh]e|[Ss]he)\s+(?:(?:\w+ly|also|then|later|again|had|has|have)\s+)?"
    rf"(?P<verb>{_SAY}|called|described|dubbed|reported)\b"
)

# The end of the attribution clause after a quote: a stop, but not after "Mr", "Dr", "B", "Mrs".
_CLAUSE_END = re.compile(
    r"(?<!\b[A-Z][a-z])(?<!\b[A-Z])(?<!\bMrs)(?<!\bRep)(?<!\bSen)(?<!\bGov)(?<!\bGen)(?<!\bSgt)(?<!\bDet)"
    r"(?<!\bCol)(?<!\bCapt)(?<!\bProf)(?<!\bSupt)[.!?](?:\s|$)"
)
_OPEN = "“\"‘"
_CLOSE = "”\"’"
_ROLE_NOUNS = (
    r"(?:minister|spokes(?:man|woman|person)|president|secretary|chief|director|general|commander|official"
    r"|head|chair(?:man|woman)?|leader|ambassador|governor|mayor|senator|diplomat|envoy|prosecutor|judge)"
)
_ROLE_BEFORE_NAME = re.compile(
    rf"(?P<role>(?:[A-Z][\w’'.-]*\s+){{0,3}}(?i:{_ROLE_NOUNS}))\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{1,3}})"
)
# Nothing but a sentence break between here and the end of the searched text.
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"”’)]*\s+|\n\s*)$")
_LEADING_FUNCTION_WORDS = frozenset(
    "But And So Yet Or Then Still Also However Meanwhile Later Earlier Now Instead Asked Speaking".split()
)
_TRAILING_APPOSITIVE = re.compile(r",[^,]{1,80},?\s*$")
_ROLE_WORDS = re.compile(r"^(?:the|a|an|this|that)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation with its attribution."""

    article: int
    start: int  # offsets of the quoted words (inside the marks) in the article's text
    end: int
    text: str
    speaker: str | None  # canonical name, or None when no attribution was found
    mention: str | None  # the words that attribute it ("Qassemi", "he", "the spokesman")
    verb: str | None  # "said", "told", "according to"
    pattern: str  # after-verb-first, after-subject-first, before, split, previous-sentence, reported, none
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Speaker:
    """One person (or organisation) and every quote the cluster attributes to them."""

    name: str
    role: str | None
    quotes: tuple[Quote, ...]
    articles: tuple[int, ...]


_MARKS = re.compile(r"[“”\"\n]")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of quoted text (inside the marks), paragraph by paragraph.

    Single marks (‘ ’) are left alone: apostrophes far outnumber quotations.
    """
    spans = []
    opening = None
    n = len(text)
    for m in _MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            opening = None  # quotes do not run across paragraphs (an unclosed one is dropped)
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < n else " "
        can_open = ch in "“\"" and (before.isspace() or before in "([—–-:;,/") and not after.isspace()
        can_close = ch in "”\"" and not before.isspace()
        if opening is None and can_open:
            opening = i + 1
        elif opening is not None and can_close:
            if i > opening:
                spans.append((opening, i))
            opening = None
        elif opening is not None and can_open and ch == "“":
            opening = i + 1  # an unclosed quote (multi-paragraph) restarts
    return spans


def _clause_end(text: str) -> re.Match[str] | None:
    """The first sentence end in ``text`` that does not follow a title ("Rev.", "Gen.") or an initial."""
    for m in _CLAUSE_END.finditer(text):
        word = re.search(r"(\w+)$", text[: m.start()])
        if word and text[m.start()] == "." and (word.group(1) in _TITLES or len(word.group(1)) == 1):
            continue
        return m
    return None


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Start of the sentence containing ``pos`` (not before ``floor``)."""
    best = floor
    for m in re.finditer(r"[.!?][\"”’)]*\s+(?=[\"“A-Z]|$)", text[floor:pos]):
        best = floor + m.end()
    return best


def _clean_mention(raw: str) -> str:
    mention = re.sub(r"\s*\([^)]*\)", "", raw).strip().strip(",")  # "Rep. Adam B. Schiff (Calif.)"
    mention = _TRAILING_APPOSITIVE.sub("", mention).strip()
    # A sentence-final stop is not part of the name ("Ganz."), an initial's is ("Jr.").
    if mention.endswith(".") and len(mention.split()[-1]) > 3:
        mention = mention[:-1]
    if mention.endswith(("'s", "’s")):
        mention = mention[:-2]
    words = mention.split()
    while len(words) > 1 and words[0] in _LEADING_FUNCTION_WORDS:  # "But Qassemi" → "Qassemi"
        words = words[1:]
    return " ".join(words)


def _name_and_role(mention: str) -> tuple[str, str | None]:
    """Split 'Foreign Ministry spokesman Bahram Qassemi' into the name and the role before it."""
    if " of " in mention:  # "David Wasserman of the Cook Political Report"
        name, _, org = mention.partition(" of ")
        if name[:1].isupper() and len(name.split()) >= 2:
            return _name_and_role(name.strip())[0], org.strip()
        # "Court of Queen's Bench Justice Kristine Eidsvik": the name is at the end.
        mention = mention.rpartition(" of ")[2]
    words = mention.split()
    # The name is the trailing run of capitalised words; lowercase words before it belong to the role.
    i = len(words)
    while i > 0 and (words[i - 1][:1].isupper() or words[i - 1] in ("de", "da", "van", "von", "bin", "al")):
        i -= 1
    # Titles glued to the name go to the role: "Fire Chief Tomas Lindqvist", "Gov. Chris Christie".
    for j in range(len(words) - 2, i - 1, -1):
        if words[j].rstrip(".") in _TITLES:
            i = j + 1
            break
    if i == 0:
        return mention, None
    return " ".join(words[i:]), " ".join(words[:i])


_VERB_IN_CLAUSE = re.compile(rf"\s(?P<verb>{_SAY})\b")
_LEADING_PUNCT = re.compile(r"^[\s,!?…—–-]+")


# Titles written before a name; they belong to the speaker's role, not the name.
_TITLES = frozenset(
    """Mayor Chief Minister Secretary President Vice Gov Governor Sen Senator Rep Representative Dr Mr Mrs Ms
    Det Detective Sgt Sergeant Lt Lieutenant Capt Captain Gen General Col Colonel Adm Admiral Prof Professor
    Rev Judge Justice Commissioner Officer Spokesman Spokeswoman Spokesperson Director Chairman Chairwoman
    Ambassador Prime Premier King Queen Prince Princess Pope Sheriff Attorney Councilman Councilwoman
    Superintendent Inspector Constable Chancellor Speaker Leader Coach Sir Dame Chair Chairman Democrat
    Republican Democratic GOP Independent Reporter Correspondent Anchor Host Editor Analyst Creator Founder
    Resident Voter Veteran""".split()
)

_DATE_WORDS = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Today Yesterday Tomorrow""".split()
)


def _is_date_word(name: str) -> bool:
    return any(w.strip(".,") in _DATE_WORDS for w in name.split())


def _subject_before_verb(clause: str) -> tuple[str, str] | None:
    """The named subject of the first speech verb in the clause after a quote.

    Handles roles and appositives around the name: '," police spokeswoman Ashley Savage said',
    '," Dwayne Dickerson, the project's attorney, told', '," Det. Charles Geiger of the LAPD told'.
    """
    verb = _VERB_IN_CLAUSE.search(clause)
    if verb is None:
        return None
    subject = _LEADING_PUNCT.sub("", clause[: verb.start()])
    if not subject or len(subject.split()) > 14:
        return None
    # "Dwayne Dickerson, the project's attorney," or "the secretary of X, Ali Shamkhani,":
    # the name is whichever comma-separated part is one.
    for part in (p.strip() for p in subject.split(",")):
        part = part.split(" of ")[0].strip()  # "Det. Charles Geiger of the LAPD"
        name, _ = _name_and_role(part)
        if name[:1].isupper() and len(name.split()) <= 5 and re.fullmatch(rf"{_NAME}", name) and not _is_date_word(name):
            return part, verb.group("verb")
    return None


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last non-overlapping match of ``pattern`` in ``text``."""
    last = None
    for last in pattern.finditer(text):  # noqa: B007  (we want the final one)
        pass
    return last


@dataclass
class _Raw:
    article: int
    start: int
    end: int
    text: str
    mention: str | None
    verb: str | None
    pattern: str
    role: str | None = None


def _attribute(text: str, spans: list[tuple[int, int]], article: int) -> list[_Raw]:
    raws: list[_Raw] = []
    for k, (start, end) in enumerate(spans):
        quote = text[start:end]
        if len(quote.split()) < MIN_QUOTE_WORDS:
            continue
        para_start = text.rfind("\n", 0, start) + 1
        para_end = text.find("\n", end)
        para_end = len(text) if para_end == -1 else para_end
        next_quote = spans[k + 1][0] - 1 if k + 1 < len(spans) and spans[k + 1][0] < para_end else para_end
        after = text[end + 1 : next_quote]
        # The attribution after a quote ends at the sentence end.
        m_end = _clause_end(after)
        after_clause = after[: m_end.start() + 1] if m_end else after
        prev_quote_end = spans[k - 1][1] + 1 if k and spans[k - 1][1] >= para_start else para_start
        before = text[prev_quote_end : start - 1]
        raw = _Raw(article, start, end, quote, None, None, "none")
        m = _AFTER_VERB_FIRST.match(after_clause)
        if m:
            raw.mention, raw.verb, raw.pattern = _clean_mention(m.group("spk")), m.group("verb"), "after-verb-first"
            # The name is the last capitalised run of the phrase before the first comma:
            # "said Court of Queen's Bench Justice Kristine Eidsvik", "claimed GOP Chair JB Romano".
            phrase = after_clause[m.start("spk") :].split(",")[0].rstrip(" .")
            runs = re.findall(rf"{_CAP_WORD}(?:\s+{_NAME_WORD})+", phrase)
            if runs and raw.mention[:1].isupper():
                raw.mention = _clean_mention(phrase[phrase.rfind(runs[-1]) :])
            rest = after_clause[m.end() :]
            role = re.match(r"\s*,\s*(?:the|a|an)?\s*([^,.;]{3,80})", rest)
            if role and raw.mention[:1].isupper():
                raw.role = role.group(1).strip()
        else:
            m = _AFTER_SUBJECT_FIRST.match(after_clause)
            subject = None if m else _subject_before_verb(after_clause)
            if m:
                raw.mention, raw.verb, raw.pattern = _clean_mention(m.group("spk")), m.group("verb"), "after-subject-first"
            elif subject:
                raw.mention, raw.verb, raw.pattern = subject[0], subject[1], "after-subject-first"
            else:
                sentence = before[_sentence_start(before, len(before), 0) - 0 :] if before else ""
                m = _BEFORE_VERB_FIRST.search(sentence) or _BEFORE_SUBJECT.search(sentence)
                subject = _subject_before_verb(" " + sentence) if m and m.group("spk") and m.group("spk")[:1].isupper() else None
                if subject and re.search(r"[:,]\s*$", sentence):
                    # "William B. Becker, creator of the … Museum of Photography says," → Becker
                    raw.mention, raw.verb, raw.pattern = _clean_mention(subject[0]), subject[1], "before"
                elif m:
                    spk = m.group("spk") or m.groupdict().get("spk2")
                    verb = m.group("verb") or m.groupdict().get("verb2")
                    raw.mention, raw.verb, raw.pattern = _clean_mention(spk), verb, "before"
                else:
                    m = _last_match(_SUBJECT_VERB, sentence)
                    if m is not None and not re.search(r"[.!?][\"”]?\s", sentence[m.end() :]):
                        raw.mention, raw.verb, raw.pattern = _clean_mention(m.group("spk")), m.group("verb"), "reported"
                    else:
                        # "Robert Marus, a spokesman for …, said that the office “…”"
                        subject = _subject_before_verb(" " + sentence)
                        if subject:
                            raw.mention, raw.verb, raw.pattern = _clean_mention(subject[0]), subject[1], "reported"
        if raw.mention and (raw.mention.lower().split()[0] in ("according",) or _is_date_word(raw.mention)):
            raw.mention = None
        raws.append(raw)
    # Split quotes and quotes attributed by the previous sentence.
    for k, raw in enumerate(raws):
        if raw.mention is not None:
            continue
        para_start = text.rfind("\n", 0, raw.start) + 1
        prev = raws[k - 1] if k else None
        if prev is not None and prev.mention is not None and prev.end >= para_start - 1 and raw.start - prev.end < 400:
            raw.mention, raw.verb, raw.pattern, raw.role = prev.mention, prev.verb, "split", prev.role
            continue
        # A paragraph that is all quotation continues the quote that ended the previous
        # paragraph (multi-paragraph quotes, statements quoted at length).
        if prev is not None and prev.mention is not None and text[para_start : raw.start - 1].strip() == "":
            gap = text[prev.end + 1 : para_start]
            if "\n" in gap and len(gap.strip()) < 200 and not re.search(r"[“\"]", gap):
                raw.mention, raw.verb, raw.pattern, raw.role = prev.mention, prev.verb, "continued", prev.role
                continue
        # The sentence (or paragraph) just before the quote names a speaker with a speech verb.
        window = text[max(0, raw.start - 300) : raw.start - 1]
        sentences = re.split(r"(?<=[.!?:])[\"”]?\s+", window.strip())
        last = sentences[-1] if sentences else ""
        m = _last_match(_SUBJECT_VERB, last)
        if m is not None and m.group("verb") not in ("called", "described", "dubbed") and not _is_date_word(m.group("spk")):
            raw.mention, raw.verb, raw.pattern = _clean_mention(m.group("spk")), m.group("verb"), "previous-sentence"
    return raws


# Capitalised words that start a sentence or a place/organisation name, not a person's name.
_NOT_FIRST_NAME = frozenset(
    """In On At The But And When If After Before As For From With Without Since During While Under Over
    Although Though Yet So Or Nor Last This That These Those Then Now Later Earlier Still Also Meanwhile
    However Many Some Most Other Such Mr Mrs Ms Dr January February March April May June July August
    September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    North South East West New""".split()
)
_PLACE_WORDS = frozenset(
    """Beach County Street Avenue Road City Park River Lake Island Valley Mountain Hospital University College
    School Department Police Church Center Centre Station Airport Bridge Hall House Court Ministry Agency
    Service Council Committee Party Times Post News Journal Press Herald Tribune Magazine Network Group
    Company Corporation Inc Institute Foundation Association Museum Stadium Square Harbour Harbor Bay
    Coast State States Kingdom Republic Union Nations""".split()
)
_PERSON_NAME = re.compile(rf"\b[A-Z][a-z][\w'’-]*(?<![’']s)\b(?:\s+{_NAME_WORD})+")


_SPEAKS_AFTER = re.compile(rf"(?:,[^,.]{{1,60}},)?\s+(?:\w+ly\s+)?{_SAY}\b")


def _person_names(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of likely person names (two or more capitalised words) in ``text``."""
    out = []
    for m in _PERSON_NAME.finditer(text):
        words = m.group().rstrip(".").split()
        while words and words[0].rstrip(".") in _NOT_FIRST_NAME:
            words = words[1:]
        if len(words) < 2 or any(w.rstrip(".,") in _PLACE_WORDS for w in words):
            continue
        name, _ = _name_and_role(" ".join(words))
        if len(name.split()) >= 2:
            out.append((m.start(), m.end(), name))
    return out


_PRONOUN_AFTER = re.compile(r"\b(he|his|him|himself|she|her|hers|herself)\b", re.IGNORECASE)
_FEMALE = frozenset({"she", "her", "hers", "herself"})


def _genders(texts: Sequence[str], known: list[str]) -> dict[str, str]:
    """'f' or 'm' for names the text itself genders: the first pronoun after a mention,
    before any other name, votes ("Velemina Williams, 80, said her grandmother …")."""
    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for text in texts:
        names = _person_names(text)
        for k, (_, end, name) in enumerate(names):
            stop = names[k + 1][0] if k + 1 < len(names) else len(text)
            m = _PRONOUN_AFTER.search(text, end, min(stop, end + 200))
            if m:
                votes[_canonical(name, known)][m.group(1).lower() in _FEMALE] += 1
    return {n: ("f" if f > m else "m") for n, (m, f) in votes.items() if m != f}


def _people(texts: Sequence[str]) -> list[str]:
    """Likely person names in the cluster, in order of first mention."""
    seen: dict[str, None] = {}
    for text in texts:
        for _, _, name in _person_names(text):
            seen.setdefault(name, None)
    return list(seen)


def _canonical(name: str, known: list[str], counts: dict[str, int] | None = None) -> str:
    """The fullest name in ``known`` that ends with ``name``'s surname and contains its other words.

    When several people share the surname ("Donald Trump", "Melania Trump"), a bare
    surname goes to the one the cluster mentions most (``counts``).
    """
    words = name.replace("-", " ").split()
    if not words:
        return name
    surname = words[-1]
    candidates = []
    for k in known:
        k_words = k.replace("-", " ").split()  # "Jean Yves Le Drian" is "Jean-Yves Le Drian"
        if k_words[-1] == surname and all(w in k_words for w in words):
            candidates.append(k)
    if counts and len(words) == 1 and len({c.replace("-", " ").split()[0] for c in candidates}) > 1:
        return max(candidates, key=lambda k: (counts.get(k, 0), len(k.split()), -known.index(k)))
    return max(candidates, key=lambda k: (len(k.split()), "-" in k, -known.index(k)), default=name)


def extract_quotes(texts: Sequence[str]) -> list[Quote]:
    """Quotes of every article (``texts[i]`` is article ``i``'s text), speakers resolved across them."""
    raws = [raw for i, text in enumerate(texts) for raw in _attribute(text, _quote_spans(text), i)]
    cache: dict[tuple[str, bool, int], str] = {}

    def canon(name: str, known: list[str], counts: dict[str, int] | None = None) -> str:
        key = (name, counts is not None, len(known))
        if key not in cache:
            cache[key] = _canonical(name, known, counts)
        return cache[key]

    named = [
        r
        for r in raws
        if r.mention and r.mention[:1].isupper() and r.mention.lower() not in _PRONOUNS and not _ROLE_WORDS.match(r.mention)
    ]
    known_full: list[str] = []
    roles: dict[str, str] = {}
    for r in named:
        name, role = _name_and_role(r.mention or "")
        if not name:
            continue
        if len(name.split()) >= 2 and name not in known_full:
            known_full.append(name)
        if role or r.role:
            roles.setdefault(name, r.role or role or "")
    for name in _people(texts):
        if name not in known_full:
            known_full.append(name)
    for text in texts:  # roles the articles give in passing: "France's Foreign Minister Jean-Yves Le Drian"
        for m in _ROLE_BEFORE_NAME.finditer(text):
            bare = re.sub(r"['’]s$", "", m.group("name"))
            name = canon(_name_and_role(bare)[0], known_full)
            if name:
                roles.setdefault(name, m.group("role"))
    genders = _genders(texts, known_full)
    # People the cluster quotes by name somewhere: safer antecedents than any capitalised name.
    # Mention counts, only for surnames several known people share (used to pick the likelier one).
    by_surname: dict[str, list[str]] = defaultdict(list)
    for k in known_full:
        by_surname[k.replace("-", " ").split()[-1]].append(k)
    mentions = {k: sum(t.count(k) for t in texts) for group in by_surname.values() if len(group) > 1 for k in group}
    # Surnames of people the cluster names in full ("Qassemi said" after "Bahram Qassemi").
    last_names = sorted({k.split()[-1] for k in known_full if len(k.split()[-1]) > 2}, key=len, reverse=True)
    surnames = re.compile(r"\b(?:" + "|".join(map(re.escape, last_names)) + r")\b") if last_names else re.compile(r"(?!)")
    out: list[Quote] = []
    last_speaker: dict[int, tuple[str, int]] = {}
    for r in sorted(raws, key=lambda r: (r.article, r.start)):
        speaker: str | None = None
        role = r.role
        if r.mention:
            low = r.mention.lower()
            if low in ("it", "they", "we", "i"):
                speaker = None  # organisations and groups: no reliable antecedent
            elif low in _PRONOUNS:
                previous = last_speaker.get(r.article)
                since = previous[1] if previous else max(0, r.start - 1500)
                # A person named between the last attributed quote and this one is the
                # likelier antecedent ("Velemina Williams, 80, said …. "…," she said").
                # The antecedent comes before the pronoun, which may itself precede the
                # quote ("He also said Le Drian “…”"): stop the window at the pronoun.
                cuts = [m.start() for m in re.finditer(rf"\b{re.escape(r.mention)}\b", texts[r.article][since : r.start])]
                window = texts[r.article][since : since + cuts[-1] if cuts else r.start]
                wanted = {"he": "m", "she": "f"}.get(low)

                def fits(name: str, wanted: str | None = wanted) -> bool:
                    return wanted is None or genders.get(name, wanted) == wanted

                named_since = [(start, end, canon(n, known_full)) for start, end, n in _person_names(window)]
                named_since += [
                    (m.start(), m.end(), canon(m.group(), known_full, mentions)) for m in surnames.finditer(window)
                ]
                named_since.sort()
                named_since = [(start, end, n) for start, end, n in named_since if fits(n)]
                # Prefer a name that is itself the subject of a speech verb or given an age,
                # then one that starts a sentence (the subject the pronoun continues).
                speaking = [n for _, end, n in named_since if _SPEAKS_AFTER.match(window, end)]
                subjects = [n for start, _, n in named_since if _SENTENCE_START.search(window, 0, start)]
                if speaking:
                    speaker = speaking[-1]
                elif previous and r.start - previous[1] < 3000 and fits(previous[0]):
                    speaker = previous[0]
                elif subjects:
                    speaker = subjects[-1]
                # Otherwise the antecedent is unknown: better no speaker than a guessed one.
            elif _ROLE_WORDS.match(r.mention) and r.mention.split()[-1][:1].islower():
                # "the spokesman", "The French foreign minister": the one person the cluster
                # gives that role. An unresolved role ("a statement", "the company") names nobody.
                head = r.mention.split()[-1].lower()
                matches = {canon(n, known_full) for n, role_text in roles.items() if head in role_text.lower()}
                speaker = matches.pop() if len(matches) == 1 else None
            else:
                name, found_role = _name_and_role(r.mention)
                speaker = canon(name, known_full, mentions) or None
                role = role or found_role
        if speaker:
            last_speaker[r.article] = (speaker, r.end)
            role = role or roles.get(speaker)
        out.append(Quote(r.article, r.start, r.end, r.text, speaker, r.mention, r.verb, r.pattern, role))
    return out


def quotes_by_speaker(quotes: Sequence[Quote]) -> list[Speaker]:
    """Attributed quotes grouped by speaker, most-quoted first (ties: first quoted first)."""
    groups: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        if q.speaker:
            groups[q.speaker].append(q)
    speakers = []
    for name, qs in groups.items():
        role = next((q.role for q in qs if q.role), None)
        speakers.append(Speaker(name, role, tuple(qs), tuple(sorted({q.article for q in qs}))))
    order = {name: i for i, name in enumerate(groups)}
    speakers.sort(key=lambda s: (-len(s.quotes), order[s.name]))
    return speakers
