"""Cluster a stream of user articles into stories, reporting every article that could not be used.

:func:`cluster_stream` is what ``newsweave cluster`` calls: it takes ``(id, Article)``
pairs (and ``InputError`` values for bad input, as :func:`newsweave.ingest.articles.read_articles`
yields them), cleans each article as a digest would, feeds them to one
:class:`OnlineClusterer` in the order given and returns the stories with the errors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import InputError
from ..models import Article, Cluster
from .models import Story
from .online import OnlineClusterer
from .options import StoryOptions
from .prepare import parse_published, story_article

__all__ = ["StreamResult", "cluster_stream", "story_cluster"]


@dataclass(frozen=True, slots=True)
class StreamResult:
    """The stories of a stream, the articles they hold, and what could not be used."""

    stories: tuple[Story, ...]
    articles: dict[str, Article] = field(repr=False)  # by id, every article that was clustered
    errors: tuple[InputError, ...] = ()


def cluster_stream(
    items: Iterable[tuple[str, Article] | InputError], *, times: bool = True, options: StoryOptions | None = None
) -> StreamResult:
    """Stories from ``items`` in arrival order.

    ``times=False`` ignores publication times (text alone). An article whose
    ``published`` is given but unreadable, or whose id repeats an earlier one, is
    reported in ``errors`` and left out; so is every ``InputError`` among ``items``.
    """
    clusterer = OnlineClusterer(options)
    articles: dict[str, Article] = {}
    errors: list[InputError] = []
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
            continue
        id, article = item
        if article.published and parse_published(article.published) is None:
            errors.append(InputError(f"article {id!r}: published {article.published!r} is not an ISO 8601 date"))
            continue
        if id in articles:
            errors.append(InputError(f"article id {id!r} appears twice; ids must be unique (the second was left out)"))
            continue
        prepared = story_article(article, id)
        if not times:
            prepared = dataclasses.replace(prepared, published=None)
        clusterer.add(prepared)
        articles[id] = article
    return StreamResult(stories=clusterer.stories(), articles=articles, errors=tuple(errors))


def story_cluster(story: Story, articles: dict[str, Article]) -> Cluster:
    """The story's articles as a ``Cluster`` to summarize (id: the story id)."""
    return Cluster(id=story.id, articles=tuple(articles[a] for a in story.articles), origin=story.id)
