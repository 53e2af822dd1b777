"""Inputs: expand paths and globs, then stream every cluster record with a stable key.

A record is ``(file, line, raw)``: ``raw`` is the JSONL line (text) or a Parquet row
(a dict); ``line`` is 1-based (the line number in a JSONL file, the row number in a
Parquet file). ``file:line`` is the cluster's stable key, also when the record has
no id or cannot be parsed. Nothing is parsed here: parsing happens in the partition
function, on the worker, so the client only reads bytes.
"""

from __future__ import annotations

import glob
import gzip
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError

PARQUET_SUFFIXES = (".parquet", ".pq")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".ndjson", ".ndjson.gz", ".json.gz")


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str  # absolute
    size: int


@dataclass(frozen=True, slots=True)
class Record:
    file: str
    line: int
    raw: Any  # str (a JSONL line) or dict (a Parquet row)
    size: int  # bytes of input it stands for


def expand_inputs(patterns: Sequence[str]) -> tuple[list[InputFile], list[str]]:
    """The input files (in the order given, each glob sorted) and one problem line per pattern that fails.

    A missing file, a glob matching nothing, or a file that is neither JSONL nor Parquet is
    a problem to report, not a reason to stop: the other inputs still run.
    """
    files: list[InputFile] = []
    problems: list[str] = []
    seen: set[str] = set()
    for pattern in patterns:
        matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not matches:
            problems.append(f"{pattern}: no file matches this pattern")
        for name in matches:
            path = Path(name)
            if not path.is_file():
                problems.append(f"{name}: no such file")
                continue
            low = path.name.lower()
            if not low.endswith(JSONL_SUFFIXES + PARQUET_SUFFIXES):
                problems.append(f"{name}: not a JSONL (.jsonl, .jsonl.gz) or Parquet (.parquet) file")
                continue
            full = str(path.resolve())
            if full not in seen:
                seen.add(full)
                files.append(InputFile(full, path.stat().st_size))
    return files, problems


def _jsonl(path: str) -> Iterator[Record]:
    opener = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        for lineno, line in enumerate(handle, 1):
            if line.strip():
                yield Record(path, lineno, line.decode("utf-8", errors="replace"), len(line))


def _parquet(path: str) -> Iterator[Record]:
    from .output import require_pyarrow

    pq = require_pyarrow()
    # Batches of 256 rows: the client holds one batch, not the file.
    reader = pq.ParquetFile(path)
    row = 0
    for batch in reader.iter_batches(batch_size=256):
        for item in batch.to_pylist():
            row += 1
            yield Record(path, row, item, _row_size(item))


def _row_size(item: Any) -> int:
    if isinstance(item, str):
        return len(item.encode("utf-8", errors="replace"))
    if isinstance(item, dict):
        return sum(_row_size(v) for v in item.values())
    if isinstance(item, (list, tuple)):
        return sum(_row_size(v) for v in item)
    return 8


def iter_records(files: Sequence[InputFile], problems: list[str]) -> Iterator[Record]:
    """Every record of ``files`` in order; a file that cannot be read adds a line to ``problems``."""
    for f in files:
        reader = _parquet if f.path.lower().endswith(PARQUET_SUFFIXES) else _jsonl
        try:
            yield from reader(f.path)
        except (OSError, EOFError) as err:  # a truncated gzip, a corrupt Parquet footer
            problems.append(f"{f.path}: cannot read past this point ({err})")
        except InputError as err:
            problems.append(str(err))
        except Exception as err:  # pyarrow's ArrowInvalid for a file that is not Parquet
            problems.append(f"{f.path}: cannot read ({type(err).__name__}: {err})")


def fingerprint(files: Sequence[InputFile]) -> list[dict[str, Any]]:
    """What the manifest records of the inputs: a rerun must see the same files and sizes."""
    return [{"path": f.path, "size": f.size} for f in files]


def host_id() -> str:
    return f"{os.uname().nodename}:{os.getpid()}"
