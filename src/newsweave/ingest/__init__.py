"""Ingest: turn files, directories, JSONL and standard input into ``Cluster`` values.

Two shapes of input exist:

* **Article files** (``.txt``, ``.md``, ``.html``/``.htm``), given one by one or as a
  directory: all of them together form one cluster, one article per file.
* **JSONL** (``.jsonl``, ``.jsonl.gz``, ``.json``): one cluster per line,
  ``{"id", "documents": [str | {"text", "title", "source", "url", "published"}]}``,
  including the raw Multi-News form (``"document"`` with articles joined by
  ``|||||`` and newlines written as ``NEWLINE_CHAR``).

Standard input (``-``) holds either JSONL (if it starts with ``{``) or plain text,
in which articles may be separated by a line of ``|||||``.

:func:`read_clusters` yields a ``Cluster`` for each good cluster and, in a batch,
an ``InputError`` for each bad one, so the caller can report it and go on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from ..errors import InputError
from ..models import Article, Cluster
from .files import ARTICLE_SUFFIXES, read_article_file, read_text
from .jsonl import JSONL_SUFFIXES, cluster_from_record, iter_jsonl_records, split_raw_documents

__all__ = ["ARTICLE_SUFFIXES", "JSONL_SUFFIXES", "cluster_from_record", "read_clusters", "read_text"]


def _is_jsonl(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(s) for s in JSONL_SUFFIXES)


def _expand(paths: Sequence[Path], skipped: list[str]) -> list[Path]:
    """Files named directly are kept; directories contribute their article and JSONL files."""
    out: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            articles, jsonl = [], []
            for child in sorted(path.iterdir()):
                if child.name.startswith(".") or not child.is_file():
                    continue
                if child.suffix.lower() in ARTICLE_SUFFIXES:
                    articles.append(child)
                elif _is_jsonl(child):
                    jsonl.append(child)
                else:
                    skipped.append(f"{child}: not an article (.txt, .md, .html) or JSONL file")
            if not articles and not jsonl:
                raise InputError(
                    f"{path}: directory has no article files (.txt, .md, .html) or JSONL files"
                )
            # A directory of articles is one cluster; JSONL files beside them
            # (such as a copy of the same cluster) are reported, not mixed in.
            if articles:
                skipped.extend(f"{j}: JSONL file beside article files (give it on its own)" for j in jsonl)
            out.extend(articles or jsonl)
        else:
            out.append(path)
    return out


def read_clusters(
    paths: Sequence[str | Path],
    *,
    stdin: TextIO | None = None,
    skipped: list[str] | None = None,
) -> Iterator[Cluster | InputError]:
    """Yield the clusters found in ``paths`` (``"-"`` reads ``stdin``).

    Article files together make one cluster. JSONL files make one cluster per
    line; a bad line is yielded as an ``InputError`` (report it, then go on).
    Files in a directory that are left out (neither articles nor JSONL, or JSONL
    beside article files) are appended to ``skipped`` as "path: reason", so the
    caller can say so.

    Raises:
        InputError: a path is missing, unreadable, empty, binary or not UTF-8,
            or article files and JSONL files are mixed.
    """
    skipped = skipped if skipped is not None else []
    if not paths:
        raise InputError("no input: give article files, a directory, a JSONL file, or - for stdin")
    if any(str(p) == "-" for p in paths):
        if len(paths) > 1:
            raise InputError("-: standard input cannot be combined with other inputs")
        if stdin is None:
            raise InputError("-: no standard input available")
        yield from _read_stream(stdin.read(), "<stdin>")
        return
    files = _expand([Path(p) for p in paths], skipped)
    jsonl = [f for f in files if _is_jsonl(f)]
    if jsonl and len(jsonl) != len(files):
        raise InputError(
            f"{jsonl[0]}: JSONL files cannot be mixed with article files in one call"
        )
    if jsonl:
        for f in jsonl:
            yield from _clusters_from_records(iter_jsonl_records(f), str(f))
        return
    articles = tuple(read_article_file(f) for f in files)
    yield Cluster(id=_cluster_name([Path(p) for p in paths]), articles=articles, origin=", ".join(map(str, paths)))


def _cluster_name(paths: list[Path]) -> str:
    """The id of a cluster read from article files: the one file or directory given, or
    the folder several files share ("seeds" for ``seeds/article-*.txt``), else "cluster"."""
    if len(paths) == 1:
        path = paths[0].resolve()
        return (path.name if path.is_dir() else path.stem) or "cluster"
    parents = {p.resolve().parent for p in paths}
    if len(parents) == 1:
        return parents.pop().name or "cluster"
    return "cluster"


def _clusters_from_records(records, origin: str) -> Iterator[Cluster | InputError]:
    for lineno, record in records:
        where = f"{origin}:{lineno}"
        if isinstance(record, InputError):
            yield record
            continue
        try:
            yield cluster_from_record(record, where, default_id=f"line-{lineno}")
        except InputError as err:
            yield err


def _read_stream(text: str, origin: str) -> Iterator[Cluster | InputError]:
    if not text.strip():
        raise InputError(f"{origin}: input is empty")
    if text.lstrip().startswith("{"):
        from .jsonl import iter_jsonl_lines

        yield from _clusters_from_records(iter_jsonl_lines(text.splitlines(), origin), origin)
        return
    docs = split_raw_documents(text)
    yield Cluster(
        id="stdin",
        articles=tuple(Article(text=d, source=f"Article {i + 1}") for i, d in enumerate(docs)),
        origin=origin,
    )
