"""Train the check's model: ``python -m newsweave.check.train [--data DIR] [--clusters N] [--seed S]``.

Examples come from the first ``--clusters`` clusters of Multi-News train
(:mod:`newsweave.check.examples`: supported summary sentences and shortened source
sentences, and one copy of each with one injected error of the kind made least so
far); names in that lowercased text are found with a lexicon of name words built from
PolNeAR train's cased articles. The last ``--calibrate`` share of the clusters is held
apart: the model is fitted on the rest, and the table of false flags and detection by
threshold printed at the end is measured on them (what ``DEFAULT_THRESHOLD`` in
:mod:`newsweave.check.checker` is chosen from). Seeded and deterministic; about two
minutes on two cores for the default 2,400 clusters. Writes
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
from scipy.optimize import minimize

from .examples import Example, lexicon_from, make_examples
from .features import FEATURES
from .inject import ERROR_TYPES
from .model import MODEL_PATH, CheckModel

__all__ = ["DATA_DIR", "build", "fit", "main", "rates"]

DATA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data"
# L2 penalty on the standardised weights (per example): 1e-3 and 1e-2 gave the same
# held-apart table to two decimals on 2,400 train clusters; kept small.
L2 = 1e-3


def fit(examples: Sequence[Example], *, l2: float = L2, meta: dict | None = None) -> CheckModel:
    """A logistic regression fitted to ``examples`` (features standardised; classes weighted equally)."""
    x = np.vstack([e.x for e in examples])
    y = np.array([e.label for e in examples], dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    positive = y.mean()
    weight = np.where(y == 1, 0.5 / positive, 0.5 / (1 - positive))
    n = len(y)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        logits = z @ w + b
        p = 1.0 / (1.0 + np.exp(-logits))
        value = float(np.sum(weight * (np.logaddexp(0, logits) - y * logits))) / n + l2 * float(w @ w)
        residual = weight * (p - y) / n
        return value, np.concatenate([z.T @ residual + 2 * l2 * w, [residual.sum()]])

    result = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return CheckModel(mean, scale, result.x[:-1], float(result.x[-1]), dict(meta or {}))


def rates(model: CheckModel, examples: Sequence[Example], threshold: float) -> dict[str, tuple[int, int]]:
    """``kind -> (flagged, total)`` at ``threshold`` ("supported": false flags)."""
    out: dict[str, list[int]] = {}
    for e in examples:
        flagged = model.probability(e.x) < threshold or bool(e.x[FEATURES.index("quotes_missing")] or e.x[FEATURES.index("speakers_wrong")])
        counts = out.setdefault(e.kind, [0, 0])
        counts[0] += flagged
        counts[1] += 1
    return {k: (a, b) for k, (a, b) in out.items()}


def _chunk(args: tuple[str, frozenset[str], int, int, int, tuple[str, ...]]) -> list[Example]:
    path, lexicon, start, limit, seed, kinds = args
    return make_examples(Path(path), lexicon=lexicon, start=start, limit=limit, seed=seed, kinds=kinds)


def build(
    path: Path, lexicon: frozenset[str], *, clusters: int, seed: int, start: int = 0, workers: int = 2, kinds: Sequence[str] = ERROR_TYPES
) -> list[Example]:
    """Training examples of ``clusters`` records of ``path`` from line ``start``, made in ``workers`` processes.

    The records are cut into fixed chunks, so the result does not depend on ``workers``.
    """
    size = 200
    jobs = [(str(path), lexicon, start + a, min(size, clusters - a), seed, tuple(kinds)) for a in range(0, clusters, size)]
    if workers <= 1:
        parts = [_chunk(j) for j in jobs]
    else:
        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(_chunk, jobs))
    return [e for part in parts for e in part]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsweave.check.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="shared data folder (multinews/, quotes/)")
    parser.add_argument("--clusters", type=int, default=2400)
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
    model = fit(fitted, meta=meta)
    table = {}
    print(f"{len(examples)} examples ({len(held)} held apart) in {time.time() - began:.0f}s", file=sys.stderr)
    print("threshold  false-flags  " + "  ".join(f"{k:>8}" for k in ERROR_TYPES))
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        r = rates(model, held, threshold)
        ff = r["supported"][0] / max(1, r["supported"][1])
        caught = {k: r[k][0] / max(1, r[k][1]) for k in ERROR_TYPES if k in r}
        table[str(threshold)] = {"false_flags": round(ff, 4), **{k: round(v, 4) for k, v in caught.items()}}
        print(f"{threshold:9.2f}  {ff:11.3f}  " + "  ".join(f"{caught.get(k, float('nan')):8.3f}" for k in ERROR_TYPES))
    model.meta["held_apart_by_threshold"] = table
    args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
