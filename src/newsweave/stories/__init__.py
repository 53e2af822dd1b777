"""Online story clustering: which arriving articles tell the same story.

A library with no web or database imports: the service, the CLI and the benchmark
call the same code on the same articles.

* :class:`OnlineClusterer` — ``add(article) -> Assignment``, ``stories()``, ``merges``;
* :func:`cluster_articles` — the same for a batch, in arrival order;
* :func:`story_article` — an :class:`~newsweave.models.Article` cleaned into a
  :class:`StoryArticle`;
* :func:`cluster_stream` — user articles (with their input errors) to stories, as
  ``newsweave cluster`` runs it; :func:`story_cluster` — a story as a ``Cluster`` to summarize;
* :func:`bcubed`, :func:`adjusted_rand_index` — quality against true clusters;
* :class:`JoinModel`, :func:`load_join_model` — the learned decision's model (trained by
  ``python -m newsweave.stories.train``).

See :mod:`newsweave.stories.online` for the method and :class:`StoryOptions` for
where each threshold comes from.
"""

from __future__ import annotations

from .decision import JoinModel, load_join_model
from .metrics import BCubed, adjusted_rand_index, bcubed
from .models import Assignment, Candidate, Merge, Story, StoryArticle
from .online import OnlineClusterer, cluster_articles
from .options import StoryOptions
from .prepare import parse_published, story_article
from .stream import StreamResult, cluster_stream, story_cluster

__all__ = [
    "Assignment",
    "BCubed",
    "Candidate",
    "JoinModel",
    "Merge",
    "OnlineClusterer",
    "Story",
    "StoryArticle",
    "StoryOptions",
    "StreamResult",
    "adjusted_rand_index",
    "bcubed",
    "cluster_articles",
    "cluster_stream",
    "load_join_model",
    "parse_published",
    "story_article",
    "story_cluster",
]
