"""Plain-text rendering: sentences with ``[n]`` markers, then the numbered sources."""

from __future__ import annotations

from ..models import Digest
from . import register


def markers(articles: tuple[int, ...]) -> str:
    return "".join(f"[{a + 1}]" for a in articles)


def source_line(source) -> str:
    line = f"[{source.article + 1}] {source.name}"
    if source.title:
        line += f" — {source.title}"
    if source.published:
        line += f" ({source.published})"
    if source.url:
        line += f" {source.url}"
    if not source.words:
        line += " (no text kept)"
    return line


def removal_lines(digest: Digest) -> list[str]:
    lines = []
    for r in digest.removed:
        snippet = r.text if len(r.text) <= 100 else r.text[:97] + "..."
        lines.append(f"[{r.article + 1}] {r.rule}: {r.reason}: {snippet}")
    return lines


@register("text")
def render_text(digest: Digest, explain: bool) -> str:
    out = []
    for s in digest.sentences:
        out.append(f"{s.text} {markers(s.articles)}")
    out.append("")
    out.append("Sources")
    out.extend(source_line(s) for s in digest.sources)
    if explain:
        out.append("")
        out.append(f"Removed by cleaning ({len(digest.removed)})")
        out.extend(removal_lines(digest) or ["nothing"])
    return "\n".join(out)
