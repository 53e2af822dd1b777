"""Cleaning: take out what the scraper picked up that is not the article.

Cleaning works at three levels, and every removal is recorded as a ``Removal``
with a rule name and a reason (``--explain`` prints them):

* **article**: exact and near-duplicate articles (syndicated copies: not ranked, but
  cleaned, kept in ``PreparedCluster.copies`` and cited with their original); short
  pages that are error, login or archive notices; articles with almost nothing left
  after cleaning;
* **line** (a paragraph of scraped text): lines repeated within an article or
  short ones repeated across articles, navigation, teasers, captions, credits,
  bylines, widgets, licence footers, link lists, headline-like lines without a
  final stop, and a leading dateline;
* **sentence**: licence, disclaimer, widget and call-to-action sentences wherever
  they sit (scrapers glue footers onto the last paragraph).

The patterns live in :mod:`newsweave.clean_rules` with their fulltext-dev counts.
"""

from __future__ import annotations

import dataclasses
import re

from .clean_rules import JUNK_PAGE, LINE_RULES, SENTENCE_RULES, TWEET_DEBRIS, ends_like_prose
from .models import Article, Cluster, Document, PreparedCluster, Removal, Sentence
from .options import Options
from .split import join_quotations, paragraphs, sentence_spans

__all__ = ["prepare"]

_WORD = re.compile(r"\w+")

# Lines without a final stop: up to this many words they are headlines, teasers or
# menu entries (fulltext-dev: 98 lines of <= 8 words, ~4 of them real content).
_SHORT_LINE_WORDS = 8
# From there up to this many words, only title-case lines are headlines (9 lines
# on fulltext-dev, 0 mistakes); sentence-case lines of that length are often
# story highlights and are kept (candidate rules keep them out of digests).
_HEADLINE_WORDS = 20
_TITLE_CASE_SHARE = 0.6
# A repeated line is dropped when it has at least this many tokens (shorter
# repeats such as "No." in a transcript are real).
_REPEAT_MIN_TOKENS = 4
# A headline line above the text is kept as a headline candidate from this many words
# (shorter ones are section labels: "World", "Middle East", "Ladder-like structure").
_HEADING_MIN_WORDS = 4
# Articles: a short page (<= 200 words) with error/login/archive text is junk
# (fulltext-dev: 26 such pages, 0 real articles); an article with fewer than 20
# words left after cleaning is a stub (5 on fulltext-dev).
_JUNK_PAGE_WORDS = 200
_STUB_WORDS = 20

# Datelines and wire credits that open an article's text: "TEHRAN –", "WASHINGTON (AP) —",
# "PORTVALE, March 3 (Agency) -", "NASHVILLE, Tenn. -", "PRETORIA/KHARTOUM (Reuters) -",
# and a bare credit "(CNN)", "(WJAC) –". Where the first kept line is not the article's
# start (a kept headline, caption or standfirst before it), later paragraphs and
# sentences may open with one too; there only the forms with an agency in brackets or a
# ", Region" part are taken, since a lone capitalised word and a dash ("NATO — ") can
# be prose. fulltext-dev (python benchmarks/cleaning_report.py): 39 removed, all of them
# datelines or wire credits on reading them (one is the wire slug "INTERVIEW-"); val[:2000]
# (lowercased) has none.
_CITY = r"[A-Z][A-Z.'’\-]+(?:[/\s]+[A-Z][A-Z.'’\-]+){0,3}"
_REGION = r",\s*[A-Z][\w.]*\.?(?:\s+[A-Z][a-z]+\.?)?(?:\s+\d{1,2})?(?:,\s*\d{4})?"
_AGENCY = r"\([A-Z][\w.&' ]{0,30}\)"
_DATELINE = re.compile(
    rf"""^(?:{_CITY}(?:{_REGION})?(?:\s*{_AGENCY})?(?:\s*[–—-]{{1,2}}\s+|[–—](?=[A-Z]))(?=\S)   # CITY, Region (Agency) —
      |{_CITY}(?:{_REGION})?\s*{_AGENCY}\s*[–—:-]{{0,2}}\s*(?=[A-Z"“])           # CITY (Agency) The …
      |{_AGENCY}\s*[–—:-]{{0,2}}\s*(?=[A-Z"“]))                                # (CNN) The …""",
    re.VERBOSE,
)
_LATER_FORMS = rf"""(?:{_CITY}(?:{_REGION})?\s*{_AGENCY}\s*[–—:-]{{0,2}}\s*(?=[A-Z"“])
      |{_CITY}{_REGION}\s*[–—-]{{1,2}}\s+(?=[A-Z"“])
      |\((?:AP|Reuters|AFP|CNN|UPI|Bloomberg|dpa|Xinhua|IRNA|TASS|Sputnik|Yonhap|Kyodo|ANSA|EFE)\)\s*[–—:-]{{0,2}}\s*(?=[A-Z"“]))"""
