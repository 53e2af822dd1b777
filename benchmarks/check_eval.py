"""How well ``newsweave check`` catches injected errors, and how often it flags supported sentences.

    python benchmarks/check_eval.py [--val 3000] [--train 2400] [--seed 1] [--skip-heldout] [--skip-fulltext] [--cited N]
    python benchmarks/check_eval.py --speed 200   # only the time per sentence
    python benchmarks/check_eval.py --quoted 3000 # only the speaker rule on quoted summary sentences
    python benchmarks/check_eval.py --capacity 2000 --val 1000  # only the tree sizes compared (TREE_PARAMS)
    python benchmarks/check_eval.py --signals 1000  # only how often the background signals fire, by kind
    python benchmarks/check_eval.py --nli [--heldout-nli FILE] ...  # the check with its cross-encoder (the nli extra)

Three tables, each with 95% Wilson intervals:

1. **val** (Multi-News val, lowercased): supported summary sentences (content words mostly
   in their 3 best-matching source sentences, numbers, dates and quotations all in the
   sources; see ``newsweave.check.examples``) and one copy of each with each kind of
   injected error that applies to it. The error generator is the training one, on data
   training never saw (train is Multi-News train, this is val).
2. **held-out types**: for each error type, a model fitted on training examples without
   that type, measured on val's copies of that type, so a rate here is on an error the
   model has not seen made. Quotation and speaker failures are rules, not learned.
3. **fulltext-dev** (cased full text): the same as 1, names found by their capitals.

``--quoted N`` measures what the tables cannot: a summary sentence counts as supported there
only if its quotations keep their speaker by the check's own rule, so that rule's false flags
are left out of them. It takes val[:N]'s summary sentences with an attributed quotation that
is in the sources word for word, whoever the check says spoke it, and prints how many the
check flags, and how many of them the speaker rule flags.

Tables 1 and 3 check each sentence against all the cluster's sources (no spans cited);
``--cited N`` adds val[:N] checked against the 3 best-matching source sentences given as
cited spans (a generator citing its sources: the scope is then those sentences only).

``--nli`` measures the check as it runs with the ``nli`` extra: each sentence is also read with
its evidence by the cross-encoder (:mod:`newsweave.check.nli`), the two probabilities averaged,
at ``NLI_THRESHOLD``. The held-out-type table then still refits the trees only: the shipped
cross-encoder was fine-tuned on every type. ``--heldout-nli FILE`` adds the held-out measure for
the pair: a cross-encoder fine-tuned without some types (``python -m newsweave.check.nli.train
--without KINDS --out FILE``) with trees fitted without the same types, on val's copies of those types.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from newsweave.check.checker import DEFAULT_THRESHOLD, NLI_THRESHOLD
from newsweave.check.examples import MEASURE, Example, lexicon_from, make_examples, read_records
from newsweave.check.features import FEATURES, NOVEL_RARE
from newsweave.check.inject import ERROR_TYPES
from newsweave.check.model import CheckModel, load_model
from newsweave.check.quotes import claim_quotes
from newsweave.check.train import DATA_DIR, build, fit, rates


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of ``k`` successes in ``n`` trials."""
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def _row(name: str, k: int, n: int) -> str:
    lo, hi = wilson(k, n)
    return f"| {name} | {n} | {k / n:.1%} | [{lo:.1%}, {hi:.1%}] |" if n else f"| {name} | 0 | - | - |"


def table(title: str, model: CheckModel, examples: Sequence[Example], threshold: float, read: Sequence[float | None] | None = None) -> str:
    """A Markdown table: the false-flag rate on supported sentences, then the detection rate of each error type."""
    r = rates(model, examples, threshold, read=read)
    lines = [f"\n{title}\n", "| sentences | n | flagged | 95% interval |", "|---|---:|---:|---:|"]
    lines.append(_row("supported (false flags)", *r.get("supported", (0, 0))))
    caught = [r[k] for k in ERROR_TYPES if k in r]
    for kind in ERROR_TYPES:
        if kind in r:
            lines.append(_row(f"error: {kind}", *r[kind]))
    lines.append(_row("all errors", sum(k for k, _ in caught), sum(n for _, n in caught)))
    return "\n".join(lines)


