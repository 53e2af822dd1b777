"""The backend registry: backends register a factory by name, as methods and renderers do.

A factory takes the resolved :class:`~newsweave.options.Options` and returns a
:class:`~newsweave.llm.Backend`; it validates what it needs (a model, a server, a key)
and raises :class:`~newsweave.errors.BackendError` saying what to set. The built-in
backends (``openai``, ``gguf``) register through the same :func:`register` as any other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import BackendError
from ..options import Options
from ._cache import CachedBackend, ResponseCache, default_cache_dir
from ._types import Backend

__all__ = ["BackendSpec", "backends", "get_backend", "register"]

Factory = Callable[[Options], Backend]


@dataclass(frozen=True, slots=True)
class BackendSpec:
    name: str
    description: str
    create: Factory


_REGISTRY: dict[str, BackendSpec] = {}


def register(name: str, description: str) -> Callable[[Factory], Factory]:
    """Decorator: register a backend factory under ``name``."""

    def wrap(factory: Factory) -> Factory:
        _REGISTRY[name] = BackendSpec(name, description, factory)
        return factory

    return wrap


def _load_builtins() -> None:
    from . import _backends  # noqa: F401  (importing registers them)


def backends() -> dict[str, BackendSpec]:
    """Every registered backend by name."""
    _load_builtins()
    return dict(sorted(_REGISTRY.items()))


def get_backend(options: Options) -> Backend:
    """The backend ``options.llm`` names, built from ``options``, behind the response cache.

    Raises:
        BackendError: no backend has that name, or it lacks a setting (the message says which).
    """
    _load_builtins()
    name = options.llm or "gguf"
    try:
        spec = _REGISTRY[name]
    except KeyError:
        raise BackendError(f"unknown llm backend {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}") from None
    backend = spec.create(options)
    if options.llm_cache == "off":
        return backend
    directory = Path(options.llm_cache).expanduser() if options.llm_cache else default_cache_dir()
    return CachedBackend(backend, ResponseCache(directory))
