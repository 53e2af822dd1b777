"""Evaluation against reference summaries with Google's ``rouge-score``.

Scoring follows the project convention (../shared/README.md): ``rouge-score``
with the Porter stemmer, F1 x 100, mean over clusters, ROUGE-Lsum with one
sentence per line, and every output trimmed to exactly the word budget so that
methods compare at a matched length. 95% intervals come from a percentile
bootstrap over clusters with a fixed seed.

Per-cluster results are appended to a JSONL file as they are computed; running
the same command again skips the clusters already in the file (resume).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import BackendError, GenerationError, InputError, NewsweaveError, ResumeError
from .models import Cluster, Digest
from .options import Options
from .pipeline import make_digest
from .split import paragraphs, sentence_spans

__all__ = ["METRICS", "EvalReport", "bootstrap_interval", "evaluate", "score_digest", "trim_lines"]

METRICS = ("rouge1", "rouge2", "rougeL", "rougeLsum")
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 20190728  # fixed: same data, same intervals (ACL 2019 opening day)

_scorer = None


def _get_scorer():
    global _scorer
    if _scorer is None:
        from rouge_score import rouge_scorer

        _scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    return _scorer


def trim_lines(lines: Iterable[str], words: int) -> list[str]:
    """Cut a list of sentences to exactly ``words`` whitespace-separated words."""
    out: list[str] = []
    left = words
    for line in lines:
        if left <= 0:
            break
        tokens = line.split()
        out.append(" ".join(tokens[:left]))
        left -= len(tokens)
    return out


def reference_lines(summary: str) -> list[str]:
    """A reference summary as one sentence per line (for ROUGE-Lsum)."""
    lines = []
    for para in paragraphs(summary):
        para = para.lstrip("–—- ").strip()
        lines.extend(para[s:e] for s, e in sentence_spans(para))
    return lines


def score_digest(digest: Digest, reference: str, words: int) -> dict[str, float]:
    """ROUGE F1 x 100 of ``digest`` trimmed to ``words`` words against ``reference``."""
    prediction = "\n".join(trim_lines((s.text for s in digest.sentences), words))
    target = "\n".join(reference_lines(reference))
    scores = _get_scorer().score(target=target, prediction=prediction)
    return {m: 100.0 * scores[m].fmeasure for m in METRICS}


def bootstrap_interval(values: np.ndarray, *, samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """95% percentile bootstrap interval of the mean of ``values``."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, values.size, size=(samples, values.size))
    means = values[idx].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


@dataclass
class EvalReport:
    method: str
    budget: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # skipped: unreadable, or no reference summary
    failures: list[str] = field(default_factory=list)  # no digest could be made: scored as empty outputs

    @property
    def scored(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if "rouge1" in r]

    def mean(self, metric: str) -> float:
        vals = [r[metric] for r in self.scored]
        return float(np.mean(vals)) if vals else float("nan")

    def interval(self, metric: str) -> tuple[float, float]:
        return bootstrap_interval(np.array([r[metric] for r in self.scored]))

    @property
    def average_words(self) -> float:
        vals = [r["words"] for r in self.scored]
        return float(np.mean(vals)) if vals else float("nan")

    @property
    def clusters_per_second(self) -> float:
        """Summarized clusters per second (failures, which stop early, left out)."""
        made = [r for r in self.scored if "error" not in r]
        total = sum(r["seconds"] for r in made)
        return len(made) / total if total > 0 else float("nan")

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "method": self.method,
            "budget": self.budget,
            "clusters": len(self.scored),
            "scored_as_empty": len(self.failures),
            "skipped": len(self.errors),
        }
        for m in METRICS:
            low, high = self.interval(m)
            out[m] = {"mean": round(self.mean(m), 2), "ci95": [round(low, 2), round(high, 2)]}
        out["average_words"] = round(self.average_words, 1)
        out["clusters_per_second"] = round(self.clusters_per_second, 2)
        return out


