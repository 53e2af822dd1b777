"""The patterns cleaning uses, each with the number of lines it fired on in fulltext-dev.

Calibration: every rule was read hit by hit on ../shared/data/multinews/fulltext-dev.jsonl
(4,248 non-empty lines, 151,941 words). The counts in the comments are the lines each
rule fired on there when it was calibrated (rules tested one at a time), with the false
positives found on reading. ``python benchmarks/cleaning_report.py`` prints what the
rules remove now, in pipeline order (a line goes to the first rule that matches); re-run
it after changing a rule and read the samples it prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["FINAL_STOP", "JUNK_PAGE", "WHITESPACE", "ends_like_prose", "LINE_RULES", "SENTENCE_RULES", "TWEET_DEBRIS", "WIDGET_GUARDED", "LineRule", "Triggered"]

_IX = re.IGNORECASE | re.VERBOSE
_NAME = r"(?-i:[A-Z][\w.'’-]+)"

# A line or sentence that ends like prose: a stop, possibly inside quotes or brackets.
FINAL_STOP = re.compile(r"""[.!?…"”’')\]]\s*$""")
_FINAL_STOP_CHARS = frozenset(".!?…\"”’')]")
# Every character ``str.isspace`` (and so the ``\s`` of ``re``) takes, for ``str.rstrip``
# (tests/test_clean_rules.py checks the list against every code point).
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def ends_like_prose(text: str) -> bool:
    """``FINAL_STOP.search(text)`` without the search: ``re`` tries the pattern at every
    character of a long line before it reaches the end."""
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] in _FINAL_STOP_CHARS


class Triggered:
    """A regex guarded by literal substrings, at least one of which every match contains.

    Python's ``re`` tries each alternative at every position; a plain ``in`` test
    on the lowercased text first skips almost every line (3x faster cleaning on val).
    """

    __slots__ = ("pattern", "triggers")

    def __init__(self, pattern: re.Pattern[str], triggers: str):
        self.pattern = pattern
        self.triggers = tuple(triggers.split("|"))

    def armed(self, lowered: str) -> bool:
        """Whether one of the triggers is in ``lowered`` (the text lowercased): the pattern may match."""
        return any(map(lowered.__contains__, self.triggers))

    def search(self, text: str, lowered: str | None = None) -> bool:
        lowered = text.lower() if lowered is None else lowered
        return any(map(lowered.__contains__, self.triggers)) and self.pattern.search(text) is not None

    __call__ = search


@dataclass(frozen=True, slots=True)
class LineRule:
    name: str
    reason: str
    test: Callable[[str, str], bool]  # (line, line.lower()) -> whether the rule fires
    max_words: int  # the rule only removes lines up to this length


def _search(pattern: str, flags: int = _IX) -> Callable[[str, str], bool]:
    compiled = re.compile(pattern, flags)
    return lambda line, lowered: compiled.search(line) is not None


def _guarded(pattern: str, triggers: str, flags: int = _IX) -> Triggered:
    """``_search`` behind literal triggers: every match of ``pattern`` contains one of them, lowercased.

    Triggers are single words (or symbols), never spanning whitespace, so they hold
    on raw lines too. ``python benchmarks/digest_dump.py`` finds the same removals on
    val[:1000] and fulltext-dev with and without them (issue 12). A new alternative in
    a pattern needs its own trigger here, or its matches are missed.
    """
    return Triggered(re.compile(pattern, flags), triggers)


