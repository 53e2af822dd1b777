"""How long the analysis takes next to the summary, on fulltext-dev.

    python benchmarks/analysis_speed.py [--repeat 2]

Issue 4 asks that the analysis (without spaCy) add no more time than the
summarization itself, and that the spaCy entity path run at >= 5 clusters/s.
Prints milliseconds per cluster for summarization (cleaning, splitting, ranking,
selection) and for each analysis section, best of --repeat runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsweave.analyze.agreement import agreement
from newsweave.analyze.conflicts import conflicts
from newsweave.analyze.quotes import extract_quotes, quotes_by_speaker
from newsweave.analyze.timeline import extract_events
from newsweave.clean import prepare
from newsweave.errors import NewsweaveError
from newsweave.ingest import read_clusters
from newsweave.models import Cluster
from newsweave.options import load_options
from newsweave.pipeline import summarize_cluster
from newsweave.vectors import ClusterVectors

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews" / "fulltext-dev.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    clusters = [c for c in read_clusters([str(DATA)]) if isinstance(c, Cluster)]
    options = load_options(analysis=False)
    prepared = [prepare(c, options) for c in clusters]
    prepared = [p for p in prepared if p.sentences]
    vectors = [ClusterVectors.build(p) for p in prepared]
    stages = {
        "summarization (clean, split, rank, select)": lambda i: _summarize(clusters[i], options),
        "quotes and speakers": lambda i: quotes_by_speaker(extract_quotes([d.text for d in prepared[i].documents])),
        "agreement and single-source facts": lambda i: agreement(prepared[i], vectors[i], threshold=options.also_in),
        "conflicts": lambda i: conflicts(prepared[i], vectors[i]),
        "timeline": lambda i: extract_events(prepared[i].documents),
    }
    try:
        from newsweave.analyze.entities import entities_available, extract_entities

        if entities_available():
            from newsweave.analyze.entities import entity_spans, parse_documents

            extract_entities(prepared[0].documents)  # load the model outside the timing
            stages["entities (spaCy, nlp extra)"] = lambda i: extract_entities(prepared[i].documents)
            # The digest parses once for the entities and the speakers: the quotes' own share.
            spans = [entity_spans(parse_documents(p.documents)) for p in prepared]
            stages["quotes and speakers, with the entities as evidence"] = lambda i: quotes_by_speaker(
                extract_quotes([d.text for d in prepared[i].documents], entities=spans[i])
            )
    except ImportError:
        pass
    n = len(prepared)
    print(f"fulltext-dev: {n} clusters with text, best of {args.repeat} runs\n")
    print("| stage | ms per cluster | clusters/s |\n|---|---:|---:|")
    totals = {}
    for name, run in stages.items():
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            for i in range(n):
                run(i)
            best = min(best, time.perf_counter() - start)
        totals[name] = best
        print(f"| {name} | {1000 * best / n:.1f} | {n / best:.1f} |")
    analysis = sum(v for k, v in totals.items() if not k.startswith(("summarization", "entities", "quotes and speakers, with")))
    print(f"| analysis without spaCy, all sections | {1000 * analysis / n:.1f} | {n / analysis:.1f} |")
    return 0


def _summarize(cluster: Cluster, options) -> None:
    try:
        summarize_cluster(cluster, options)
    except NewsweaveError:
        pass


if __name__ == "__main__":
    raise SystemExit(main())
