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

__all__ = ["MIN_ARTICLE_CHARS", "extract_article", "extract_page"]

# Less main text than this is not an article but what a link can lead to instead: an
# index page, a login wall, an error page. Trafilatura's own MIN_EXTRACTED_SIZE. On
# fulltext-dev, 22 of the 279 non-empty documents are shorter (len(text.strip())); 19
# of them are no article (Twitter's location notice, "JavaScript is disabled", "You must
# log in to continue", a page-not-found text), 3 a quoted tweet or a caption-length brief.
MIN_ARTICLE_CHARS = 250


def extract_article(html: str | bytes, url: str) -> Article:
    """The article of the page ``html`` fetched from ``url``.

    Its ``url`` is ``url``; its source the site name the page declares, else the
    URL's host; title and date as the page gives them.

    Raises:
        NoArticleError: the page has less than :data:`MIN_ARTICLE_CHARS` of main
            text (an index page, a login wall, an error page).
    """
    return article_from_html(html, url, source=urlsplit(url).hostname or url, url=url, min_chars=MIN_ARTICLE_CHARS)


def extract_page(page: FetchResult) -> Article:
    """The article of a fetched page, at its final URL (after redirects).

    Without a charset in the Content-Type header, the bytes go to trafilatura, which
    reads the page's own ``<meta charset>`` or guesses.

    Raises:
        NoArticleError: the page has no article text.
    """
    return extract_article(page.text if page.charset else page.body, page.final_url)
