"""The quotation and speaker values the analysis returns."""

from __future__ import annotations

from dataclasses import dataclass


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
    """One person (or organisation) and every quote the cluster attributes to them.

    ``quotes`` holds each distinct quotation once, in the order first met, as
    its fullest version; ``echoes[i]`` are the other places (usually other
    outlets) carrying ``quotes[i]`` too, whole or in part (see
    :func:`quotes_by_speaker`).
    """

    name: str | None  # None: the quotations whose speaker was not found (listed last)
    role: str | None
    quotes: tuple[Quote, ...]
    articles: tuple[int, ...]
    echoes: tuple[tuple[Quote, ...], ...] = ()

    def echoes_of(self, i: int) -> tuple[Quote, ...]:
        """The other places carrying quote ``i`` (none when the speaker was built without echoes)."""
        return self.echoes[i] if i < len(self.echoes) else ()

    def carriers(self, i: int) -> tuple[int, ...]:
        """The articles carrying quote ``i`` (the listed version's and its echoes'), in article order."""
        return tuple(sorted({self.quotes[i].article, *(q.article for q in self.echoes_of(i))}))
