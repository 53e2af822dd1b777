"""Plain-text rendering: sentences with ``[n]`` markers, then the numbered sources."""

from __future__ import annotations

from ..models import Digest
from . import register


def markers(articles: tuple[int, ...]) -> str:
    return "".join(f"[{a + 1}]" for a in articles)


# Words that make a date a bound rather than the time of the event ("after 2025", "by 2030").
_BOUNDS = ("after", "before", "until", "till", "by", "since")


def when_label(event) -> str:
    """How a timeline event's date reads: "2015-07-14", "after 2025", or "on Monday (unresolved)"."""
    if not (event.resolved and event.date):
        return f"{event.expression} (unresolved)"
    first = event.expression.split(" ", 1)[0].lower()
    return f"{first} {event.date}" if first in _BOUNDS else event.date


def source_line(source) -> str:
    line = f"[{source.article + 1}] {source.name}"
    if source.copy_of is not None:  # a syndicated copy, cited wherever its original is
        line += f" — copy of [{source.copy_of + 1}]"
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


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def analysis_lines(digest: Digest) -> list[str]:
    """Plain-text analysis sections: quotes by speaker, agreement, single-source facts, conflicts, timeline."""
    a = digest.analysis
    assert a is not None
    out: list[str] = []
    if a.speakers:
        out += ["", "Who said what"]
        for s in a.speakers:
            role = f" ({s.role})" if s.role else ""
            out.append(f"{s.name or 'unattributed'}{role}, {len(s.quotes)} quote(s) in {markers(s.articles)}:")
            out.extend(f'  "{_short(q.text.strip())}" {markers(s.carriers(i))}' for i, q in enumerate(s.quotes))
    if a.agreement:
        out += ["", "Reported by several outlets"]
        out.extend(f"{markers(f.articles)} {_short(f.text)}" for f in a.agreement)
    if a.exclusive:
        out += ["", "Reported by one outlet only"]
        out.extend(f"{markers(f.articles)} {_short(f.text)}" for f in a.exclusive)
    if a.conflicts:
        out += ["", "Conflicting figures"]
        for c in a.conflicts:
            versions = "; ".join(f"{v.value} {markers((v.citation.article,))}" for v in c.versions)
            out.append(f"{c.topic}: {versions}")
    if a.timeline:
        out += ["", "Timeline"]
        for e in a.timeline:
            out.append(f"{when_label(e)}: {_short(e.text)} [{e.citation.article + 1}]")
    if a.entities:
        out += ["", "Named in the coverage (outlets)"]
        out.append("; ".join(f"{e.name} ({len(e.articles)})" for e in a.entities[:20]))
    if a.unavailable:
        out += ["", *(f"Not available: {u}" for u in a.unavailable)]
    return out


@register("text")
def render_text(digest: Digest, explain: bool) -> str:
    out = [digest.headline.text, ""] if digest.headline else []
    for s in digest.sentences:
        out.append(f"{s.text} {markers(s.articles)}".rstrip())
        warning = s.warning()
        if warning:
            out.append(f"  ⚠ {warning}")
    checked = digest.check_summary()
    if checked:
        out += ["", checked]
    out.append("")
    out.append("Sources")
    out.extend(source_line(s) for s in digest.sources)
    if digest.analysis is not None:
        out.extend(analysis_lines(digest))
    if explain:
        out.append("")
        out.append(f"Removed by cleaning ({len(digest.removed)})")
        out.extend(removal_lines(digest) or ["nothing"])
    return "\n".join(out)
