"""Write every digest of val[:N] and fulltext-dev to a JSON file, or compare two such files.

    python benchmarks/digest_dump.py OUT.json [--val-limit 1000] [--analysis]
    python benchmarks/digest_dump.py --compare A.json B.json

A digest is recorded whole (the repr of its sentences with their citations and
scores, headline, removals, cleaned documents and analysis), so two runs compare
equal only if they chose, cited and cleaned exactly the same. Speed work uses it
to show that a change leaves the output alone: run it on the code before (with
``PYTHONPATH`` pointing at that checkout's ``src``) and after, then ``--compare``.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from newsweave.errors import NewsweaveError
from newsweave.ingest import read_clusters
from newsweave.models import Cluster
from newsweave.options import load_options
from newsweave.pipeline import summarize_cluster

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"


def dump(val_limit: int, analysis: bool) -> dict[str, list[str] | str]:
    options = load_options(analysis=analysis)
    out: dict[str, list[str] | str] = {}
    for name, path, limit in (("val", DATA / "val.jsonl.gz", val_limit), ("dev", DATA / "fulltext-dev.jsonl", None)):
        for cluster in itertools.islice(read_clusters([str(path)]), limit):
            if not isinstance(cluster, Cluster):
                continue
            try:
                d = summarize_cluster(cluster, options)
            except NewsweaveError as error:
                out[f"{name}:{cluster.id}"] = str(error)
                continue
            out[f"{name}:{cluster.id}"] = [repr(d.sentences), repr(d.headline), repr(d.removed), repr(d.documents), repr(d.analysis)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?")
    parser.add_argument("--val-limit", type=int, default=1000)
    parser.add_argument("--analysis", action="store_true")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"))
    args = parser.parse_args(argv)
    if args.compare:
        a, b = (json.loads(Path(p).read_text(encoding="utf-8")) for p in args.compare)
        differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        print(f"{len(a)} and {len(b)} clusters; {len(differ)} differ" + (f": {differ[:10]}" if differ else ""))
        return 1 if differ else 0
    if not args.out:
        parser.error("give OUT.json or --compare A B")
    result = dump(args.val_limit, args.analysis)
    Path(args.out).write_text(json.dumps(result, sort_keys=True), encoding="utf-8")
    print(f"{len(result)} clusters written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
