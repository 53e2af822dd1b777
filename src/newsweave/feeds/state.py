"""What a :class:`~newsweave.feeds.watch.Watcher` remembers between polls, behind a small protocol.

Per feed URL: the validators of its last fetch (for a conditional GET) and the keys
of the items already handed to the sink (so none is handed over twice). Implement
:class:`WatchState` on a database, or use :class:`MemoryState` (one process) or
:class:`JsonFileState` (a JSON file, so ``newsweave watch`` resumes across runs).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol

from ..errors import InputError
from .fetch import Validators

__all__ = ["MAX_SEEN_PER_FEED", "JsonFileState", "MemoryState", "WatchState"]

# Keys remembered per feed, oldest forgotten first. Feeds list their latest 10 to 100
# items (an assumption about common practice, not a measurement), so 1,000 is ten times
# the longest: an item forgotten here would have to come back after 1,000 newer ones.
MAX_SEEN_PER_FEED = 1000

_FORMAT = "newsweave-watch-state"
_VERSION = 1


class WatchState(Protocol):
    """The state a watcher reads and writes; every method is keyed by the feed's URL as given.

    A watcher calls :meth:`mark_seen` right after the sink took an item, and
    :meth:`set_validators` once a feed's items are all handed over, so a run stopped
    midway re-fetches the feed and skips what it already handed over.
    """

    def validators(self, feed_url: str) -> Validators:
        """The validators saved for ``feed_url`` (empty ones if none)."""
        ...

    def set_validators(self, feed_url: str, validators: Validators) -> None:
        """Save the validators of ``feed_url``'s latest fetch."""
        ...

    def is_seen(self, feed_url: str, key: str) -> bool:
        """Whether the item ``key`` of ``feed_url`` was handed over before."""
        ...

    def mark_seen(self, feed_url: str, key: str) -> None:
        """Remember that the item ``key`` of ``feed_url`` was handed over."""
        ...


class MemoryState:
    """A :class:`WatchState` in memory: it lasts as long as the process."""

    def __init__(self) -> None:
        self._validators: dict[str, Validators] = {}
        self._seen: dict[str, dict[str, None]] = {}  # insertion-ordered, oldest first

    def validators(self, feed_url: str) -> Validators:
        return self._validators.get(feed_url, Validators())

    def set_validators(self, feed_url: str, validators: Validators) -> None:
        self._validators[feed_url] = validators
        self._changed()

    def is_seen(self, feed_url: str, key: str) -> bool:
        return key in self._seen.get(feed_url, {})

    def mark_seen(self, feed_url: str, key: str) -> None:
        seen = self._seen.setdefault(feed_url, {})
        seen.pop(key, None)
        seen[key] = None
        while len(seen) > MAX_SEEN_PER_FEED:
            del seen[next(iter(seen))]
        self._changed()

    def _changed(self) -> None:
        """Called after every change (a subclass persists it)."""

    def to_json(self) -> dict[str, Any]:
        feeds = {}
        for url in sorted(set(self._validators) | set(self._seen)):
            v = self.validators(url)
            feeds[url] = {"etag": v.etag, "last_modified": v.last_modified, "seen": list(self._seen.get(url, {}))}
        return {"format": _FORMAT, "version": _VERSION, "feeds": feeds}

    def _load_json(self, data: Any, where: str) -> None:
        if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("feeds"), dict):
            raise InputError(f"{where}: not a newsweave watch state; move it away to start afresh")
        if data.get("version") != _VERSION:
            raise InputError(f"{where}: watch state version {data.get('version')!r}, this newsweave reads {_VERSION}")
        for url, record in data["feeds"].items():
            if (
                not isinstance(record, dict)
                or not isinstance(record.get("seen", []), list)
                or not all(isinstance(record.get(k), str | None) for k in ("etag", "last_modified"))
            ):
                raise InputError(f"{where}: feed {url!r} has a malformed record; move the file away to start afresh")
            self._validators[url] = Validators(etag=record.get("etag"), last_modified=record.get("last_modified"))
            self._seen[url] = dict.fromkeys(str(k) for k in record.get("seen", []))


class JsonFileState(MemoryState):
    """A :class:`WatchState` kept in a JSON file, rewritten atomically after every change.

    The file is written beside itself under a temporary name and renamed into place
    (``os.replace``), so it is always either the old state or the new one, never half
    of either, even if the process is killed while writing.

    Raises:
        InputError: the file exists but is not a watch state, or cannot be read or written.
    """

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
                raise InputError(f"{self.path}: cannot read the watch state ({_reason(err)})") from None
            self._load_json(data, str(self.path))

    def _changed(self) -> None:
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n"
        directory = self.path.parent
        try:
            fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{self.path.name}.", suffix=".tmp")
        except OSError as err:
            raise InputError(f"{self.path}: cannot write the watch state ({_reason(err)})") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except OSError as err:
            raise InputError(f"{self.path}: cannot write the watch state ({_reason(err)})") from None
        finally:
            if os.path.exists(temp):
                os.unlink(temp)


def _reason(err: Exception) -> str:
    if isinstance(err, OSError):
        return err.strerror or str(err)
    return " ".join(str(err).split())
