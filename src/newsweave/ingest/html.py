"""One article from an HTML page, with trafilatura's main-text extraction.

The same path serves article files (``.html``/``.htm``) and pages fetched by
:mod:`newsweave.feeds`: trafilatura keeps the article's text and reads its title,
date and site name; cleaning then runs on the text like on any other article.
"""

from __future__ import annotations

from ..errors import NoArticleError
from ..models import Article

__all__ = ["article_from_html"]


def article_from_html(
    html: str | bytes, origin: str, *, source: str, url: str | None = None, min_chars: int = 1
) -> Article:
    """The article in ``html``: its main text, title, date, site name and URL.

    Args:
        html: the page, as text or as bytes (trafilatura then detects the encoding).
        origin: what error messages name (a file path or a URL).
        source: the source name when the page gives no site name (a file name, a host).
        url: where the page was fetched from; it is the article's URL and helps
            trafilatura read the metadata. Without it, the URL the page declares.
        min_chars: the least text, in characters, that counts as an article (a
            file given by hand is taken as it is; a fetched page is held to more).

    Raises:
        NoArticleError: trafilatura finds no article text in the page, or less than ``min_chars``.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    found = len((doc.text or "").strip()) if doc is not None else 0
    if found < max(min_chars, 1):
        short = f" (only {found} characters of text)" if found else ""
        raise NoArticleError(f"{origin}: no article text found in this HTML page{short}")
    return Article(
        text=doc.text,
        title=doc.title or None,
        source=doc.sitename or source,
        url=url or doc.url or None,
        published=doc.date or None,
    )
