"""Precision of the conflicts analysis on fulltext-dev (92 real Multi-News clusters).

    python benchmarks/conflicts_eval.py [--show] [--unlabelled]

Runs :func:`newsweave.analyze.conflicts.conflicts` on every cluster of
``../shared/data/multinews/fulltext-dev.jsonl`` (cleaning and sentence vectors as the
pipeline builds them, without ranking or the other analysis sections), prints every
reported conflict with ``--show`` (cluster, topic, versions with article index and a
sentence snippet) and the precision against ``tests/data/conflicts_gold.jsonl``.

The labels file has one JSON line per conflict ever reported on fulltext-dev:
``{"key": ..., "genuine": true|false, "reason": ...}``, plus ``"same_as": <key>`` when
the line is another report of the dispute labelled under that key (the same dispute
restated in another unit, or a key renamed by a change in how a value is shown); the
distinct genuine disputes are counted once. The key is
``<cluster id>|<normalised topic>|<sorted values>`` (see :func:`conflict_key`); a
conflict whose key is not found is matched on cluster id and values alone. Conflicts
that are still unlabelled are listed and left out of the precision (``--unlabelled``
prints them as label stubs to judge).

Labelling policy. *Genuine*: two outlets give different values for the same fact,
a discrepancy a reader should see (a death toll of 3 vs 4, a date of 2019 vs 2021, an
amount of $2.3m vs $3.1m), including when one of them hedges ("about 300" vs "312" is
genuine only when the hedged figure is over 20% away, which is also the code's
tolerance; a hedge within 20% agrees, so reporting it is spurious). *Spurious*: the
values belong to different facts (another person's age, another year's figure, a
sub-total and its total, a count at two points in time as a story develops when both
articles say so, different units such as miles vs kilometres, or a range against a
point), or the "number" is not a figure at all (part of a name, an address, a score).
A count that grew between two reports ("2 dead" in an early report, "3 dead" in a later
one) is still genuine: the reader sees outlets disagree, which is what the section is for.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsweave.analyze.conflicts import conflicts
from newsweave.clean import prepare
from newsweave.ingest import read_clusters
from newsweave.models import Cluster, Conflict
from newsweave.options import load_options
from newsweave.vectors import ClusterVectors, content_words

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews" / "fulltext-dev.jsonl"
LABELS = ROOT / "tests" / "data" / "conflicts_gold.jsonl"


def conflict_key(cluster_id: str, conflict: Conflict) -> str:
    topic = " ".join(sorted(set(content_words(conflict.topic))))
    values = ",".join(sorted({v.value for v in conflict.versions}))
    return f"{cluster_id}|{topic}|{values}"


def _loose(key: str) -> tuple[str, str]:
    cid, _, values = key.split("|")
    return cid, values


def run(data: Path = DATA) -> tuple[list[tuple[str, Conflict]], float]:
    """Every conflict reported on ``data`` as (cluster id, conflict), and ms per cluster."""
    options = load_options(analysis=True)
    found: list[tuple[str, Conflict]] = []
    elapsed, n = 0.0, 0
    for cluster in read_clusters([str(data)]):
        if not isinstance(cluster, Cluster):
            continue
        prepared = prepare(cluster, options)
        if not prepared.sentences:
            continue
        vectors = ClusterVectors.build(prepared)
        start = time.perf_counter()
        result = conflicts(prepared, vectors)
        elapsed += time.perf_counter() - start
        n += 1
        found.extend((cluster.id, c) for c in result)
    return found, 1000 * elapsed / max(n, 1)


def load_labels(path: Path = LABELS) -> dict[str, dict]:
    if not path.exists():
        return {}
    return {row["key"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row}


def score(found: list[tuple[str, Conflict]], labels: dict[str, dict]) -> dict:
    """Reported, labelled, genuine, spurious, precision and the unlabelled keys."""
    loose: dict[tuple[str, str], list[dict]] = {}
    for key, row in labels.items():
        loose.setdefault(_loose(key), []).append(row)
    genuine = spurious = 0
    genuine_disputes: set[str] = set()
    unlabelled: list[str] = []
    for cid, c in found:
        key = conflict_key(cid, c)
        row = labels.get(key)
        if row is None and len(loose.get(_loose(key), [])) == 1:
            row = loose[_loose(key)][0]
        if row is None:
            unlabelled.append(key)
        elif row["genuine"]:
            genuine += 1
            genuine_disputes.add(row.get("same_as", row["key"]))
        else:
            spurious += 1
    labelled = genuine + spurious
    return {
        "reported": len(found),
        "genuine": genuine,
        "spurious": spurious,
        "precision": genuine / labelled if labelled else 1.0,
        "unlabelled": unlabelled,
        "genuine_total": sum(1 for r in labels.values() if r["genuine"] and "same_as" not in r),
        "genuine_disputes": len(genuine_disputes),
    }


def _snippet(text: str, value: str, width: int = 70) -> str:
    at = max(text.find(value), 0)
    lo = max(0, at - width)
    return ("…" if lo else "") + text[lo : at + len(value) + width // 2].replace("\n", " ") + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print every reported conflict")
    parser.add_argument("--unlabelled", action="store_true", help="print label stubs for unlabelled conflicts")
    args = parser.parse_args(argv)
    found, ms = run()
    labels = load_labels()
    if args.show:
        for cid, c in found:
            row = labels.get(conflict_key(cid, c))
            verdict = "?" if row is None else ("GENUINE" if row["genuine"] else "spurious")
            print(f"[{verdict}] {conflict_key(cid, c)}  ({c.kind}: {c.topic!r})")
            for v in c.versions:
                print(f"    {v.value:>14}  art {v.citation.article} ({v.citation.source}): {_snippet(v.text, v.value)}")
    s = score(found, labels)
    print("\n| reported | genuine | spurious | unlabelled | precision | ms/cluster |\n|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {s['reported']} | {s['genuine']} | {s['spurious']} | {len(s['unlabelled'])} "
        f"| {s['precision']:.3f} | {ms:.2f} |"
    )
    print(f"distinct genuine disputes reported: {s['genuine_disputes']} of {s['genuine_total']} labelled")
    if s["unlabelled"]:
        print(f"\n{len(s['unlabelled'])} unlabelled conflicts:")
        for key in s["unlabelled"]:
            print(json.dumps({"key": key, "genuine": None, "reason": ""}) if args.unlabelled else f"  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
