"""Quote extraction and speaker attribution against the labelled set.

    python benchmarks/quotes_eval.py [--errors 10]

tests/data/quotes_gold.jsonl labels 477 direct quotations (offsets into the raw
fulltext-dev documents, canonical speakers); quotes_gold_negatives.jsonl 69 quoted
spans that are nobody's quotation. The set is not exhaustive, so precision counts
only predictions that overlap a labelled span (positive or negative).

Prints quote precision/recall and attribution precision/recall:
- quote recall: labelled quotations overlapped by a predicted quote;
- quote precision: predicted quotes overlapping a positive, among those overlapping any label;
- attribution precision: correct speaker among matched quotes that got a speaker;
- attribution recall: correct speaker among all labelled quotations;
- matched quotations left without a speaker, and those given a wrong one (counts);
- attributed quotations as "Who said what" lists them, and the repeats (the same
  quotation carried again, by another outlet or the same one) folded under them.
A speaker is correct when it equals the label, or has the same surname and every word of the
shorter name is in the longer one, or the same surname and first names with the same first
three letters ("Matt Lesser" for "Matthew Lesser"; case-insensitive).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from newsweave.analyze.quotes import extract_quotes, quotes_by_speaker

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews" / "fulltext-dev.jsonl"


def same_speaker(predicted: str | None, gold: str) -> bool:
    if not predicted:
        return False
    p, g = predicted.lower().split(), gold.lower().split()
    if p == g:
        return True
    short, long = sorted((p, g), key=len)
    if not short or short[-1] != long[-1]:
        return False
    return all(w in long for w in short) or (len(p) > 1 and len(g) > 1 and p[0][:3] == g[0][:3])


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def evaluate(errors_out: list | None = None) -> dict[str, float]:
    """The measures of the module docstring, as a dict."""
    rows = {json.loads(line)["id"]: json.loads(line) for line in open(DATA, encoding="utf-8")}
    gold = [json.loads(line) for line in open(ROOT / "tests/data/quotes_gold.jsonl", encoding="utf-8")]
    negatives = [json.loads(line) for line in open(ROOT / "tests/data/quotes_gold_negatives.jsonl", encoding="utf-8")]
    labelled = defaultdict(list)
    for g in gold:
        labelled[(g["cluster"], g["doc"])].append(("pos", g))
    for n in negatives:
        labelled[(n["cluster"], n["doc"])].append(("neg", n))
    clusters = sorted({g["cluster"] for g in gold} | {n["cluster"] for n in negatives})
    found = matched = attributed = correct = pred_on_labels = pred_on_pos = 0
    listed = echoes = 0
    elapsed = 0.0
    for cid in clusters:
        docs = rows[cid]["documents"]
        start = time.perf_counter()
        quotes = extract_quotes(docs)
        elapsed += time.perf_counter() - start
        for speaker in quotes_by_speaker(quotes):
            listed += len(speaker.quotes)
            echoes += sum(map(len, speaker.echoes))
        by_doc = defaultdict(list)
        for q in quotes:
            by_doc[q.article].append(q)
        for d in range(len(docs)):
            labels = labelled.get((cid, d), [])
            for q in by_doc[d]:
                hits = [kind for kind, lab in labels if overlap((q.start, q.end), (lab["start"], lab["end"])) > 0]
                if hits:
                    pred_on_labels += 1
                    pred_on_pos += "pos" in hits
            for kind, lab in labels:
                if kind != "pos":
                    continue
                span = (lab["start"], lab["end"])
                best = max(by_doc[d], key=lambda q: overlap((q.start, q.end), span), default=None)
                if best is None or overlap((best.start, best.end), span) < 0.5 * (span[1] - span[0]):
                    continue
                matched += 1
                if best.speaker:
                    attributed += 1
                    if same_speaker(best.speaker, lab["speaker"]):
                        correct += 1
                    elif errors_out is not None:
                        errors_out.append((cid, d, lab["speaker"], best.speaker, best.mention, best.pattern, lab["pattern"]))
        found += sum(1 for kind, lab in (x for d in range(len(docs)) for x in labelled.get((cid, d), [])) if kind == "pos")
    return {
        "labelled": found,
        "quote_recall": matched / found,
        "quote_precision": pred_on_pos / max(1, pred_on_labels),
        "attribution_precision": correct / max(1, attributed),
        "attribution_recall": correct / found,
        "matched_without_speaker": matched - attributed,
        "wrong_speaker": attributed - correct,
        "attributed_quotations_listed": listed,
        "repeats_listed_under_them": echoes,
        "clusters_per_second": len(clusters) / elapsed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", type=int, default=0, help="print this many attribution errors")
    args = parser.parse_args(argv)
    errors: list = []
    result = evaluate(errors)
    print("| measure | value |\n|---|---:|")
    for key, value in result.items():
        print(f"| {key.replace('_', ' ')} | {value:.3f} |" if isinstance(value, float) else f"| {key.replace('_', ' ')} | {value} |")
    for e in errors[: args.errors]:
        print("error:", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
