"""HTML report: one self-contained file (inline CSS and JS, no external assets) that opens from disk.

The page holds the summary with citation markers, the sources, the analysis panels
(who said what, agreement, single-source facts, conflicts, timeline, entities), the
removals when ``explain`` is set, and the full cleaned text of every article. Each
cited span of an article (summary sentences and their ``also_in`` spans, quotes,
facts, conflict versions, timeline events) is wrapped in an element with the id
``a{article}-{start}-{end}`` (0-based article, offsets into its cleaned text), so a
marker is a plain ``#id`` link: it works without JavaScript, and the few lines of
inline script add the ``hl`` class to the whole span and centre it.

Spans overlap (a quote inside a sentence, or running across two): the article text
is cut at every span boundary and the wrappers are closed and reopened around each
cut, so the markup always nests. Every fragment carries ``data-span``, the first
one also the id. A span that cannot be shown (offsets outside the text, nothing but
blank lines) falls back to its article, or to its source entry when the digest has
no documents, so no marker points nowhere.

Safety: article text, titles, names and URLs are untrusted. All of it goes through
``html.escape(..., quote=True)``; only ``http(s)`` URLs become links, with
``rel="noopener noreferrer"``. A Content-Security-Policy ``<meta>`` lets only this
page's own script and style run (pinned by hash) and loads nothing, so even an
escaping bug could not run injected script or fetch an asset.

The output is deterministic: the same digest gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from html import escape
from itertools import pairwise

from ..models import Analysis, Citation, Digest, DigestSentence
from . import register

__all__ = ["CSP", "csp_hash", "render_html"]

# Colours that tell the sources apart (markers, article headers); all keep 4.5:1 contrast with white text.
_PALETTE = ("#1d5fbf", "#a34f00", "#2e7d32", "#8e24aa", "#c62828", "#00796b", "#6d4c41", "#455a64")
# Entities listed before the rest fold away under a <details>.
_ENTITIES_SHOWN = 20
_ENTITY_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "place"}
_ROLE_TITLES = {
    "sum": "in the summary",
    "also": "also reported here",
    "quote": "quotation",
    "fact": "fact",
    "conflict": "disputed figure",
    "event": "dated event",
}

_CSS = """
:root{--bg:#fbfaf7;--fg:#1d1d1f;--muted:#5b5b63;--card:#fff;--line:#dedbd2;--hl:#ffe066;--tint:#f3efe4;
--link:#1d5fbf;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#16171a;--fg:#e8e6e1;--muted:#a3a29d;--card:#1f2024;--line:#3a3b40;
--hl:#7a6200;--tint:#26272c;--link:#8fb8ff}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif}
a{color:var(--link)}
.wrap{max-width:52rem;margin:0 auto;padding:1.25rem 1rem 4rem}
header.top h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;color:var(--muted);margin:0}
.meta{color:var(--muted);font-size:.9rem;margin:.25rem 0 0}
nav.toc{margin:1rem 0 0;padding:.5rem 0;border-top:1px solid var(--line);border-bottom:1px solid var(--line)}
nav.toc ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem}
section.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.25rem 1.25rem 1rem;
margin:1.5rem 0}
h2{font-size:1.2rem;margin:1rem 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
.note{color:var(--muted);font-size:.9rem;margin:.25rem 0 .75rem}
ol.summary{list-style:none;margin:0;padding:0}
ol.summary li{margin:0 0 .6rem;padding-left:.75rem;border-left:3px solid var(--line)}
ol.summary li.unsupported{border-left-color:#c62828;background:rgba(198,40,40,.07)}
ol.summary li.checked{border-left-color:#2e7d32}
.warn{display:block;color:#c62828;font-size:.88rem;font-weight:600}
.cite{display:inline-block;min-width:1.7em;padding:0 .35em;margin:0 .1em;border-radius:999px;font-size:.75rem;
font-weight:600;line-height:1.5;text-align:center;text-decoration:none;vertical-align:.1em;
background:var(--c,#455a64);color:#fff;border:1px solid var(--c,#455a64);white-space:nowrap}
.cite.also{background:transparent;color:var(--fg);border-style:dashed}
.cite:hover,.cite:focus-visible{outline:2px solid var(--c,#455a64);outline-offset:1px}
.cite.named{font-weight:500;padding:0 .6em;border-radius:.6em;white-space:normal;text-align:left;max-width:100%}
ol.sources{list-style:none;padding:0;margin:0}
ol.sources li{padding:.4rem 0;border-bottom:1px solid var(--line)}
ol.sources li:last-child{border-bottom:0}
.src-title{font-style:italic}
.small{font-size:.85rem;color:var(--muted)}
.url{word-break:break-all}
.speaker{border-top:1px solid var(--line);padding:.25rem 0 .5rem}
.speaker:first-of-type{border-top:0}
.speaker h3{margin-bottom:0}
.role{color:var(--muted);font-weight:400}
ul.plain{list-style:none;padding:0;margin:.25rem 0}
ul.plain>li{margin:.35rem 0}
ul.facts>li{padding:.35rem 0;margin:0;border-bottom:1px solid var(--line)}
ul.facts>li:last-child{border-bottom:0}
ul.quotes>li{padding-left:.75rem;border-left:3px solid var(--tint)}
.verb{color:var(--muted);font-size:.85rem}
.carriers{display:block;margin-top:.15rem}
.conflict{margin:.5rem 0 1rem}
.conflict h3 .kind{font-weight:400;color:var(--muted);font-size:.85rem}
.versions{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:.75rem}
.version{border:1px solid var(--line);border-top:4px solid var(--c,#455a64);border-radius:8px;padding:.5rem .75rem;
background:var(--bg)}
.value{font-size:1.4rem;font-weight:700;margin:0}
.version p{margin:.25rem 0}
a.said{color:inherit;text-decoration:none}
a.said:hover,a.said:focus-visible{text-decoration:underline;text-underline-offset:3px}
ol.timeline{list-style:none;padding:0;margin:0;border-left:2px solid var(--line)}
ol.timeline li{position:relative;padding:0 0 .75rem 1rem}
ol.timeline li::before{content:"";position:absolute;left:-6px;top:.5em;width:10px;height:10px;border-radius:50%;
background:var(--fg)}
ol.timeline li.unresolved::before{background:var(--bg);border:2px solid var(--muted)}
.when{font-weight:700;font-variant-numeric:tabular-nums}
.unres{font-weight:600;color:var(--muted)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
code{font-size:.85em;overflow-wrap:anywhere}
.removed-text{overflow-wrap:anywhere;min-width:10rem}
th,td{text-align:left;padding:.3rem .5rem .3rem 0;border-bottom:1px solid var(--line);vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
details>summary{cursor:pointer;color:var(--link);margin:.5rem 0}
article.doc{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--c,#455a64);
border-radius:10px;padding:.25rem 1.25rem 1rem;margin:1.5rem 0;scroll-margin-top:1rem}
article.doc h3{font-size:1.1rem}
.doc-body p{margin:.6rem 0}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.85rem;color:var(--muted);padding:0;list-style:none}
.t{scroll-margin:30vh 0;border-radius:3px}
.t.also{box-shadow:inset 0 -2px 0 var(--muted)}
.t.sum{background:var(--tint);box-shadow:inset 0 -2px 0 var(--c,#455a64)}
.t.quote{font-style:italic}
.t.conflict{text-decoration:underline wavy #c62828;text-decoration-thickness:1px;text-underline-offset:3px}
.t.hl,.t:target,.t.sample-hl{background:var(--hl);box-shadow:0 0 0 2px var(--hl);color:var(--fg)}
article.doc.hl,article.doc:target{outline:3px solid var(--hl)}
.t:focus{outline:none}
.t:focus-visible{outline:2px solid var(--link)}
.back{font-size:.85rem}
.removed td:first-child{white-space:nowrap}
footer{color:var(--muted);font-size:.8rem;text-align:center;margin-top:2rem}
@media (max-width:36rem){.wrap{padding:.75rem .6rem 3rem}section.panel,article.doc{padding:.1rem .8rem .8rem}
header.top h1{font-size:1.3rem}body{font-size:15px}}
@media print{nav.toc,.back{display:none}section.panel,article.doc{break-inside:avoid-page}}
""".strip()
_CSS += "".join(f"\n.src-{i}{{--c:{c}}}" for i, c in enumerate(_PALETTE))

# Highlight the span a marker points at: every fragment of it (data-span) gets "hl".
# Plain #id navigation does the jump, so the links also work with JavaScript off.
_JS = """
(function () {
  "use strict";
  var lit = [];
  function light(id) {
    var target = id ? document.getElementById(id) : null;
    if (!target || !(target.hasAttribute("data-span") || target.classList.contains("doc"))) return;
    lit.forEach(function (el) { el.classList.remove("hl"); });
    lit = [target];
    if (target.hasAttribute("data-span")) {
      lit = Array.prototype.filter.call(document.querySelectorAll("[data-span]"), function (el) {
        return el.getAttribute("data-span") === id;
      });
    }
    lit.forEach(function (el) { el.classList.add("hl"); });
    target.scrollIntoView({block: "center"});
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({preventScroll: true});
  }
  function fromHash() {
    try { light(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* a malformed hash: ignore */ }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-jump]") : null;
    if (link) light(link.getAttribute("href").slice(1));
  });
  window.addEventListener("hashchange", fromHash);
  if (location.hash) fromHash();
})();
""".strip()


def csp_hash(source: str) -> str:
    """The CSP source expression that allows exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


# Nothing is fetched (default-src 'none'); only this page's own style and script apply.
_CSP = (
    f"default-src 'none'; style-src {csp_hash(_CSS)}; script-src {csp_hash(_JS)}; "
    "base-uri 'none'; form-action 'none'"
)
# The service sends the same policy as a header with the report.
CSP = _CSP


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _web_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) address, else None (javascript:, data: … are shown as text)."""
    if url and re.match(r"https?://[^\s<>\"']+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def span_id(article: int, start: int, end: int) -> str:
    """The element id of a cited span: 0-based article, offsets into its cleaned text."""
    return f"a{article}-{start}-{end}"


def _annotate(text: str, spans: dict[tuple[int, int], set[str]], article: int) -> tuple[str, set[str]]:
    """The article's text as escaped ``<p>`` paragraphs with every span wrapped; and the ids emitted.

    Wrappers are opened outermost first (earlier start, then later end) and closed and
    reopened wherever spans cross or a paragraph ends, so the markup always nests.
    """
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    out: list[str] = []
    emitted: set[str] = set()
    for para in re.finditer(r"[^\n]+", text):
        p_start, p_end = para.span()
        if not para.group().strip():
            continue
        here = [s for s in ordered if s[0] < p_end and p_start < s[1]]
        cuts = sorted({p_start, p_end, *(b for s in here for b in s if p_start < b < p_end)})
        stack: list[tuple[int, int]] = []
        out.append("<p>")
        for a, b in pairwise(cuts):
            active = [s for s in here if s[0] <= a and b <= s[1]]
            keep = 0
            while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
                keep += 1
            out.append("</span>" * (len(stack) - keep))
            del stack[keep:]
            for s in active[keep:]:
                sid = span_id(article, *s)
                roles = sorted(spans[s])
                attrs = f' class="t {" ".join(roles)}" data-span="{sid}"'
                if sid not in emitted:
                    attrs = f' id="{sid}"' + attrs + f' title="{_e(", ".join(_ROLE_TITLES[r] for r in roles))}"'
                    emitted.add(sid)
                out.append(f"<span{attrs}>")
                stack.append(s)
            out.append(_e(text[a:b]))
        out.append("</span>" * len(stack) + "</p>")
    return "".join(out), emitted


class _Report:
    """Builds the page for one digest; sections are methods returning HTML strings."""

    def __init__(self, digest: Digest, explain: bool) -> None:
        self.digest = digest
        self.explain = explain
        self.docs = {d.index: d for d in digest.documents}
        self.names = {d.index: d.source for d in digest.documents}
        self.names.update({s.article: s.name for s in digest.sources})
        self.spans: dict[int, dict[tuple[int, int], set[str]]] = defaultdict(dict)
        self._collect_spans()
        self.bodies: dict[int, str] = {}
        self.emitted: set[str] = set()
        for index, doc in self.docs.items():
            body, ids = _annotate(doc.text, self.spans.get(index, {}), index)
            self.bodies[index] = body
            self.emitted |= ids

    # --- targets -------------------------------------------------------------------------

    def _want(self, article: int, start: int, end: int, role: str) -> None:
        doc = self.docs.get(article)
        if doc is None:
            return
        start, end = max(0, start), min(len(doc.text), end)
        if start < end:
            self.spans[article].setdefault((start, end), set()).add(role)

    def _collect_spans(self) -> None:
        d = self.digest
        for s in d.sentences:
            self._want(s.citation.article, s.citation.start, s.citation.end, "sum")
            for c in s.supported_by:
                self._want(c.article, c.start, c.end, "sum")
            for c in s.also_in:
                self._want(c.article, c.start, c.end, "also")
        a = d.analysis
        if a is None:
            return
        for speaker in a.speakers:
            for q in (*speaker.quotes, *(e for echoes in speaker.echoes for e in echoes)):
                self._want(q.article, q.start, q.end, "quote")
        for fact in (*a.agreement, *a.exclusive):
            for c in fact.citations:
                self._want(c.article, c.start, c.end, "fact")
        for conflict in a.conflicts:
            for v in conflict.versions:
                self._want(v.citation.article, v.citation.start, v.citation.end, "conflict")
        for event in a.timeline:
            c = event.citation
            self._want(c.article, c.start, c.end, "event")

    def target(self, article: int, start: int | None = None, end: int | None = None) -> str:
        """The id a marker links to: the span, else its article, else its source entry."""
        if start is not None and end is not None:
            doc = self.docs.get(article)
            if doc is not None:
                sid = span_id(article, max(0, start), min(len(doc.text), end))
                if sid in self.emitted:
                    return sid
        return f"article-{article}" if article in self.docs else f"source-{article}"

    def name(self, article: int) -> str:
        return self.names.get(article, f"Article {article + 1}")

    def marker(self, article: int, start: int | None = None, end: int | None = None, *, also: bool = False,
               named: bool = False, lead: str = "Source", what: str = "the cited sentence") -> str:
        """A citation marker ``[n]`` (or ``[n] Name``) linking to the span in the article.

        ``also`` draws it outlined (another outlet carrying it); ``lead`` and ``what`` word its aria-label.
        """
        n, name = article + 1, self.name(article)
        label = f"[{n}] {name}" if named else f"[{n}]"
        where = "the article" if what == "the article" else f"{what} in the article"
        aria = f"{lead} {n}, {name}: show {where}"
        cls = "cite" + (" also" if also else "") + (" named" if named else "") + f" src-{article % len(_PALETTE)}"
        return (
            f'<a class="{cls}" href="#{self.target(article, start, end)}" data-jump=""'
            f' title="{_e(name)}" aria-label="{_e(aria)}">{_e(label)}</a>'
        )

    def cite(self, c: Citation, **kwargs) -> str:
        return self.marker(c.article, c.start, c.end, **kwargs)

    # --- sections ------------------------------------------------------------------------

    def page(self) -> str:
        d = self.digest
        sections = [("summary", "Summary", self.summary()), ("sources", "Sources", self.sources())]
        a = d.analysis
        if a is not None:
            sections += [
                ("quotes", "Who said what", self.quotes(a)),
                ("agreement", "Reported by several outlets", self.agreement(a)),
                ("exclusive", "Reported by one outlet only", self.exclusive(a)),
                ("conflicts", "Conflicting figures", self.conflicts(a)),
                ("timeline", "Timeline", self.timeline(a)),
                ("entities", "Named in the coverage", self.entities(a)),
            ]
        panels = [
            f'<section class="panel" id="{sid}" aria-labelledby="{sid}-h"><h2 id="{sid}-h">{_e(title)}</h2>{body}</section>'
            for sid, title, body in sections
        ]
        nav = [(sid, title) for sid, title, _ in sections]
        if self.docs:
            nav.append(("articles", "Articles"))
        if self.explain:
            nav.append(("removed", "Removed by cleaning"))
        toc = "".join(f'<li><a href="#{sid}">{_e(title)}</a></li>' for sid, title in nav)
        title = d.headline.text if d.headline else f"Digest: {d.id}"
        words = f"{d.word_count} words (budget {d.budget})"
        count = len(d.sources)
        return "\n".join(
            [
                '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
                f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                '<meta name="referrer" content="no-referrer">\n<meta name="generator" content="newsweave">',
                f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>",
                '<body>\n<div class="wrap">\n<header class="top">',
                f'<p class="kicker">newsweave digest · {_e(d.id)}</p>',
                f"<h1>{_e(d.headline.text if d.headline else d.id)}</h1>",
                self.headline_note(),
                f'<p class="meta">{count} source{"s" if count != 1 else ""} · method {_e(d.method)} · {_e(words)}</p>',
                f'<nav class="toc" aria-label="Sections"><ul>{toc}</ul></nav>',
                "</header>",
                "<main>",
                *panels,
                self.articles(),
                self.removed() if self.explain else "",
                "</main>",
                "<footer>Generated by newsweave. Every marker links to the sentence it cites;"
                " article text is shown as cleaned.</footer>\n</div>",
                f"<script>{_JS}</script>\n</body>\n</html>\n",
            ]
        )

    def summary(self) -> str:
        if not self.digest.sentences:
            return '<p class="note">The summary is empty.</p>'
        items = []
        for s in self.digest.sentences:
            if s.check is not None:
                items.append(self.checked_item(s))
                continue
            refs = self.cite(s.citation) + "".join(
                self.cite(c, also=True, lead="Also reported by", what="its sentence") for c in s.also_in
            )
            said = f' title="{_e("The article reads: " + s.original)}"' if s.original else ""
            items.append(f"<li{said}>{_e(s.text)} {refs}</li>")
        note = (
            '<p class="note">A filled marker is the article the sentence was taken from; an outlined one,'
            " another outlet reporting the same. Select a marker to see the sentence in its article.</p>"
        )
        checked = self.digest.check_summary()
        if checked:
            note = (
                f'<p class="note">{_e(checked)}. Each marker links to a source sentence the sentence was'
                " checked against; a sentence the check rejects is marked in red.</p>"
            )
        return note + f'<ol class="summary">{"".join(items)}</ol>'

    def checked_item(self, s: DigestSentence) -> str:
        """A checked sentence: a marker per supporting source sentence, and the check's warning if any."""
        refs = "".join(self.cite(c, lead="Checked against", what="the source sentence") for c in s.supported_by)
        warning = s.warning()
        cls = "unsupported" if warning else "checked"
        note = f'<span class="warn" role="note">⚠ {_e(warning)}</span>' if warning else ""
        assert s.check is not None
        if s.check.replaced:
            note += f'<span class="small">Replaces the generated sentence: {_e(s.check.replaced)}</span>'
        return f'<li class="{cls}">{_e(s.text)} {refs}{note}</li>'

    def headline_note(self) -> str:
        h = self.digest.headline
        if h is None:
            return ""
        origin = {"title": "title of", "heading": "headline of", "lede": "built from the first sentence, from"}[h.origin]
        return f'<p class="small headline-from">Headline: {origin} [{h.article + 1}] {_e(self.name(h.article))}</p>'

    def sources(self) -> str:
        items = []
        for src in self.digest.sources:
            n = src.article + 1
            parts = [f'<span class="cite src-{src.article % len(_PALETTE)}" aria-hidden="true">[{n}]</span>',
                     f"<strong>{_e(src.name)}</strong>"]
            if src.copy_of is not None:
                parts.append(f"— copy of {self.marker(src.copy_of, lead='Copy of', what='the article')}")
            if src.title:
                parts.append(f'— <span class="src-title">{_e(src.title)}</span>')
            details = []
            if src.published:
                details.append(_e(src.published))
            details.append(f"{src.words} words" if src.words else "no text kept")
            if src.article in self.docs and src.words:
                details.append(f'<a href="#article-{src.article}" data-jump="">read the article below</a>')
            url = _web_url(src.url)
            if url:
                details.append(f'<a class="url" href="{_e(url)}" rel="noopener noreferrer" target="_blank">{_e(url)}</a>')
            elif src.url:
                details.append(f'<span class="url">{_e(src.url)}</span>')
            items.append(
                f'<li id="source-{src.article}">{" ".join(parts)}<br><span class="small">{" · ".join(details)}</span></li>'
            )
        return f'<ol class="sources">{"".join(items)}</ol>'

    def quotes(self, a: Analysis) -> str:
        if not a.speakers:
            return '<p class="note">No quotations found.</p>'
        blocks = []
        for s in a.speakers:
            role = f' <span class="role">— {_e(s.role)}</span>' if s.role else ""
            outlets = "".join(self.marker(i, also=True, lead="Quoted in", what="the article") for i in s.articles)
            count = f"{len(s.quotes)} quote{'s' if len(s.quotes) != 1 else ''}"
            quotes = "".join(
                f"<li>“{_e(q.text.strip())}” "
                f'<span class="verb">{_e(q.verb or "")}</span> {self.marker(q.article, q.start, q.end, what="the quote")}'
                + "".join(
                    self.marker(e.article, e.start, e.end, also=True, lead="Also quoted in", what="the quote")
                    for e in s.echoes_of(i)
                    if e.article != q.article
                )
                + "</li>"
                for i, q in enumerate(s.quotes)
            )
            blocks.append(
                (f'<div class="speaker"><h3>{_e(s.name)}{role}</h3>' if s.name else '<div class="speaker unattributed"><h3>unattributed</h3>')
                + f'<p class="small">{count} in {outlets}</p><ul class="plain quotes">{quotes}</ul></div>'
            )
        return "".join(blocks)

    def agreement(self, a: Analysis) -> str:
        if not a.agreement:
            return '<p class="note">No fact is stated by two or more outlets.</p>'
        items = []
        for f in a.agreement:
            carriers = " ".join(self.cite(c, named=True, what="its sentence") for c in f.citations)
            items.append(
                f'<li>{_e(f.text)}<span class="carriers small">{len(f.citations)} outlets: {carriers}</span></li>'
            )
        return f'<ul class="plain facts">{"".join(items)}</ul>'

    def exclusive(self, a: Analysis) -> str:
        if not a.exclusive:
            return '<p class="note">Every fact found is carried by more than one outlet.</p>'
        by_article: dict[int, list] = defaultdict(list)
        for f in a.exclusive:
            by_article[f.citations[0].article].append(f)
        blocks = []
        for article in sorted(by_article):
            items = "".join(
                f"<li>{_e(f.text)} {self.cite(f.citations[0], what='the sentence')}</li>" for f in by_article[article]
            )
            blocks.append(f'<h3>Only in {_e(self.name(article))}</h3><ul class="plain">{items}</ul>')
        return "".join(blocks)

    def conflicts(self, a: Analysis) -> str:
        if not a.conflicts:
            return '<p class="note">No outlets disagree on a number or a date.</p>'
        blocks = []
        for c in a.conflicts:
            cards = []
            for v in c.versions:
                cit = v.citation
                href = self.target(cit.article, cit.start, cit.end)
                cards.append(
                    f'<div class="version src-{cit.article % len(_PALETTE)}"><p class="value">{_e(v.value)}</p>'
                    f"<p>{self.cite(cit, named=True, what='the sentence')}</p>"
                    f'<p><a class="said" href="#{href}" data-jump="">{_e(v.text)}</a></p></div>'
                )
            blocks.append(
                f'<div class="conflict"><h3>{_e(c.topic)} <span class="kind">({_e(c.kind)})</span></h3>'
                f'<div class="versions">{"".join(cards)}</div></div>'
            )
        return "".join(blocks)

    def timeline(self, a: Analysis) -> str:
        if not a.timeline:
            return '<p class="note">No dated events found.</p>'
        items = []
        for e in a.timeline:
            if e.resolved and e.date:
                when = f'<time class="when" datetime="{_e(e.date)}">{_e(e.date)}</time>'
                expr = f' <span class="small">“{_e(e.expression)}”</span>'
                cls = ""
            else:
                when = '<span class="unres">unresolved</span>'
                expr = f" <span>“{_e(e.expression)}”</span>"
                cls = ' class="unresolved"'
            items.append(f"<li{cls}>{when}{expr}<br>{_e(e.text)} {self.cite(e.citation, what='the sentence')}</li>")
        return f'<ol class="timeline">{"".join(items)}</ol>'

    def entities(self, a: Analysis) -> str:
        notes = "".join(f'<p class="note">Not available: {_e(u)}</p>' for u in a.unavailable)
        if a.entities is None:
            return notes or '<p class="note">Not available: entities need the nlp extra.</p>'
        if not a.entities:
            return notes + '<p class="note">No people, organisations or places found.</p>'

        def row(e) -> str:
            outlets = "".join(self.marker(i, also=True, lead="Named in", what="the article") for i in e.articles)
            return (
                f"<tr><td>{_e(e.name)}</td><td>{_e(_ENTITY_LABELS.get(e.label, e.label))}</td>"
                f'<td>{outlets}</td><td class="num">{e.mentions}</td></tr>'
            )

        head = '<tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Outlets</th><th scope="col" class="num">Mentions</th></tr>'
        shown = "".join(row(e) for e in a.entities[:_ENTITIES_SHOWN])
        table = f'<div class="scroll"><table><thead>{head}</thead><tbody>{shown}</tbody></table></div>'
        rest = a.entities[_ENTITIES_SHOWN:]
        if rest:
            more = "".join(row(e) for e in rest)
            table += (
                f"<details><summary>{len(rest)} more</summary>"
                f'<div class="scroll"><table><thead>{head}</thead><tbody>{more}</tbody></table></div></details>'
            )
        return notes + table

    def articles(self) -> str:
        if not self.docs:
            return ""
        legend = (
            '<ul class="legend" aria-label="Legend"><li><span class="t sum">shaded</span>: in the summary</li>'
            '<li><span class="t quote">italic</span>: quotation</li>'
            '<li><span class="t also">grey underline</span>: the same fact as a summary sentence, in another outlet</li>'
            '<li><span class="t conflict">wavy underline</span>: disputed figure</li>'
            '<li><span class="t sample-hl">yellow</span>: the passage you selected</li></ul>'
        )
        out = [
            '<section id="articles" aria-labelledby="articles-h"><h2 id="articles-h">Articles</h2>'
            '<p class="note">The full text of every article as cleaned; cited passages are marked.</p>' + legend
        ]
        for index in sorted(self.docs):
            doc = self.docs[index]
            title = f'<h3 id="article-{index}-h">[{index + 1}] {_e(self.name(index))}</h3>'
            sub = []
            if doc.copy_of is not None:
                sub.append(f"copy of [{doc.copy_of + 1}] {_e(self.name(doc.copy_of))}")
            if doc.article.title:
                sub.append(f'<span class="src-title">{_e(doc.article.title)}</span>')
            if doc.article.published:
                sub.append(_e(doc.article.published))
            url = _web_url(doc.article.url)
            if url:
                sub.append(f'<a class="url" href="{_e(url)}" rel="noopener noreferrer" target="_blank">original</a>')
            sub.append('<a class="back" href="#summary">back to the summary</a>')
            body = self.bodies[index] or '<p class="note">No text kept after cleaning.</p>'
            out.append(
                f'<article class="doc src-{index % len(_PALETTE)}" id="article-{index}" aria-labelledby="article-{index}-h">'
                f'<header>{title}<p class="small">{" · ".join(sub)}</p></header>'
                f'<div class="doc-body">{body}</div></article>'
            )
        out.append("</section>")
        return "".join(out)

    def removed(self) -> str:
        if not self.digest.removed:
            body = '<p class="note">Cleaning removed nothing.</p>'
        else:
            rows = "".join(
                f"<tr><td>{self.marker(r.article, lead='Article', what='the article')}</td>"
                f'<td><code>{_e(r.rule)}</code><br><span class="small">{_e(r.reason)}</span></td>'
                f'<td class="removed-text">{_e(r.text)}</td></tr>'
                for r in self.digest.removed
            )
            body = (
                '<div class="scroll"><table class="removed"><thead><tr><th scope="col">Article</th>'
                f'<th scope="col">Rule</th><th scope="col">Text</th></tr></thead><tbody>{rows}</tbody></table></div>'
            )
        return (
            f'<section class="panel" id="removed" aria-labelledby="removed-h">'
            f'<h2 id="removed-h">Removed by cleaning ({len(self.digest.removed)})</h2>{body}</section>'
        )


@register("html")
def render_html(digest: Digest, explain: bool) -> str:
    """The digest as one self-contained HTML page; ``explain`` adds what cleaning removed."""
    return _Report(digest, explain).page()
