"""Cleaning: take out what the scraper picked up that is not the article.

Cleaning works at three levels, and every removal is recorded as a ``Removal``
with a rule name and a reason (``--explain`` prints them):

* **article**: exact and near-duplicate articles (word 5-gram containment);
* **line** (a paragraph of the scraped text): lines repeated within an article,
  short non-sentence lines repeated across articles, navigation and teaser lines,
  captions, photo credits, bylines, headline-like lines without a final stop,
  a leading dateline;
* **sentence**: licence, copyright and disclaimer sentences wherever they sit
  (scrapers often glue a footer onto the last paragraph).

The rules are general patterns, calibrated on
``../shared/data/multinews/fulltext-dev.jsonl`` (see ``benchmarks/cleaning_report.py``
for the counts each rule fires on there); none names a particular site.
"""

from __future__ import annotations

import re
from .options import Options
from .models import Article, Cluster, Document, PreparedCluster, Removal, Sentence
from .split import paragraphs, sentence_spans

__all__ = ["prepare"]


# --- line rules -----------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)

# Lines that are navigation, teasers or widgets when they *start* a short line.
_NAVIGATION = re.compile(
    r"""^(?:related(?:\s+(?:news|stories|articles|content|coverage|links|topics|posts|videos?))?
      |latest(?:\s+(?:news|stories|headlines|videos?))?|top\s+stories|most\s+(?:read|popular|viewed|shared)
      |advertisement|advertising|sponsored(?:\s+content)?|ad\s+choices
      |read\s+more|see\s+more|more\s+from|more\s+on\s+this|also\s+read|read\s+also|recommended
      |you\s+may\s+(?:also\s+)?like|trending(?:\s+now)?|share\s+(?:this|on)|share|tweet|email|print
      |follow\s+us|sign\s+up|subscribe|click\s+here|watch(?:\s+video)?|video|continue\s+reading
      |skip\s+(?:to|ad)|next\s+(?:story|article)|previous\s+(?:story|article)|back\s+to\s+top
      |comments?|leave\s+a\s+comment|view\s+comments|toggle\s+caption|image\s+caption|image\s+copyright
      |media\s+playback|caption|close|menu|home|log\s*in|sign\s+in|loading
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_NAVIGATION_MAX_WORDS = 12

# Photo credits and captions: "Photo: ...", "(AP Photo/...)", "... Getty Images".
_CAPTION = re.compile(
    r"""^(?:\(?(?:photo|image|picture|file\s+photo|credit|caption)s?\s*(?:by)?\s*[:/]
      |image\s+caption|image\s+copyright|toggle\s+caption|media\s+caption|hide\s+caption)
      |(?:getty\s+images|ap\s+photo|afp(?:/getty)?|reuters|shutterstock|epa)(?:/[\w .]+)?\)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

# Bylines: "By Jane Doe", "By Jane Doe, Staff Reporter", "Jane Doe | Reuters".
_BYLINE = re.compile(
    r"""^(?:by|written\s+by|reporting\s+by|posted\s+by)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}
      (?:\s*(?:,|and|&)\s*[\w .'-]+)?$""",
    re.VERBOSE,
)
_BYLINE_MAX_WORDS = 10
_CONTACT = re.compile(r"^\S+@\S+\.\w+$|^@\w+$|^https?://\S+$")

# A line with no final stop and fewer words than this is a headline, teaser or
# menu entry, not article prose. (fulltext-dev: real paragraphs without final
# punctuation are long quotes cut by the scraper, 20+ words.)
_HEADLINE_MAX_WORDS = 20
_FINAL_STOP = re.compile(r"""[.!?…]["'”’)\]]*\s*$|[.!?…]\s*["'”’)\]]+\s*$""")

# Leading datelines: "TEHRAN –", "WASHINGTON (AP) —", "PORTVALE, March 3 (Agency) -".
_DATELINE = re.compile(
    r"""^(?:[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3})        # CITY NAME in capitals
      (?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?(?:,\s*\d{4})?)?   # , March 3
      (?:\s*\([^)]{1,40}\))?                                # (Agency)
      \s*[–—-]{1,2}\s+(?=\S)""",
    re.VERBOSE,
)

# --- sentence rules -------------------------------------------------------------

_FOOTER_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "licence-footer",
        "licence or copyright notice",
        re.compile(
            r"licen[cs]ed\s+under|creative\s+commons|all\s+rights\s+reserved|copyright\s*(?:©|\(c\)|\d{4})"
            r"|©\s*\d{4}|may\s+not\s+be\s+(?:published|reproduced|republished)|rewritten\s+or\s+redistributed"
            r"|(?:terms\s+of\s+(?:use|service)|privacy\s+policy|cookie\s+policy)",
            re.IGNORECASE,
        ),
    ),
    (
        "disclaimer",
        "publisher disclaimer or donor notice",
        re.compile(
            r"welcomes\s+(?:financial\s+)?donations|listing\s+of\s+\w*\s*donors|does\s+not\s+engage\s+in\s+advocacy"
            r"|opinions\s+(?:expressed\s+)?are\s+(?:their|his|her|the\s+author'?s?)\s+own"
            r"|views\s+expressed\s+(?:here|in\s+this)|(?:is\s+an?|as\s+an?)\s+(?:independent|non-?partisan|non-?profit)"
            r"[\w ,-]*\s+(?:organi[sz]ation|institute|think\s*tank)|editorial\s+control"
            r"|does\s+not\s+(?:necessarily\s+)?reflect\s+the\s+views",
            re.IGNORECASE,
        ),
    ),
    (
        "call-to-action",
        "reader call to action",
        re.compile(
            r"\bclick\s+here\b|\bsign\s+up\s+for\b|\bsubscribe\s+to\b|\bfollow\s+us\s+on\b|\bdownload\s+(?:our|the)\s+app"
            r"|\benable\s+javascript\b|\bupdate\s+your\s+browser\b",
            re.IGNORECASE,
        ),
    ),
)


