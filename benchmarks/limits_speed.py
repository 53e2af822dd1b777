"""Oversize input against the input limits (newsweave.limits): the time each case takes, or how it fails.

Each case is built from the real seed cluster (../shared/data/seeds) by repeating its text,
then summarized through the library ``newsweave.summarize`` once:

* ``2.6 MB article``: one article of 2.6 MB, written as one long paragraph followed by a
  short one (a scraped page with its text in one block), with the analysis (the spaCy
  E088 case of issue 12 with the nlp extra installed);
* ``500k words``: the same form at 500,000 words, without the analysis;
* ``long runs``: an article of runs of 10,000 characters without a space;
* ``worst under the limits``: what the defaults still let through: 5 articles of 20,000
  words (100,000 words, max_cluster_words), 100 articles of 1,000 words (max_cluster_articles),
  and an article of 500-character runs of "-" (max_word_chars) up to 200,000 characters.

Run it on another checkout for a before/after comparison:
``PYTHONPATH=OTHER/src python benchmarks/limits_speed.py``. ``--case NAME`` runs one case.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import newsweave
from newsweave.errors import NewsweaveError

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "seeds"


def _seeds() -> list[str]:
    return [(SEEDS / f"article-{i}.txt").read_text(encoding="utf-8") for i in range(1, 6)]


def _block(text: str, *, chars: int = 0, words: int = 0) -> str:
    """``text`` repeated as one paragraph to ``chars`` characters or ``words`` words, then a short paragraph."""
    flat = " ".join(text.split())
    if words:
        times = words // len(flat.split()) + 1
    else:
        times = chars // (len(flat) + 1) + 1
    return " ".join([flat] * times) + "\n\nThe page ends here with a last short paragraph."


def cases() -> dict[str, tuple[list[str], dict]]:
    seeds = _seeds()
    one = " ".join(seeds[1].split())
    return {
        "2.6 MB article, analysis": ([_block(seeds[0], chars=2_600_000), *seeds[1:]], {}),
        "500k words, no analysis": ([_block(seeds[0], words=500_000), *seeds[1:]], {"analysis": False}),
        "long runs (10,000 chars), no analysis": (
            [(("x" * 10_000 + " ") * 4) + seeds[0], *seeds[1:]],
            {"analysis": False},
        ),
        "5 x 20,000 words, analysis": ([_block(s, words=20_000) for s in seeds], {}),
        "100 x 1,000 words, analysis": ([_block(seeds[i % 5], words=1_000) for i in range(100)], {}),
        "500-char runs to 200,000 chars, no analysis": (
            [(("-" * 500 + " ") * 399) + one, *seeds[1:]],
            {"analysis": False},
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", action="append", help="run only this case (repeatable)")
    parser.add_argument("--timeout-note", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    print("| case | input MB | seconds | result |")
    print("|---|---:|---:|---|")
    for name, (texts, settings) in cases().items():
        if args.case and name not in args.case:
            continue
        size = sum(len(t.encode()) for t in texts) / 1e6
        start = time.perf_counter()
        try:
            digest = newsweave.summarize(texts, **settings)
            limits = sorted(
                {r.rule for r in digest.removed if r.rule in ("length-limit", "long-word", "cluster-limit")}
            )
            result = f"{digest.word_count} words; cut: {', '.join(limits) or 'nothing'}"
        except NewsweaveError as err:
            result = f"{type(err).__name__}: {str(err)[:80]}"
        except Exception as err:  # the point of the benchmark: an escape is reported, not hidden
            result = f"ESCAPED {type(err).__name__}: {str(err)[:80]}"
        print(f"| {name} | {size:.2f} | {time.perf_counter() - start:.1f} | {result} |", flush=True)


if __name__ == "__main__":
    main()
