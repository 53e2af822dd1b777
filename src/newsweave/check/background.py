"""How rare a word is in news at large: the background the check compares a new word with.

A summary sentence that adds a word its sources never use is often only reworded
("quipped", "reports", "tells"): such words are common in news. An invented name or
place ("Manchin", "Humayun") is rare in news at large. The cluster's own idf cannot
tell these apart (a word the sources lack is equally unknown to it), so the check reads
a background table: in how many Multi-News train clusters (sources and summary) each
folded word occurs, for words in at least ``MIN_CLUSTERS`` of them.

``python -m newsweave.check.background [--data DIR]`` rebuilds
``newsweave/models/background.tsv.gz`` (about 20 s on 44,972 clusters): a first line
``clusters<TAB>N``, then ``count<TAB>word`` lines sorted by word. It holds counts only,
no text. Lowercased training text and cased input fold to the same words.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..errors import NewsweaveError
from .text import fold

__all__ = ["BACKGROUND_PATH", "MIN_CLUSTERS", "Background", "background", "count_clusters"]

BACKGROUND_PATH = Path(__file__).resolve().parents[1] / "models" / "background.tsv.gz"
# Words in fewer clusters are left out of the table (68,150 words kept on Multi-News train, as
# python -m newsweave.check.background prints); a word not in the table counts as seen in none.
MIN_CLUSTERS = 3
_WORD = re.compile(r"[a-z]+")


class Background:
    """Cluster counts of words in a background corpus; :meth:`rarity` reads them."""

    def __init__(self, counts: dict[str, int], clusters: int) -> None:
        if clusters < 2:
            raise NewsweaveError(f"a background table needs at least 2 clusters, got {clusters}")
        self.counts = counts
        self.clusters = clusters
        self._scale = math.log10(clusters)

    def rarity(self, word: str) -> float:
        """0.0 for a word in every cluster, near 1.0 for one in none; 0.0 for anything but letters.

        ``-log10((count + 1) / clusters) / log10(clusters)``, capped at 1: with 44,972
        clusters, "said" 0.02, "obama" 0.21, "manchin" 0.60, a word in none 1.0.
        """
        folded = fold(word)
        if not folded.isalpha() or not folded.isascii():
            return 0.0
        return min(1.0, -math.log10((self.counts.get(folded, 0) + 1) / self.clusters) / self._scale)

    def to_lines(self) -> Iterable[str]:
        yield f"clusters\t{self.clusters}\n"
        for word in sorted(self.counts):
            yield f"{self.counts[word]}\t{word}\n"

    @classmethod
    def read(cls, path: Path) -> Background:
        """The table at ``path``.

        Raises:
            NewsweaveError: the file is missing or not a background table.
        """
        try:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                head = handle.readline().rstrip("\n").split("\t")
                if len(head) != 2 or head[0] != "clusters":
                    raise NewsweaveError(f"{path}: not a background table (first line {head!r})")
                counts = {}
                for line in handle:
                    count, word = line.rstrip("\n").split("\t")
                    counts[word] = int(count)
        except (OSError, ValueError, EOFError) as exc:
            raise NewsweaveError(f"{path}: cannot read the background table ({exc}); reinstall newsweave") from None
        return cls(counts, int(head[1]))


@functools.cache
def background() -> Background:
    """The table shipped with newsweave, read once per process."""
    return Background.read(BACKGROUND_PATH)


def count_clusters(records: Iterable[dict], *, min_clusters: int = MIN_CLUSTERS) -> Background:
    """The background of Multi-News-style records (``documents`` and ``summary``): each folded word's cluster count."""
    counts: Counter[str] = Counter()
    clusters = 0
    for record in records:
        clusters += 1
        words: set[str] = set()
        for text in [*(record.get("documents") or []), record.get("summary") or ""]:
            words.update(_WORD.findall(fold(text or "")))
        counts.update(words)
    return Background({w: c for w, c in counts.items() if c >= min_clusters}, clusters)


def main(argv: list[str] | None = None) -> int:
    from .examples import read_records
    from .train import DATA_DIR

    parser = argparse.ArgumentParser(prog="python -m newsweave.check.background", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="shared data folder (multinews/train.jsonl.gz)")
    parser.add_argument("--out", type=Path, default=BACKGROUND_PATH)
    args = parser.parse_args(argv)
    table = count_clusters(read_records(args.data / "multinews" / "train.jsonl.gz"))
    # mtime=0: the same data gives the same bytes.
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        for line in table.to_lines():
            handle.write(line.encode("utf-8"))
    print(f"{len(table.counts)} words of {table.clusters} clusters -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
