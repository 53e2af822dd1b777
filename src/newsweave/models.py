"""Frozen value objects that carry provenance from one pipeline stage to the next.

``Article`` and ``Cluster`` are what the user brings; ``Document`` and
``Sentence`` are what cleaning and splitting make of them (every sentence knows
its article and its character offsets into that article's cleaned text);
``Digest`` is the result, built of ``DigestSentence`` values that cite
``Citation`` spans. Indices into a cluster's articles are 0-based everywhere in
the API and in JSON; human-facing markers such as ``[1]`` are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Article",
    "Citation",
    "Cluster",
    "Digest",
    "DigestSentence",
    "Document",
    "PreparedCluster",
    "Removal",
    "Sentence",
    "Source",
    "SupportCheck",
    "Analysis",
    "Conflict",
    "ConflictVersion",
    "Entity",
    "Event",
    "Fact",
    "Headline",
]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as the user supplied it (text before cleaning)."""

    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Cluster:
    """Articles about one story. ``summary`` is a reference summary, if the input had one."""

    id: str
    articles: tuple[Article, ...]
    summary: str | None = None
    origin: str = ""  # where the cluster came from (file, line), for error messages


@dataclass(frozen=True, slots=True)
class Removal:
    """Text that cleaning took out, and why (shown by ``--explain`` and in JSON)."""

    article: int  # index of the article the text came from
    text: str
    reason: str  # human-readable explanation
    rule: str  # stable rule name, e.g. "repeated-line", "licence-footer"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a cleaned article, with its provenance."""

    article: int  # index of the article in the cluster
    position: int  # 0-based index of the sentence within its article
    start: int  # character offsets into the article's cleaned text
    end: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """An article after cleaning: its cleaned text and sentences.

    A syndicated copy of another article (``copy_of`` is the index of the original)
    appears twice in a ``PreparedCluster``: in ``documents`` with no text, so ranking
    sees one voice, and in ``copies`` with its own cleaned text and sentences, which
    its citations point into.
    """

    index: int
    article: Article
    source: str  # display name: given source, site name, file name or "Article N"
    text: str  # cleaned text; Sentence offsets point into it
    sentences: tuple[Sentence, ...]
    # Headline-like lines cleaning removed above the article's first kept line
    # (scraped pages carry their title in the text); candidates for the digest's headline.
    headings: tuple[str, ...] = ()
    copy_of: int | None = None  # index of the article this one is a copy of

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class PreparedCluster:
    """A cluster after cleaning and sentence splitting.

    ``documents`` and ``sentences`` are what ranking and selection read; a copy of
    another article is there without text. ``copies`` holds the copies' cleaned
    documents (see ``Document``), cited with their originals (``newsweave.syndication``).
    """

    id: str
    documents: tuple[Document, ...]
    removed: tuple[Removal, ...] = ()
    sentences: tuple[Sentence, ...] = field(default=(), compare=False)
    copies: tuple[Document, ...] = ()

    @classmethod
    def build(
        cls,
        id: str,
        documents: tuple[Document, ...],
        removed: tuple[Removal, ...],
        copies: tuple[Document, ...] = (),
    ) -> PreparedCluster:
        flat = tuple(s for d in documents for s in d.sentences)
        return cls(id=id, documents=documents, removed=removed, sentences=flat, copies=copies)

    @property
    def cited_documents(self) -> tuple[Document, ...]:
        """Every article by index, copies with their own cleaned text: what citations point into."""
        if not self.copies:
            return self.documents
        copies = {c.index: c for c in self.copies}
        return tuple(copies.get(d.index, d) for d in self.documents)


@dataclass(frozen=True, slots=True)
class Citation:
    """A span of one article's cleaned text."""

    article: int
    source: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SupportCheck:
    """The support check's verdict on one digest sentence (``newsweave.check``).

    ``failures`` holds ``newsweave.check.Failure`` values (``kind``, ``detail``), plus
    kind "citation" for ids a generated sentence cites that are not source sentences.
    """

    passed: bool
    score: float  # the check's probability that the sources support the sentence
    failures: tuple = ()  # tuple[newsweave.check.Failure, ...], empty when passed
    cited: bool = True  # False: the sentence cited no source, and was checked against the best matches
    replaced: str | None = None  # the generated sentence this extractive one replaced (policy "replace")
    judge: str | None = None  # a judge model's answer: "yes", "no" or "unclear" (None: no judge asked)


