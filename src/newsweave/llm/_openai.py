"""An OpenAI-compatible chat-completions client on httpx.

Works with any server that speaks ``POST {base_url}/chat/completions``: OpenAI,
Ollama (``http://127.0.0.1:11434/v1``), vLLM, llama.cpp's ``llama-server``,
llama-cpp-python's ``python -m llama_cpp.server`` and LM Studio.

Failures it retries, with exponential backoff and seeded jitter (so a rerun waits
the same): HTTP 429 and 5xx (honouring ``Retry-After``), a connection that cannot be
made or is lost, a request that times out, and a stream that stops before its end.
Everything else (a refused key, an unknown model, an answer that is not a chat
completion) fails at once. Every failure is a one-line :class:`BackendError` that
says what to set or start.
"""

from __future__ import annotations

import json
import os
import random
import time
from typing import Any
from urllib.parse import urlsplit

from ..errors import BackendError, GenerationError, MissingExtraError
from ._tokens import estimate_tokens, message_tokens
from ._types import Completion, OnText, Request, Usage

__all__ = ["OpenAIBackend", "api_key_for"]

OPENAI_URL = "https://api.openai.com/v1"
# Statuses worth asking again: rate limited, and the server's own failures.
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Longest wait between tries, whatever Retry-After asks (seconds).
_MAX_DELAY = 30.0


class _Retry(Exception):
    """A failure worth another try; ``str`` is the reason, ``after`` the server's Retry-After."""

    def __init__(self, reason: str, after: float | None = None, interrupted: bool = False) -> None:
        super().__init__(reason)
        self.after = after
        self.interrupted = interrupted


def api_key_for(base_url: str, key_env: str) -> str | None:
    """The API key: from the variable ``key_env`` names, else OPENAI_API_KEY for OpenAI's server only.

    Raises:
        BackendError: the named variable (or OPENAI_API_KEY, for OpenAI) is not set.
    """
    if key_env:
        key = os.environ.get(key_env)
        if not key:
            raise BackendError(f"no API key: the environment variable {key_env} (named by --api-key-env) is not set")
        return key
    if urlsplit(base_url).hostname == "api.openai.com":
        key = os.environ.get("OPENAI_API_KEY")
        if not key:
            raise BackendError(
                "no API key for OpenAI: set OPENAI_API_KEY, or name another variable with --api-key-env"
            )
        return key
    return None


class OpenAIBackend:
    """Chat completions from an OpenAI-compatible server.

    Args:
        base_url: the API root, e.g. ``http://127.0.0.1:11434/v1``.
        model: the served model's name.
        api_key: sent as a bearer token when given.
        timeout: seconds for each request (connecting takes at most 10 of them).
        retries: tries after the first for the failures listed in the module docstring.
        backoff: the first wait in seconds; each retry doubles it, plus up to 25% jitter.
        seed: seeds the jitter and is sent to the server (``seed``), for repeatable runs.
        context_window: the tokens prompt and answer share (servers do not report it).
        transport: an ``httpx`` transport (tests; default: the network).
    """

    name = "openai"

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
        seed: int = 0,
        context_window: int = 4096,
        transport: Any = None,
    ) -> None:
        try:
            import httpx
        except ImportError:
            raise MissingExtraError("the openai backend needs httpx: pip install 'newsweave[llm]'") from None
        if not model:
            raise BackendError("no model for the openai backend: name the served model with --model (e.g. llama3.2)")
        self._httpx = httpx
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.context_window = context_window
        self.retries = retries
        self.backoff = backoff
        self.seed = seed
        self.requests = 0  # requests sent, retries included
        self._rng = random.Random(seed)
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), headers=headers, transport=transport
        )
        self._timeout = timeout

    def identity(self) -> dict[str, str]:
        return {"backend": self.name, "model": self.model, "base_url": self.base_url}

    def count_tokens(self, text: str) -> int:
        """The estimate (:func:`estimate_tokens`): servers have no standard tokenize route."""
        return estimate_tokens(text)

    def close(self) -> None:
        self._client.close()

    def complete(self, request: Request, *, on_text: OnText | None = None) -> Completion:
        """Ask the server, retrying what is worth retrying (see the module docstring).

        Raises:
            BackendError: the server cannot be reached, times out, refuses the key or the
                model, or answers with something that is not a chat completion.
            GenerationError: every try stopped mid-answer.
        """
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "seed": request.seed,
            "stream": on_text is not None,
        }
        last: _Retry | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self._delay(attempt - 1, last.after if last else None))
            try:
                completion = self._once(payload, on_text)
            except _Retry as err:
                last = err
                continue
            if completion.usage.counted == "estimate":
                prompt = message_tokens(request.messages)
                completion = _with_usage(completion, Usage(prompt, estimate_tokens(completion.text)))
            return completion
        assert last is not None
        tries = f"{self.retries + 1} tr{'y' if self.retries == 0 else 'ies'}"
        if last.interrupted:
            raise GenerationError(f"{self.base_url}: the answer stopped mid-way ({last}) on {tries}")
        raise BackendError(f"{self.base_url}: {last} ({tries})")

    def _delay(self, attempt: int, after: float | None) -> float:
        wait = self.backoff * 2**attempt * (1.0 + 0.25 * self._rng.random())
        return min(_MAX_DELAY, max(wait, after or 0.0))

    def _once(self, payload: dict[str, Any], on_text: OnText | None) -> Completion:
        httpx = self._httpx
        url = f"{self.base_url}/chat/completions"
        self.requests += 1
        try:
            with self._client.stream("POST", url, json=payload) as response:
                if response.status_code != 200:
                    response.read()
                    _raise_for_status(response, self.model)
                if payload["stream"]:
                    return _read_stream(response, self.model, on_text)
                response.read()
                return _read_whole(response, self.model)
        except httpx.TimeoutException:
            raise _Retry(f"no answer within {self._timeout:g} s; raise --llm-timeout or check the server") from None
        except httpx.ConnectError as err:
            raise _Retry(
                f"cannot reach the model server ({err}); start it, or set --base-url (NEWSWEAVE_LLM_BASE_URL)"
            ) from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as err:
            raise _Retry(f"the connection was lost ({err})", interrupted=True) from None


