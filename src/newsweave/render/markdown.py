"""Markdown rendering: a paragraph of cited sentences and a numbered source list."""

from __future__ import annotations

from ..models import Digest
from . import register
from .text import removal_lines, source_line, when_label


def _escape(text: str) -> str:
    # Keep article text from being read as Markdown structure or links.
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _refs(articles) -> str:
    return "".join(f"[^{a + 1}]" for a in articles)


def _analysis(digest: Digest) -> list[str]:
    a = digest.analysis
    assert a is not None
    out: list[str] = []
    if a.speakers:
        out += ["", "### Who said what", ""]
        for s in a.speakers:
            role = f" ({_escape(s.role)})" if s.role else ""
            out.append(f"- **{_escape(s.name)}**{role}" if s.name else "- _unattributed_")
            out.extend(f"  - “{_escape(q.text.strip())}” {_refs(s.carriers(i))}" for i, q in enumerate(s.quotes))
    if a.agreement:
        out += ["", "### Reported by several outlets", ""]
        out.extend(f"- {_escape(f.text)} {_refs(f.articles)}" for f in a.agreement)
    if a.exclusive:
        out += ["", "### Reported by one outlet only", ""]
        out.extend(f"- {_escape(f.text)} {_refs(f.articles)}" for f in a.exclusive)
    if a.conflicts:
        out += ["", "### Conflicting figures", "", "| figure | versions |", "|---|---|"]
        for c in a.conflicts:
            versions = "; ".join(f"{_escape(v.value)} {_refs((v.citation.article,))}" for v in c.versions)
            out.append(f"| {_escape(c.topic)} | {versions} |")
    if a.timeline:
        out += ["", "### Timeline", ""]
        for e in a.timeline:
            when = _escape(when_label(e))
            out.append(f"- **{when}**: {_escape(e.text)} {_refs((e.citation.article,))}")
    if a.entities is not None and a.entities:
        out += ["", "### Named", ""]
        out.extend(f"- {_escape(e.name)} ({e.label}, {len(e.articles)} outlets)" for e in a.entities[:20])
    if a.unavailable:
        out += ["", *(f"_Not available: {_escape(u)}_" for u in a.unavailable)]
    return out


@register("markdown")
def render_markdown(digest: Digest, explain: bool) -> str:
    title = digest.headline.text if digest.headline else f"Digest: {digest.id}"
    out = [f"## {_escape(title)}", ""]
    for s in digest.sentences:
        refs = "".join(f"[^{a + 1}]" for a in s.articles)
        out.append(f"- {_escape(s.text)} {refs}".rstrip())
        warning = s.warning()
        if warning:
            out.append(f"  - ⚠ _{_escape(warning)}_")
    checked = digest.check_summary()
    if checked:
        out += ["", f"_{_escape(checked)}_"]
    out.append("")
    out.append("### Sources")
    out.append("")
    for src in digest.sources:
        out.append(f"[^{src.article + 1}]: {_escape(source_line(src)[len(f'[{src.article + 1}] '):])}")
    if digest.analysis is not None:
        out.extend(_analysis(digest))
    if explain:
        out.append("")
        out.append("### Removed by cleaning")
        out.append("")
        out.extend(f"- {_escape(line)}" for line in removal_lines(digest) or ["nothing"])
    return "\n".join(out) + "\n"