@dataclass(frozen=True, slots=True)
class DigestSentence:
    """One sentence of a digest: its text, where it was taken from, and who else reports it.

    A generated sentence (the llm method) cites in ``citation`` and ``also_in`` the
    articles of the source sentences it names, lists those sentences' spans in
    ``supported_by``, and carries the support check's verdict in ``check``. An
    extractive sentence has ``check`` None unless the check was asked for.
    """

    text: str  # as the digest shows it; words inserted by a rewrite are in [brackets]
    citation: Citation
    also_in: tuple[Citation, ...] = ()
    score: float = 0.0
    original: str | None = None  # the cited span's own text, when ``text`` is a rewrite of it
    supported_by: tuple[Citation, ...] = ()  # the source sentences the check compared it with
    check: SupportCheck | None = None

    @property
    def articles(self) -> tuple[int, ...]:
        """Every article this sentence cites, the one it was taken from first.

        None for a checked sentence that no source sentence supports or aligns with.
        """
        if self.check is not None and not self.supported_by:
            return ()
        return (self.citation.article, *(c.article for c in self.also_in))

    @property
    def flagged(self) -> bool:
        """Whether the support check ran and rejected this sentence."""
        return self.check is not None and not self.check.passed

    def warning(self) -> str | None:
        """One line saying why the check rejected this sentence, or None when it did not."""
        if not self.flagged:
            return None
        assert self.check is not None
        reasons = [f.detail for f in self.check.failures]
        if self.check.judge == "no":
            reasons.append("the judge model says the sources do not support it")
        reasons = reasons or ["not close enough to any source sentence"]
        if not self.check.cited and not any(f.kind == "citation" for f in self.check.failures):
            reasons.append("it cites no source sentence")
        return "unsupported: " + "; ".join(reasons)


@dataclass(frozen=True, slots=True)
class Headline:
    """The digest's headline and where its words come from."""

    text: str
    article: int  # the article whose title, heading or lede sentence it is taken from
    origin: str  # "title" (the article's given title), "heading" (a title line in its text) or "lede"


@dataclass(frozen=True, slots=True)
class Source:
    """One article of the cluster as listed under a digest."""

    article: int
    name: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    words: int = 0  # words of cleaned text
    copy_of: int | None = None  # the article this one is a syndicated copy of


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement carried by several articles (or by one only), with the sentence in each."""

    text: str  # the clearest wording (the highest-ranked sentence of the group)
    citations: tuple[Citation, ...]  # one per article that states it, first the one ``text`` comes from

    @property
    def articles(self) -> tuple[int, ...]:
        return tuple(c.article for c in self.citations)


@dataclass(frozen=True, slots=True)
class ConflictVersion:
    """One article's version of a disputed figure."""

    value: str  # as written: "14", "$2.3 million", "2019"
    citation: Citation  # the sentence that states it
    text: str  # that sentence


@dataclass(frozen=True, slots=True)
class Conflict:
    """Articles that report the same fact with different numbers or dates."""

    kind: str  # "number" or "date"
    topic: str  # what the figure counts or dates, e.g. "people were injured"
    versions: tuple[ConflictVersion, ...]


@dataclass(frozen=True, slots=True)
class Event:
    """A dated statement for the timeline."""

    date: str | None  # ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) when resolved, else None
    expression: str  # the words that date it: "on Monday", "March 3", "last year"
    resolved: bool  # False for relative dates without a publication date to resolve against
    citation: Citation
    text: str  # the sentence


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, with how many outlets mention it."""

    name: str  # canonical (fullest) name
    label: str  # "PERSON", "ORG" or "GPE" (spaCy's labels)
    articles: tuple[int, ...]
    mentions: int


@dataclass(frozen=True, slots=True)
class Analysis:
    """Who said what, where outlets agree, what one outlet alone reports, conflicts, timeline."""

    speakers: tuple = ()  # tuple[analyze.quotes.Speaker, ...], most-quoted first
    agreement: tuple[Fact, ...] = ()  # facts stated by two or more articles
    exclusive: tuple[Fact, ...] = ()  # facts stated by one article only (citations has one entry)
    conflicts: tuple[Conflict, ...] = ()
    timeline: tuple[Event, ...] = ()
    entities: tuple[Entity, ...] | None = None  # None when the [nlp] extra is not installed
    unavailable: tuple[str, ...] = ()  # sections that could not be built, and why


@dataclass(frozen=True, slots=True)
class Digest:
    """The result of summarizing a cluster; what every renderer and the API return."""

    id: str
    method: str
    budget: int
    sentences: tuple[DigestSentence, ...]
    sources: tuple[Source, ...]
    removed: tuple[Removal, ...] = ()
    # The cleaned articles every citation points into (``PreparedCluster.cited_documents``).
    documents: tuple[Document, ...] = field(default=(), repr=False, compare=False)
    analysis: Analysis | None = None  # present when the digest was asked for analysis
    headline: Headline | None = None

    @property
    def summary(self) -> str:
        """Plain text, one sentence per line, no citation markers."""
        return "\n".join(s.text for s in self.sentences)

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    def check_summary(self) -> str | None:
        """"Support check: 4 of 6 sentences supported, 2 flagged", or None when no sentence was checked."""
        checked = [s for s in self.sentences if s.check is not None]
        if not checked:
            return None
        flagged = sum(s.flagged for s in checked)
        replaced = sum(s.check is not None and s.check.replaced is not None for s in checked)
        line = f"Support check: {len(checked) - flagged} of {len(checked)} sentences supported, {flagged} flagged"
        return line + (f", {replaced} replaced by a source sentence" if replaced else "")
