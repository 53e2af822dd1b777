"""How often the fast splitting path gives exactly syntok's spans, and how much faster it is.

    python benchmarks/split_agreement.py [--val-limit 2000]

Compares newsweave.split.sentence_spans (cut at certain ends, syntok's decision
taken at plain stops, syntok on the rest) with syntok on whole paragraphs, over
every paragraph of fulltext-dev and of the first N val clusters, and prints the
share of paragraphs whose spans are identical, the share of sentence ends found by
one and not the other, samples of the differences, and the time each takes. A
second table compares the plain decisions with the path before them
(``sentence_spans(plain=False)``: syntok on every piece that holds a possible end).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import time
from pathlib import Path

from newsweave.split import paragraphs, sentence_spans, syntok_spans

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"


def load(val_limit: int) -> dict[str, list[str]]:
    with open(DATA / "fulltext-dev.jsonl", encoding="utf-8") as handle:
        dev = [p for line in handle for d in json.loads(line)["documents"] for p in paragraphs(d)]
    with gzip.open(DATA / "val.jsonl.gz", "rt", encoding="utf-8") as handle:
        val = [p for line in itertools.islice(handle, val_limit) for d in json.loads(line)["documents"] for p in paragraphs(d)]
    return {"fulltext-dev": dev, f"val[:{val_limit}]": val}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--val-limit", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args(argv)
    print("| data | paragraphs | identical | sentence ends only syntok | only fast path | syntok s | fast s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    samples = []
    for name, paras in load(args.val_limit).items():
        start = time.perf_counter()
        slow = [syntok_spans(p) for p in paras]
        slow_time = time.perf_counter() - start
        start = time.perf_counter()
        fast = [sentence_spans(p) for p in paras]
        fast_time = time.perf_counter() - start
        same = sum(a == b for a, b in zip(slow, fast, strict=True))
        ends_slow = ends_fast = only_slow = only_fast = 0
        for p, a, b in zip(paras, slow, fast, strict=True):
            ea, eb = {e for _, e in a}, {e for _, e in b}
            ends_slow += len(ea)
            ends_fast += len(eb)
            only_slow += len(ea - eb)
            only_fast += len(eb - ea)
            for e in sorted(ea ^ eb)[:1]:
                if len(samples) < args.samples:
                    samples.append(("syntok" if e in ea else "fast", p[max(0, e - 60) : e + 40]))
        print(
            f"| {name} | {len(paras)} | {100 * same / len(paras):.2f}% | {100 * only_slow / max(1, ends_slow):.3f}% |"
            f" {100 * only_fast / max(1, ends_fast):.3f}% | {slow_time:.2f} | {fast_time:.2f} |"
        )
    for who, text in samples:
        print(f"end only in {who}: {text!r}")
    print()
    print("| data | paragraphs | identical to syntok on every ambiguous piece | that path s | fast s |")
    print("|---|---:|---:|---:|---:|")
    for name, paras in load(args.val_limit).items():
        start = time.perf_counter()
        pieces = [sentence_spans(p, plain=False) for p in paras]
        piece_time = time.perf_counter() - start
        start = time.perf_counter()
        fast = [sentence_spans(p) for p in paras]
        fast_time = time.perf_counter() - start
        same = sum(a == b for a, b in zip(pieces, fast, strict=True))
        print(f"| {name} | {len(paras)} | {100 * same / len(paras):.2f}% | {piece_time:.2f} | {fast_time:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
