"""How syndicated copies' sentences pair with their originals' (the calibration of syndication.MATCH).

    python benchmarks/syndication_report.py [DATA.jsonl[.gz] ...] [--limit N]

For every copy cleaning finds (``PreparedCluster.copies``), each sentence of its original
is looked up in the copy: paired word for word, paired by overlap (at or above
``MATCH``), or left out. For the last two it prints the best overlap the sentence has
with any copy sentence not yet paired, so the gap between edited sentences and sentences
the copy does not carry shows where ``MATCH`` can sit. Re-run after changing ``MATCH``,
the duplicate rule in clean.py or the sentence splitter.
"""

from __future__ import annotations

import argparse
import itertools
from collections import Counter
from pathlib import Path

from newsweave.clean import prepare
from newsweave.ingest import read_clusters
from newsweave.models import Cluster
from newsweave.syndication import MATCH, align, overlap
from newsweave.vectors import word_tokens

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"
DEFAULT = [str(DATA / "fulltext-dev.jsonl"), str(DATA / "val.jsonl.gz")]


def _histogram(values: list[float]) -> str:
    bins = Counter(min(9, int(v * 10)) for v in values)
    return " ".join(f"{b / 10:.1f}-: {bins[b]}" for b in range(10) if bins[b])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="*", default=DEFAULT)
    parser.add_argument("--limit", type=int, default=2000, help="clusters read per file (default 2000)")
    args = parser.parse_args(argv)
    for path in args.data:
        clusters = copies = exact = 0
        fuzzy: list[float] = []
        missed: list[float] = []
        examples: list[tuple[float, str, str]] = []
        for cluster in itertools.islice(read_clusters([path]), args.limit):
            if not isinstance(cluster, Cluster):
                continue
            clusters += 1
            prepared = prepare(cluster)
            for copy in prepared.copies:
                copies += 1
                original = prepared.documents[copy.copy_of].sentences
                pairs = align(original, copy.sentences)
                paired = {id(s) for s, _, _ in pairs}
                used = {id(m) for _, m, _ in pairs}
                exact += sum(score == 1.0 for *_, score in pairs)
                fuzzy.extend(score for *_, score in pairs if score < 1.0)
                examples.extend((score, s.text, m.text) for s, m, score in pairs if score < 1.0)
                free = [Counter(word_tokens(m.text)) for m in copy.sentences if id(m) not in used]
                for s in original:
                    if id(s) not in paired:
                        bag = Counter(word_tokens(s.text))
                        missed.append(max((overlap(bag, f) for f in free), default=0.0))
        matched = exact + len(fuzzy)
        print(f"{path}: {clusters} clusters, {copies} copies (MATCH = {MATCH})")
        print(f"  original sentences paired: {matched} ({exact} word for word"
              f", {100 * exact / max(1, matched):.1f}%; {len(fuzzy)} by overlap)")
        if fuzzy:
            print(f"  overlap of the pairs not word for word: {min(fuzzy):.2f}-{max(fuzzy):.2f}; {_histogram(fuzzy)}")
        print(f"  original sentences the copy does not carry: {len(missed)}")
        if missed:
            print(f"  their best overlap with a free copy sentence: max {max(missed):.2f}; {_histogram(missed)}")
        for score, a, b in sorted(examples)[:3]:
            print(f"    {score:.2f}  {a[:90]!r}\n          {b[:90]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
