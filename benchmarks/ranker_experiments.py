"""Seed spread, bagging and the label ceiling of the learned ranker, in the format of benchmarks/run.py.

    python benchmarks/ranker_experiments.py [--limit N] [--val-limit 1000] [--words 250]

Builds the training examples and the out-of-fold lexical scores once, exactly
as ``python -m newsweave.train`` does, then scores on fulltext-dev and the
first N val clusters:

* ``trees, seed S``: the shipped tree stage trained with three seeds (the
  seed-to-seed spread: differences smaller than it are noise);
* ``average of 3``: the three ensembles' log-odds averaged (bagging);
* ``oracle labels``: candidates ranked by their true oracle label (the greedy
  ROUGE-1 + ROUGE-2 oracle against the reference, ties in lead order), selected
  the same way: the most a ranker trained on these labels could reach with
  this candidate set and selector;
* ``lead``: the baseline every row is compared with.

6 to 8 minutes on 2 cores (2 to 3 of them building the training features).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsweave import features as F  # noqa: E402
from newsweave import train as T  # noqa: E402
from newsweave.rank import RankInput, register  # noqa: E402
from newsweave.rank.learned import LearnedModel  # noqa: E402
from run import DATA, load, print_table, run_newsweave, score  # noqa: E402


def _model(lex_w: np.ndarray, trees: tuple[np.ndarray, np.ndarray, np.ndarray]) -> LearnedModel:
    feature, threshold, leaf = trees
    return LearnedModel.from_arrays(
        {
            "feature_names": np.array(F.DENSE_NAMES + F.LEXICAL_NAMES),
            "lexical_bits": np.array(T.LEXICAL_BITS),
            "lexical_weights": lex_w.astype(np.float16),
            "tree_feature": feature,
            "tree_threshold": threshold,
            "tree_leaf": leaf,
        }
    )


def _oracle_ranker(summaries: dict[str, str]):
    def rank(data: RankInput) -> np.ndarray:
        texts = [data.cluster.sentences[i].text for i in data.candidates]
        labels = T.oracle_labels(texts, summaries.get(data.cluster.id, ""))
        return labels * 10.0 - np.arange(len(labels)) * 1e-3

    return rank


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="use only the first N training clusters")
    parser.add_argument("--val-limit", type=int, default=1000)
    parser.add_argument("--words", type=int, default=250)
    args = parser.parse_args(argv)
    start = time.perf_counter()

    examples = T.build_examples(T.DEFAULT_DATA / "train.jsonl.gz", limit=args.limit, skip=T.held_out_keys(T.DEFAULT_DATA))
    y = np.concatenate([ex.labels for ex in examples]).astype(np.float64)
    sizes = np.array([len(ex.labels) for ex in examples])
    cluster_of = np.repeat(np.arange(len(examples)), sizes)
    row_fold = (np.random.default_rng(T.SEED).permutation(len(examples)) % 2)[cluster_of]
    lex_oof, lex_w = T.out_of_fold(T.lexical_matrix(examples), y, cluster_of, row_fold, T.LEXICAL_L2)
    x2 = T.stage_two(examples, lex_oof)
    print(f"[{time.perf_counter() - start:.0f}s] features of {len(examples)} clusters", file=sys.stderr, flush=True)

    boosters = [T.fit_trees(x2, y, seed=T.SEED + k) for k in range(3)]
    methods = []
    for k, trees in enumerate(boosters):
        name = f"trees, seed {T.SEED + k}"
        register(name, "experiment")(_model(lex_w, trees).rank)
        methods.append(name)
    averaged = tuple(np.vstack([b[i] for b in boosters]) for i in range(3))
    averaged = (averaged[0], averaged[1], averaged[2] / len(boosters))
    register("average of 3", "experiment")(_model(lex_w, averaged).rank)
    methods.append("average of 3")
    print(f"[{time.perf_counter() - start:.0f}s] trees", file=sys.stderr, flush=True)

    sets = [("fulltext-dev", DATA / "fulltext-dev.jsonl", None), (f"val[:{args.val_limit}]", DATA / "val.jsonl.gz", args.val_limit)]
    for title, path, limit in sets:
        clusters = load(path, limit)
        register("oracle labels", "experiment")(_oracle_ranker({c.id: c.summary or "" for c in clusters}))
        runs = {}
        for method in [*methods, "oracle labels", "lead"]:
            outputs, elapsed = run_newsweave(clusters, method, args.words)
            runs[method] = (score(clusters, outputs, args.words), len(clusters) / elapsed)
        print_table(f"{title}: {len(clusters)} clusters, {args.words}-word budget", runs)
    print(f"\n(took {time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