# fulltext-dev: 90 lines, 0 false positives ("Related news", "Latest News", "Advertisement", "Share this story").
_NAVIGATION = r"""^\W*(
  related(\s+(news|posts?|stories|story|coverage|gallery|articles?|content|links?|videos?|topics))?
 |latest(\s+(news|stories|headlines|videos?))?|top\s+stories|most\s+(read|popular|viewed)|trending(\s+now)?
 |advertisement(\s*[-–—]?\s*(continue\s+reading(\s+the\s+main\s+story|\s+below)?|story\s+continues\s+below))?
 |sponsored(\s+content)?|story\s+continue[sd]\s+below|continue\s+reading(\s+(the\s+main\s+story|below))?
 |read\s+more(\s+about)?|more|also|see\s+also|more\s+(on|from)\s+this|you\s+may\s+also\s+like|recommended(\s+for\s+you)?
 |share(\s+this(\s+(story|article|page))?)?|share\s+on\s+\w+|tweet|e-?mail|print|comments?|show\s+comments|leave\s+a\s+comment
 |photos?|images?|videos?|gallery|view\s+gallery|enlarge(\s+this)?(\s+image)?|toggle\s+caption|hide\s+caption|image\s+caption|caption
 |now\s+playing|play(\s+video|\s+facebook)?|replay|watch|listen|twitter|facebook|instagram|whatsapp|pinterest|linkedin|reddit
 |notice|more\s+coming|key\s+facts|story\s+highlights|skip|close|next|previous(\s+next)?|back\s+to\s+top|text\s+size|[-+]
 |online|on\s+the\s+web|click\s+here|read\s+or\s+share\s+this\s+story.*|tweet\s+with\s+a\s+location
)\W*$"""

# fulltext-dev: 36 lines, 0 false positives ("MORE: ...", "Read more about: ...", "ANALYSIS: How ...").
_TEASER = r"""^\W{0,3}(read(\s+more)?(\s+about)?|more(\s+news)?|related(\s+coverage|\s+stories|\s+news)?|see\s+also
  |also(\s+on\s+\w+)?|watch|videos?|photos?|pics|gallery|photo\s+gallery|map|interactive(\s+map)?|story|bonus|listen
  |quiz|in\s+video|in\s+graphics|explained|full\s+list|opinion|don't\s+miss|must\s+(see|read|watch)|recommended
  |trending|sponsored|promoted|analysis|exclusive|editorial|commentary)\s*:\s*\S
  |(\bread\s+more|\bsee\s+more|\bwatch\s+now|»|›)\s*$"""

# fulltext-dev: 113 lines, 0 false positives; requires punctuation before "(AP)" so
# "WASHINGTON (AP) —" datelines are not taken for credits.
_PHOTO = r"""^\W*(image|media)\s+(copyright|caption)\b|\(\s*(AP\s+Photo|Photo|Photos|Photograph|Credit|Image|Picture|Getty)\b[^)]*\)
  |[.!?"”)…]\s*\(\s*(AP|Reuters|AFP|Associated\s+Press)\s*\)\s*$|(?-i:\bAP\s+Photo\b)
  |\b(Photo|Photograph|Image|Picture|Credit|Screenshot|Images?\s+courtesy)(\s+by|\s+courtesy\s+of|\s*:)\s+\S
  |\bGetty(\s+Images)?\b|(?-i:\bREUTERS/|\bAFP/|/\s*AP\b|\bAP\s+file\b|\bWENN\b)|Newscom|Shutterstock|\biStock\b
  |(?-i:^\W*FILE\s*[-–—]\s+(In\s+this|This)\b)|\(credit:|\bvia\s+(AP|Getty|Reuters)\b"""

# fulltext-dev: 31 lines + 77 sentences (one CNN gallery; one Flash Player notice), 0 false positives. Case-sensitive.
_WIDGET = r"""JUST\s+WATCHED|MUST\s+WATCH|Replay\s+More\s+Videos|\bautoplay\b|Copy\s+this\s+code\s+to\s+your\s+website
  |Video\s+Loading|Video\s+Unavailable|Click\s+to\s+play|Tap\s+to\s+play|Media\s+playback\s+is\s+unsupported|Skip\s+in\s+Skip
  |Embed\s+x\s+Share|Enlarge\s+icon|\bposter="|^CLOSE\s+[A-Z]|^Embed\s+[A-Z]|Previous\s+Next\s*$|^Photos?:\s+Photos?:
  |Hide\s+Caption|toggle\s+caption|PHOTO\s+GALLERY
  |Posted\s+by\s+.{1,40}\s+on\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),|Adobe\s+Flash\s+Player"""
