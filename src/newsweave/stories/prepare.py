"""Turning an :class:`~newsweave.models.Article` into a :class:`StoryArticle`.

The text goes through the digest's own cleaning (:func:`newsweave.clean.prepare` on a
one-article cluster): site furniture, bylines, captions and datelines do not become
terms of the story. The publication time is parsed from ISO 8601; a date or a time
without a zone is read as UTC (most feeds that omit it mean it), and a value that does
not parse leaves the article undated rather than failing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..clean import prepare
from ..limits import limit_article
from ..models import Article, Cluster
from ..options import Options
from .models import StoryArticle

__all__ = ["parse_published", "story_article"]

_LIMITS = Options()


def parse_published(value: str | None) -> datetime | None:
    """An aware datetime from an ISO 8601 date or date-time, or None when absent or unreadable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


def story_article(article: Article, id: str, *, clean: bool = True, entities: bool = False) -> StoryArticle:
    """The stream form of ``article``, cleaned as a digest would clean it (``clean=False`` skips that).

    An article that cleaning empties (an error or login page, a stub) keeps its title
    and clusters from it, or starts a story of its own when it has none. ``entities=True``
    adds the people, organisations and places spaCy finds (the ``nlp`` extra; raises
    :class:`~newsweave.errors.MissingExtraError` without it). Off by default: it costs
    far more than clustering, and Multi-News, lowercased, could not calibrate it.
    """
    text = article.text
    names: tuple[str, ...] = ()
    if clean or entities:
        limited, _ = limit_article(article, 0, _LIMITS)  # the digest's input limits (newsweave.limits)
        document = prepare(Cluster(id=id, articles=(limited,))).documents[0]
        if clean:
            text = document.text
        if entities:
            from ..analyze.entities import extract_entities  # spaCy is imported only here

            names = tuple(e.name for e in extract_entities([document]))
    return StoryArticle(
        id=id,
        text=text,
        title=article.title,
        source=article.source,
        url=article.url,
        published=parse_published(article.published),
        entities=names,
    )
