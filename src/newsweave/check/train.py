"""Train the check's model: ``python -m newsweave.check.train [--data DIR] [--clusters N] [--seed S]``.

Examples come from the first ``--clusters`` clusters of Multi-News train
(:mod:`newsweave.check.examples`: supported summary sentences and shortened source
sentences, and one copy of each with one injected error of the kind made least so
far; half of the clusters checked against cited spans, half against all sources); names in that lowercased text are found with a lexicon of name words built from
PolNeAR train's cased articles. The model is small gradient-boosted trees
(LightGBM, the ``train`` extra), exported to JSON. The last ``--calibrate`` share of
the clusters is held apart: the model is fitted on the rest, and the table of false flags and detection by
threshold printed at the end is measured on them (what ``DEFAULT_THRESHOLD`` in
:mod:`newsweave.check.checker` is chosen from). Seeded and deterministic (the same
file for the same data and seed); 60 to 100 seconds on two cores (2026-12-07) for the default
4,000 clusters. Writes
``newsweave/models/check.json`` (:mod:`newsweave.check.model`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from ..errors import MissingExtraError
from .examples import Example, Recipe, lexicon_from, make_examples
from .features import FEATURES
from .inject import ERROR_TYPES
from .model import MODEL_PATH, CheckModel

__all__ = ["DATA_DIR", "build", "fit", "main", "rates"]

DATA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data"
# The trees. On val[:600] (482 supported summary sentences, 1,528 copies with errors),
# fitted on 1,600 train clusters: AUC 0.934 with 8 leaves x 200 rounds, 0.936 with 16 x
# 300, against 0.898 for a logistic regression on the same features; detection at 10%
# false flags 0.83 / 0.83 / 0.72. Re-run benchmarks/check_eval.py after changing them.
TREE_PARAMS = {
    "objective": "binary",
    "num_leaves": 8,
    "learning_rate": 0.05,
    "min_data_in_leaf": 20,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "feature_fraction": 0.8,
}
ROUNDS = 200
# The false-flag rate on held-apart supported summary sentences the default threshold is chosen for.
TARGET_FALSE_FLAGS = 0.10


def fit(
    examples: Sequence[Example], *, meta: dict | None = None, seed: int = 0, params: dict | None = None, rounds: int = ROUNDS
) -> CheckModel:
    """Gradient-boosted trees fitted to ``examples`` with LightGBM (classes weighted equally).

    ``params`` are put over :data:`TREE_PARAMS` and ``rounds`` replaces :data:`ROUNDS`
    (``benchmarks/check_eval.py --capacity`` compares tree sizes with them).

    Raises:
        MissingExtraError: LightGBM is not installed.
    """
    try:
        import lightgbm
    except ImportError:
        raise MissingExtraError("training the check needs LightGBM: pip install 'newsweave[train]'") from None
    x = np.vstack([e.x for e in examples])
    y = np.array([e.label for e in examples], dtype=np.float64)
    params = {**TREE_PARAMS, **(params or {}), "seed": seed, "verbose": -1, "deterministic": True, "num_threads": 2, "is_unbalance": True}
    booster = lightgbm.train(params, lightgbm.Dataset(x, y, feature_name=list(FEATURES)), num_boost_round=rounds)
    return CheckModel.from_lightgbm(booster.dump_model(), dict(meta or {}))


def rates(model: CheckModel, examples: Sequence[Example], threshold: float, *, read: Sequence[float | None] | None = None) -> dict[str, tuple[int, int]]:
    """``kind -> (flagged, total)`` at ``threshold`` ("supported": false flags); with ``read``, each
    example's cross-encoder probability, scored as the check scores with it (:func:`~newsweave.check.checker.combined`)."""
    from .checker import combined

    out: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        flagged = combined(model.probability(e.x), None if read is None else read[i], hard=e.hard, crossed=e.crossed) < threshold
        counts = out.setdefault(e.kind, [0, 0])
        counts[0] += flagged
        counts[1] += 1
    return {k: (a, b) for k, (a, b) in out.items()}


