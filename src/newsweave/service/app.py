"""The HTTP API and web page over a :class:`~newsweave.service.desk.Desk` (FastAPI).

=====================  =====================================================  ======
route                  what                                                   token
=====================  =====================================================  ======
POST /articles         one article or a batch (JSON), or one text/HTML body   yes
GET  /articles/{id}    one stored article and the story it is in
GET  /stories          live stories, most recently changed first; paging, q
GET  /stories/{id}     the story, its articles and its digest (JSON)
GET  /stories/{id}.html  the digest's HTML report
POST /summarize        stateless: a cluster in, a digest out                  yes
GET  /rejected         what was posted and not stored, with reasons           yes
GET  /health           counts and the database in use
GET  /                 the web page: stories, a search box over titles
GET  /docs             the OpenAPI documentation
=====================  =====================================================  ======

"token": when the service has a token, the request needs ``Authorization: Bearer
<token>``. Every error is a JSON object ``{"error": ..., "status": ...}`` (see
:mod:`newsweave.service.errors`). The route handlers only translate HTTP to desk calls;
the CPU work runs in the thread pool, never on the event loop.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import InputError, NewsweaveError, NotFoundError
from ..feeds.extract import MIN_ARTICLE_CHARS
from ..ingest.html import article_from_html
from ..ingest.jsonl import article_from_value, cluster_from_record
from ..models import Article
from ..options import Options
from ..pipeline import make_digest
from ..render import render
from ..render.html_report import CSP as REPORT_CSP
from . import pages
from .desk import Desk, article_dict, story_dict
from .errors import BadRequest, BodyTooLarge, Unauthorized, UnsupportedMediaType, status_for
from .settings import MAX_PAGE, Settings

__all__ = ["create_app"]

log = logging.getLogger("newsweave.service")

# Keys of one posted article: the article fields, or "html" instead of "text".
_HTML_KEY = "html"
_SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
# Rejected bodies are kept up to this many characters with the reason.
_PAYLOAD_CHARS = 100_000


def create_app(desk: Desk, settings: Settings) -> FastAPI:
    """The application; ``desk`` must outlive it (``newsweave serve`` starts and stops its worker)."""
    # The documentation's script and style come from the fastapi-offline package, not a CDN:
    # /docs works on a machine with no network.
    app = FastAPIOffline(
        title="newsweave",
        version=__version__,
        description="Stories from a stream of news articles, each with a cited digest.",
    )
    app.state.desk = desk
    app.state.settings = settings
    _errors(app)
    app.add_middleware(_BodyLimit, limit=settings.max_body_bytes)

    def authorize(request: Request) -> None:
        if settings.token is None:
            return
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), settings.token.encode()):
            raise Unauthorized("this endpoint needs the header Authorization: Bearer <token>")

    @app.post("/articles", summary="Add one article or a batch", openapi_extra=_ARTICLES_DOC)
    async def post_articles(request: Request) -> JSONResponse:
        authorize(request)
        body = await request.body()
        items, payloads = _parse_articles(body, request.headers.get("content-type", ""), settings.max_batch)
        outcomes = await run_in_threadpool(_add_all, desk, items, payloads)
        accepted = sum(o["status"] != "rejected" for o in outcomes)
        status = 200 if accepted else 422
        content: dict[str, Any] = {"results": outcomes, "added": sum(o["status"] == "added" for o in outcomes),
                                   "duplicates": sum(o["status"] == "duplicate" for o in outcomes),
                                   "rejected": len(outcomes) - accepted}  # fmt: skip
        if not accepted:
            content = {"error": "; ".join(sorted({o["reason"] for o in outcomes})), "status": 422, **content}
        return JSONResponse(content, status_code=status)

    @app.get("/articles/{article_id}", summary="One stored article and its story")
    async def get_article(article_id: str) -> dict[str, Any]:
        row = await run_in_threadpool(desk.store.article, article_id)
        if row is None:
            raise NotFoundError(f"article {article_id!r}: no such article")
        return {**article_dict(row), "story": row.story_id, "text": row.article.text}

    @app.get("/stories", summary="Stories, most recently changed first")
    async def list_stories(
        limit: int = Query(50, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0),
        q: str | None = Query(None, max_length=200),
    ) -> dict[str, Any]:
        stories, total = await run_in_threadpool(desk.store.stories, limit=limit, offset=offset, query=q)
        following = offset + limit if offset + limit < total else None
        return {"stories": [story_dict(s) for s in stories], "total": total, "limit": limit, "offset": offset,
                "next_offset": following}  # fmt: skip

    @app.get("/stories/{story_id}.html", response_class=HTMLResponse, summary="The story's digest as the HTML report")
    async def story_html(story_id: str) -> Response:
        view = await run_in_threadpool(desk.view, story_id)
        if view.story.merged_into:
            return RedirectResponse(f"/stories/{view.story.merged_into}.html", status_code=308)
        if view.html is None:
            return HTMLResponse(pages.message_page("No digest yet", view.error or "the digest is being computed"),
                                status_code=503 if view.error is None else 422, headers=_page_headers())  # fmt: skip
        return HTMLResponse(view.html, headers={**_SECURITY_HEADERS, "Content-Security-Policy": REPORT_CSP + "; frame-ancestors 'none'"})

    @app.get("/stories/{story_id}", summary="The story, its articles and its digest")
    async def story_json(story_id: str) -> Response:
        view = await run_in_threadpool(desk.view, story_id)
        if view.story.merged_into:
            return RedirectResponse(f"/stories/{view.story.merged_into}", status_code=308)
        return JSONResponse(view.to_dict())

    @app.post("/summarize", summary="Summarize a cluster (nothing is stored)", openapi_extra=_SUMMARIZE_DOC)
    async def post_summarize(request: Request) -> JSONResponse:
        authorize(request)
        record = _json_body(await request.body(), request.headers.get("content-type", ""))
        digest = await run_in_threadpool(_summarize, record, settings, desk.digest_options)
        return JSONResponse(json.loads(digest))

    @app.get("/rejected", summary="What was posted and not stored, newest first")
    async def list_rejected(request: Request, limit: int = Query(50, ge=1, le=MAX_PAGE)) -> dict[str, Any]:
        authorize(request)
        rows = await run_in_threadpool(desk.store.rejections, limit=limit)
        return {"rejected": [{"number": r.seq, "received_at": r.received_at.isoformat(), "origin": r.origin,
                              "reason": r.reason, "payload": r.payload} for r in rows]}  # fmt: skip

    @app.get("/health", summary="Liveness and counts")
    async def health() -> dict[str, Any]:
        return {**(await run_in_threadpool(desk.health)), "version": __version__}

    @app.get("/", response_class=HTMLResponse, summary="The web page")
    async def index(q: str | None = Query(None, max_length=200), offset: int = Query(0, ge=0)) -> HTMLResponse:
        stories, total = await run_in_threadpool(desk.store.stories, limit=pages.PAGE_SIZE, offset=offset, query=q)
        return HTMLResponse(pages.index_page(stories, total, q or "", offset), headers=_page_headers())

    return app


def _page_headers() -> dict[str, str]:
    return {**_SECURITY_HEADERS, "Content-Security-Policy": pages.HEADER_CSP}


# --- request bodies -----------------------------------------------------------


def _text_body(body: bytes) -> str:
    if not body.strip():
        raise BadRequest("the request body is empty")
    if b"\x00" in body[:8192]:
        raise BadRequest("the request body is binary, not text")
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BadRequest(f"the request body is not UTF-8 (invalid byte at offset {err.start})") from None


def _json_body(body: bytes, content_type: str) -> Any:
    kind = content_type.split(";")[0].strip().lower()
    if kind not in ("application/json", ""):
        raise UnsupportedMediaType(f"content type {kind!r}: send application/json")
    try:
        return json.loads(_text_body(body))
    except json.JSONDecodeError as err:
        raise BadRequest(
            f"the request body is not valid JSON ({err.msg} at line {err.lineno} column {err.colno})"
        ) from None


def _parse_articles(body: bytes, content_type: str, max_batch: int) -> tuple[list[Article | InputError], list[str]]:
    """The posted articles (an InputError for each unusable one) and what was posted for each.

    A body that is not what the endpoint reads at all (invalid JSON, wrong shape, wrong
    types, unknown fields) is refused whole, so nothing of it is stored.
    """
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("text/plain", "text/html"):
        text = _text_body(body)
        payload = text[:_PAYLOAD_CHARS]
        if kind == "text/plain":
            return [Article(text=text)], [payload]
        return [_from_html(text, "POST /articles")], [payload]
    value = _json_body(body, content_type)
    if isinstance(value, dict) and "articles" in value:
        if set(value) != {"articles"}:
            raise InputError(
                f'the body has unknown keys {sorted(set(value) - {"articles"})}; send {{"articles": [...]}}'
            )
        value = value["articles"]
    items = value if isinstance(value, list) else [value]
    if not items:
        raise InputError("the batch is empty")
    if len(items) > max_batch:
        raise InputError(f"the batch has {len(items)} articles; at most {max_batch} per request")
    articles = [_article(item, i, len(items) > 1 or isinstance(value, list)) for i, item in enumerate(items)]
    return articles, [json.dumps(item, ensure_ascii=False)[:_PAYLOAD_CHARS] for item in items]


def _article(item: Any, index: int, batch: bool) -> Article | InputError:
    where = f"article {index + 1}" if batch else "the article"
    if not isinstance(item, dict):
        raise InputError(f'{where} must be a JSON object with "text" (or "html")')
    if _HTML_KEY in item:
        if "text" in item:
            raise InputError(f'{where} has both "text" and "html"; send one')
        html = item[_HTML_KEY]
        if not isinstance(html, str):
            raise InputError(f"{where}: field 'html' must be a string")
        given = article_from_value({"text": "", **{k: v for k, v in item.items() if k != _HTML_KEY}}, where, 0)
        extracted = _from_html(html, where, url=given.url)
        if isinstance(extracted, InputError):
            return extracted
        return Article(
            text=extracted.text, title=given.title or extracted.title, source=given.source or extracted.source,
            url=given.url or extracted.url, published=given.published or extracted.published,
        )  # fmt: skip
    return article_from_value(item, "POST /articles", index)


def _from_html(html: str, where: str, url: str | None = None) -> Article | InputError:
    """The page's article, held to the minimum a fetched page is (a posted page is one too)."""
    try:
        return article_from_html(html, where, source=None, url=url, min_chars=MIN_ARTICLE_CHARS)
    except InputError as err:
        return err


