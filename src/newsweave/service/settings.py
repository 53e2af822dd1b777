"""Where the service listens, who may write, and how much it accepts.

Built by ``newsweave serve`` from its flags and the environment; :meth:`Settings.check`
refuses what would be unsafe: listening beyond this machine without a token.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import OptionsError

__all__ = ["DEFAULT_DB", "Settings", "TOKEN_ENV"]

# The embedded default: one SQLite file in the working directory.
DEFAULT_DB = "newsweave.db"
# The bearer token writes need, when it is not given as a file.
TOKEN_ENV = "NEWSWEAVE_TOKEN"
# A request body larger than this is refused with 413 before it is parsed. Not measured
# on real traffic: an allowance for batches. It holds over 150 of fulltext-dev's largest
# cluster (the longest line of fulltext-dev.jsonl is 51,475 bytes:
# python -c "print(max(len(l.encode()) for l in open('../shared/data/multinews/fulltext-dev.jsonl')))").
MAX_BODY_BYTES = 8 * 1024 * 1024
# Articles in one POST /articles batch.
MAX_BATCH = 1000
# A page of GET /stories: at most this many.
MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = DEFAULT_DB
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    max_batch: int = MAX_BATCH
    words: int | None = None  # digest length; None: the default (250)
    feeds: tuple[str, ...] = ()
    poll_seconds: float = 300.0
    allow_private: bool = False  # let feeds and pages on private addresses be fetched (testing only)

    def check(self) -> Settings:
        """Raise OptionsError for settings the service must not run with; returns self."""
        if not self.is_loopback() and not self.token:
            raise OptionsError(
                f"--host {self.host}: refusing to listen beyond this machine without a token;"
                f" set {TOKEN_ENV} or --token-file (or keep the default --host 127.0.0.1)"
            )
        if self.token is not None and len(self.token) < 16:
            raise OptionsError(
                "the token must be at least 16 characters (e.g. python -c 'import secrets; print(secrets.token_urlsafe())')"
            )
        if not 0 < self.port < 65536:
            raise OptionsError(f"--port {self.port}: must be between 1 and 65535")
        if self.max_body_bytes < 1024:
            raise OptionsError(f"max_body_bytes {self.max_body_bytes}: must be at least 1024")
        from ..feeds.watch import MAX_INTERVAL, MIN_INTERVAL

        if not MIN_INTERVAL <= self.poll_seconds <= MAX_INTERVAL:
            raise OptionsError(f"--poll {self.poll_seconds:g}: must be {MIN_INTERVAL:g} to {MAX_INTERVAL:g} seconds")
        return self

    def is_loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def read_token(token_file: Path | None) -> str | None:
    """The token from ``token_file`` (first line) or the environment; None when neither is set."""
    if token_file is not None:
        try:
            text = token_file.read_text(encoding="utf-8").strip()
        except OSError as err:
            raise OptionsError(f"--token-file {token_file}: cannot read ({err.strerror or err})") from None
        if not text:
            raise OptionsError(f"--token-file {token_file}: file is empty")
        return text.splitlines()[0].strip()
    value = os.environ.get(TOKEN_ENV, "").strip()
    return value or None