_LATER_DATELINE = re.compile("^" + _LATER_FORMS, re.VERBOSE)
# The same after a sentence end inside a line (a caption glued to the article's first paragraph).
_GLUED_DATELINE = re.compile(r"(?<=[.!?\"”)]\s)" + _LATER_FORMS, re.VERBOSE)


def _norm(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def _title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line)[1:] if len(w) >= 4]
    return not words or sum(w[0].isupper() for w in words) >= _TITLE_CASE_SHARE * len(words)


def _list_item(line: str) -> bool:
    return re.match(r"^\s*([•\-–*·]|\d{1,2}[.)]\s|[a-z])", line) is not None


def _headline_like(line: str, words: int) -> bool:
    """A line without a final stop that reads as a headline or teaser, not prose."""
    stripped = line.rstrip()
    if ends_like_prose(stripped) or stripped.endswith((":", "--", "—")) or _list_item(stripped):
        return False
    return words <= _SHORT_LINE_WORDS or (words <= _HEADLINE_WORDS and _title_case(stripped))


def _line_rule(line: str, words: int) -> tuple[str, str] | None:
    lowered = line.lower()
    for rule in LINE_RULES:
        if words <= rule.max_words and rule.test(line, lowered):
            return rule.name, rule.reason
    if _headline_like(line, words):
        return "headline", "headline-like line without a final stop"
    return None


def _sentence_rule(sentence: str, rules: tuple = SENTENCE_RULES) -> tuple[str, str] | None:
    """The first of ``rules`` (name, reason, ``Triggered``) that removes ``sentence``, or None."""
    lowered = sentence.lower()
    for rule, reason, pattern in rules:
        if pattern.search(sentence, lowered):
            return rule, reason
    return None


# --- articles --------------------------------------------------------------------


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    """Word 5-grams of a text's lowercased words (``_WORD``)."""
    return set(zip(words, words[1:], words[2:], words[3:], words[4:], strict=False))


def _duplicates(articles: tuple[Article, ...], threshold: float, words: list[list[str]]) -> dict[int, int]:
    """Map each article that duplicates another to the one kept (the longer, else the earlier).

    ``words`` holds each article's lowercased words (``_WORD.findall(text.lower())``).
    """
    if len(articles) < 2:
        return {}
    shingles = [_shingles(w) for w in words]
    dup: dict[int, int] = {}
    for j in range(len(articles)):
        for i in range(j):
            if i in dup or j in dup or not shingles[i] or not shingles[j]:
                continue
            small, large = sorted((len(shingles[i]), len(shingles[j])))
            common = len(shingles[i] & shingles[j])
            # Containment of the smaller in the larger, or Jaccard >= 0.6 (fulltext-dev:
            # duplicates score 0.88-1.0, the next pair 0.40).
            if common / small >= threshold or common / (small + large - common) >= 0.6:
                drop, keep = (i, j) if len(shingles[i]) < len(shingles[j]) else (j, i)
                dup[drop] = keep
    return dup


def _source_name(article: Article, index: int) -> str:
    return (article.source or "").strip() or f"Article {index + 1}"


