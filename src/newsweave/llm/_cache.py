"""A response cache on disk: asking the same model the same thing twice costs one request.

Each answer is one JSON file, ``DIR/ab/abcdef….json``, named by the SHA-256 of the
backend's identity (backend, model, server), the messages and the sampling settings.
A file is written beside its final name and renamed into place, so a reader never
sees half an answer and concurrent runs never corrupt one. Only complete answers
are stored (finish reason "stop" or "length"), never one that stopped mid-stream.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path

from ._types import Backend, Completion, OnText, Request, Usage

__all__ = ["CachedBackend", "ResponseCache", "default_cache_dir"]


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/newsweave/llm``, else ``~/.cache/newsweave/llm``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsweave" / "llm"


class ResponseCache:
    """Completed answers stored as JSON files under ``directory``."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)

    @staticmethod
    def key(identity: dict[str, str], request: Request) -> str:
        """The SHA-256 naming what decides the answer."""
        payload = {
            "identity": identity,
            "messages": [[m.role, m.content] for m in request.messages],
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "seed": request.seed,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Completion | None:
        """The stored answer, or None (also for an unreadable file, which is then asked again)."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            usage = Usage(**data["usage"])
            return Completion(data["text"], data["finish_reason"], usage, data["model"], cached=True)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, completion: Completion) -> None:
        """Store ``completion`` atomically; a cache that cannot be written is skipped silently."""
        path = self._path(key)
        data = {
            "text": completion.text,
            "finish_reason": completion.finish_reason,
            "usage": dataclasses.asdict(completion.usage),
            "model": completion.model,
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            return


class CachedBackend:
    """A backend whose complete answers are kept in a :class:`ResponseCache`."""

    def __init__(self, backend: Backend, cache: ResponseCache) -> None:
        self.backend = backend
        self.cache = cache
        self.name = backend.name
        self.model = backend.model
        self.context_window = backend.context_window

    def identity(self) -> dict[str, str]:
        return self.backend.identity()

    def count_tokens(self, text: str) -> int:
        return self.backend.count_tokens(text)

    def complete(self, request: Request, *, on_text: OnText | None = None) -> Completion:
        """The cached answer (streamed whole to ``on_text``), else the backend's, then stored."""
        key = self.cache.key(self.identity(), request)
        hit = self.cache.get(key)
        if hit is not None:
            if on_text is not None:
                on_text(hit.text)
            return hit
        completion = self.backend.complete(request, on_text=on_text)
        if completion.finish_reason in ("stop", "length"):
            self.cache.put(key, completion)
        return completion
