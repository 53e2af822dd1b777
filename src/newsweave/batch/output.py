"""Output: the digest schema in Parquet (or JSONL), one row per input cluster, written atomically.

Schema version 1 (``SCHEMA_VERSION``), one row per input record, in input order:

============  ==========================  ================================================
column        type                        meaning
============  ==========================  ================================================
input         string                      absolute path of the input file
line          int64                       1-based line (JSONL) or row (Parquet) in it
id            string                      the record's ``id``, else ``input:line``
status        string                      ``ok``, ``skipped`` (a ``NewsweaveError``: bad
                                          or empty input) or ``crashed`` (any other error)
reason        string (null when ok)       one line saying why there is no digest
method        string                      the method that wrote the digest
budget        int32                       the word budget asked for
words         int32                       words in the digest
articles      int32                       articles in the input cluster
headline      string                      the digest's headline
summary       string                      the digest, one sentence per line
sentences     list<struct<text string,    each digest sentence with its citation: 0-based
              article int32, source       article index, source name, character offsets
              string, start int64,        into that article's cleaned text
              end int64>>
digest        string                      the full JSON digest (README "JSON output",
                                          its own ``schema`` key), analysis included
seconds       float64                     time spent summarizing this cluster
============  ==========================  ================================================

The file metadata holds ``newsweave.batch.schema`` (this version), ``newsweave.version``
and ``newsweave.options`` (the options as JSON). JSONL output has the same fields, with
``digest`` as an object. A change to these columns raises ``SCHEMA_VERSION``; a rerun into
an output directory of another version refuses (see ``manifest``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..errors import MissingExtraError

SCHEMA_VERSION = 1
METADATA_SCHEMA = b"newsweave.batch.schema"

COLUMNS = (
    "input", "line", "id", "status", "reason", "method", "budget", "words", "articles",
    "headline", "summary", "sentences", "digest", "seconds",
)


def require_pyarrow() -> Any:
    """``pyarrow.parquet``, or a MissingExtraError naming the batch extra."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("Parquet needs the batch extra: pip install 'newsweave[batch]'") from exc
    return pq


def arrow_schema(metadata: dict[str, str]) -> Any:
    import pyarrow as pa

    sentence = pa.struct([
        ("text", pa.string()), ("article", pa.int32()), ("source", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()),
    ])
    fields = [
        ("input", pa.string()), ("line", pa.int64()), ("id", pa.string()), ("status", pa.string()),
        ("reason", pa.string()), ("method", pa.string()), ("budget", pa.int32()), ("words", pa.int32()),
        ("articles", pa.int32()), ("headline", pa.string()), ("summary", pa.string()),
        ("sentences", pa.list_(sentence)), ("digest", pa.string()), ("seconds", pa.float64()),
    ]
    return pa.schema(fields, metadata={k.encode(): v.encode() for k, v in metadata.items()})


def partition_name(index: int, fmt: str) -> str:
    return f"part-{index:06d}.{'parquet' if fmt == 'parquet' else 'jsonl'}"


def write_partition(rows: list[dict[str, Any]], target: Path, fmt: str, metadata: dict[str, str]) -> None:
    """Write ``rows`` to ``target`` so that it exists only once complete (a temporary file, then os.replace).

    A process killed mid-write leaves a ``.tmp-*`` file that the next run deletes; a task
    that Dask runs twice (its worker died after writing) replaces the file with the same rows.
    """
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    if fmt == "parquet":
        import pyarrow as pa

        pq = require_pyarrow()
        schema = arrow_schema(metadata)
        table = pa.Table.from_pylist(rows, schema=schema)
        pq.write_table(table, tmp, compression="zstd")
    else:
        with open(tmp, "w", encoding="utf-8") as handle:
            for row in rows:
                line = dict(row, digest=json.loads(row["digest"]) if row["digest"] else None)
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)


def read_rows(out: Path, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """Every row of the partitions in ``out`` (Parquet or JSONL), in partition order: for tests and checks."""
    rows: list[dict[str, Any]] = []
    for path in sorted(out.glob("part-*.parquet")):
        rows.extend(require_pyarrow().read_table(path, columns=columns).to_pylist())
    for path in sorted(out.glob("part-*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                rows.append({k: row[k] for k in columns} if columns else row)
    return rows