def _add_all(desk: Desk, items: list[Article | InputError], payloads: list[str]) -> list[dict[str, Any]]:
    results = []
    for index, (item, payload) in enumerate(zip(items, payloads, strict=True)):
        if isinstance(item, InputError):
            outcome = desk.reject("api", str(item), payload)
        else:
            outcome = desk.add(item, origin="api", payload=payload)
        results.append({"index": index, **outcome.to_dict()})
    return results


def _summarize(record: Any, settings: Settings, options: Options) -> str:
    """The stateless digest: the service's own digest options (``serve --method/--llm``), with the body's words and method."""
    if not isinstance(record, dict):
        raise InputError('the body must be a JSON object with "documents"')
    settings_keys = {"words", "method"}
    unknown = set(record) - {"id", "documents", "summary"} - settings_keys
    if unknown:
        raise InputError(f"the body has unknown keys {sorted(unknown)}; allowed: documents, id, method, words")
    words = record.get("words", settings.words)
    if words is not None and (not isinstance(words, int) or isinstance(words, bool)):
        raise InputError(f'"words" must be an integer (got {words!r})')
    method = record.get("method")
    if method is not None and not isinstance(method, str):
        raise InputError(f'"method" must be a string (got {method!r})')
    cluster = cluster_from_record(record, "the cluster", default_id="cluster")
    changes = {k: v for k, v in (("words", words), ("method", method)) if v is not None}
    return render(make_digest(cluster, options.replace(**changes) if changes else options), "json")


