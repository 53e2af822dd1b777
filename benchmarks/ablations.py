"""Ablations of the learned ranker, in the format of benchmarks/run.py.

    python benchmarks/ablations.py [--val-limit 1000] [--words 250] [--no-position-model PATH] [--sumy lexrank]

Rows: ``learned``; ``learned, no redundancy`` (the same scores, selected without
skipping sentences that repeat a chosen one); ``learned, no coherence`` (the same
scores, no lede and no waiting for the sentence a leaning one leans on); ``learned, no position`` (a model
trained without the position features, given by ``--no-position-model``; build
it with ``python -m newsweave.train --without position,log_position,first,relative_position,candidate_rank,log_words_before --out PATH``);
``centrality`` (unsupervised only) and ``lead``. Same clusters, budget and
scoring as benchmarks/run.py, paired bootstrap intervals against lead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsweave.rank import learned, register  # noqa: E402
from run import DATA, load, print_table, run_newsweave, run_sumy, score  # noqa: E402

POSITION_FEATURES = ("position", "log_position", "first", "relative_position", "candidate_rank", "log_words_before")


def _register_variants(no_position_model: Path | None) -> list[str]:
    register("learned-no-redundancy", "ablation: learned scores, no redundancy control", redundancy=False)(
        learned.rank_learned
    )
    register("learned-no-coherence", "ablation: learned, no lede and no coherence rules", coherent=False)(
        learned.rank_learned
    )
    names = ["learned", "learned-no-redundancy", "learned-no-coherence"]
    if no_position_model is not None:
        model = learned.load_model(no_position_model)
        register("learned-no-position", "ablation: learned without position features")(model.rank)
        names.append("learned-no-position")
    return names + ["centrality", "lead"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--val-limit", type=int, default=1000)
    parser.add_argument("--no-position-model", type=Path, default=None)
    parser.add_argument("--sumy", default="", help="comma-separated sumy methods to add, e.g. lexrank")
    args = parser.parse_args(argv)
    methods = _register_variants(args.no_position_model)

    sets = [("fulltext-dev", DATA / "fulltext-dev.jsonl", None), (f"val[:{args.val_limit}]", DATA / "val.jsonl.gz", args.val_limit)]
    for name, path, limit in sets:
        clusters = load(path, limit)
        runs = {}
        for method in methods:
            outputs, elapsed = run_newsweave(clusters, method, args.words)
            runs[method] = (score(clusters, outputs, args.words), len(clusters) / elapsed)
        for method in filter(None, args.sumy.split(",")):
            outputs, elapsed = run_sumy(clusters, method, args.words)
            runs[f"sumy {method}"] = (score(clusters, outputs, args.words), len(clusters) / elapsed)
        print_table(f"{name}: {len(clusters)} clusters, {args.words}-word budget", runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