# A gallery counter, "3 of 12": part of the widget rule, tested apart because it has no literal trigger.
_COUNTER = r"^\d+\s+of\s+\d+\s*$"
_COUNTER_RE = re.compile(_COUNTER)

# Licence, copyright, disclaimer and donor notices. Line form (<= 80 words): 13 lines.
_LICENCE = r"""©|\(c\)\s*\d{4}|\bcopyright\s+(©\s*)?(\d{4}|by\b)|\ball\s+rights\s+reserved|may\s+not\s+be\s+(re)?published
  |rewritten,?\s+or\s+redistributed|\bis\s+licen[sc]ed\s+under|creative\s+commons|\bterms\s+of\s+(use|service)\b
  |do\s+not\s+reproduce|\breprints?\s*:|personal,?\s+non-?commercial\s+use|re(published|produced)\s+with\s+permission
  |originally\s+(published|appeared)\s+(at|on|in)\b|this\s+(article|story|editorial)\s+(was\s+)?(originally\s+|first\s+)?(published|appeared)
  |welcomes\s+financial\s+donations|retains?\s+(sole\s+)?editorial\s+control|listing\s+of\s+\w+\s+donors
  |does\s+not\s+engage\s+in\s+advocacy|scholars.\s+opinions|opinions\s+are\s+their\s+own|non-?partisan,?\s+non-?(for-)?profit
  |privacy\s+policy|cookie\s+policy"""
# Sentence form: stricter, because "terms of service" or "copyright 1902" occur in
# real sentences (2 such losses on fulltext-dev with the line form).
_LICENCE_SENTENCE = r"""©|\(c\)\s*\d{4}|^\W*copyright\b|\ball\s+rights\s+reserved|may\s+not\s+be\s+(re)?published
  |rewritten,?\s+or\s+redistributed|\bis\s+licen[sc]ed\s+under|creative\s+commons|do\s+not\s+reproduce
  |personal,?\s+non-?commercial\s+use|re(published|produced)\s+with\s+permission|originally\s+(published|appeared)\s+(at|on|in)\b
  |welcomes\s+financial\s+donations|retains?\s+(sole\s+)?editorial\s+control|listing\s+of\s+\w+\s+donors
  |does\s+not\s+engage\s+in\s+advocacy|scholars.\s+opinions|opinions\s+are\s+their\s+own
  |\bis\s+an?\s+(independent|non-?partisan)[\w\s,-]{0,60}\b(organi[sz]ation|institute|think\s*tank)\b"""

# fulltext-dev: 47 lines, 0 false positives.
_BYLINE = (
    r"""^\W*(by|story\s+by|written\s+by|posted\s+by|updated\s+by|reported\s+by|words\s+by)\s+(by\s+)?"""
    + _NAME + r"(\s+" + _NAME + r"){0,3}(\s*(,|and|&)\s*" + _NAME + r"(\s+" + _NAME + r"""){0,3})*\s*(\(.*\))?\s*$
  |contributed\s+(to\s+this\s+(report|story|article)|reporting)|wire\s+services\s+contributed|^\W*contributing\s*:
  |\(?\s*(additional\s+)?reporting\s+by\b|\bediting\s+by\b|\bwriting\s+by\b|^\W*[-—–]*\s*with\s+assistance\s+from\b
  |follow\s+(him|her|me|us|them|@\w+)\s+on\s+(twitter|facebook|instagram)|\bcan\s+be\s+(followed|reached)\s+(at|on)\b
  |to\s+contact\s+the\s+(reporter|editor|author)s?\b|^\W*(twitter|email|e-mail|contact|instagram)\s*:\s*@?\S|^\W*follow\s+@\w+
  |\bis\s+an?\s+([\w-]+\s+){0,3}(reporter|writer|correspondent|columnist|editor|contributor)\s+(for|at|with)\b
  |^\W*(staff\s+writer|staff\s+reporter|the\s+associated\s+press|associated\s+press|(?-i:AP|AFP|CNN)|reuters|the\s+canadian\s+press)\s*$
  |^\W*[\w,.\s]{0,40}\b(staff\s+reporter|staff\s+writer|correspondent)\s*$
  |[\w.+-]+@[\w-]+\.[a-z]{2,}"""
)

