"""Online story clustering on streams built from Multi-News: quality and throughput.

    python benchmarks/stories_eval.py                     # calibrate, quality table, throughput table
    python benchmarks/stories_eval.py --part quality      # calibration + quality only
    python benchmarks/stories_eval.py --part throughput [--sizes 1000,10000,50000]
    python benchmarks/stories_eval.py --part quality --no-calibrate   # the shipped defaults only

Every table has a row (or column) for each decision: the *threshold* decision, its
thresholds calibrated here, and the *learned* one, whose model is trained on Multi-News
train and its probability thresholds calibrated on the same calibration part by
``python -m newsweave.stories.train``.

**The stream.** Multi-News clusters are sets of articles about one story; the stream
is their articles interleaved. Val is split by position: clusters at even positions
are the *calibration* part, odd positions the *report* part (2,811 clusters each),
so no threshold sees the clusters it is reported on. Empty documents are skipped and
so are documents newsweave's cleaning empties (error and login pages, stubs); the
counts are printed. A cluster left with one document stays in (a one-article story).

**Synthetic times.** Multi-News has no publication times, so the benchmark invents
them (seeded, :func:`newsweave.stories.synthetic.build_stream`): each story starts at a
uniform time over a span of ``clusters / stories-per-day`` days (20 new stories a day by
default), and each of its articles is published at the start plus a uniform 0-3 days,
so about 60 stories run at once and a story's articles interleave with its neighbours'.
Articles arrive in publication order. This is an assumption about real streams, not a
measurement of one: real stories have long tails and bursts. The *without times* rows
feed the same articles in the same order with no publication time at all: the
clusterer sees text alone.

**Away from the calibration stream.** The report part again, with articles cut to
their first 100 or 40 words (short feed items) and with stories spread over 1 or 7
days instead of 3. Nothing was calibrated on these; the learned model's training
streams (from train, not val) were spread over 1, 3 and 7 days, never cut short.

**Calibration.** A grid over the thresholds on the calibration part, maximising
B-cubed F1, from a fixed starting point (``START``): first ``untimed_threshold`` at each
``average_link`` (no times) and ``merge_threshold``, then ``untimed_clear_margin``,
``untimed_clear_ratio``, ``untimed_threshold`` and ``untimed_clear_margin`` again (no
times), then ``time_penalty``,
``age_penalty``, ``join_threshold``, ``clear_margin``, ``join_threshold``, ``time_penalty``
and ``join_threshold`` again (with times): the decisions interact, so the passes repeat. The chosen values are printed;
the defaults in ``newsweave/stories/options.py`` are what this printed.

**The learned decision's floor.** The report part again with ``learned_floor`` off, at
0.12 and at its default, the model's thresholds unchanged (they were calibrated with the
default floor).

**The learned merge step.** ``second_chance`` over a grid on the calibration part (the
merge model as shipped: trained and its thresholds calibrated by ``python -m
newsweave.stories.train --merges`` with the default), then the report part with the
fixed young story check instead of the step, the step without the second chance, and
both.

**Baselines.** *singleton*: every article its own story. *one threshold*: a plain
online tf-idf centroid clusterer (the same representation, a single cosine threshold,
no time, no merging), its threshold calibrated on the calibration part the same way.

**Throughput.** Single process, clustering alone (texts cleaned beforehand; cleaning
is timed separately) on streams of the first 1,000 / 10,000 / 50,000 articles of a
stream built from train the same way, with times.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

import numpy as np

from newsweave.stories import OnlineClusterer, StoryArticle, StoryOptions, adjusted_rand_index, bcubed
from newsweave.stories.synthetic import build_stream, load, read_rows, truncated, undated

__all__ = ["build_stream", "load", "read_rows", "run", "score", "truncated", "undated"]

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"
VAL = SHARED / "val.jsonl.gz"
TRAIN = SHARED / "train.jsonl.gz"
SEED = 2018


def run(stream: list[StoryArticle], options: StoryOptions) -> tuple[list[str], float, OnlineClusterer]:
    """Story id of each article (after merges), seconds spent, and the clusterer."""
    clusterer = OnlineClusterer(options)
    start = time.perf_counter()
    for article in stream:
        clusterer.add(article)
    seconds = time.perf_counter() - start
    story_of = {a: s.id for s in clusterer.stories() for a in s.articles}
    return [story_of[a.id] for a in stream], seconds, clusterer


def score(predicted: list[str], truth: list[str]) -> dict[str, float]:
    b = bcubed(predicted, truth)
    return {"P": b.precision, "R": b.recall, "F1": b.f1, "ARI": adjusted_rand_index(predicted, truth)}


def _grid(stream, truth, base: StoryOptions, name: str, values) -> tuple[StoryOptions, list[tuple[float, float]]]:
    results = []
    for value in values:
        options = dataclasses.replace(base, **{name: round(float(value), 4)})
        results.append((round(float(value), 4), score(run(stream, options)[0], truth)["F1"]))
    best = max(results, key=lambda r: (r[1], -abs(r[0] - getattr(base, name))))[0]
    return dataclasses.replace(base, **{name: best}), results


# Where calibration starts (its result does not depend on the shipped defaults): the
# plain centroid clusterer, no time penalties, no clear-winner rule.
START = dict(
    decision="threshold",
    join_threshold=0.2,
    untimed_threshold=0.25,
    time_penalty=0.0,
    age_penalty=0.0,
    merge_threshold=0.6,
    clear_margin=0.0,
    untimed_clear_margin=0.0,
    untimed_clear_ratio=3.0,
    average_link=0.0,
)
# StoryOptions.second_chance values compared on the calibration part (0: off).
CHANCES = (0, 150, 300, 600, 1000)
BASELINE = dict(
    merge=False, clear_margin=0.0, untimed_clear_margin=0.0, average_link=0.0, time_penalty=0.0, age_penalty=0.0
)


def calibrate(stream, truth, log) -> tuple[StoryOptions, StoryOptions]:
    """Calibrated options for the full clusterer and for the one-threshold baseline."""
    plain = undated(stream)
    thresholds = np.arange(0.10, 0.41, 0.05)
    start = StoryOptions(**START)
    baseline, results = _grid(plain, truth, dataclasses.replace(start, **BASELINE), "untimed_threshold", thresholds)
    log(f"one-threshold baseline, untimed_threshold: {results}")
    best = None
    for link in (0.0, 0.5, 1.0):
        candidate, results = _grid(
            plain, truth, dataclasses.replace(start, average_link=link), "untimed_threshold", thresholds
        )
        log(f"untimed_threshold at average_link={link} (no times): {results}")
        top = max(f for _, f in results)
        if best is None or top > best[0]:
            best = (top, candidate)
    options = best[1]
    options, results = _grid(plain, truth, options, "merge_threshold", [0.3, 0.4, 0.5, 0.6])
    log(f"merge_threshold (no times): {results}")
    untimed_steps = (
        ("untimed_clear_margin", [0.0, 0.05, 0.1, 0.15, 0.2]),
        ("untimed_clear_ratio", [1.5, 2.0, 2.5, 3.0]),
        ("untimed_threshold", thresholds),
        ("untimed_clear_margin", [0.0, 0.05, 0.1, 0.15, 0.2]),
    )
    for name, values in untimed_steps:
        options, results = _grid(plain, truth, options, name, values)
        log(f"{name} (no times): {results}")
    steps = (
        ("time_penalty", [0.0, 0.02, 0.05, 0.1]),
        ("age_penalty", [0.0, 0.01, 0.02, 0.04]),
        ("join_threshold", thresholds),
        ("clear_margin", [0.0, 0.05, 0.1]),
        ("join_threshold", thresholds),
        ("time_penalty", [0.0, 0.01, 0.02, 0.05]),
        ("join_threshold", thresholds),
    )
    for name, values in steps:
        options, results = _grid(stream, truth, options, name, values)
        log(f"{name} (with times): {results}")
    return options, dataclasses.replace(baseline, join_threshold=baseline.untimed_threshold)


def _row(name: str, times: str, m: dict[str, float]) -> str:
    return f"| {name} | {times} | {m['P']:.3f} | {m['R']:.3f} | {m['F1']:.3f} | {m['ARI']:.3f} |"


def _decisions(threshold: StoryOptions) -> tuple[tuple[str, StoryOptions], ...]:
    """The two decisions compared in every table: (name, options)."""
    return (
        ("newsweave.stories, threshold decision", threshold),
        ("newsweave.stories, learned decision", dataclasses.replace(threshold, decision="learned")),
    )


def quality(args, log) -> None:
    rows = read_rows(VAL, args.val_limit)
    t0 = time.perf_counter()
    calib, report = load(rows[0::2]), load(rows[1::2])
    log(f"loaded and cleaned val in {time.perf_counter() - t0:.1f}s")
    for name, part in (("calibration", calib), ("report", report)):
        n = sum(len(a) for _, a in part.clusters)
        log(
            f"{name}: {len(part.clusters)} clusters, {n} articles; skipped {part.empty} empty and"
            f" {part.emptied} emptied by cleaning; {part.singletons} clusters with one article"
        )
    options = StoryOptions(decision="threshold")
    # Without --calibrate, the baseline's threshold is the one calibration chooses for it.
    baseline = dataclasses.replace(options, **BASELINE, untimed_threshold=0.25, join_threshold=0.25)
    if args.calibrate:
        stream, truth = build_stream(calib.clusters, seed=SEED)
        t0 = time.perf_counter()
        options, baseline = calibrate(stream, truth, log)
        log(f"calibrated in {time.perf_counter() - t0:.1f}s")
        fields = (*START,)
        log("chosen: " + ", ".join(f"{f}={getattr(options, f)}" for f in fields))
        log(f"chosen for the one-threshold baseline: untimed_threshold={baseline.untimed_threshold}")
        shipped = "the same as" if options == StoryOptions(decision="threshold") else "DIFFERENT FROM"
        log(f"the calibrated options are {shipped} the shipped defaults (newsweave/stories/options.py)")
        log("the learned decision's thresholds are calibrated by `python -m newsweave.stories.train`")
    decisions = _decisions(options)
    stream, truth = build_stream(report.clusters, seed=SEED + 1)
    print(
        f"\nReport part of val: {len(report.clusters)} clusters, {len(stream)} articles"
        f" ({report.empty} empty and {report.emptied} emptied documents skipped)\n"
    )
    print("| clusterer | times | B-cubed P | B-cubed R | B-cubed F1 | ARI |")
    print("|---|---|---:|---:|---:|---:|")
    print(_row("singleton baseline", "-", score([a.id for a in stream], truth)))
    print(_row("one threshold (tf-idf centroid)", "without", score(run(undated(stream), baseline)[0], truth)))
    for name, decision in decisions:
        for times, feed in (("with", stream), ("without", undated(stream))):
            print(_row(name, times, score(run(feed, decision)[0], truth)))
    print("\nHow crowded the synthetic stream is (report part, with times; B-cubed F1, threshold / learned):\n")
    print("| new stories a day | stories running at once (about) | threshold | learned |")
    print("|---:|---:|---:|---:|")
    for per_day in (5, 20, 80):
        crowded, truth = build_stream(report.clusters, seed=SEED + 1, stories_per_day=per_day)
        f1 = [score(run(crowded, d)[0], truth)["F1"] for _, d in decisions]
        print(f"| {per_day} | {per_day * 3} | {f1[0]:.3f} | {f1[1]:.3f} |")
    robustness(report, decisions)
    floors(report, decisions[1][1])
    merge_steps(calib, report, decisions[1][1])


def merge_steps(calib, report, learned: StoryOptions) -> None:
    """The learned merge step and its second chance, off and on (B-cubed F1)."""
    print("\nThe learned merge step (learned decision; B-cubed F1 with / without times):\n")
    print("| part | merge step | second_chance | with | without |")
    print("|---|---|---:|---:|---:|")
    fixed = dataclasses.replace(learned, learned_young_size=0, second_chance=0)
    rows = [("calibration", calib, SEED, "learned", dataclasses.replace(learned, second_chance=k)) for k in CHANCES]
    rows += [
        ("report", report, SEED + 1, "fixed young story check", fixed),
        ("report", report, SEED + 1, "learned", dataclasses.replace(learned, second_chance=0)),
        ("report", report, SEED + 1, "learned", learned),
    ]
    for part, clusters, seed, step, options in rows:
        stream, truth = build_stream(clusters.clusters, seed=seed)
        f1 = [score(run(feed, options)[0], truth)["F1"] for feed in (stream, undated(stream))]
        chance = options.second_chance if options.learned_young_size else "-"
        print(f"| {part} | {step} | {chance} | {f1[0]:.4f} | {f1[1]:.4f} |")


def floors(report, learned: StoryOptions) -> None:
    """The learned decision's floor (StoryOptions.learned_floor) off and on, report part."""
    print("\nThe learned decision's floor (report part; B-cubed F1 with / without times):\n")
    print("| learned_floor | with | without |")
    print("|---:|---:|---:|")
    stream, truth = build_stream(report.clusters, seed=SEED + 1)
    for floor in (0.0, 0.12, learned.learned_floor):
        options = dataclasses.replace(learned, learned_floor=floor)
        f1 = [score(run(feed, options)[0], truth)["F1"] for feed in (stream, undated(stream))]
        print(f"| {floor} | {f1[0]:.3f} | {f1[1]:.3f} |")


