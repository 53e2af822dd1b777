"""Reading clusters from JSONL, including the raw Multi-News form."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import Article, Cluster

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".ndjson")

# The raw Multi-News release joins a cluster's articles with this separator and
# writes newlines as a token.
MULTINEWS_SEPARATOR = "|||||"
MULTINEWS_NEWLINE = "NEWLINE_CHAR"

_ARTICLE_KEYS = frozenset({"text", "title", "source", "url", "published"})


def iter_jsonl_records(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, parsed record or InputError)`` for each non-blank line."""
    try:
        if path.name.lower().endswith(".gz"):
            handle = gzip.open(path, "rt", encoding="utf-8")
        else:
            handle = open(path, encoding="utf-8")
        with handle:
            yield from iter_jsonl_lines(handle, str(path))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except (OSError, EOFError) as err:
        raise InputError(f"{path}: cannot read ({err})") from None


def iter_jsonl_lines(lines: Iterable[str], origin: str) -> Iterator[tuple[int, Any]]:
    seen_any = False
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        seen_any = True
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as err:
            yield lineno, InputError(f"{origin}:{lineno}: not valid JSON ({err.msg} at column {err.colno})")
    if not seen_any:
        raise InputError(f"{origin}: file is empty")


def split_raw_documents(text: str) -> list[str]:
    """Split Multi-News raw text into articles and restore its newlines."""
    text = text.replace(MULTINEWS_NEWLINE, "\n")
    parts = [p.strip() for p in text.split(MULTINEWS_SEPARATOR)]
    return parts if len(parts) > 1 else [text.strip()]


def article_from_value(value: Any, where: str, index: int) -> Article:
    """One document of a record: a string, or an object with "text" and optional title, source, url, published."""
    if isinstance(value, str):
        return Article(text=value.replace(MULTINEWS_NEWLINE, "\n"))
    if isinstance(value, dict):
        unknown = set(value) - _ARTICLE_KEYS
        text = value.get("text")
        if not isinstance(text, str):
            raise InputError(f'{where}: document {index + 1} has no "text" string')
        fields = {k: value.get(k) for k in ("title", "source", "url", "published")}
        for key, field in fields.items():
            if field is not None and not isinstance(field, str):
                raise InputError(f"{where}: document {index + 1} field {key!r} must be a string")
        if unknown:
            raise InputError(
                f"{where}: document {index + 1} has unknown keys {sorted(unknown)}; allowed: {sorted(_ARTICLE_KEYS)}"
            )
        return Article(text=text.replace(MULTINEWS_NEWLINE, "\n"), **fields)
    raise InputError(f"{where}: document {index + 1} must be a string or an object")


def cluster_from_record(record: Any, where: str, *, default_id: str) -> Cluster:
    """Build a cluster from one parsed JSONL record.

    Raises:
        InputError: the record is not an object, has no documents, or a document is malformed.
    """
    if not isinstance(record, dict):
        raise InputError(f'{where}: expected a JSON object with "documents"')
    cid = record.get("id", default_id)
    cid = str(cid) if cid is not None else default_id
    if "documents" in record:
        docs = record["documents"]
    elif "document" in record:
        docs = record["document"]
    else:
        raise InputError(f'{where}: cluster {cid!r} has no "documents" field')
    if isinstance(docs, str):
        docs = split_raw_documents(docs)
    if not isinstance(docs, list):
        raise InputError(f'{where}: cluster {cid!r}: "documents" must be a list')
    articles = tuple(article_from_value(d, where, i) for i, d in enumerate(docs))
    if not any(a.text.strip() for a in articles):
        raise InputError(f"{where}: cluster {cid!r} is empty (no article text)")
    summary = record.get("summary")
    return Cluster(
        id=cid,
        articles=articles,
        summary=summary if isinstance(summary, str) else None,
        origin=where,
    )