def _limit(text: str, max_words: int) -> tuple[str, str]:
    """Cut ``text`` at the first line break after ``max_words`` words."""
    if len(text) < 2 * max_words:  # every word takes at least two characters with its separator
        return text, ""
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
    """Clean every article of ``cluster`` and split it into sentences with offsets.

    Articles are never dropped from the cluster: a removed article keeps its
    index with empty text, and the reason is in ``removed``. A duplicate of another
    article (a syndicated copy) is also empty in ``documents``, so it does not
    count twice in ranking; it is cleaned all the same and kept, with its own
    text and sentences, in ``copies``, so that it is cited with its original.
    """
    options = options or Options()
    lines = [paragraphs(a.text) for a in cluster.articles]  # each article's lines, split once
    # The words of each line, found once: their join is the line's key (``_norm``; words
    # never hold whitespace), and an article's words are its lines' words in order.
    line_words = [[_WORD.findall(line.lower()) for line in article_lines] for article_lines in lines]
    duplicates = _duplicates(
        cluster.articles, options.duplicate_containment, [[w for ws in lw for w in ws] for lw in line_words]
    )
    line_counts = _line_counts(lines, line_words)
    removed: list[list[Removal]] = [[] for _ in cluster.articles]
    documents: list[Document] = []
    for index, article in enumerate(cluster.articles):
        source = _source_name(article, index)
        if index in duplicates:
            documents.append(Document(index, article, source, "", ()))  # the copies are cleaned below
            continue
        if _junk_page(article.text):
            removed[index].append(
                Removal(index, _snippet(article.text), "error, login or archive page, not an article", "junk-page")
            )
            documents.append(Document(index, article, source, "", ()))
            continue
        documents.append(
            _clean_kept(index, article, source, options, line_counts, removed[index], lines[index], line_words[index])
        )
    copies: list[Document] = []
    for index in sorted(duplicates):
        keep = duplicates[index]
        while keep in duplicates:  # a copy of a copy: both are cited with the article they copy
            keep = duplicates[keep]
        article, source = cluster.articles[index], documents[index].source
        documents[index] = Document(index, article, source, "", (), copy_of=keep)
        reason = f"duplicate of article {keep + 1} ({documents[keep].source})"
        local: list[Removal] = []
        copy = None
        if documents[keep].sentences and not _junk_page(article.text):
            copy = _clean_kept(index, article, source, options, line_counts, local, lines[index], line_words[index])
        if copy is not None and copy.sentences:
            copies.append(dataclasses.replace(copy, copy_of=keep))
            reason += "; not ranked again, cited with it as a copy"
        else:
            local = []  # nothing of it is shown or cited
        removed[index] = [Removal(index, _snippet(article.text), reason, "duplicate-article"), *local]
    return PreparedCluster.build(cluster.id, tuple(documents), tuple(r for rs in removed for r in rs), tuple(copies))


def _junk_page(text: str) -> bool:
    words = len(text.split(None, _JUNK_PAGE_WORDS))  # split no further than the limit: words or limit + 1
    return 0 < words <= _JUNK_PAGE_WORDS and JUNK_PAGE.search(text)


def _clean_kept(
    index: int,
    article: Article,
    source: str,
    options: Options,
    line_counts: dict[str, int],
    removed: list[Removal],
    lines: list[str] | None = None,
    words: list[list[str]] | None = None,
) -> Document:
    """Clean an article that is kept: up to the length limit, and emptied when only a stub is left.

    ``lines`` are ``paragraphs(article.text)`` and ``words`` their words (``_WORD``, lowercased)
    when the caller has them already.
    """
    text, rest = _limit(article.text, options.max_article_words)
    if rest.strip():
        removed.append(
            Removal(
                index,
                _snippet(rest.strip()),
                f"beyond the processing limit of {options.max_article_words} words"
                f" ({len(rest.split())} words not read; raise max_article_words)",
                "length-limit",
            )
        )
    if lines is None or len(text) != len(article.text):  # cut at the limit: its own lines
        lines, words = paragraphs(text), None
    doc = _clean_article(index, article, source, lines, line_counts, removed, words)
    # ``0 < doc.words < _STUB_WORDS``, splitting no further than that many words.
    if 0 < len(doc.text.split(None, _STUB_WORDS - 1)) < _STUB_WORDS and len(article.text.split()) >= _STUB_WORDS:
        removed.append(Removal(index, doc.text, f"fewer than {_STUB_WORDS} words left after cleaning", "stub"))
        return Document(index, article, source, "", ())
    return doc