def _with_usage(completion: Completion, usage: Usage) -> Completion:
    return Completion(completion.text, completion.finish_reason, usage, completion.model, completion.cached)


def _error_text(response: Any) -> str:
    """The server's own error message, if its body has one, shortened to one line."""
    try:
        body = response.json()
        error = body.get("error", body) if isinstance(body, dict) else body
        message = error.get("message", error) if isinstance(error, dict) else error
        text = str(message)
    except ValueError:
        text = response.text
    text = " ".join(text.split())
    return text[:200] + ("…" if len(text) > 200 else "")


def _raise_for_status(response: Any, model: str) -> None:
    status = response.status_code
    said = _error_text(response)
    if status in _RETRY_STATUSES:
        after = response.headers.get("retry-after")
        try:
            wait = float(after) if after else None
        except ValueError:
            wait = None
        raise _Retry(f"the server answered HTTP {status}: {said}", after=wait)
    if status in (401, 403):
        raise BackendError(
            f"the server refused the API key (HTTP {status}: {said}); set the variable --api-key-env names"
        )
    if status == 404:
        raise BackendError(
            f"HTTP 404 for model {model!r}: {said}; check --model and that --base-url ends in /v1"
        )
    raise BackendError(f"the server answered HTTP {status}: {said}")


def _garbage(what: str) -> BackendError:
    what = " ".join(what.split())[:120]
    return BackendError(f"the server's answer is not an OpenAI chat completion: {what!r}")


def _usage(data: Any) -> Usage | None:
    if not isinstance(data, dict):
        return None
    try:
        return Usage(int(data["prompt_tokens"]), int(data["completion_tokens"]), "server")
    except (KeyError, TypeError, ValueError):
        return None


def _read_whole(response: Any, model: str) -> Completion:
    try:
        data = response.json()
        choice = data["choices"][0]
        text = choice["message"]["content"] or ""
    except (ValueError, KeyError, IndexError, TypeError):
        raise _garbage(response.text) from None
    usage = _usage(data.get("usage")) or Usage(0, 0)
    return Completion(text, choice.get("finish_reason") or "stop", usage, data.get("model") or model)


def _read_stream(response: Any, model: str, on_text: OnText | None) -> Completion:
    """Read server-sent events until ``data: [DONE]``; an early end is a retryable interruption."""
    parts: list[str] = []
    finish = None
    usage = None
    served = model
    for line in response.iter_lines():
        if not line.startswith("data:"):
            continue  # blank separators, ": keep-alive" comments, "event:" lines
        data = line[5:].strip()
        if data == "[DONE]":
            text = "".join(parts)
            return Completion(text, finish or "stop", usage or Usage(0, 0), served)
        try:
            chunk = json.loads(data)
        except ValueError:
            raise _garbage(data) from None
        if not isinstance(chunk, dict):
            raise _garbage(data)
        if "error" in chunk:
            raise BackendError(f"the server reported an error mid-answer: {_error_text_of(chunk)}")
        usage = _usage(chunk.get("usage")) or usage
        served = chunk.get("model") or served
        for choice in chunk.get("choices") or ():
            piece = (choice.get("delta") or {}).get("content") or ""
            if piece:
                parts.append(piece)
                if on_text is not None:
                    on_text(piece)
            finish = choice.get("finish_reason") or finish
    raise _Retry("the stream ended before its last event", interrupted=True)


def _error_text_of(chunk: dict) -> str:
    error = chunk["error"]
    return str(error.get("message", error) if isinstance(error, dict) else error)[:200]
