"""The manifest: what a run is (schema, options, inputs, partitioning) and which partitions are finished.

``manifest.jsonl`` in the output directory: the first line is the run's header, each
later line one finished partition, appended and fsynced only after its file is in
place. A rerun reads it, refuses (``ResumeError``, one line) if the header differs from
the new run's, and skips every partition listed. A last line torn by a kill is ignored:
its partition simply runs again and replaces its file.

``report.jsonl`` is rewritten (atomically) at the end of every run from the manifest:
one line per cluster without a digest (``skipped`` or ``crashed``, with its reason) and
one per input problem (a missing file, a glob matching nothing).
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import Any

from ..errors import InputError, ResumeError

MANIFEST = "manifest.jsonl"
REPORT = "report.jsonl"
LOCK = ".lock"


class OutputDir:
    """An output directory held for one run (an exclusive lock, released when the process ends)."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise InputError(f"{path}: cannot create the output directory ({err.strerror})") from None
        self._lock = open(path / LOCK, "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ResumeError(f"{path}: another newsweave batch is writing here; wait for it or use another --out") from None
        for stale in path.glob("part-*.tmp-*"):  # left by a process killed mid-write
            stale.unlink(missing_ok=True)

    def close(self) -> None:
        self._lock.close()

    def open_run(self, header: dict[str, Any]) -> dict[int, dict[str, Any]]:
        """Check ``header`` against an earlier run's and return its finished partitions by index."""
        manifest = self.path / MANIFEST
        if not manifest.exists():
            _append(manifest, header)
            return {}
        done: dict[int, dict[str, Any]] = {}
        with open(manifest, encoding="utf-8") as handle:
            lines = handle.read().split("\n")
        try:
            old = json.loads(lines[0])
        except (json.JSONDecodeError, IndexError):
            raise ResumeError(f"{manifest}: not a newsweave batch manifest; use an empty --out directory") from None
        for key in ("schema", "options", "format", "partition_clusters", "partition_bytes", "limit", "inputs"):
            if old.get(key) != header.get(key):
                was, now = old.get(key), header.get(key)
                if isinstance(was, dict) and isinstance(now, dict):  # name the option that differs
                    key = next(k for k in sorted(set(was) | set(now)) if was.get(k) != now.get(k))
                    was, now = was.get(key), now.get(key)
                raise ResumeError(
                    f"{self.path}: holds a run with different {key} ({_short(was)} -> {_short(now)});"
                    " use another --out directory, or delete this one to start again"
                )
        for line in lines[1:]:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line torn by a kill: that partition runs again
            if (self.path / entry["file"]).is_file():
                done[entry["partition"]] = entry
        return done

    def record(self, entry: dict[str, Any]) -> None:
        _append(self.path / MANIFEST, entry)

    def write_report(self, entries: list[dict[str, Any]], problems: list[str]) -> Path:
        target = self.path / REPORT
        tmp = target.with_name(REPORT + ".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            for problem in problems:
                handle.write(json.dumps({"status": "input", "reason": problem}, ensure_ascii=False) + "\n")
            for entry in sorted(entries, key=lambda e: e["partition"]):
                for item in entry["problems"]:
                    handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        os.replace(tmp, target)
        return target


def _append(path: Path, entry: dict[str, Any]) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."
