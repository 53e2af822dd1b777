"""``newsweave check``: is each sentence of a summary supported by its sources?

Two forms::

    newsweave check SUMMARY --against CLUSTER   # one summary (a file or -) against one cluster
    newsweave check PAIRS.jsonl...              # {"id", "claim", "sources": [...]} per line

The first prints each sentence with its verdict and what failed (``--format json``
for one JSON object); the second writes one JSON line per input line as it goes,
reports bad lines with file:line on stderr and exits 1 at the end if there were any.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from ..errors import InputError, NewsweaveError
from .values import ClaimCheck


@click.command("check")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "--against",
    "against",
    multiple=True,
    type=click.Path(path_type=Path),
    help="The cluster the summary is checked against: article files (the first here, the others after SUMMARY), a directory or a one-line JSONL file.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format (SUMMARY form).")
@click.option("--threshold", type=float, default=None, help="Probability from which a sentence is supported (default: the model's).")
@click.option(
    "--nli/--no-nli",
    default=None,
    help="Also read each sentence with its evidence through the cross-encoder (default: when the nli extra is installed).",
)
def check(inputs: tuple[Path, ...], against: tuple[Path, ...], fmt: str, threshold: float | None, nli: bool | None) -> None:
    """Check each sentence of SUMMARY against a cluster (SUMMARY --against CLUSTER), or each line of PAIRS.jsonl."""
    from .checker import Checker

    summary = inputs[0]
    if not against:
        for path in inputs:
            if str(path) == "-" or not str(path).lower().endswith((".jsonl", ".jsonl.gz", ".ndjson")):
                raise InputError(f"{path}: give the sources with --against CLUSTER, or a PAIRS.jsonl file")
        _check_pairs(inputs, threshold, nli)
        return
    against = against + inputs[1:]
    text = sys.stdin.read() if str(summary) == "-" else _read(summary)
    if not text.strip():
        raise InputError(f"{summary}: the summary is empty")
    result = Checker(_cluster_sources(against), threshold=threshold, nli=nli).check_claim(text)
    click.echo(json.dumps(to_dict(result), ensure_ascii=False, indent=2) if fmt == "json" else render_text(result))


def _read(path: Path) -> str:
    from ..ingest import read_text

    return read_text(path)


def _cluster_sources(paths: tuple[Path, ...]) -> list[str]:
    """The cleaned article texts of the one cluster ``paths`` hold (what digests cite)."""
    from ..clean import prepare
    from ..ingest import read_clusters
    from ..options import load_options

    clusters = read_clusters([str(p) for p in paths])
    first = next(clusters, None)
    if isinstance(first, InputError):
        raise first
    if first is None:
        raise InputError(f"{paths[0]}: no cluster in the input")
    if next(clusters, None) is not None:
        raise InputError(f"{paths[0]}: holds several clusters; --against takes one (one JSONL line, or article files)")
    return [d.text for d in prepare(first, load_options()).cited_documents]


def to_dict(result: ClaimCheck) -> dict:
    """The JSON form of a claim's check."""
    return {
        "supported": result.supported,
        "score": result.score,
        "sentences": [
            {
                "sentence": s.sentence,
                "supported": s.supported,
                "score": s.score,
                "failed": [{"kind": f.kind, "detail": f.detail} for f in s.failed],
                "supported_by": [
                    {"source": p.source, "start": p.start, "end": p.end, "text": p.text, "score": p.score} for p in s.supported_by
                ],
            }
            for s in result.sentences
        ],
    }


def render_text(result: ClaimCheck) -> str:
    """One block per sentence: the verdict and score, the sentence, what failed or the best source (1-based)."""
    lines = []
    for s in result.sentences:
        lines.append(f"{'supported' if s.supported else 'FLAGGED'} {s.score:.2f}  {s.sentence}")
        for f in s.failed:
            lines.append(f"    {f.kind}: {f.detail}")
        if s.supported and s.supported_by:
            lines.append(f"    from [{s.supported_by[0].source + 1}] {s.supported_by[0].text}")
    flagged = sum(not s.supported for s in result.sentences)
    lines.append(f"{len(result.sentences) - flagged} of {len(result.sentences)} sentence(s) supported")
    return "\n".join(lines)


def _pairs(path: Path) -> Iterator[tuple[int, dict | InputError]]:
    """``(line number, record or the error that makes it unusable)`` for each non-blank line."""
    import gzip

    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        handle = opener(path, "rt", encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    with handle:
        try:
            for lineno, line in enumerate(handle, 1):
                if line.strip():
                    yield lineno, _pair(line, f"{path}:{lineno}")
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text") from None


def _pair(line: str, where: str) -> dict | InputError:
    try:
        record = json.loads(line)
    except ValueError as err:
        return InputError(f"{where}: not valid JSON ({err.msg})")
    if not isinstance(record, dict):
        return InputError(f"{where}: expected a JSON object with \"claim\" and \"sources\"")
    claim, sources = record.get("claim"), record.get("sources")
    if not isinstance(claim, str):
        return InputError(f"{where}: \"claim\" must be a string")
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        return InputError(f"{where}: \"sources\" must be a list of strings")
    return record


def _check_pairs(paths: tuple[Path, ...], threshold: float | None, nli: bool | None) -> None:
    from .checker import Checker

    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    from .nli import load_cross_encoder, nli_available

    if nli or (nli is None and nli_available()):
        load_cross_encoder()  # a missing extra or mismatched weights: one error here, not one per line
    bad = 0
    for lineno, record in (item for path in paths for item in _pairs(path)):
        try:
            if isinstance(record, InputError):
                raise record
            result = Checker(record["sources"], threshold=threshold, nli=nli).check_claim(record["claim"])
        except NewsweaveError as err:
            bad += 1
            click.echo(f"newsweave: skipped: {err}", err=True)
            continue
        line = {
            "id": record.get("id", f"line-{lineno}"),
            "supported": result.supported,
            "score": result.score,
            "failed": [{"kind": f.kind, "detail": f.detail} for f in result.failed],
        }
        click.echo(json.dumps(line, ensure_ascii=False))
    if bad:
        click.echo(f"newsweave: {bad} line(s) skipped", err=True)
        sys.exit(1)