def reads(encoder, examples: Sequence[Example]) -> list[float | None] | None:
    """The cross-encoder's probability for each example (None without ``encoder``, and for an example an
    item check fails outright: the check does not ask it then)."""
    if encoder is None:
        return None
    asked = [i for i, e in enumerate(examples) if not e.hard]
    began = time.time()
    got = encoder.probabilities([(examples[i].claim, examples[i].evidence) for i in asked])
    print(f"(cross-encoder: {len(asked)} sentences in {time.time() - began:.0f}s)", file=sys.stderr)
    out: list[float | None] = [None] * len(examples)
    for i, p in zip(asked, got, strict=True):
        out[i] = p
    return out


def _speed(path: Path, clusters: int, nli: bool) -> int:
    """Print the milliseconds :meth:`Checker.check_sentence` takes per summary sentence (sources split once per cluster)."""
    from newsweave.check import Checker
    from newsweave.check.text import sentences_of

    load_model()
    if nli:
        from newsweave.check.nli import load_cross_encoder

        t0 = time.perf_counter()
        load_cross_encoder()
        print(f"cross-encoder loaded in {time.perf_counter() - t0:.2f} s (once per process)")
    checked = 0
    spent = setup = 0.0
    for record in read_records(path, limit=clusters):
        sources = [d for d in record["documents"] if d and d.strip()]
        if not sources:
            continue
        t0 = time.perf_counter()
        checker = Checker(sources, entities=False, nli=nli)
        setup += time.perf_counter() - t0
        for s in sentences_of(record["summary"]):
            t0 = time.perf_counter()
            checker.check_sentence(s.text)
            spent += time.perf_counter() - t0
            checked += 1
    print(f"{checked} summary sentences of val[:{clusters}]{' (with the cross-encoder)' if nli else ''}: {1000 * spent / max(1, checked):.2f} ms per sentence checked, "
          f"{1000 * setup / clusters:.1f} ms per cluster to split and index the sources")
    return 0


def _quoted(path: Path, model: CheckModel, lexicon: frozenset[str], args: argparse.Namespace, encoder=None) -> int:
    """Print the false flags on summary sentences with an attributed quotation, the speaker rule not deciding which count."""
    recipe = replace(MEASURE, kinds=(), speakers=False)
    quoted = [e for e in make_examples(path, lexicon=lexicon, limit=args.quoted, seed=args.seed, recipe=recipe) if any(q.speaker for q in claim_quotes(e.claim))]
    flagged = rates(model, quoted, args.threshold, read=reads(encoder, quoted)).get("supported", (0, 0))
    by_rule = sum(bool(e.x[FEATURES.index("speakers_wrong")]) for e in quoted)
    print(f"\nval[:{args.quoted}]: summary sentences with an attributed quotation found word for word in the sources\n")
    print("| sentences | n | flagged | 95% interval |\n|---|---:|---:|---:|")
    print(_row("flagged (false flags)", *flagged))
    print(_row("flagged by the speaker rule", by_rule, len(quoted)))
    return 0


def _heldout_nli(args: argparse.Namespace, model: CheckModel, train: list[Example], val: list[Example]) -> str:
    """The held-out table for the check with its cross-encoder: trees and cross-encoder both fitted without
    the types the ``--heldout-nli`` file was fine-tuned without, measured on val's copies of those types."""
    from newsweave.check.nli import load_cross_encoder

    encoder = load_cross_encoder(args.heldout_nli)
    without = tuple(encoder.meta.get("without", ()))
    if not without:
        return f"\n({args.heldout_nli} was fine-tuned on every type: no held-out measure)"
    trees = fit([e for e in train if e.kind not in without])
    rows = [e for e in val if e.kind in (*without, "supported")]
    r = rates(trees, rows, args.threshold, read=reads(encoder, rows))
    lines = [f"\nheld-out error types with the cross-encoder: trees and cross-encoder fine-tuned without {', '.join(without)} "
             f"(val, same sentences, threshold {args.threshold})\n", "| sentences | n | flagged | 95% interval |", "|---|---:|---:|---:|"]  # fmt: skip
    lines.append(_row("supported (false flags)", *r["supported"]))
    lines += [_row(f"held-out error: {k}", *r[k]) for k in without if k in r]
    return "\n".join(lines)


