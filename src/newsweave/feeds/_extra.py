"""The ``service`` extra (httpx, feedparser), imported only when a feed is fetched or parsed."""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import MissingExtraError

_INSTALL = "pip install 'newsweave[service]'"


def require(module: str, purpose: str) -> ModuleType:
    """Import ``module`` of the service extra.

    Raises:
        MissingExtraError: it is not installed; the message names the extra.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(f"{purpose} needs the service extra ({module} is not installed): {_INSTALL}") from exc
