"""Finding each quotation's attribution in the text and resolving it to one speaker across the cluster
(see the package docstring for the patterns)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .evidence import _Evidence
from .lexicon import (
    _CAP_WORD,
    _MENTION,
    _NAME,
    _NAME_WORD,
    _NOT_FIRST_NAME,
    _PRONOUNS,
    _ROLE_NP,
    _SAY,
    _TITLES,
    _canonical,
    _is_date_word,
    _name_and_role,
    _person_names,
)
from .marks import _close_width, _mask_quotes, _open_width, _quote_spans
from .values import Quote

# Quotations shorter than this many words are treated as terms or scare quotes.
MIN_QUOTE_WORDS = 4

# After the quote: ', said X' / ', X said' / ', according to X'.
_AFTER_VERB_FIRST = re.compile(
    rf"^\s*[,.!?…—–-]*\s*(?P<verb>{_SAY})\s+(?P<spk>(?:{_NAME}\s+)?(?:[a-z0-9][\w'’-]*\s+){{0,3}}{_NAME}|{_NAME}|{_ROLE_NP}"
    r"|(?:his|her|their|its)\s+(?:[\w'’-]+\s+){0,4}?[a-z][\w'’-]*)"  # "said his best friend at Lehigh, Bruce Turry"
)
# '"…," an angry Hollande retaliated.': a name and any past-tense verb closing the sentence.
# Calibration (polnear-train, --no-nlp): attribution recall 0.886 -> 0.889, wrong speakers 110 -> 107.
# Every rule added for PolNeAR was kept only if at least 4 in 5 of the speakers it adds on
# polnear-train are right (the bar for "no speaker rather than a wrong one"); re-run
# benchmarks/quotes_eval.py --no-nlp --set polnear-train after changing any of them.
_AFTER_ANY_VERB = re.compile(
    rf"^\s*[,!?…—–-]*\s*(?:an?\s+[a-z]+\s+)?(?P<spk>{_NAME})\s+(?:\w+ly\s+)?(?P<verb>[a-z]{{3,}}ed)\s*[.!?]?\s*$"
)
_AFTER_SUBJECT_FIRST = re.compile(rf"^\s*[,!?…—–-]*\s*(?P<spk>{_MENTION})\s+(?:\w+ly\s+)?(?P<verb>{_SAY})\b")
# Before the quote, in the same sentence: 'X said: ' / 'Said X: ' / 'According to X, '.
_BEFORE_SUBJECT = re.compile(
    rf"(?P<spk>{_ROLE_NP}|{_MENTION})\s+(?:\w+ly\s+)?(?P<verb>{_SAY})\b[^.!?\"“”]{{0,60}}?[:,]?\s*$"
    rf"|(?P<spk2>{_NAME})\s+(?:[^.!?\"“”]{{0,100}}?),\s+(?P<verb2>saying|adding|writing),?\s*$"
)
_BEFORE_VERB_FIRST = re.compile(
    rf"(?:^\s*|[.!?]\s+)(?P<verb>Said|Says|Adds|Added|Wrote|Writes|Stated|Continued|Continues|According\s+to)\s+(?P<spk>(?:the\s+)?{_NAME}|{_ROLE_NP})"
    rf"(?:\s+of\s+(?:the\s+)?{_NAME})?(?:,[^,.:;\"“”]{{1,80}})?\s*[:,]\s*$"
)
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


_TRAILING_PHRASE = re.compile(
    rf"({_NAME}(?:\s+of\s+(?:the\s+)?{_NAME})?)\s+(?:in|on|at|to|during|via|from|after|before|outside|while|when"
    r"|with|through|over|for|last|this|earlier|later|shortly)\s"
)


def _clean_mention(raw: str) -> str:
    mention = re.sub(r"\s*\([^)]*\)", "", raw).strip().strip(",")  # "Rep. Adam B. Schiff (Calif.)"
    mention = _TRAILING_APPOSITIVE.sub("", mention).strip()
    # A sentence-final stop is not part of the name ("Ganz."), an initial's is ("Jr.").
    if mention.endswith(".") and len(mention.split()[-1]) > 3:
        mention = mention[:-1]
    if mention.endswith(("'s", "’s")):
        mention = mention[:-2]
    # "Buck on Twitter", "Colorado Pols in a blog post", "David Wasserman of the … Report on March 18".
    tail = _TRAILING_PHRASE.match(mention)
    if tail:
        mention = tail.group(1)
    words = mention.split()
    while len(words) > 1 and (words[0] in _LEADING_FUNCTION_WORDS or words[0] in ("as", "As") and words[1][:1].isupper()):
        words = words[1:]  # "But Qassemi" → "Qassemi", "as The Hill" → "The Hill"
    return " ".join(words)


_VERB_IN_CLAUSE = re.compile(rf"\s(?P<verb>{_SAY})\b")
_LEADING_PUNCT = re.compile(r"^[\s,!?…—–-]+")


def _subject_before_verb(clause: str) -> tuple[str, str] | None:
    """The named subject of the first speech verb in the clause after a quote.

    Handles roles and appositives around the name: '," police spokeswoman Ashley Savage said',
    '," Dwayne Dickerson, the project's attorney, told', '," Det. Charles Geiger of the LAPD told'.
    """
    verb = _VERB_IN_CLAUSE.search(clause)
    if verb is None:
        return None
    subject = _LEADING_PUNCT.sub("", re.sub(r"\s*\([^)]{1,40}\)", "", clause[: verb.start()]))  # "(D-Ore.)"
    if not subject or len(subject.split()) > 32:
        return None
    # "Dwayne Dickerson, the project's attorney," or "the secretary of X, Ali Shamkhani,":
    # the name is whichever comma-separated part is one.
    parts = [p.strip() for p in subject.split(",")]
    for k, part in enumerate(parts):
        if k == 0 and len(subject.split()) > 14 and not part[:1].isupper():
            return None  # a long subject must open with the name ("Karen Davis, a professor in …, said")
        if re.match(r"(?:to|in|on|at|for|from|with|by|about|into|than)\s", part):
            continue  # '" to Karamat, Khan wrote': an object, not the subject
        if _NOT_A_MENTION.match(part + " ") or part.split(" ", 1)[0] in _INTRO_ADVERBS:
            continue  # "When asked by Ingraham …, Cruz said", "Soon after …, Canova wrote": an introductory clause
        if k and re.match(r"(?:who|which|that|whose|where|\w+ed|\w+ing)\s", part):
            continue  # "A spokesman for the building, designed by … Renzo Piano, said": a relative clause
        part = part.split(" of ")[0].strip()  # "Det. Charles Geiger of the LAPD"
        if part in _LEADING_FUNCTION_WORDS or part == "One":
            continue  # "Or, as Tom Ridge … put it", "One of the … executives, Michael Sexton, testified"
        name, role = _name_and_role(part)
        following = parts[k + 1] if k + 1 < len(parts) else ""
        if role and role.lower() in ("the", "a", "an") and re.fullmatch(r"[\w.'’-]+(?:\s+[\w.'’-]+){0,2}\s+[a-z]+", following):
            continue  # "the Battle Creek, Mich.-based company": a place in a longer subject
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
    short: bool = False  # under MIN_QUOTE_WORDS: attributed, then dropped


# What follows a name after a comma that is not a role: a relative or adverbial clause.
_CLAUSE_ROLE = re.compile(r"(?:who|whom|whose|which|that|where|when|while|as|after|before|because|if|although)\b|\w+ing\b", re.IGNORECASE)


# How an attribution's subject never starts: a subordinator, a sentence adverb or a participle phrase.
# Calibration (polnear-train): wrong speakers 142 -> 123, recall unchanged (0.856).
_NOT_A_MENTION = re.compile(
    r"(?:until|that|as|if|when|while|after|before|because|since|whether|than|though|although|unless|once|where)\s"
    r"|(?:Therefore|Thus|Hence|After|Before|As|When|While|Because|Since|Until|If|Although|Though|Unless|Whether)\s"
    r"|[A-Z][a-z]+ing\s+(?!(?:[A-Z]|said|says|told)\b)"
)


# Words opening an introductory clause before the subject ("Soon after …, Canova wrote"); polnear-train
# recall 0.856 -> 0.863 (a broader list, every word of _NOT_FIRST_NAME, lost "New Jersey Gov. Chris
# Christie" on fulltext-dev).
_INTRO_ADVERBS = frozenset("Soon Shortly Just Even Later Earlier Then Still Meanwhile However Moreover Instead Asked".split())


def _attribute(text: str, spans: list[tuple[int, int]], article: int) -> list[_Raw]:
    raws: list[_Raw] = []
    for k, (start, end) in enumerate(spans):
        quote = text[start:end]
        short = len(quote.split()) < MIN_QUOTE_WORDS
        para_start = text.rfind("\n", 0, start) + 1
        para_end = text.find("\n", end)
        para_end = len(text) if para_end == -1 else para_end
        next_quote = spans[k + 1][0] - _open_width(text, spans[k + 1][0]) if k + 1 < len(spans) and spans[k + 1][0] < para_end else para_end
        after = text[end + _close_width(text, end) : next_quote]
        # The attribution after a quote ends at the sentence end.
        m_end = _clause_end(after)
        after_clause = after[: m_end.start() + 1] if m_end else after
        prev_quote_end = spans[k - 1][1] + _close_width(text, spans[k - 1][1]) if k and spans[k - 1][1] >= para_start else para_start
        before = text[prev_quote_end : start - _open_width(text, start)]
        raw = _Raw(article, start, end, quote, None, None, "none", short=short)
        # '"… of that." His husband, Andrew Faulk, adds, "…"': a quote that ends its sentence,
        # followed by a new sentence leading into the next quote: that sentence introduces the next one.
        nxt = text[spans[k + 1][0] : spans[k + 1][0] + 1] if next_quote < para_end else ""
        leads_on = (
            quote.rstrip().endswith(".")
            and m_end is None
            and next_quote < para_end
            and after_clause.strip()[:1].isupper()
            and not (nxt.islower() and after_clause.rstrip().endswith(","))
        )
        # '"… for a long time." Political analyst David Bositis agreed that …': a quotation that
        # ends its sentence is followed by a new sentence, not by its attribution.
        leads_on = leads_on or bool(re.search(r"\.['’]?\s*$", quote) and re.match(r"\s+[A-Z]", after))
        m = None if leads_on else _AFTER_VERB_FIRST.match(after_clause)
        if m:
            raw.mention, raw.verb, raw.pattern = _clean_mention(m.group("spk")), m.group("verb"), "after-verb-first"
            # The name is the last capitalised run of the phrase before the first comma:
            # "said Court of Queen's Bench Justice Kristine Eidsvik", "claimed GOP Chair JB Romano".
            phrase = after_clause[m.start("spk") :].split(",")[0].rstrip(" .")
            head = phrase.split(" of ")[0]
            if len(head.split()) >= 2 and head.split()[-1][:1].isupper():
                phrase = head  # "wrote David Wasserman of the Cook Political Report"
            runs = re.findall(rf"{_CAP_WORD}(?:\s+{_NAME_WORD})+", phrase)
            if runs and (raw.mention[:1].isupper() or not _ROLE_WORDS.match(raw.mention)):
                # "said former Utah governor Michael Leavitt": the name, not "former Utah"
                raw.mention = _clean_mention(phrase[phrase.rfind(runs[-1]) :])
            rest = after_clause[m.end() :]
            appositive = re.match(rf",\s*(?P<name>{_NAME})\s*(?:[,.]|$)", after_clause[m.start("spk") + len(phrase) :])
            if not runs and raw.mention[:1].islower() and appositive and " " in appositive.group("name"):
                raw.mention = appositive.group("name")  # "said another Twitter user, Johanna Bayer"
                rest = ""
            role = re.match(r"\s*,\s*(?:the|a|an)?\s*([^,.;]{3,80})", rest)
            # "said Mayor Anna Berg, who had campaigned …": the title before the name is the role,
            # and a relative or adverbial clause after it is none.
            if role and raw.mention[:1].isupper() and not _name_and_role(raw.mention)[1] and not _CLAUSE_ROLE.match(role.group(1)):
                raw.role = role.group(1).strip()
        else:
            m = None if leads_on else _AFTER_SUBJECT_FIRST.match(after_clause) or _AFTER_ANY_VERB.match(after_clause)
            subject = None if m or leads_on else _subject_before_verb(after_clause)
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
                elif re.fullmatch(rf"\s*{_NAME}\s*:\s*", sentence):
                    # 'Clinton: "…" Bush: "…"': each name introduces its own quotation.
                    raw.mention, raw.pattern = _clean_mention(sentence.strip().rstrip(":")), "before"
                elif _NAME_VERB_COLON.search(sentence):
                    # 'Kasich resisted: "…"': a name, a verb and a colon introduce the quotation.
                    raw.mention, raw.pattern = _clean_mention(_NAME_VERB_COLON.search(sentence).group("spk")), "before"
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
    # Split quotes and quotes attributed by the previous sentence. A short quotation ("He deserved
    # it," the assailant said. "…") is not listed, but passes on an attribution that follows it.
    for k, raw in enumerate(raws):
        if raw.mention is not None or raw.short:
            continue
        para_start = text.rfind("\n", 0, raw.start) + 1
        j = k - 1
        while j >= 0 and raws[j].short and not raws[j].pattern.startswith("after"):
            j -= 1  # a short quotation nothing attributes right after it is a term, not a turn
        prev = raws[j] if j >= 0 else None
        if prev is not None and prev.mention is not None and prev.end >= para_start - 1 and raw.start - prev.end < 400:
            raw.mention, raw.verb, raw.pattern, raw.role = prev.mention, prev.verb, "split", prev.role
            continue
        # A paragraph that is all quotation continues the quote that ended the previous
        # paragraph (multi-paragraph quotes, statements quoted at length).
        if prev is not None and prev.mention is not None and text[para_start : raw.start - _open_width(text, raw.start)].strip() == "":
            gap = text[prev.end + _close_width(text, prev.end) : para_start]
            # Only from the paragraph just before: a paragraph in between has its own say.
            between = "".join(gap.split("\n")[1:]).strip()
            if "\n" in gap and len(gap.strip()) < 200 and not between and not re.search(r"[“\"]", gap):
                raw.mention, raw.verb, raw.pattern, raw.role = prev.mention, prev.verb, "continued", prev.role
                continue
        # A paragraph ending with a colon introduces the quotation paragraph after it: "President
        # Clinton released the following statement:", "The Clinton Foundation describes itself …:".
        if not text[para_start : raw.start - _open_width(text, raw.start)].strip():
            prev_para = text[:para_start].rstrip()
            if prev_para.endswith(":"):
                sentence = prev_para[_sentence_start(prev_para, len(prev_para), prev_para.rfind("\n") + 1) :]
                m = _BEFORE_VERB_FIRST.search(sentence)  # "Stated Stone:"
                if m:
                    raw.mention, raw.verb, raw.pattern = _clean_mention(m.group("spk")), m.group("verb"), "previous-sentence"
                    continue
                m = _SUBJECT_WITH_VERB.match(sentence)
                if m and _SUBJECT_TAIL.match(sentence, m.end("spk")) and not _is_date_word(m.group("spk")):
                    raw.mention, raw.pattern = _clean_mention(m.group("spk")), "previous-sentence"
                    continue
        # The sentence (or paragraph) just before the quote names a speaker with a speech verb.
        window = text[max(0, raw.start - 300) : raw.start - _open_width(text, raw.start)]
        sentences = re.split(r"(?<=[.!?:])[\"”]?\s+", window.strip())
        last = sentences[-1] if sentences else ""
        m = _last_match(_SUBJECT_VERB, last)
        if m is not None and m.group("verb") not in ("called", "described", "dubbed") and not _is_date_word(m.group("spk")):
            raw.mention, raw.verb, raw.pattern = _clean_mention(m.group("spk")), m.group("verb"), "previous-sentence"
        if raw.mention is None:
            _attribute_by_subject(text, raw, para_start)
    return raws


_STOP = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“'‘A-Z])")
# The subject opening a sentence, after introductory phrases (a capitalised one, then perhaps a
# lowercase one: "Moreover, as part of the exchange with Clinton, Gowdy referenced …"; each up to 100
# characters, the longest openers in polnear-train's sentences; a second capitalised one added more
# wrong speakers than right: recall 0.891 vs 0.890, wrong 106 vs 107), with an optional role before the name
# ("The Slate technology columnist David Auerbach"). With the colon and dash rules below, this
# last resort took polnear-train recall from 0.805 to 0.844 (precision 0.969 -> 0.962; 167 of
# 178 speakers it gave right once the passive was excluded).
_SENTENCE_SUBJECT = re.compile(
    r"\s*(?:[A-Z][^,!?\"“”]{0,100},\s*(?:[a-z][^,!?\"“”]{0,100},\s*)?)?"
    rf"(?:(?:But|And|Still|Yet|Then|So|Also|Instead|As)\s+)?(?:(?:[Tt]he|[Aa]n?)\s+(?:[\w'’.-]+\s+){{0,5}}?)?(?P<spk>{_NAME}|[Hh]e|[Ss]he)"
)
# 'Republican pollster Daron Shaw: "…"', the headline 'Trump: ‘…’': a name and a colon right before the quote.
_NAME_COLON = re.compile(rf"(?P<spk>{_NAME})\s*:\s*$")
_NAME_VERB_COLON = re.compile(rf"(?:^|[.!?]\s+)\s*(?P<spk>{_NAME})\s+(?:\w+ly\s+)?[a-z]{{3,}}(?:ed|s)\s*:\s*$")
# A headline or sentence opening with a name and a colon: "Ryan: ‘Anti-Semitic Images’ Have ‘No Place …’".
_OPENING_NAME_COLON = re.compile(rf"\s*(?P<spk>{_NAME}):\s")
# The fact-check form: a quotation paragraph, then a paragraph "- Clinton." or "-President Obama, tweeting …".
_DASH_CREDIT = re.compile(rf"\n\s*[-–—]\s*(?P<spk>{_NAME})")


def _attribute_by_subject(text: str, raw: _Raw, para_start: int) -> None:
    """Last resorts for a quotation nothing attributes yet (sets ``raw``'s mention when one fits).

    The name and colon before it; a dash credit in the next paragraph after a paragraph that is
    all quotation; else the subject of the sentence holding it, when the subject is a name or
    he/she followed by a verb ('Carson took the stage and called the system "…"', 'Mr. Carson
    endorsed Mr. Trump, calling him "…"'): PolNeAR attributes the quotation to that subject.
    """
    head_end = raw.start - _open_width(text, raw.start)
    sent_start = para_start
    for m in _STOP.finditer(text, para_start, head_end + 1):
        word = re.search(r"(\w+)$", text[: m.start()])
        if not (word and (word.group(1) in _TITLES or len(word.group(1)) == 1)):
            sent_start = m.end()  # not after "Mr." or an initial
    head = text[sent_start:head_end]
    m = _NAME_COLON.search(head) or _OPENING_NAME_COLON.match(head)
    if m and not _is_date_word(m.group("spk")) and not _embedded(head, m.start("spk")):
        # (not 'delivered a blunt message to Trump: "…"': the name after a preposition is no speaker)
        raw.mention, raw.verb, raw.pattern = _clean_mention(m.group("spk")), None, "before"
        return
    end = raw.end + _close_width(text, raw.end)
    if not text[para_start : raw.start - _open_width(text, raw.start)].strip():
        para_end = text.find("\n", end)
        m = _DASH_CREDIT.match(text, para_end) if para_end != -1 and not text[end:para_end].strip(" .,") else None
        if m:
            raw.mention, raw.verb, raw.pattern = _clean_mention(m.group("spk")), None, "credit"
            return
    m = _SUBJECT_WITH_VERB.match(head)
    tail = _SUBJECT_TAIL.match(head, m.end("spk")) if m else None
    if tail is None or _is_date_word(m.group("spk")) or re.search(r"\b(?:was|were|is|are|been)\s+\w+ed\s*$", tail.group()):
        return  # no subject, or a passive one ("Sanders was asked by …")
    raw.mention, raw.verb, raw.pattern = _clean_mention(m.group("spk")), None, "subject"


_SPEAKS_AFTER = re.compile(rf"(?:,[^,.]{{1,60}},)?\s+(?:\w+ly\s+)?{_SAY}\b")


_PRONOUN_AFTER = re.compile(r"\b(he|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_FEMALE = frozenset({"she", "her", "hers", "herself"})
# A capitalised word inside a sentence: another name the pronoun could refer to.
_INTERRUPTING_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z]")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]*\s+")


def _genders(texts: Sequence[str], known: list[str]) -> dict[str, str]:
    """'f' or 'm' for names the text itself genders: the first pronoun after a mention, in
    its sentence or starting the next, before any other name, votes ("Velemina Williams, 80,
    said her grandmother …"; "Stefano Petrucci said …. He wept"). "him" does not vote: it is
    mostly someone else ("Mika Brzezinski pressed him")."""
    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for text in texts:
        names = _person_names(text)
        for k, (_, end, name) in enumerate(names):
            stop = names[k + 1][0] if k + 1 < len(names) else len(text)
            seg = text[end : min(stop, end + 200)]
            cut = _INTERRUPTING_NAME.search(seg)
            if cut:
                seg = seg[: cut.start()]
            brk = _SENTENCE_BREAK.search(seg)
            if brk:
                nxt = re.match(r"\w+", seg[brk.end() :])
                seg = seg[: brk.end()] + (nxt.group() if nxt else "")
            m = _PRONOUN_AFTER.search(seg)
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


# A sentence about a statement, and its subject: "In a later statement, Greenpeace said …",
# "Trump's campaign also released a statement saying …", "Romano … said …, in a statement sent to …".
_STATEMENT_SENTENCE = re.compile(r"[^.!?\n]*\bstatement\b[^.!?\n]*")
_INTRO_PHRASE = re.compile(r"^\s*(?:In|At|On|After|Later|Earlier|Meanwhile)\b[^,]{0,100},\s*")
_ISSUER = re.compile(
    r"^\s*(?:[Tt]he\s+)?(?P<x>(?:[A-Z][\w.'’-]*\s+){0,4}?[A-Z][\w.'’-]*?(?:(?:['’]s)?\s+(?:family|campaign|team"
    r"|office|department|company|lawyers?|attorneys?|spokes(?:man|woman|person)))?)(?:['’]s)?"
    rf"\s+(?:(?:\w+ly|also|too|then|later)\s+)?(?:{_SAY}|released|issued|sent|posted|put\s+out|acknowledged)\b"
)


def _statement_issuer(masked: str, pos: int) -> str | None:
    """Who the article last says made a statement before ``pos`` (an organisation or a name)."""
    lo = max(0, pos - 2000)
    for m in reversed(list(_STATEMENT_SENTENCE.finditer(masked, lo, pos))):
        sentence = m.group()
        if re.search(r"(?:[Tt]he|[Tt]his|[Tt]hat)\s+statement\s+\w+", sentence) and not re.search(
            r"\b(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,2}statement", sentence
        ):
            continue  # '" the statement said' is an attribution, not who made it
        sentence = _INTRO_PHRASE.sub("", sentence, count=1)
        issuer = _ISSUER.match(sentence)
        if issuer is None:
            return None
        x = re.sub(r"['’]s\s+", " ", issuer.group("x")).strip()  # "Trump's campaign" → "Trump campaign"
        if x.split()[0] in _NOT_FIRST_NAME or x.lower() in _PRONOUNS:
            return None
        return x
    return None


# What may follow a sentence's subject: an appositive (", the city's chief engineer,"), "of Arizona" or
# "(D-N.Y.)", then a verb ("said", "told", "has", "defended", "attributes").
_APPOSITIVE_CHAR = r"(?:[^.!?\n\"“”]|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z][a-z])\.|(?<=\b[A-Z])\.|\.(?=\S))"
_VERBISH = (
    rf"(?:{_SAY}|(?!(?:his|its|this|thus|plus|us|as|yes|news|always|perhaps|was|has|is|towards|afterwards)\b)[a-z]{{2,}}(?:ed|s)"
    r"|has|had|is|was|will|would|can|could|did|does|may|might|must|should|went|got|made|took|gave|put|spoke|wrote"
    r"|knew|thought|felt|saw|heard|found|began|became|came|left|kept|held|led|ran|sat|stood|brought|sent|spent"
    r"|won|lost|paid|meant|understood|told|said|met|fought|sought|taught|wept"
    r"|(?:did|does|do|was|is|has|had|have|would|could|can|wo|were|are)n['’]t)(?![\w'’])"
)
_ADVERB = r"(?:(?:\w+ly|also|too|then|later|again|still|now|never|had|has|have|would|will|could|did|does|himself|herself|itself)\s+)"
_SUBJECT_TAIL = re.compile(
    rf"(?:\s*\([^)]{{1,40}}\))?(?:\s+of\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,4}})?"
    rf"(?:,\s*\d{{1,3}},)?(?:,{_APPOSITIVE_CHAR}{{1,250}}?,)?\s+{_ADVERB}?{_VERBISH}"
)
# polnear-train recall 0.878 -> 0.884, precision unchanged (0.972).
# A sentence's subject with the verb after it, so that "Christie, New Jersey’s sitting governor,
# repeated …" finds Christie (not "New Jersey" after taking "Christie," for an introduction).
_SUBJECT_WITH_VERB = re.compile(_SENTENCE_SUBJECT.pattern + "(?=" + _SUBJECT_TAIL.pattern + ")")
# A name that is itself an appositive: "The mayor of Accumoli, Stefano Petrucci, said".
_APPOSED_TAIL = re.compile(rf",\s+{_ADVERB}?(?:{_VERBISH}|[a-z]{{3,}}ing\b)")
_VERB_BEFORE = re.compile(rf"[“”\"]\s*{_SAY}\s+$")  # '," said Steve Ginsburg' (not 'said Trump made')
# The word before a name that makes it the subject of a subordinate clause or an object:
# "assured Sudan that President Jacob Zuma had", "on whether Mr. Trump might", "agrees with De Angelis".
_EMBEDDING = frozenset(
    """that whether than how why where what whom which
    with by to from at on in into about against between like including for of over under
    said says told tells heard hears saw knew believes believed thinks thought found finds asked asks
    urged urges called calls accused blamed praised criticized criticised met""".split()
)


def _embedded(text: str, start: int) -> bool:
    """Whether the name at ``start`` is not a sentence or clause subject (see ``_EMBEDDING``)."""
    words = re.findall(r"[\w.'’-]+|[,;:]", text[max(0, start - 80) : start])
    while words and (words[-1][:1].isupper() or words[-1].rstrip(".") in _TITLES):
        words.pop()  # titles and roles glued to the name: "President", "Sen.", "Foreign Minister"
    if not words or words[-1] in ",;:":
        return False
    word = words[-1].lower()
    return word in _EMBEDDING or (word.endswith("ed") and not word.endswith("-based"))


def _pronoun_antecedent(
    r: _Raw,
    text: str,
    masked: str,
    previous: tuple[str, int] | None,
    genders: dict[str, str],
    person_mentions: Callable[[str, int, int], list[tuple[int, int, str]]],
) -> str | None:
    """The person a "he"/"she" attribution refers to.

    The last person between the previous attributed quote and this one who is the subject of
    a verb ("Marc McGee, a graphic artist …, said Trump made the wrong call"), else the
    previous speaker, else the last person starting a sentence; ``None`` when unsure.
    """
    low = (r.mention or "").lower()
    wanted = {"he": "m", "she": "f"}.get(low)

    def fits(name: str) -> bool:
        return wanted is None or genders.get(name, wanted) == wanted

    since = previous[1] if previous else max(0, r.start - 1500)
    stop = r.start - 1
    if r.pattern in ("before", "reported"):
        # The pronoun precedes the quote ("He promised … that "…""): the antecedent precedes the pronoun.
        sentence = _sentence_start(text, stop, max(since, stop - 600))
        cuts = [m.start() for m in re.finditer(rf"\b{re.escape(low)}\b", text[sentence:stop], re.IGNORECASE)]
        if cuts:
            stop = sentence + cuts[-1]
    if stop <= since:
        return previous[0] if previous and fits(previous[0]) else None
    named = [(a, b, n) for a, b, n in person_mentions(masked, since, stop) if fits(n)]
    subjects = []
    for a, b, n in named:
        if _VERB_BEFORE.search(masked, max(0, a - 30), a):
            subjects.append(n)
        elif not _embedded(masked, a) and (
            _SUBJECT_TAIL.match(masked, b, stop)
            or (re.search(r",\s*$", masked[max(0, a - 3) : a]) and _APPOSED_TAIL.match(masked, b, stop))
        ):
            subjects.append(n)
    if subjects:
        return subjects[-1]
    if previous and r.start - previous[1] < 3000 and fits(previous[0]):
        return previous[0]
    starts = [n for a, _, n in named if _SENTENCE_START.search(masked, since, a)]
    return starts[-1] if starts else None


def extract_quotes(
    texts: Sequence[str], *, entities: Sequence[Sequence[tuple[int, int, str]]] | None = None
) -> list[Quote]:
    """Quotes of every article (``texts[i]`` is article ``i``'s text), speakers resolved across them.

    Args:
        texts: the articles of one cluster.
        entities: optionally, for each article, ``(start, end, label)`` character spans of the
            named entities a recogniser found in it (``analyze.entities.entity_spans``, with the
            ``nlp`` extra). A speaker must then be a ``PERSON`` or ``ORG`` the recogniser found;
            without them, the conservative rules of ``_Evidence`` decide.

    Returns:
        Every quotation of four words or more, in article and text order, with ``speaker`` None
        when no credible speaker was found (no speaker rather than a wrong one).
    """
    evidence = _Evidence(texts, entities)
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
    masked = [_mask_quotes(text) for text in texts]
    genders = _genders(masked, known_full)
    # People the cluster quotes by name somewhere: safer antecedents than any capitalised name.
    # Mention counts, only for surnames several known people share (used to pick the likelier one).
    by_surname: dict[str, list[str]] = defaultdict(list)
    for k in known_full:
        by_surname[k.replace("-", " ").split()[-1]].append(k)
    mentions = {k: sum(t.count(k) for t in texts) for group in by_surname.values() if len(group) > 1 for k in group}
    # Surnames of people the cluster names in full ("Qassemi said" after "Bahram Qassemi").
    last_names = sorted({k.split()[-1] for k in known_full if len(k.split()[-1]) > 2}, key=len, reverse=True)
    surnames = re.compile(r"\b(?:" + "|".join(map(re.escape, last_names)) + r")\b") if last_names else re.compile(r"(?!)")

    def person_mentions(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """People named in ``text[lo:hi]`` (full names and known surnames), canonical, in order."""
        found = [(lo + a, lo + b, canon(n, known_full)) for a, b, n in _person_names(text[lo:hi])]
        found += [(m.start(), m.end(), canon(m.group(), known_full, mentions)) for m in surnames.finditer(text, lo, hi)]
        return sorted(found)

    def resolve_name(name: str, article: int) -> str | None:
        """A name as the cluster knows it; a surname several people share goes by the article."""
        if not name or name in mentions or " " in name or name.replace("-", " ").split()[-1] not in by_surname:
            return canon(name, known_full, mentions) or None
        return _canonical(name, known_full, mentions, texts[article]) or None

    out: list[Quote] = []
    last_speaker: dict[int, tuple[str, int]] = {}
    prev_raw: _Raw | None = None
    prev_speaker: str | None = None
    for r in sorted(raws, key=lambda r: (r.article, r.start)):
        if prev_raw is not None and prev_raw.article != r.article:
            prev_raw = prev_speaker = None
        speaker: str | None = None
        role = r.role
        if r.mention and _NOT_A_MENTION.match(r.mention):
            r.mention = None  # "until Haley", "Contrasting her with Trump", "Therefore any attempt …"
        if r.mention:
            low = r.mention.lower()
            if low in ("it", "they", "we", "i"):
                speaker = None  # organisations and groups: no reliable antecedent
            elif low in _PRONOUNS:
                if r.pattern in ("split", "continued") and prev_raw is not None and prev_raw.mention == r.mention:
                    speaker = prev_speaker  # the same attribution as the quote it continues
                else:
                    speaker = _pronoun_antecedent(
                        r, texts[r.article], masked[r.article], last_speaker.get(r.article), genders, person_mentions
                    )
            elif r.mention.lower() in ("the statement", "this statement", "that statement"):
                # "…," the statement said: whoever the article last says issued or made a statement.
                issuer = _statement_issuer(masked[r.article], r.start)
                if issuer:
                    name, _ = _name_and_role(issuer)
                    is_person = " " not in issuer or name in known_full
                    speaker = resolve_name(name, r.article) if is_person and name[:1].isupper() else issuer
            elif _ROLE_WORDS.match(r.mention) and r.mention.split()[-1][:1].islower():
                # "the spokesman", "The French foreign minister": the one person the cluster
                # gives that role. An unresolved role ("a statement", "the company") names nobody.
                head = r.mention.split()[-1].lower()
                matches = {canon(n, known_full) for n, role_text in roles.items() if head in role_text.lower()}
                speaker = matches.pop() if len(matches) == 1 else None
            else:
                name, found_role = _name_and_role(r.mention)
                speaker = resolve_name(name, r.article)
                role = role or found_role
        if speaker and not evidence.credible(speaker, r.mention):
            speaker = None
        if speaker:
            last_speaker[r.article] = (speaker, r.end)
            role = role or roles.get(speaker)
        if not r.short:  # a short quotation is attributed (a split quotation may follow it) but not listed
            out.append(Quote(r.article, r.start, r.end, r.text, speaker, r.mention, r.verb, r.pattern, role))
        prev_raw, prev_speaker = r, speaker
    return out
