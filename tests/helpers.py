"""Builders and paths shared by the tests."""

from __future__ import annotations

import json
from pathlib import Path

from newsweave import Article, Cluster

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SEEDS = SHARED / "seeds"
FULLTEXT_DEV = SHARED / "multinews" / "fulltext-dev.jsonl"
VAL = SHARED / "multinews" / "val.jsonl.gz"


def make_cluster(texts: list[str], *, id: str = "test", sources: list[str] | None = None) -> Cluster:
    """A cluster from plain texts, one article each."""
    names = sources or [None] * len(texts)
    return Cluster(id=id, articles=tuple(Article(text=t, source=s) for t, s in zip(texts, names, strict=True)))


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("article-*.txt"))


def fulltext_rows(limit: int | None = None) -> list[dict]:
    rows = []
    with open(FULLTEXT_DEV, encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


_NOUNS = (
    "bridge budget clinic council court ferry harbour hospital library market museum police port railway school "
    "senate stadium station tunnel university airport archive bakery cathedral dairy embassy factory garden "
    "highway island kitchen laboratory mill orchard parliament quarry reservoir shipyard theatre vineyard warehouse"
).split()
_VERBS = "approved delayed funded inspected opened closed reviewed expanded repaired rejected".split()
_PLACES = "north south east west central upper lower old new outer".split()


def sentences(n: int, topic: str = "council") -> str:
    """``n`` distinct, well-formed sentences about ``topic`` (deterministic, varied wording)."""
    out = []
    for i in range(n):
        a, b = _NOUNS[(i * 7) % len(_NOUNS)], _NOUNS[(i * 11 + 3) % len(_NOUNS)]
        verb, place = _VERBS[i % len(_VERBS)], _PLACES[(i * 3) % len(_PLACES)]
        out.append(
            f"Officials at the {topic} {verb} the {place} {a} plan on day {i + 1}, "
            f"and residents near the {b} expect {i + 2} further changes."
        )
    return " ".join(out)