# fulltext-dev: 17 lines + 25 sentences; 1 loss where syntok glued a widget to a sentence.
_CALL_TO_ACTION = r"""\bsign\s+up\s+(for|now|here|today)\b|sign\s+up\s+to\s+(receive|get|our)\b|\bsubscrib(e|ing)\b
  |\bnewsletters?\b|\binbox\b|breaking\s+news\s+(e-?mails|alerts)|click\s+(here|for\s+more|to)\b|\blike\s+us\s+on\s+facebook
  |follow\s+us\b|download\s+(the|our)\s+app|have\s+a\s+tip|\btips@|read\s+or\s+share|you\s+will\s+now\s+receive
  |thank\s+you\s+for\s+subscribing|verify\s+you.re\s+not\s+a\s+robot"""

# Error, login, cookie and archive pages. fulltext-dev: 22 lines + 16 sentences, 0 false positives.
_JUNK_PAGE = r"""javascript|enable\s+cookies|\bcookies\b|your\s+browser|page\s+(is\s+)?(not\s+(available|found)|cannot\s+be\s+found)
  |\b404\b|log\s+in\s+to\s+continue|you\s+must\s+log\s+in|\bIP\s+address|\bDNS\b|legacy\s+twitter|ad\s*-?blocker
  |wayback\s+machine|internet\s+archive|\bcrawls?\b|web\s+captures|web\s+collections?|location\s+information\s+to\s+your\s+tweets
  |tweet\s+with\s+a\s+location|access\s+denied|are\s+you\s+a\s+robot|captcha|\bWARC\b|archive-it"""
JUNK_PAGE = Triggered(
    re.compile(_JUNK_PAGE, _IX),
    "javascript|cookie|browser|page is|page not|page cannot|404|log in|ip address|dns|legacy twitter|blocker|wayback"
    "|internet archive|crawl|web capture|web collection|location information|tweet with a location|access denied"
    "|robot|captcha|warc|archive-it",
)

_URL = re.compile(r"https?://\S+|www\.\S+|\b[\w-]+\.(?:com|org|net|ly|co|gov|uk)/\S*|pic\.twitter\.com/\S+", re.I)


# Every match of _URL holds one of these, lowercased (its scheme's "://", "www.", or a
# domain ending and "/"): without them there is no match, and ``re`` need not try the
# pattern at every word of a long line (tests/test_clean_rules.py compares the two).
_URL_TRIGGERS = ("://", "www.", ".com/", ".org/", ".net/", ".ly/", ".co/", ".gov/", ".uk/")


def _url_heavy(line: str) -> bool:
    if "/" not in line and "www." not in line:
        return False
    lowered = line.lower()
    if not any(map(lowered.__contains__, _URL_TRIGGERS)):
        return False
    chars = sum(len(m.group()) for m in _URL.finditer(line))
    return chars > 0 and (chars > 0.3 * len(line) or len(line.split()) <= 12)


def _separators(line: str) -> bool:
    return sum(line.count(c) for c in "|•·»►") >= 2 or line.lstrip()[:1] in ("►", "»")


_BIG = 10**9

WIDGET_GUARDED = _guarded(
    _WIDGET,
    "watch|replay|autoplay|code|loading|unavailable|play|skip|embed|enlarge|poster|close|previous|photo"
    "|caption|gallery|posted|flash",
    re.VERBOSE,
)


def _widget(line: str, lowered: str) -> bool:
    return WIDGET_GUARDED(line, lowered) or _COUNTER_RE.search(line) is not None


