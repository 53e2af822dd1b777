"""Command-line flags shared by several commands (``summarize``, ``eval``, ``serve``, ``batch``).

Kept apart from ``cli.py`` so that the commands living in their own packages can use them
without importing the main command group.
"""

from __future__ import annotations

import click

from .options import CHECK_NLI, LLM_POLICIES

__all__ = ["llm_choice"]


def llm_choice(command):
    """The flags that choose and configure the llm method, shared by every command that makes digests.

    They arrive as keyword arguments named like the ``Options`` fields (``llm``, ``llm_model``, …).
    """
    for flag in reversed((
        click.option("--llm", "llm", default=None, help="Write the digest with a language model: openai or gguf (method llm)."),
        click.option("--model", "llm_model", default=None, help="With --llm: the served model's name, or a .gguf path or model package."),
        click.option("--base-url", "llm_base_url", default=None, help="With --llm openai: the server, e.g. http://127.0.0.1:11434/v1."),
        click.option("--api-key-env", "llm_key_env", default=None, help="With --llm openai: the environment variable holding the API key."),
        click.option("--policy", "llm_policy", type=click.Choice(LLM_POLICIES), default=None,
                     help="With --llm: what to do with a sentence the support check rejects (default: flag)."),
        click.option("--judge", "llm_judge", default=None, help="With --llm: a backend whose model gives a second opinion on each sentence."),
        click.option("--check-nli", "check_nli", type=click.Choice(list(CHECK_NLI)), default=None,
                     help="The support check's cross-encoder: auto (when the nli extra is installed), on, off."),
    )):
        command = flag(command)
    return command
