"""Built-in demo cluster: an invented event covered by four invented outlets.

Written for newsweave (no real article text): quotes with several attribution
patterns, a deliberate conflict over the number injured, shared and exclusive
facts, and scraped boilerplate for the cleaner to remove.
"""

from __future__ import annotations

import json
from importlib import resources

from ..models import Article, Cluster

__all__ = ["demo_cluster"]


def demo_cluster() -> Cluster:
    """The demo cluster as a ``Cluster``."""
    data = json.loads(resources.files(__name__).joinpath("cluster.json").read_text(encoding="utf-8"))
    articles = tuple(
        Article(
            text=d["text"],
            title=d.get("title"),
            source=d.get("source"),
            url=d.get("url"),
            published=d.get("published"),
        )
        for d in data["documents"]
    )
    return Cluster(id=data["id"], articles=articles, origin="built-in demo")
