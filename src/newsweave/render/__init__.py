"""Renderers: turn a ``Digest`` into text, JSON or Markdown.

Renderers register by name (like methods); the CLI's ``--format`` choices come
from this registry.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import OptionsError
from ..models import Digest

__all__ = ["FORMATS", "register", "render"]

Renderer = Callable[[Digest, bool], str]
_REGISTRY: dict[str, Renderer] = {}


def register(name: str) -> Callable[[Renderer], Renderer]:
    def wrap(func: Renderer) -> Renderer:
        _REGISTRY[name] = func
        return func

    return wrap


from . import html_report, json_format, markdown, text  # noqa: E402,F401  (registers the built-ins)

FORMATS = tuple(_REGISTRY)


def render(digest: Digest, format: str = "text", *, explain: bool = False) -> str:
    """Render ``digest`` in ``format``; ``explain`` adds what cleaning removed and why.

    Raises:
        OptionsError: no renderer is registered under ``format``.
    """
    try:
        renderer = _REGISTRY[format]
    except KeyError:
        raise OptionsError(f"unknown format {format!r}; choose one of: {', '.join(_REGISTRY)}") from None
    return renderer(digest, explain)