LINE_RULES: tuple[LineRule, ...] = (
    LineRule("navigation", "navigation or teaser line", _search(_NAVIGATION), 12),
    LineRule("teaser", "link teaser to another story", _guarded(_TEASER, ":|more|watch|»|›"), 25),
    LineRule("bracketed", "bracketed aside (credit, promo)", _search(r"^\s*[\[(][^\[\]()]{3,200}[\])]\s*$"), 25),
    LineRule(
        "widget",
        "video or gallery widget text",
        _widget,
        40,
    ),
    LineRule(
        "licence-footer",
        "licence, copyright or disclaimer notice",
        _guarded(
            _LICENCE,
            "©|(c)|copyright|reserved|published|redistributed|licen|creative|terms|reproduce|reprint|commercial"
            "|permission|originally|appeared|donations|editorial|donors|advocacy|scholars|opinions|partisan|privacy"
            "|cookie",
        ),
        80,
    ),
    LineRule(
        "byline",
        "byline or contact line",
        _guarded(
            _BYLINE,
            "by|contributed|contributing|reporting|editing|writing|assistance|follow|reached|contact|twitter|email"
            "|e-mail|instagram|reporter|writer|correspondent|columnist|editor|contributor|staff|associated|ap|afp"
            "|cnn|reuters|canadian|@",
        ),
        40,
    ),
    LineRule(
        "caption",
        "photo caption or credit",
        _guarded(
            _PHOTO,
            "copyright|caption|photo|credit|image|picture|getty|(|/|file|wenn|newscom|shutterstock|istock|via",
        ),
        60,
    ),
    LineRule(
        "call-to-action",
        "reader call to action",
        _guarded(
            _CALL_TO_ACTION,
            "sign|subscrib|newsletter|inbox|breaking|click|facebook|follow|download|tip|share|receive|robot",
        ),
        40,
    ),
    LineRule("junk-page", "error, login, cookie or archive page text", JUNK_PAGE, 60),
    LineRule("links", "line made of links", lambda line, lowered: _url_heavy(line), _BIG),
    LineRule("separators", "menu of links separated by bars or bullets", lambda line, lowered: _separators(line), 40),
    LineRule("no-letters", "line without letters", lambda line, lowered: re.search(r"[^\W\d_]", line) is None, _BIG),
)

# Rules applied to each sentence of the lines that survive (scrapers glue footers
# and widgets onto article paragraphs; seeds 1 and 3 are single-line articles).
SENTENCE_RULES: tuple[tuple[str, str, Triggered], ...] = (
    (
        "licence-footer",
        "licence, copyright or disclaimer notice",
        Triggered(
            re.compile(_LICENCE_SENTENCE, _IX),
            "©|(c)|copyright|rights reserved|may not be published|may not be republished|redistributed|licensed under"
            "|licenced under|creative commons|do not reproduce|commercial use|with permission|originally published"
            "|originally appeared|donations|editorial control|donors|advocacy|scholars|opinions are their own"
            "|is an independent|is a nonpartisan|is a non-partisan|is an independent",
        ),
    ),
    (
        "widget",
        "video or gallery widget text",
        Triggered(
            re.compile(_WIDGET + "|" + _COUNTER, re.VERBOSE),
            "watch|replay|autoplay|copy this code|loading|unavailable|to play|playback|skip in|embed|enlarge|poster="
            "|close|previous|photo|caption|gallery|posted by|flash player",
        ),
    ),
    (
        "call-to-action",
        "reader call to action",
        Triggered(
            re.compile(_CALL_TO_ACTION, _IX),
            "sign up|subscrib|newsletter|inbox|breaking news|click|like us on|follow us|download|have a tip|tips@"
            "|read or share|you will now|robot",
        ),
    ),
    ("junk-page", "error, login, cookie or archive page text", JUNK_PAGE),
)

# Tweet debris inside lines: image links and the "— Name (@handle) Month D, YYYY" tail.
TWEET_DEBRIS = re.compile(r"pic\.twitter\.com/\S+|https?://t\.co/\S+|—\s*[^—()]{1,60}\(@\w+\)\s+\w+\s+\d{1,2},\s+\d{4}")
