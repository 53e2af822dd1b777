"""A fetched HTML page as an :class:`~newsweave.models.Article`, by the path article files take.

:func:`newsweave.ingest.html.article_from_html` (trafilatura's main-text extraction)
does the work for ``.html`` files and for fetched pages alike; cleaning then runs on
the article's text wherever it goes next, as for any other article.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..ingest.html import article_from_html
from ..models import Article
from .fetch import FetchResult

__all__ = ["extract_article", "extract_page"]


def extract_article(html: str | bytes, url: str) -> Article:
    """The article of the page ``html`` fetched from ``url``.

    Its ``url`` is ``url``; its source the site name the page declares, else the
    URL's host; title and date as the page gives them.

    Raises:
        NoArticleError: the page has no article text (an index page, a login wall, an error page).
    """
    return article_from_html(html, url, source=urlsplit(url).hostname or url, url=url)


def extract_page(page: FetchResult) -> Article:
    """The article of a fetched page, at its final URL (after redirects).

    Without a charset in the Content-Type header, the bytes go to trafilatura, which
    reads the page's own ``<meta charset>`` or guesses.

    Raises:
        NoArticleError: the page has no article text.
    """
    return extract_article(page.text if page.charset else page.body, page.final_url)