def _load_done(out: Path, method: str, budget: int) -> dict[str, dict[str, Any]]:
    """Rows already in ``out``; a half-written last line (an interrupted run) is cut off.

    Raises:
        ResumeError: a row belongs to another method or budget, or a line before
            the last is not a result (the file is not one this command wrote).
        InputError: ``out`` cannot be read.
    """
    done: dict[str, dict[str, Any]] = {}
    if not out.exists():
        return done
    try:
        data = out.read_bytes()
    except OSError as err:
        raise InputError(f"{out}: cannot read earlier results ({err.strerror})") from None
    lines = data.split(b"\n")
    last = max((k for k, line in enumerate(lines) if line.strip()), default=-1)
    good_end = 0
    for k, line in enumerate(lines):
        if not line.strip():
            good_end += len(line) + 1
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or "id" not in row:
                raise ValueError
        except (ValueError, UnicodeDecodeError):
            if k == last:
                break  # the line an interrupted run was writing
            raise ResumeError(
                f"{out}:{k + 1}: not a result line; this file was not written by `newsweave eval --out`"
                " (or was edited): use another --out file"
            ) from None
        if row.get("method") != method or row.get("budget") != budget:
            raise ResumeError(
                f"{out}:{k + 1}: results of method {row.get('method')!r} at {row.get('budget')} words,"
                f" not {method!r} at {budget}; use another --out file or delete this one"
            )
        if "error" not in row or "rouge1" in row:
            # Rows of failures without scores (written by older versions) are run again.
            done[str(row["id"])] = row
        good_end += len(line) + 1
    if good_end < len(data):
        try:
            with open(out, "r+b") as handle:
                handle.truncate(min(good_end, len(data)))
        except OSError as err:
            raise InputError(f"{out}: cannot cut off its half-written last line ({err.strerror})") from None
    return done


def evaluate(
    clusters: Iterable[Cluster | InputError],
    options: Options,
    *,
    out: Path | None = None,
    progress: Iterator | None = None,
) -> EvalReport:
    """Summarize and score every cluster that has a reference summary.

    Args:
        clusters: clusters (or per-cluster ``InputError``s, which are reported and skipped).
        options: resolved options; ``options.words`` is the matched length.
        out: JSONL file for per-cluster rows, appended as they are computed; rows
            already there are reused (resume).
        progress: optional callable ``(n)`` advanced once per cluster.

    Raises:
        ResumeError: ``out`` holds results of a different method or budget, or
            lines that are not results.
        InputError: ``out`` cannot be read or written.
    """
    method = method_label(options)
    options = options.replace(analysis=False)  # ROUGE reads only the summary
    report = EvalReport(method=method, budget=options.words)
    done = _load_done(out, method, options.words) if out else {}
    try:
        handle = open(out, "a", encoding="utf-8") if out else None
    except OSError as err:
        raise InputError(f"{out}: cannot write results ({err.strerror})") from None
    try:
        for item in clusters:
            if isinstance(item, InputError):
                report.errors.append(str(item))
            elif item.id in done:
                row = done[item.id]
                if "error" in row:
                    report.failures.append(row["error"])
                report.rows.append(row)
            elif not item.summary:
                report.errors.append(f"{item.origin or item.id}: cluster {item.id!r} has no reference summary")
            else:
                row = _evaluate_one(item, options, method)
                if "error" in row:
                    report.failures.append(row["error"])
                report.rows.append(row)
                if handle:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                    handle.flush()
            if progress is not None:
                progress(1)
    finally:
        if handle:
            handle.close()
    return report


def _evaluate_one(cluster: Cluster, options: Options, method: str) -> dict[str, Any]:
    row: dict[str, Any] = {"id": cluster.id, "method": method, "budget": options.words}
    start = time.perf_counter()
    try:
        digest = make_digest(cluster, options)
    except BackendError as err:
        if not isinstance(err, GenerationError):
            raise  # the backend cannot be used at all: a setting to fix, not a cluster to score as empty
        return _empty_row(row, err, start)
    except NewsweaveError as err:
        return _empty_row(row, err, start)
    row["seconds"] = round(time.perf_counter() - start, 6)
    row["words"] = min(digest.word_count, options.words)
    row.update({k: round(v, 4) for k, v in score_digest(digest, cluster.summary or "", options.words).items()})
    return row


def method_label(options: Options) -> str:
    """The name results are recorded under: the registered method's, or ``llm:BACKEND:MODEL``.

    Resuming compares it, so an llm run never reuses another model's rows.

    Raises:
        UnknownMethodError: ``options.method`` is not registered (and the llm method is not chosen).
    """
    if options.uses_llm:
        return f"llm:{options.llm or '?'}:{options.llm_model or '?'}"
    from .rank import get_method

    name = get_method(options.method).name
    return f"{name}+check" if options.check else name


def _empty_row(row: dict[str, Any], err: NewsweaveError, start: float) -> dict[str, Any]:
    # Scored as an empty output, as benchmarks/run.py and the quality gate do:
    # dropping the clusters a method cannot summarize would flatter it.
    row["error"] = str(err)
    row["seconds"] = round(time.perf_counter() - start, 6)
    row["words"] = 0
    row.update(dict.fromkeys(METRICS, 0.0))
    return row