# --- errors -------------------------------------------------------------------


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=_SECURITY_HEADERS)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(NewsweaveError)
    async def newsweave_error(_request: Request, err: NewsweaveError) -> JSONResponse:
        status = status_for(err)
        if status >= 500:
            log.error("%s: %s", type(err).__name__, err)
        return _error(status, str(err))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, err: RequestValidationError) -> JSONResponse:
        first = err.errors()[0] if err.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body"))
        return _error(422, f"{where or 'request'}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, err: StarletteHTTPException) -> JSONResponse:
        return _error(err.status_code, str(err.detail))

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _error(500, "internal error (logged on the server)")


class _BodyLimit:
    """Refuses bodies over ``limit`` bytes with 413, by Content-Length or while they stream."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            response = _error(413, f"the request body is over the limit of {self.limit} bytes")
            await response(scope, receive, send)
            return
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(f"the request body is over the limit of {self.limit} bytes")
            return message

        await self.app(scope, limited, send)


_ARTICLE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "text": {"type": "string", "description": "the article's text (or give html)"},
        "html": {"type": "string", "description": "the article's web page; its main text is extracted"},
        "title": {"type": "string"},
        "source": {"type": "string", "description": "the outlet"},
        "url": {"type": "string", "description": "http(s); re-posting the same URL returns the stored article"},
        "published": {"type": "string", "description": "ISO 8601 date or date-time"},
    },
}
_ARTICLES_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        _ARTICLE_SCHEMA,
                        {"type": "array", "items": _ARTICLE_SCHEMA},
                        {"type": "object", "properties": {"articles": {"type": "array", "items": _ARTICLE_SCHEMA}}},
                    ]
                }
            },
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}
_SUMMARIZE_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["documents"],
                    "properties": {
                        "id": {"type": "string"},
                        "documents": {"type": "array", "items": {"oneOf": [{"type": "string"}, _ARTICLE_SCHEMA]}},
                        "words": {"type": "integer"},
                        "method": {"type": "string"},
                    },
                }
            }
        },
    }
}
