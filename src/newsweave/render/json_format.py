"""JSON rendering: the full structure of a digest (schema documented in README)."""

from __future__ import annotations

import json
from typing import Any

from ..models import Citation, Digest
from . import register

SCHEMA_VERSION = 1


def _citation(c: Citation) -> dict[str, Any]:
    return {"article": c.article, "source": c.source, "start": c.start, "end": c.end}


def to_dict(digest: Digest) -> dict[str, Any]:
    """The JSON-ready structure of ``digest``. Article indices are 0-based."""
    return {
        "schema": SCHEMA_VERSION,
        "id": digest.id,
        "method": digest.method,
        "budget": digest.budget,
        "words": digest.word_count,
        "summary": digest.summary,
        "sentences": [
            {
                "text": s.text,
                **_citation(s.citation),
                "also_in": [_citation(c) for c in s.also_in],
                "score": round(s.score, 6),
            }
            for s in digest.sentences
        ],
        "sources": [
            {
                "article": s.article,
                "marker": f"[{s.article + 1}]",
                "name": s.name,
                "title": s.title,
                "url": s.url,
                "published": s.published,
                "words": s.words,
            }
            for s in digest.sources
        ],
        "removed": [
            {"article": r.article, "rule": r.rule, "reason": r.reason, "text": r.text} for r in digest.removed
        ],
    }


@register("json")
def render_json(digest: Digest, explain: bool) -> str:
    # The JSON always lists removals; ``explain`` only matters for the text forms.
    return json.dumps(to_dict(digest), ensure_ascii=False, indent=2)


def render_jsonl(digest: Digest) -> str:
    """One compact line, for batch output."""
    return json.dumps(to_dict(digest), ensure_ascii=False, separators=(",", ":"))
