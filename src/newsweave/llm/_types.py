"""The values a backend takes and returns, and the one method every backend has."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

__all__ = ["Backend", "Completion", "Message", "OnText", "Request", "Usage"]

# Receives each piece of text as the model produces it (streaming to the terminal).
OnText = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Message:
    """One chat message: ``role`` is "system", "user" or "assistant"."""

    role: str
    content: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """What to ask the model: the messages and the sampling settings (all part of the cache key)."""

    messages: tuple[Message, ...]
    max_tokens: int
    temperature: float = 0.0
    seed: int = 0


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens spent on one request.

    ``counted`` says where the numbers come from: "server" (the answer's ``usage``),
    "tokenizer" (the model's own tokenizer, in process) or "estimate"
    (:func:`newsweave.llm.estimate_tokens`, when a server reports nothing).
    """

    prompt_tokens: int
    completion_tokens: int
    counted: str = "estimate"

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True, slots=True)
class Completion:
    """The model's answer.

    ``finish_reason`` is the server's ("stop", "length", …); "length" means the answer
    was cut at ``max_tokens``, so its last sentence may be unfinished. ``cached`` is
    True when the answer came from the response cache and cost no request.
    """

    text: str
    finish_reason: str
    usage: Usage
    model: str
    cached: bool = False


class Backend(Protocol):
    """A language model newsweave can ask. Backends register by name (:func:`newsweave.llm.register`)."""

    name: str  # the registry name, e.g. "openai"
    model: str  # the model as the backend names it
    context_window: int  # tokens the prompt and the answer share

    def complete(self, request: Request, *, on_text: OnText | None = None) -> Completion:
        """Answer ``request``; with ``on_text``, stream the answer to it as it comes.

        Raises:
            BackendError: the model cannot be reached or keeps failing.
            GenerationError: the answer stopped mid-way on every try.
        """
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` takes for this model (exact or estimated, see :class:`Usage`)."""
        ...

    def identity(self) -> dict[str, str]:
        """What, besides the request, decides the answer (backend, model, server): part of the cache key."""
        ...