def _norm(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def _line_rule(line: str, words: int) -> tuple[str, str] | None:
    """Return ``(rule, reason)`` if a whole line is not article prose."""
    if words <= _NAVIGATION_MAX_WORDS and _NAVIGATION.match(line):
        return "navigation", "navigation or teaser line"
    if words <= _NAVIGATION_MAX_WORDS and _CAPTION.search(line):
        return "caption", "photo caption or credit"
    if words <= _BYLINE_MAX_WORDS and (_BYLINE.match(line) or _CONTACT.match(line)):
        return "byline", "byline or contact line"
    if words < _HEADLINE_MAX_WORDS and not _FINAL_STOP.search(line):
        return "no-sentence", "headline-like line without a final stop"
    return None


def _footer_rule(sentence: str) -> tuple[str, str] | None:
    for rule, reason, pattern in _FOOTER_RULES:
        if pattern.search(sentence):
            return rule, reason
    return None


# --- duplicate articles ---------------------------------------------------------


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def _duplicates(articles: tuple[Article, ...], threshold: float) -> dict[int, int]:
    """Map each article that duplicates an earlier one to that earlier article."""
    shingles = [_shingles(a.text) for a in articles]
    dup: dict[int, int] = {}
    for j in range(len(articles)):
        if not shingles[j]:
            continue
        for i in range(j):
            if i in dup or not shingles[i]:
                continue
            common = len(shingles[i] & shingles[j])
            if common / min(len(shingles[i]), len(shingles[j])) >= threshold:
                dup[j] = i
                break
    return dup


# --- the stage ------------------------------------------------------------------


def _source_name(article: Article, index: int) -> str:
    return (article.source or "").strip() or f"Article {index + 1}"


def _limit(text: str, max_words: int) -> tuple[str, str]:
    """Cut ``text`` at the paragraph boundary nearest after ``max_words`` words."""
    count = 0
    for match in re.finditer(r"\S+", text):
        count += 1
        if count >= max_words:
            cut = text.find("\n", match.end())
            if cut == -1:
                cut = match.end()
            return text[:cut], text[cut:]
    return text, ""


def prepare(cluster: Cluster, options: Options | None = None) -> PreparedCluster:
    """Clean every article of ``cluster`` and split it into sentences with offsets."""
    options = options or Options()
    removed: list[Removal] = []
    duplicates = _duplicates(cluster.articles, options.duplicate_containment)
    seen_lines: dict[str, int] = {}  # normalised line -> article it was first seen in
    documents: list[Document] = []
    for index, article in enumerate(cluster.articles):
        source = _source_name(article, index)
        if index in duplicates:
            first = duplicates[index]
            removed.append(
                Removal(index, article.text[:200], f"duplicate of article {first + 1} ({_source_name(cluster.articles[first], first)})", "duplicate-article")
            )
            documents.append(Document(index, article, source, "", ()))
            continue
        text, rest = _limit(article.text, options.max_article_words)
        if rest.strip():
            removed.append(
                Removal(
                    index,
                    rest.strip()[:200],
                    f"beyond the processing limit of {options.max_article_words} words"
                    f" ({len(rest.split())} words not read; raise max_article_words)",
                    "length-limit",
                )
            )
        documents.append(_clean_article(index, article, source, text, seen_lines, removed))
    return PreparedCluster.build(cluster.id, tuple(documents), tuple(removed))


def _clean_article(
    index: int,
    article: Article,
    source: str,
    text: str,
    seen_lines: dict[str, int],
    removed: list[Removal],
) -> Document:
    title_key = _norm(article.title) if article.title else None
    parts: list[str] = []  # cleaned text pieces
    sentences: list[Sentence] = []
    offset = 0
    for p_index, line in enumerate(paragraphs(text)):
        line = " ".join(line.split())
        key = _norm(line)
        words = len(key.split())
        if not key:
            continue
        first_seen = seen_lines.get(key)
        if first_seen == index or (key == title_key and words < _HEADLINE_MAX_WORDS):
            removed.append(Removal(index, line, "line repeated within the article", "repeated-line"))
            continue
        rule = _line_rule(line, words)
        if rule is None and first_seen is not None and words < _HEADLINE_MAX_WORDS and not _FINAL_STOP.search(line):
            rule = ("repeated-line", f"line repeated from article {first_seen + 1}")
        seen_lines.setdefault(key, index)
        if rule is not None:
            removed.append(Removal(index, line, rule[1], rule[0]))
            continue
        dateline = _DATELINE.match(line) if not parts else None
        if dateline:
            removed.append(Removal(index, dateline.group(0).strip(), "dateline", "dateline"))
            line = line[dateline.end() :]
        kept: list[str] = []
        for start, end in sentence_spans(line):
            sent = line[start:end]
            footer = _footer_rule(sent)
            if footer is not None:
                removed.append(Removal(index, sent, footer[1], footer[0]))
                continue
            kept.append(sent)
        if not kept:
            continue
        if parts:
            parts.append("\n\n")
            offset += 2
        for k, sent in enumerate(kept):
            if k:
                parts.append(" ")
                offset += 1
            sentences.append(Sentence(index, len(sentences), offset, offset + len(sent), sent, p_index))
            parts.append(sent)
            offset += len(sent)
    return Document(index, article, source, "".join(parts), tuple(sentences))