def _signals(path: Path, lexicon: frozenset[str], args: argparse.Namespace) -> int:
    """Print how often the signals read from the background table fire on val[:N], by kind of sentence."""
    examples = make_examples(path, lexicon=lexicon, limit=args.signals, seed=args.seed, recipe=MEASURE)
    kinds = ["supported", *ERROR_TYPES]
    rare, crossed = FEATURES.index("novel_background_rare"), FEATURES.index("words_crossed")
    print(f"\nval[:{args.signals}]: share of sentences on which a signal fires\n")
    print("| signal | " + " | ".join(kinds) + " |\n|---|" + "---:|" * len(kinds))
    for name, column in ((f"a new word with background rarity >= {NOVEL_RARE}", rare), ("words_crossed", crossed)):
        cells = []
        for kind in kinds:
            rows = [e for e in examples if e.kind == kind]
            cells.append(f"{sum(e.x[column] > 0 for e in rows) / len(rows):.1%} (n={len(rows)})" if rows else "-")
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


def _capacity(args: argparse.Namespace, lexicon: frozenset[str]) -> int:
    """Print false flags and detection of models of several tree sizes, fitted on train[:N], on val[:--val] and fulltext-dev."""
    data = args.data / "multinews"
    train = build(data / "train.jsonl.gz", lexicon, clusters=args.capacity, seed=0)
    val = make_examples(data / "val.jsonl.gz", lexicon=lexicon, limit=args.val, seed=args.seed, recipe=MEASURE)
    full = make_examples(data / "fulltext-dev.jsonl", lexicon=lexicon, cased=True, limit=10_000, seed=args.seed, recipe=replace(MEASURE, summaries=8))
    print(f"\nmodels fitted on train[:{args.capacity}] ({len(train)} examples): false flags / all errors caught\n")
    print(f"| leaves | rounds | learning rate | threshold | val[:{args.val}] | fulltext-dev (cased) |\n|---:|---:|---:|---:|---:|---:|")

    def cell(model: CheckModel, examples: list[Example], threshold: float) -> str:
        r = rates(model, examples, threshold)
        caught = [r[k] for k in ERROR_TYPES if k in r]
        return f"{r['supported'][0] / r['supported'][1]:.1%} / {sum(k for k, _ in caught) / sum(n for _, n in caught):.1%}"

    for leaves, rounds, rate in ((8, 200, 0.05), (16, 400, 0.05), (31, 600, 0.03)):
        model = fit(train, params={"num_leaves": leaves, "learning_rate": rate}, rounds=rounds)
        for threshold in (0.35, 0.4, 0.45):
            print(f"| {leaves} | {rounds} | {rate} | {threshold} | {cell(model, val, threshold)} | {cell(model, full, threshold)} |")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--val", type=int, default=3000, help="val clusters (from the first)")
    parser.add_argument("--train", type=int, default=2400, help="train clusters for the held-out-type models")
    parser.add_argument("--seed", type=int, default=1, help="seed of the val and fulltext-dev errors (training uses 0)")
    parser.add_argument("--threshold", type=float, default=None, help=f"default {DEFAULT_THRESHOLD}, with --nli {NLI_THRESHOLD}")
    parser.add_argument("--nli", action="store_true", help="the check with its cross-encoder (needs the nli extra)")
    parser.add_argument("--nli-file", type=Path, default=None, help="the cross-encoder's weights (default: the shipped ones)")
    parser.add_argument("--heldout-nli", type=Path, default=None, metavar="FILE", help="with --nli: a cross-encoder fine-tuned without some types, measured on them")
    parser.add_argument("--skip-heldout", action="store_true")
    parser.add_argument("--skip-fulltext", action="store_true")
    parser.add_argument("--speed", type=int, default=0, metavar="N", help="only time check_sentence on the summary sentences of val[:N] (ms per sentence)")
    parser.add_argument("--calibrate", type=int, default=0, metavar="N", help="only print false flags and detection by threshold on val[3000:3000+N], apart from the measured part")
    parser.add_argument("--quoted", type=int, default=0, metavar="N", help="only the false flags on val[:N]'s summary sentences with an attributed quotation")
    parser.add_argument("--cited", type=int, default=0, metavar="N", help="also measure on val[:N] with the true supporting sentences cited")
    parser.add_argument("--signals", type=int, default=0, metavar="N", help="only how often the background-table signals fire on val[:N], by kind")
    parser.add_argument("--capacity", type=int, default=0, metavar="N", help="only compare tree sizes fitted on train[:N] (measured on val[:--val] and fulltext-dev)")
    args = parser.parse_args(argv)
    began = time.time()
    if args.threshold is None:
        args.threshold = NLI_THRESHOLD if args.nli else DEFAULT_THRESHOLD
    if args.speed:
        return _speed(args.data / "multinews" / "val.jsonl.gz", args.speed, args.nli)
    encoder = None
    if args.nli:
        from newsweave.check.nli import load_cross_encoder

        encoder = load_cross_encoder(args.nli_file)
    label = "shipped model and cross-encoder" if encoder else "shipped model"
    model = load_model()
    lexicon = lexicon_from(args.data / "quotes" / "docs_polnear_train.jsonl.gz")
    if args.capacity:
        return _capacity(args, lexicon)
    if args.signals:
        return _signals(args.data / "multinews" / "val.jsonl.gz", lexicon, args)
    if args.quoted:
        return _quoted(args.data / "multinews" / "val.jsonl.gz", model, lexicon, args, encoder)
    if args.calibrate:
        # --cited N (any N > 0): the same clusters checked against cited spans too.
        for cited in (False, True) if args.cited else (False,):
            apart = make_examples(args.data / "multinews" / "val.jsonl.gz", lexicon=lexicon, limit=args.calibrate, start=3000, seed=args.seed, recipe=replace(MEASURE, cited=cited))
            print(f"val[3000:{3000 + args.calibrate}]{', cited spans' if cited else ''} ({label}): threshold, false flags, all errors, detection of " + ", ".join(ERROR_TYPES))
            read = reads(encoder, apart)
            for threshold in [round(0.05 * i, 2) for i in range(4, 15)]:
                r = rates(model, apart, threshold, read=read)
                errors = [r[k] for k in ERROR_TYPES if k in r]
                caught = sum(k for k, _ in errors) / sum(n for _, n in errors)
                print(f"{threshold:.2f} {r['supported'][0] / r['supported'][1]:.3f} (n={r['supported'][1]}) {caught:.3f} " + " ".join(f"{r[k][0] / r[k][1]:.3f}" for k in ERROR_TYPES if k in r))
        return 0
    val = make_examples(args.data / "multinews" / "val.jsonl.gz", lexicon=lexicon, limit=args.val, seed=args.seed, recipe=MEASURE)
    print(f"threshold {args.threshold}; {len(val)} val examples in {time.time() - began:.0f}s", file=sys.stderr)
    print(table(f"val[:{args.val}]: summary sentences and their copies with one injected error ({label}, threshold {args.threshold})", model, val, args.threshold, reads(encoder, val)))
    if not args.skip_heldout:
        train = build(args.data / "multinews" / "train.jsonl.gz", lexicon, clusters=args.train, seed=0)
        trees_threshold = DEFAULT_THRESHOLD if encoder else args.threshold
        lines = [f"\nheld-out error types: trees fitted without that type (val, same sentences, threshold {trees_threshold}{', the trees alone' if encoder else ''})\n",
                 "| held-out type | n | flagged | 95% interval | false flags of that model |", "|---|---:|---:|---:|---:|"]  # fmt: skip
        for kind in ERROR_TYPES:
            without = fit([e for e in train if e.kind != kind])
            r = rates(without, [e for e in val if e.kind in (kind, "supported")], trees_threshold)
            k, n = r.get(kind, (0, 0))
            ff = r["supported"][0] / r["supported"][1]
            lo, hi = wilson(k, n)
            lines.append(f"| {kind} | {n} | {k / max(1, n):.1%} | [{lo:.1%}, {hi:.1%}] | {ff:.1%} |")
        print("\n".join(lines))
        print(f"(held-out models: {len(train)} train examples; {time.time() - began:.0f}s so far)", file=sys.stderr)
        if encoder and args.heldout_nli:
            print(_heldout_nli(args, model, train, val))
    if args.cited:
        cited = make_examples(args.data / "multinews" / "val.jsonl.gz", lexicon=lexicon, limit=args.cited, seed=args.seed, recipe=replace(MEASURE, cited=True))
        print(table(f"val[:{args.cited}], each sentence checked against its 3 best-matching source sentences given as cited spans ({label})", model, cited, args.threshold, reads(encoder, cited)))
    if not args.skip_fulltext:
        full = make_examples(args.data / "multinews" / "fulltext-dev.jsonl", lexicon=lexicon, cased=True, limit=10_000, seed=args.seed, recipe=replace(MEASURE, summaries=8))
        print(table(f"fulltext-dev (cased): summary sentences and their copies with one injected error ({label})", model, full, args.threshold, reads(encoder, full)))
    print(f"({time.time() - began:.0f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
