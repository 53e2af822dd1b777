"""Markdown rendering: a paragraph of cited sentences and a numbered source list."""

from __future__ import annotations

from ..models import Digest
from . import register
from .text import removal_lines, source_line


def _escape(text: str) -> str:
    # Keep article text from being read as Markdown structure or links.
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


@register("markdown")
def render_markdown(digest: Digest, explain: bool) -> str:
    out = [f"## Digest: {_escape(digest.id)}", ""]
    for s in digest.sentences:
        refs = "".join(f"[^{a + 1}]" for a in s.articles)
        out.append(f"- {_escape(s.text)} {refs}")
    out.append("")
    out.append("### Sources")
    out.append("")
    for src in digest.sources:
        out.append(f"[^{src.article + 1}]: {_escape(source_line(src)[len(f'[{src.article + 1}] '):])}")
    if explain:
        out.append("")
        out.append("### Removed by cleaning")
        out.append("")
        out.extend(f"- {_escape(line)}" for line in removal_lines(digest) or ["nothing"])
    return "\n".join(out) + "\n"
