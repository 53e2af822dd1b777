"""The store: articles, stories and digests that persist (SQLAlchemy 2, Alembic).

* :class:`Store` — one database (SQLite file by default, PostgreSQL by URL), its schema
  migrated on open; every query the desk and the service make;
* :func:`database_url` — what ``--db`` accepts;
* :func:`url_key` — the normalised URL an article is stored under;
* the records it returns: :class:`StoredArticle`, :class:`StoryRecord`,
  :class:`DigestRecord`, :class:`Rejection`, and :class:`NewArticle` to write.

Needs the ``service`` extra (SQLAlchemy, Alembic) and, for PostgreSQL, ``postgres``.
"""

from __future__ import annotations

from ..feeds._extra import require

require("sqlalchemy", "the story store")
require("alembic", "the story store")

from .records import DigestRecord, NewArticle, Rejection, StoredArticle, StoryRecord  # noqa: E402
from .store import Store, database_url, outlet_name  # noqa: E402
from .urls import url_key  # noqa: E402

__all__ = [
    "DigestRecord",
    "NewArticle",
    "Rejection",
    "Store",
    "StoredArticle",
    "StoryRecord",
    "database_url",
    "outlet_name",
    "url_key",
]
