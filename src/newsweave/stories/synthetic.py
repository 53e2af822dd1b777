"""Labelled streams built from Multi-News, for training and measuring story clustering.

Multi-News clusters are sets of articles about one story; a stream is their articles
interleaved. Multi-News has no publication times, so :func:`build_stream` invents them
(seeded): each story starts at a uniform time over ``clusters / stories_per_day`` days
and each of its articles is published at the start plus a uniform ``0-spread_days``, so
about ``stories_per_day * spread_days`` stories run at once. Articles arrive in
publication order. This is an assumption about real streams, not a measurement of one.

Used by ``benchmarks/stories_eval.py`` (calibration and report parts of val) and by
:mod:`newsweave.stories.train` (training streams from train), so both see the same streams.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from ..models import Article
from .models import StoryArticle
from .prepare import story_article

__all__ = ["EPOCH", "Loaded", "build_stream", "load", "read_rows", "truncated", "undated"]

EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


@dataclasses.dataclass
class Loaded:
    """Clusters of cleaned, undated articles, and what was left out."""

    clusters: list[tuple[str, list[StoryArticle]]]
    empty: int = 0  # documents without text
    emptied: int = 0  # documents cleaning left without text
    singletons: int = 0  # clusters left with one document


def read_rows(path: Path, limit: int | None = None) -> list[dict]:
    """The first ``limit`` (all when None) JSON lines of a gzipped Multi-News file."""
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def load(rows: list[dict], *, clean: bool = True) -> Loaded:
    """Each cluster's articles as StoryArticles (cleaned, undated), skipping empty ones."""
    out = Loaded([])
    for row in rows:
        articles = []
        for i, doc in enumerate(row["documents"]):
            text = doc if isinstance(doc, str) else doc.get("text", "")
            if not text.strip():
                out.empty += 1
                continue
            article = story_article(Article(text=text), f"{row['id']}#{i}", clean=clean)
            if not article.text.strip():
                out.emptied += 1
                continue
            articles.append(article)
        if articles:
            out.singletons += len(articles) == 1
            out.clusters.append((row["id"], articles))
    return out


def build_stream(
    clusters: list[tuple[str, list[StoryArticle]]],
    *,
    seed: int,
    stories_per_day: float = 20.0,
    spread_days: float = 3.0,
) -> tuple[list[StoryArticle], list[str]]:
    """The articles of ``clusters`` with synthetic times, in publication order, and their true cluster ids."""
    rng = np.random.default_rng(seed)
    span = max(1.0, len(clusters) / stories_per_day)
    items = []
    for cluster_id, articles in clusters:
        start = rng.uniform(0.0, span)
        offsets = rng.uniform(0.0, spread_days, size=len(articles))
        offsets[rng.integers(len(articles))] = 0.0  # the story starts with one of its articles
        for article, offset in zip(articles, offsets, strict=True):
            when = EPOCH + timedelta(days=float(start + offset))
            items.append((when, rng.random(), dataclasses.replace(article, published=when), cluster_id))
    items.sort(key=lambda item: (item[0], item[1]))
    return [a for _, _, a, _ in items], [c for _, _, _, c in items]


def undated(stream: list[StoryArticle]) -> list[StoryArticle]:
    """The same articles without publication times."""
    return [dataclasses.replace(a, published=None) for a in stream]


def truncated(stream: list[StoryArticle], words: int) -> list[StoryArticle]:
    """The same articles cut to their first ``words`` words (short items, as many feeds carry)."""
    return [dataclasses.replace(a, text=" ".join(a.text.split()[:words])) for a in stream]
