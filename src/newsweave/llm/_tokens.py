"""Token counts when no tokenizer is at hand."""

from __future__ import annotations

import math

from ._types import Message

__all__ = ["estimate_tokens", "message_tokens"]

# English text averages ~4 characters per token for the BPE tokenizers of GPT, Llama
# and SmolLM2 (OpenAI's rule of thumb; SmolLM2's tokenizer gives 4.3 on the seed
# articles). The estimate takes 3.5 so that it errs long: a prompt that fits by the
# estimate fits in the window.
CHARS_PER_TOKEN = 3.5
# Chat templates add a few tokens per message (role markers, separators): 4 for
# ChatML, which Ollama, llama.cpp and OpenAI use or exceed by little.
TOKENS_PER_MESSAGE = 4


def estimate_tokens(text: str) -> int:
    """An upper-leaning estimate of the tokens in ``text``: characters / 3.5, rounded up."""
    return math.ceil(len(text) / CHARS_PER_TOKEN) if text else 0


def message_tokens(messages: tuple[Message, ...], count=estimate_tokens) -> int:
    """Tokens a list of chat messages takes, with ``count`` for each content."""
    return sum(count(m.content) + TOKENS_PER_MESSAGE for m in messages)
