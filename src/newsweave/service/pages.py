"""The service's own web page: the stories, newest first, with a search box over titles.

Server-rendered, one small inline stylesheet pinned by hash in the Content-Security-
Policy, no script and no external asset; every title and outlet name is escaped.
Each story opens its digest, the HTML report (``/stories/{id}.html``).
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

from ..render.html_report import csp_hash
from ..store import StoryRecord

__all__ = ["CSP", "HEADER_CSP", "PAGE_SIZE", "index_page", "message_page"]

# Stories per page of the listing.
PAGE_SIZE = 50

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:52rem;padding:1rem;color:#222}
h1{font-size:1.4rem;margin:.5rem 0 1rem}
form{display:flex;gap:.5rem;margin-bottom:1rem}
input[type=search]{flex:1;font:inherit;padding:.3rem .5rem}
button{font:inherit;padding:.3rem .8rem}
ol{list-style:none;padding:0}
li{border-bottom:1px solid #ddd;padding:.6rem 0}
li a{font-weight:600;text-decoration:none;color:#0645ad}
.meta{color:#555;font-size:.85rem}
.nav{display:flex;justify-content:space-between;margin-top:1rem}
""".strip()

# Nothing loads, nothing runs: only the stylesheet above; the search form submits to this page.
CSP = f"default-src 'none'; style-src {csp_hash(_CSS)}; base-uri 'none'; form-action 'self'"
# The header adds what a <meta> policy cannot carry: no framing by other sites.
HEADER_CSP = CSP + "; frame-ancestors 'none'"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _when(story: StoryRecord) -> str:
    first, last = story.first_seen, story.last_seen
    if first is None or last is None:
        return f"received {story.created_at:%Y-%m-%d %H:%M}"
    if first.date() == last.date():
        return f"{first:%Y-%m-%d}"
    return f"{first:%Y-%m-%d} – {last:%Y-%m-%d}"


def _item(story: StoryRecord) -> str:
    outlets = ", ".join(story.outlets[:6]) + (f" and {len(story.outlets) - 6} more" if len(story.outlets) > 6 else "")
    count = f"{story.size} article" + ("s" if story.size != 1 else "")
    return (
        f'<li data-story="{_e(story.id)}"><a href="/stories/{quote(story.id, safe=":")}.html">'
        f"{_e(story.title or story.id)}</a>\n"
        f'<div class="meta">{count} · {_e(outlets)} · {_e(_when(story))}</div></li>'
    )


def index_page(stories: list[StoryRecord], total: int, query: str, offset: int) -> str:
    """The listing: a search form, one entry per story, and links to the neighbouring pages."""
    found = f"{total} stor{'y' if total == 1 else 'ies'}" + (f" matching “{_e(query)}”" if query else "")
    items = "\n".join(_item(s) for s in stories) or '<li class="meta">No stories yet.</li>'
    links = []
    if offset > 0:
        links.append(f'<a rel="prev" href="/?{_e(urlencode(_args(query, max(0, offset - PAGE_SIZE))))}">newer</a>')
    if offset + PAGE_SIZE < total:
        links.append(f'<a rel="next" href="/?{_e(urlencode(_args(query, offset + PAGE_SIZE)))}">older</a>')
    body = (
        "<h1>newsweave — stories</h1>\n"
        '<form method="get" action="/" role="search">'
        f'<input type="search" name="q" value="{_e(query)}" placeholder="Search titles" aria-label="Search titles">'
        '<button type="submit">Search</button></form>\n'
        f'<p class="meta" id="found">{found}</p>\n<ol id="stories">\n{items}\n</ol>\n'
        f'<div class="nav">{" ".join(links)}</div>'
    )
    return _page("newsweave — stories", body)


def _args(query: str, offset: int) -> dict[str, str]:
    args = {"q": query} if query else {}
    if offset:
        args["offset"] = str(offset)
    return args


def message_page(title: str, message: str) -> str:
    """A short page saying why something cannot be shown."""
    return _page(title, f'<h1>{_e(title)}</h1>\n<p>{_e(message)}</p>\n<p><a href="/">All stories</a></p>')
