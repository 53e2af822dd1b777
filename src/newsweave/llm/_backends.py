"""The built-in backends, registered like any other."""

from __future__ import annotations

from ..options import Options
from ._gguf import GGUFBackend
from ._openai import OPENAI_URL, OpenAIBackend, api_key_for
from ._registry import register

# A server's window when none is set: Ollama's default num_ctx; llama.cpp's server and
# vLLM use the model's, which is larger for every current chat model.
SERVER_CONTEXT = 4096


@register("openai", "any OpenAI-compatible server: OpenAI, Ollama, vLLM, llama.cpp's server, LM Studio (httpx)")
def openai_backend(options: Options) -> OpenAIBackend:
    base_url = options.llm_base_url or OPENAI_URL
    return OpenAIBackend(
        base_url=base_url,
        model=options.llm_model,
        api_key=api_key_for(base_url, options.llm_key_env),
        timeout=options.llm_timeout,
        retries=options.llm_retries,
        seed=options.llm_seed,
        context_window=options.llm_context or SERVER_CONTEXT,
    )


@register("gguf", "a .gguf model in process through llama-cpp-python (pip install 'newsweave[llm]')")
def gguf_backend(options: Options) -> GGUFBackend:
    return GGUFBackend(model=options.llm_model, context_window=options.llm_context, seed=options.llm_seed)
