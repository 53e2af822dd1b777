"""Fuzz the whole pipeline with hypothesis: many generated inputs, count what escapes.

``python benchmarks/fuzz.py [--examples N]`` runs N inputs (default 5,000) from each strategy
of tests/strategies.py through ``newsweave.summarize`` (no analysis, 60 words) and checks
the properties of tests/test_fuzz.py. Prints one table row per strategy: inputs run,
escapes (an exception other than NewsweaveError, or a broken property), NewsweaveErrors,
and the time. A failing example is printed in full: make it a regression test in tests/.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import given, settings  # noqa: E402

import newsweave  # noqa: E402
from newsweave.errors import NewsweaveError  # noqa: E402
from strategies import STRATEGIES  # noqa: E402
from test_fuzz import check_digest  # noqa: E402


def run(strategy, examples: int) -> dict:
    counts = {"inputs": 0, "escapes": 0, "errors": 0, "failures": []}

    @settings(settings.get_profile("fuzz"), max_examples=examples, database=None)
    @given(strategy)
    def probe(texts):
        counts["inputs"] += 1
        try:
            check_digest(newsweave.summarize(texts, words=60, analysis=False))
        except NewsweaveError:
            counts["errors"] += 1
        except Exception:
            counts["escapes"] += 1
            if len(counts["failures"]) < 5:
                counts["failures"].append((repr(texts)[:2000], traceback.format_exc(limit=3)))

    probe()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=5_000, help="inputs per strategy")
    args = parser.parse_args()
    rows = []
    for name, strategy in STRATEGIES.items():
        start = time.perf_counter()
        counts = run(strategy, args.examples)
        rows.append((name, counts, time.perf_counter() - start))
        for example, trace in counts["failures"]:
            print(f"FAILING ({name}): {example}\n{trace}", file=sys.stderr)
    print("| strategy | inputs | escapes | NewsweaveError | seconds |")
    print("|---|---:|---:|---:|---:|")
    for name, c, seconds in rows:
        print(f"| {name} | {c['inputs']} | {c['escapes']} | {c['errors']} | {seconds:.0f} |")
    total = sum(c["inputs"] for _, c, _ in rows)
    print(f"| all | {total} | {sum(c['escapes'] for _, c, _ in rows)} | "
          f"{sum(c['errors'] for _, c, _ in rows)} | {sum(s for *_, s in rows):.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
