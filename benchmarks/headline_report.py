"""Headline candidates and their coverage scores, the figures behind headline.MIN_COVERAGE.

    python benchmarks/headline_report.py

For the seed cluster, the demo cluster and fulltext-dev it prints every title and
title line cleaning found above an article's text (cleaned as the headline step
cleans them, within its length limits) with its coverage: the mean, over its content
words, of the share of the cluster's articles that use the word.
"""

from __future__ import annotations

from pathlib import Path

from newsweave.clean import prepare
from newsweave.demo import demo_cluster
from newsweave.headline import MAX_WORDS, MIN_COVERAGE, MIN_WORDS, clean_title, coverage
from newsweave.ingest import read_clusters
from newsweave.models import Cluster
from newsweave.vectors import content_words

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def candidates(cluster: Cluster) -> list[tuple[float, str, str]]:
    documents = prepare(cluster).cited_documents
    vocab = [set(content_words(d.text)) for d in documents if d.text]
    out = []
    for d in documents:
        titles = [("title", d.article.title)] if d.article.title else []
        for origin, raw in titles + [("heading", h) for h in d.headings]:
            text = clean_title(raw, d.article.source)
            if MIN_WORDS <= len(text.split()) <= MAX_WORDS:
                out.append((coverage(text, vocab), origin, text))
    return out


def main() -> int:
    sets = {
        "seed": [c for c in read_clusters([str(SHARED / "seeds")]) if isinstance(c, Cluster)],
        "demo": [demo_cluster()],
        "fulltext-dev": [c for c in read_clusters([str(SHARED / "multinews" / "fulltext-dev.jsonl")]) if isinstance(c, Cluster)],
    }
    print(f"MIN_COVERAGE = {MIN_COVERAGE}\n")
    print("| set | coverage | origin | candidate |")
    print("|---|---:|---|---|")
    for name, clusters in sets.items():
        rows = sorted((row for c in clusters for row in candidates(c)), key=lambda r: r[0])
        for score, origin, text in rows:
            print(f"| {name} | {score:.2f} | {origin} | {text} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