def _snippet(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _line_counts(articles: list[list[str]], words: list[list[list[str]]]) -> dict[str, int]:
    """How often each short unpunctuated line occurs in the whole cluster (``articles``: their lines,
    ``words``: the words of each line)."""
    counts: dict[str, int] = {}
    for lines, line_words in zip(articles, words, strict=True):
        for line, found in zip(lines, line_words, strict=True):
            # At most _SHORT_LINE_WORDS words: the split stops after that many.
            if len(line.split(None, _SHORT_LINE_WORDS)) <= _SHORT_LINE_WORDS and not ends_like_prose(line):
                key = " ".join(found)
                counts[key] = counts.get(key, 0) + 1
    return counts


def _clean_article(
    index: int,
    article: Article,
    source: str,
    lines: list[str],
    line_counts: dict[str, int],
    removed: list[Removal],
    line_words: list[list[str]] | None = None,
) -> Document:
    title_key = _norm(article.title) if article.title else None
    headings: list[str] = []  # headline-like lines removed before the first kept line
    seen: set[str] = set()
    parts: list[str] = []  # pieces of the cleaned text
    sentences: list[Sentence] = []
    offset = 0
    for p_index, raw in enumerate(lines):
        tokens = raw.split()
        line = " ".join(tokens)
        if "twitter.com" in line or "t.co/" in line or "(@" in line:
            tokens = TWEET_DEBRIS.sub(" ", line).split()
            line = " ".join(tokens)
            key = _norm(line)
        else:
            key = " ".join(line_words[p_index]) if line_words is not None else _norm(line)
        if not key:
            if line:
                removed.append(Removal(index, line, "line without letters", "no-letters"))
            continue
        words = len(tokens)
        if line_counts.get(key, 0) > 1:
            removed.append(Removal(index, line, "short line repeated in the cluster (site furniture)", "repeated-line"))
            continue
        if key in seen or (key == title_key and words <= _HEADLINE_WORDS):
            if len(key.split()) >= _REPEAT_MIN_TOKENS or key == title_key:
                removed.append(Removal(index, line, "line repeated within the article", "repeated-line"))
                continue
        seen.add(key)
        rule = _line_rule(line, words)
        if rule is not None:
            removed.append(Removal(index, line, rule[1], rule[0]))
            if not parts and rule[0] == "headline" and words >= _HEADING_MIN_WORDS:
                headings.append(line)
            continue
        dateline = (_DATELINE if not parts else _LATER_DATELINE).match(line)
        if dateline:
            removed.append(Removal(index, dateline.group(0).strip(), "dateline", "dateline"))
            line = line[dateline.end() :]
        if "(" in line or "—" in line or " - " in line:
            for glued in reversed(list(_GLUED_DATELINE.finditer(line))):
                removed.append(Removal(index, glued.group(0).strip(), "dateline", "dateline"))
                line = line[: glued.start()] + line[glued.end() :]
        # A sentence rule can only fire on a sentence of this line if one of its triggers
        # is in the line (each trigger is ASCII or "©", and lowercasing works character
        # by character on them), so only those rules are tried on the sentences; and, as
        # before, only when one of them fires on the whole line. That search of the whole
        # line is made only once a sentence has a rule that fires (the same removals:
        # without one, nothing is removed whatever the line search finds).
        lowered = line.lower()
        armed = tuple(r for r in SENTENCE_RULES if r[2].armed(lowered))
        sents = [line[start:end] for start, end in join_quotations(line, sentence_spans(line))]
        rules = [_sentence_rule(sent, armed) for sent in sents] if armed else []
        if any(rules) and not any(p.pattern.search(line) for _, _, p in armed):
            rules = []
        kept: list[str] = []
        for k, sent in enumerate(sents):
            rule = rules[k] if rules else None
            if rule is not None:
                removed.append(Removal(index, sent, rule[1], rule[0]))
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
    return Document(index, article, source, "".join(parts), tuple(sentences), tuple(headings))
