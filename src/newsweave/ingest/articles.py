"""A stream of single articles, for story clustering (``newsweave cluster``).

Where :func:`newsweave.ingest.read_clusters` reads finished clusters, this reads
articles one by one, in the order given:

* **JSONL**, one article per line: ``{"id", "text", "title", "source", "url",
  "published"}`` (only ``text`` is required; ``id`` defaults to ``FILE:LINE``); a line
  that is a whole cluster (``"documents"``, as ``read_clusters`` takes) gives each of
  its articles, with ids ``CLUSTER/1``, ``CLUSTER/2`` …;
* **article files** (``.txt``, ``.md``, ``.html``), or directories of them: one
  article each, its id the file name.

A bad line or file is yielded as an ``InputError`` naming it, so the caller reports
it and goes on; nothing is dropped without a word.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import Article
from . import _expand, _is_jsonl
from .files import ARTICLE_SUFFIXES, read_article_file
from .jsonl import cluster_from_record, iter_jsonl_records

__all__ = ["article_record", "read_articles"]

_KEYS = frozenset({"id", "text", "title", "source", "url", "published"})


def article_record(id: str, article: Article) -> dict[str, str]:
    """The JSONL line :func:`read_articles` reads back as ``(id, article)``: fields without a value left out."""
    fields = {"title": article.title, "source": article.source, "url": article.url, "published": article.published}
    return {"id": id, "text": article.text, **{k: v for k, v in fields.items() if v is not None}}


def _from_record(record: Any, where: str, default_id: str) -> list[tuple[str, Article]]:
    if not isinstance(record, dict):
        raise InputError(f'{where}: expected a JSON object with "text" (an article) or "documents" (a cluster)')
    if "documents" in record or "document" in record:
        cluster = cluster_from_record(record, where, default_id=default_id)
        return [(f"{cluster.id}/{k + 1}", a) for k, a in enumerate(cluster.articles) if a.text.strip()]
    unknown = set(record) - _KEYS
    if unknown:
        raise InputError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS)}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f'{where}: an article needs a non-empty "text" string')
    fields = {k: record.get(k) for k in ("title", "source", "url", "published")}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}: field {key!r} must be a string")
    raw_id = record.get("id", default_id)
    if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool) or not str(raw_id).strip():
        raise InputError(f'{where}: "id" must be a non-empty string or number')
    return [(str(raw_id), Article(text=text, **fields))]


def read_articles(
    paths: Sequence[str | Path], *, skipped: list[str] | None = None
) -> Iterator[tuple[str, Article] | InputError]:
    """Yield ``(id, article)`` for every article in ``paths``, in order, and an ``InputError`` for each bad one.

    Files of a directory that are left out (not articles, or JSONL beside article
    files) are appended to ``skipped`` as "path: reason".

    Raises:
        InputError: no paths, a path that does not exist, or a directory without articles.
    """
    if not paths:
        raise InputError("no input: give JSONL files of articles, article files or a directory")
    skipped = skipped if skipped is not None else []
    # Directories expand as for summarize: their article files, else their JSONL files.
    for path in _expand([Path(p) for p in paths], skipped):
        if _is_jsonl(path):
            try:
                for line, record in iter_jsonl_records(path):
                    where = f"{path}:{line}"
                    if isinstance(record, InputError):
                        yield record
                        continue
                    try:
                        yield from _from_record(record, where, default_id=f"{path.name}:{line}")
                    except InputError as err:
                        yield err
            except InputError as err:
                yield err
        elif path.suffix.lower() in ARTICLE_SUFFIXES:
            try:
                yield path.name, read_article_file(path)
            except InputError as err:
                yield err
        else:
            yield InputError(f"{path}: not an article (.txt, .md, .html) or JSONL file")
