"""JSON rendering: the full structure of a digest (schema documented in README)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..models import Analysis, Citation, Digest, DigestSentence
from . import register

SCHEMA_VERSION = 1


def _citation(c: Citation) -> dict[str, Any]:
    return {"article": c.article, "source": c.source, "start": c.start, "end": c.end}


def _span(article: int, source: str, start: int, end: int) -> dict[str, Any]:
    return {"article": article, "source": source, "start": start, "end": end}


def analysis_to_dict(analysis: Analysis, names: Sequence[str]) -> dict[str, Any]:
    """The JSON-ready analysis sections (offsets into the articles' cleaned text).

    ``names`` are the articles' source names, indexed by article.
    """
    return {
        "speakers": [
            {
                "name": s.name,
                "role": s.role,
                "articles": list(s.articles),
                "quotes": [
                    {"text": q.text, **_span(q.article, names[q.article], q.start, q.end),
                     "verb": q.verb, "mention": q.mention, "pattern": q.pattern,
                     "also_in": [
                         {"text": e.text, **_span(e.article, names[e.article], e.start, e.end)}
                         for e in s.echoes_of(i)
                     ]}
                    for i, q in enumerate(s.quotes)
                ],
            }
            for s in analysis.speakers
        ],
        "agreement": [
            {"text": f.text, "articles": list(f.articles), "citations": [_citation(c) for c in f.citations]}
            for f in analysis.agreement
        ],
        "exclusive": [{"text": f.text, **_citation(f.citations[0])} for f in analysis.exclusive],
        "conflicts": [
            {
                "kind": c.kind,
                "topic": c.topic,
                "versions": [{"value": v.value, "text": v.text, **_citation(v.citation)} for v in c.versions],
            }
            for c in analysis.conflicts
        ],
        "timeline": [
            {"date": e.date, "expression": e.expression, "resolved": e.resolved, "text": e.text, **_citation(e.citation)}
            for e in analysis.timeline
        ],
        "entities": None
        if analysis.entities is None
        else [{"name": e.name, "label": e.label, "articles": list(e.articles), "mentions": e.mentions} for e in analysis.entities],
        "unavailable": list(analysis.unavailable),
    }


def _checked(s: DigestSentence) -> dict[str, Any]:
    """A checked sentence's supporting spans and the check's verdict (absent for unchecked ones)."""
    check = s.check
    assert check is not None
    return {
        "supported_by": [_citation(c) for c in s.supported_by],
        "check": {
            "passed": check.passed,
            "score": round(check.score, 6),
            "failures": [{"kind": f.kind, "detail": f.detail} for f in check.failures],
            "cited": check.cited,
            "replaced": check.replaced,
            **({"judge": check.judge} if check.judge is not None else {}),
        },
    }


def _source_name(digest: Digest, article: int) -> str | None:
    return next((s.name for s in digest.sources if s.article == article), None)


def to_dict(digest: Digest) -> dict[str, Any]:
    """The JSON-ready structure of ``digest``. Article indices are 0-based."""
    return {
        "schema": SCHEMA_VERSION,
        "id": digest.id,
        "method": digest.method,
        "budget": digest.budget,
        "words": digest.word_count,
        "headline": None
        if digest.headline is None
        else {
            "text": digest.headline.text,
            "article": digest.headline.article,
            "source": _source_name(digest, digest.headline.article),
            "origin": digest.headline.origin,
        },
        "summary": digest.summary,
        "sentences": [
            {
                "text": s.text,
                **_citation(s.citation),
                "also_in": [_citation(c) for c in s.also_in],
                "score": round(s.score, 6),
                **({"original": s.original} if s.original else {}),
                **(_checked(s) if s.check is not None else {}),
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
                "copy_of": s.copy_of,
            }
            for s in digest.sources
        ],
        "removed": [
            {"article": r.article, "rule": r.rule, "reason": r.reason, "text": r.text} for r in digest.removed
        ],
        "analysis": None
        if digest.analysis is None
        else analysis_to_dict(digest.analysis, [s.name for s in digest.sources]),
    }


@register("json")
def render_json(digest: Digest, explain: bool) -> str:
    # The JSON always lists removals; ``explain`` only matters for the text forms.
    return json.dumps(to_dict(digest), ensure_ascii=False, indent=2)


def render_jsonl(digest: Digest) -> str:
    """One compact line, for batch output."""
    return json.dumps(to_dict(digest), ensure_ascii=False, separators=(",", ":"))