def _share(counts: tuple[int, int]) -> float:
    return round(counts[0] / counts[1], 4) if counts[1] else float("nan")


def _chunk(args: tuple[str, frozenset[str], int, int, int, tuple[str, ...], bool]) -> list[Example]:
    path, lexicon, start, limit, seed, kinds, cited = args
    return make_examples(Path(path), lexicon=lexicon, start=start, limit=limit, seed=seed, recipe=Recipe(kinds=kinds, cited=cited))


def build(
    path: Path, lexicon: frozenset[str], *, clusters: int, seed: int, start: int = 0, workers: int = 2, kinds: Sequence[str] = ERROR_TYPES
) -> list[Example]:
    """Training examples of ``clusters`` records of ``path`` from line ``start``, made in ``workers`` processes.

    The records are cut into fixed chunks of 100, so the result does not depend on
    ``workers``; every other chunk is checked against cited spans (the positive's 3
    best-matching source sentences), the others against all sources, so the model knows both.
    """
    size = 100
    jobs = [
        (str(path), lexicon, start + a, min(size, clusters - a), seed, tuple(kinds), bool(a // size % 2))
        for a in range(0, clusters, size)
    ]
    if workers <= 1:
        parts = [_chunk(j) for j in jobs]
    else:
        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(_chunk, jobs))
    return [e for part in parts for e in part]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsweave.check.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="shared data folder (multinews/, quotes/)")
    parser.add_argument("--clusters", type=int, default=4000)
    parser.add_argument("--calibrate", type=float, default=0.25, help="share of the clusters held apart to pick the threshold")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    began = time.time()
    lexicon = lexicon_from(args.data / "quotes" / "docs_polnear_train.jsonl.gz")
    examples = build(args.data / "multinews" / "train.jsonl.gz", lexicon, clusters=args.clusters, seed=args.seed, workers=args.workers)
    cut = int(args.clusters * (1 - args.calibrate))
    ids = list(dict.fromkeys(e.cluster for e in examples))
    apart = set(ids[int(len(ids) * (1 - args.calibrate)) :])
    fitted = [e for e in examples if e.cluster not in apart]
    held = [e for e in examples if e.cluster in apart]
    meta = {
        "data": f"multinews/train.jsonl.gz, first {args.clusters} clusters ({cut} fitted, the rest held apart)",
        "seed": args.seed,
        "examples": len(fitted),
        "positives": int(sum(e.label for e in fitted)),
    }
    model = fit(fitted, meta=meta, seed=args.seed)
    print(f"{len(examples)} examples ({len(held)} held apart) in {time.time() - began:.0f}s", file=sys.stderr)
    summary = [e for e in held if e.origin == "summary" or e.label == 0]
    table = {}
    print("threshold  false flags (summary sentences, all positives)  detection: " + " ".join(f"{k:>8}" for k in ERROR_TYPES))
    for threshold in [round(0.05 * i, 2) for i in range(1, 20)]:
        every = rates(model, held, threshold)
        ff_summary = _share(rates(model, summary, threshold)["supported"])
        caught = {k: _share(every[k]) for k in ERROR_TYPES if k in every}
        table[str(threshold)] = {"false_flags_summary": ff_summary, "false_flags_all": _share(every["supported"]), **caught}
        print(f"{threshold:9.2f}  {ff_summary:11.3f} {_share(every['supported']):11.3f}  " + " ".join(f"{caught.get(k, 0):8.3f}" for k in ERROR_TYPES))
    fits = [float(t) for t, row in table.items() if row["false_flags_summary"] <= TARGET_FALSE_FLAGS]
    model.meta["held_apart_by_threshold"] = table
    model.meta["threshold_at_target"] = max(fits) if fits else None
    print(f"highest threshold with at most {TARGET_FALSE_FLAGS:.0%} false flags on held-apart summary sentences: {model.meta['threshold_at_target']}")
    args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