def robustness(report, decisions) -> None:
    """Streams unlike the calibration one: short texts, other story lengths (report part)."""
    print("\nAway from the calibration stream (report part; B-cubed F1):\n")
    print("| stream | times | singleton | threshold | learned |")
    print("|---|---|---:|---:|---:|")
    base, truth = build_stream(report.clusters, seed=SEED + 1)
    shapes = (
        ("articles cut to their first 100 words", truncated(base, 100), truth),
        ("articles cut to their first 40 words", truncated(base, 40), truth),
        ("stories spread over 1 day", *build_stream(report.clusters, seed=SEED + 1, spread_days=1.0)),
        ("stories spread over 7 days", *build_stream(report.clusters, seed=SEED + 1, spread_days=7.0)),
    )
    for name, feed, labels in shapes:
        singleton = score([a.id for a in feed], labels)["F1"]
        for times, fed in (("with", feed), ("without", undated(feed))):
            if times == "without" and "spread" in name:
                continue  # the same articles in the same order as another row
            f1 = [score(run(fed, d)[0], labels)["F1"] for _, d in decisions]
            print(f"| {name} | {times} | {singleton:.3f} | {f1[0]:.3f} | {f1[1]:.3f} |")


def throughput(args, log) -> None:
    sizes = [int(s) for s in args.sizes.split(",")]
    need = max(sizes)
    clusters, count = [], 0
    rows = read_rows(TRAIN, need)  # every cluster has at least one article
    t0 = time.perf_counter()
    for row in rows:
        loaded = load([row])
        clusters.extend(loaded.clusters)
        count += sum(len(a) for _, a in loaded.clusters)
        if count >= need:
            break
    cleaning = time.perf_counter() - t0
    log(f"cleaned {count} train articles in {cleaning:.1f}s ({count / cleaning:.0f} articles/s)")
    stream, _ = build_stream(clusters, seed=SEED + 2)
    print(
        "\n| decision | articles in the stream | seconds | articles/s | ms per article | vs 1,000 | compared per article |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for decision in ("threshold", "learned"):
        first = None
        for size in sizes:
            _, seconds, clusterer = run(stream[:size], StoryOptions(decision=decision))
            per = seconds / size * 1000
            first = first or per
            compared = clusterer.comparisons / size
            print(
                f"| {decision} | {size:,} | {seconds:.2f} | {size / seconds:,.0f} | {per:.3f} | {per / first:.2f}x"
                f" | {compared:.1f} |"
            )
    print(f"\nCleaning (newsweave.clean.prepare per article), before clustering: {count / cleaning:,.0f} articles/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("all", "quality", "throughput"), default="all")
    parser.add_argument("--no-calibrate", dest="calibrate", action="store_false", help="use the shipped defaults")
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--val-limit", type=int, default=None, help="read only the first N val clusters")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.part in ("all", "quality"):
        quality(args, log)
    if args.part in ("all", "throughput"):
        throughput(args, log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
