"""A real HTTP server on 127.0.0.1 for the feed tests, and the invented feeds and pages it serves.

Everything served is written for these tests: short made-up news about the
fictional town of Portvale, in RSS 2.0, Atom 1.0 and HTML.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    location: str | None = None
    delay: float = 0.0  # seconds to sleep before answering
    length: int | None = None  # a Content-Length to declare instead of the body's own
    drip: float = 0.0  # seconds between 100-byte pieces of the body
    hits: int = 0


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(p == path for p, _ in self.requests)


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        state: Server = self.server.state  # type: ignore[attr-defined]
        state.requests.append((self.path, dict(self.headers)))
        route = state.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        time.sleep(route.delay)
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.end_headers()
            return
        self.send_response(route.status)
        if route.content_type:
            self.send_header("Content-Type", route.content_type)
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.location:
            self.send_header("Location", route.location)
        if route.length is not None:
            self.send_header("Content-Length", str(route.length))
        self.end_headers()
        try:
            for start in range(0, len(route.body), 100 if route.drip else len(route.body) or 1):
                self.wfile.write(route.body[start : start + 100 if route.drip else None])
                time.sleep(route.drip)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve() -> Iterator[Server]:
    """A ThreadingHTTPServer on 127.0.0.1 (a free port) in a thread, its routes empty; shut down after."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    state = Server(base=f"http://127.0.0.1:{httpd.server_address[1]}", routes={})
    httpd.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


STORIES = {
    "ferry": (
        "Portvale ferry service resumes after storm",
        [
            "Ferries between Portvale and the outer islands sailed again on Thursday morning, two days after a"
            " winter storm tore loose a loading ramp at North Pier and left hundreds of travellers stranded on"
            " the mainland side of the sound.",
            "Harbour Authority engineers worked through Wednesday night to bolt a temporary ramp into place, and"
            " the first crossing left at seven o'clock with a full deck of delivery vans and school buses.",
            "Captain Ilse Brandt, who has skippered the morning run for eleven years, said the sea was still"
            " choppy but well within the limits the vessel is built for, and that passengers had been patient.",
        ],
    ),
    "library": (
        "Portvale library reopens with longer hours",
        [
            "The Portvale public library on Market Square reopened on Monday after an eight-month renovation"
            " that replaced its leaking roof, added a reading room for teenagers and moved the children's"
            " collection to the ground floor.",
            "The library will now stay open until nine o'clock on weekday evenings, two hours later than before,"
            " a change the council approved after a survey in which most residents asked for evening access.",
            "Head librarian Tomasz Wierzba said more than four hundred people came through the doors on the"
            " first morning, many of them returning books that had been borrowed before the building closed.",
        ],
    ),
    "market": (
        "Portvale fish market moves indoors for the winter",
        [
            "Traders at the Portvale fish market packed up their quayside stalls on Saturday and moved into the"
            " old customs warehouse, where the market will run every morning until the end of March.",
            "The move, tried for the first time last winter, kept the market going through weeks of freezing"
            " rain, and stallholders said takings had been higher than in any winter they could remember.",
            "The council has promised new lighting and drainage in the warehouse before the traders return to"
            " the quay in spring, at a cost the harbour committee put at forty thousand dollars.",
        ],
    ),
}


def page(story: str, *, site: str = "Portvale Gazette") -> bytes:
    title, paragraphs = STORIES[story]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>{title} | {site}</title>"
        f'<meta property="og:site_name" content="{site}">'
        '<meta property="article:published_time" content="2026-11-30T08:00:00Z">'
        "</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright Portvale Gazette</footer></body></html>"
    ).encode()


EMPTY_PAGE = (
    b"<!DOCTYPE html><html><head><title>Log in</title></head>"
    b"<body><nav><a href='/'>Home</a></nav><form><input name='user'></form></body></html>"
)


def rss(items: list[tuple[str, str, str]], *, title: str = "Portvale Gazette: news") -> bytes:
    """RSS 2.0 with items (guid, link, title); links may be relative."""
    entries = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><link>{link}</link><title>{t}</title>"
        f"<pubDate>Mon, 30 Nov 2026 0{k}:15:00 GMT</pubDate><description>{t}.</description></item>"
        for k, (guid, link, t) in enumerate(items)
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
        f"<link>http://example.invalid/</link><description>Invented news</description>{entries}</channel></rss>"
    ).encode()


def atom(entries: list[tuple[str, str, str]]) -> bytes:
    """Atom 1.0 with entries (id, href, title)."""
    body = "".join(
        f"<entry><id>{i}</id><title>{t}</title><link rel='alternate' href='{href}'/>"
        f"<updated>2026-11-30T1{k}:00:00+01:00</updated><summary>{t}.</summary></entry>"
        for k, (i, href, t) in enumerate(entries)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>Portvale Courier</title><id>urn:portvale:courier</id><updated>2026-11-30T12:00:00Z</updated>{body}</feed>"
    ).encode()


def news_site(server: Server) -> str:
    """Three pages and an RSS feed (with an ETag) listing them, one by a relative link; returns the feed URL."""
    for name in STORIES:
        server.routes[f"/news/{name}.html"] = Route(page(name))
    items = [
        ("gazette-ferry", server.url("/news/ferry.html"), STORIES["ferry"][0]),
        ("gazette-library", "/news/library.html", STORIES["library"][0]),
        ("gazette-market", server.url("/news/market.html"), STORIES["market"][0]),
    ]
    server.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml", etag='"v1"')
    return server.url("/feed.xml")
