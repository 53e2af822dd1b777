"""What cleaning removes on fulltext-dev, rule by rule.

    python benchmarks/cleaning_report.py [DATA.jsonl] [--samples 3]

Prints, for each rule, how many removals it made, the words they held, their
share of all words, and how often the removed text looks like summary content
(more than half its content words appear in the cluster's reference summary; a
sanity check for false positives, not a precision figure: related-story
headlines are on-topic too). Compare with the counts in clean_rules.py after
changing a rule.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

from newsweave.clean import prepare
from newsweave.ingest import read_clusters
from newsweave.models import Cluster

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews" / "fulltext-dev.jsonl"
_WORD = re.compile(r"[a-z0-9]+")


def in_summary(text: str, summary_words: set[str]) -> bool:
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 3]
    return bool(words) and sum(w in summary_words for w in words) > 0.5 * len(words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT))
    parser.add_argument("--samples", type=int, default=2)
    args = parser.parse_args(argv)
    counts: dict[str, int] = defaultdict(int)
    words: dict[str, int] = defaultdict(int)
    summary_hits: dict[str, int] = defaultdict(int)
    samples: dict[str, list[str]] = defaultdict(list)
    total_words = 0
    for cluster in read_clusters([args.data]):
        if not isinstance(cluster, Cluster):
            continue
        total_words += sum(len(a.text.split()) for a in cluster.articles)
        summary_words = set(_WORD.findall((cluster.summary or "").lower()))
        for removal in prepare(cluster).removed:
            counts[removal.rule] += 1
            words[removal.rule] += len(removal.text.split())
            summary_hits[removal.rule] += in_summary(removal.text, summary_words)
            if len(samples[removal.rule]) < args.samples:
                samples[removal.rule].append(removal.text[:100])
    print(f"{total_words} words in {args.data}\n")
    print("| rule | removals | words | % of words | look like summary content |")
    print("|---|---:|---:|---:|---:|")
    for rule in sorted(counts, key=lambda r: -words[r]):
        print(f"| {rule} | {counts[rule]} | {words[rule]} | {100 * words[rule] / total_words:.2f} | {summary_hits[rule] / counts[rule]:.2f} |")
    print()
    for rule in sorted(samples):
        for text in samples[rule]:
            print(f"{rule}: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
