"""Language-model digests: backends in a registry, extract-then-abstract, every sentence checked.

Backends (``newsweave.llm.backends()``) register by name with :func:`register`; the
built-ins are ``openai`` (any OpenAI-compatible server, on httpx) and ``gguf`` (a
``.gguf`` model in process through llama-cpp-python). Each answer is kept in a
response cache on disk, so a rerun costs no request.

:func:`summarize` is what the CLI calls: the llm method when the options choose it
(``method = "llm"`` or a backend named in ``llm``), else the extractive pipeline, whose
digest is then checked only when ``check`` is set.

Errors: :class:`~newsweave.errors.BackendError` (a key, model or server problem: the
message says what to set) and its subclass :class:`~newsweave.errors.GenerationError`
(the answer holds nothing usable).
"""

from __future__ import annotations

from ..models import Cluster, Digest
from ..options import Options
from ._cache import CachedBackend, ResponseCache, default_cache_dir
from ._gguf import GGUFBackend, installed_models, resolve_model
from ._method import LLMRun, run_llm, summarize_llm, uses_llm
from ._openai import OpenAIBackend
from ._parse import Draft, DraftSentence, parse_answer
from ._registry import BackendSpec, backends, get_backend, register
from ._sources import Extract, SourceSentence, extract
from ._tokens import estimate_tokens
from ._types import Backend, Completion, Message, OnText, Request, Usage

__all__ = [
    "Backend",
    "BackendSpec",
    "CachedBackend",
    "Completion",
    "Draft",
    "DraftSentence",
    "Extract",
    "GGUFBackend",
    "LLMRun",
    "Message",
    "OnText",
    "OpenAIBackend",
    "Request",
    "ResponseCache",
    "SourceSentence",
    "Usage",
    "backends",
    "check_digest",
    "default_cache_dir",
    "estimate_tokens",
    "extract",
    "get_backend",
    "installed_models",
    "parse_answer",
    "register",
    "resolve_model",
    "run_llm",
    "summarize",
    "summarize_llm",
    "uses_llm",
]


def check_digest(digest: Digest, *, nli: bool | None = None) -> Digest:
    """``digest`` with every extractive sentence checked against the span it is taken from (``nli``:
    with the check's cross-encoder; None: when installed)."""
    from dataclasses import replace

    from ._verify import check_extractive

    return replace(digest, sentences=check_extractive(digest.sentences, digest.documents, nli=nli))


def summarize(cluster: Cluster, options: Options, *, on_text: OnText | None = None) -> Digest:
    """The digest ``options`` ask for: the llm method's, or the extractive one (checked if ``check``).

    Raises:
        BackendError: the llm method's backend cannot be used (see :func:`run_llm`).
        EmptyClusterError, UnknownMethodError: as :func:`newsweave.pipeline.summarize_cluster`.
    """
    if uses_llm(options):
        return summarize_llm(cluster, options, on_text=on_text)
    from ..pipeline import summarize_cluster

    digest = summarize_cluster(cluster, options)
    return check_digest(digest, nli=options.nli) if options.check else digest
