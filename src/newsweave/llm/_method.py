"""Extract, then abstract: a digest written by a language model, every sentence checked.

1. Extract (:mod:`._sources`): the extractive path ranks and de-duplicates the
   cluster's sentences; the best ``llm_sources`` are numbered S1..Sn.
2. Abstract: the model is asked for a digest of about ``words`` words citing those ids
   (:mod:`._prompt`). When the numbered sentences and the answer do not fit the model's
   window, each outlet's sentences are summarized first, and the digest is written
   from those summaries (their sentences numbered P1..Pm, each standing for the S ids
   it cited).
3. Check (:mod:`._verify`): every sentence of the answer (:mod:`._parse`) is checked
   against the source sentences it cites; the policy then flags, regenerates once, or
   replaces what fails.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..errors import GenerationError
from ..headline import choose_headline
from ..models import Cluster, Digest, DigestSentence, Sentence
from ..options import Options
from ._judge import judge_backend, judge_digest
from ._parse import Draft, DraftSentence, parse_answer
from ._prompt import answer_tokens, digest_prompt, outlet_prompt, rewrite_prompt
from ._registry import get_backend
from ._sources import Extract, SourceSentence, extract
from ._tokens import message_tokens
from ._types import Backend, Completion, Message, OnText, Request, Usage
from ._verify import Verifier, replace_failed

__all__ = ["LLMRun", "run_llm", "summarize_llm", "uses_llm"]

# Tokens kept free beyond the answer's allowance: chat templates differ by a few tokens
# per message from the estimate's 4 (Gemma's, Llama 3's).
_MARGIN = 48
# Words asked of each outlet's summary when a story is summarized per outlet first.
_OUTLET_WORDS = 80


def uses_llm(options: Options) -> bool:
    """Whether ``options`` choose the llm method (``method = "llm"``, or a backend named)."""
    return options.uses_llm


@dataclass
class _Meter:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0
    cached: int = 0
    dropped: list[str] = field(default_factory=list)

    def add(self, completion: Completion) -> None:
        self.requests += 1
        self.cached += completion.cached
        self.prompt_tokens += completion.usage.prompt_tokens
        self.completion_tokens += completion.usage.completion_tokens


@dataclass(frozen=True, slots=True)
class LLMRun:
    """A digest and what it cost: requests (``cached`` of them answered from the cache), tokens."""

    digest: Digest
    usage: Usage
    requests: int
    cached: int
    dropped: tuple[str, ...] = ()  # what the parser left out of the answers, and why
    regenerated: bool = False


class _Asker:
    """Sends prompts to the backend and reads the answers, counting what they cost."""

    def __init__(self, backend: Backend, options: Options, on_text: OnText | None, meter: _Meter) -> None:
        self.backend = backend
        self.options = options
        self.on_text = on_text
        self.meter = meter

    def room(self, words: int) -> int:
        """Tokens a prompt may take, leaving the answer its allowance."""
        return self.backend.context_window - answer_tokens(words) - _MARGIN

    def fits(self, messages: tuple[Message, ...], words: int) -> bool:
        return message_tokens(messages, self.backend.count_tokens) <= self.room(words)

    def ask(self, messages: tuple[Message, ...], words: int, known: set[str]) -> tuple[Draft, str]:
        """The parsed answer and its raw text."""
        request = Request(
            messages=messages,
            max_tokens=answer_tokens(words),
            temperature=self.options.llm_temperature,
            seed=self.options.llm_seed,
        )
        completion = self.backend.complete(request, on_text=self.on_text)
        if self.on_text is not None:
            self.on_text("\n")
        self.meter.add(completion)
        draft = parse_answer(completion.text, known, finish_reason=completion.finish_reason)
        self.meter.dropped.extend(draft.dropped)
        return draft, completion.text


def _fitting(asker: _Asker, sentences: list[SourceSentence], build: Callable, words: int) -> tuple[Message, ...]:
    """The prompt ``build(sentences)`` makes, with the lowest-scored sentences dropped until it fits."""
    kept = list(sentences)
    while True:
        messages = build(kept)
        if asker.fits(messages, words) or len(kept) <= 1:
            return messages
        kept.remove(min(kept, key=lambda s: s.score))


@dataclass(frozen=True, slots=True)
class _Plan:
    """The final prompt, the ids it shows, and what each id stands for in S ids."""

    messages: tuple[Message, ...]
    known: set[str]
    stands_for: dict[str, tuple[str, ...]]


def _plan(ex: Extract, asker: _Asker, words: int) -> _Plan:
    """One prompt when the story fits, else each outlet summarized first (see the module docstring)."""
    whole = digest_prompt(ex.sentences, words)
    if asker.fits(whole, words):
        ids = {s.id for s in ex.sentences}
        return _Plan(whole, ids, {i: (i,) for i in ids})
    by_outlet: dict[int, list[SourceSentence]] = defaultdict(list)
    for s in ex.sentences:
        by_outlet[s.sentence.article].append(s)
    notes: list[SourceSentence] = []
    stands_for: dict[str, tuple[str, ...]] = {}
    for article, group in by_outlet.items():
        outlet = group[0].outlet
        messages = _fitting(asker, group, lambda kept, o=outlet: outlet_prompt(kept, o, _OUTLET_WORDS), _OUTLET_WORDS)
        try:
            draft, _ = asker.ask(messages, _OUTLET_WORDS, {s.id for s in group})
        except GenerationError as err:
            asker.meter.dropped.append(f"{outlet}: {err}")
            continue
        for d in draft.sentences:
            pid = f"P{len(notes) + 1}"
            stands_for[pid] = d.ids
            notes.append(SourceSentence(pid, Sentence(article, len(notes), 0, 0, d.text), outlet, 1.0 / (1 + len(notes))))
    if not notes:
        raise GenerationError("no outlet's summary held a usable sentence; try a larger model or --words")
    messages = _fitting(asker, notes, lambda kept: digest_prompt(kept, words), words)
    return _Plan(messages, set(stands_for), stands_for)


def _resolved(draft: Draft, plan: _Plan) -> list[DraftSentence]:
    """Draft sentences with the ids they cite resolved to S ids."""
    out = []
    for d in draft.sentences:
        ids = tuple(dict.fromkeys(s for i in d.ids for s in plan.stands_for.get(i, ())))
        out.append(DraftSentence(d.text, ids, d.unknown))
    return out


def _within_budget(sentences: list[DigestSentence], options: Options) -> tuple[DigestSentence, ...]:
    """The sentences up to the budget and its overshoot (at least one): small models run long."""
    limit = options.words * (1.0 + options.overshoot)
    kept: list[DigestSentence] = []
    total = 0
    for s in sentences:
        n = len(s.text.split())
        if kept and total + n > limit:
            break
        kept.append(s)
        total += n
    return tuple(kept)


def _write(ex: Extract, asker: _Asker, verifier: Verifier, plan: _Plan, words: int) -> tuple[tuple[DigestSentence, ...], str]:
    draft, answer = asker.ask(plan.messages, words, plan.known)
    return _within_budget([verifier.verify(d) for d in _resolved(draft, plan)], asker.options), answer


def run_llm(
    cluster: Cluster, options: Options, *, backend: Backend | None = None, on_text: OnText | None = None
) -> LLMRun:
    """Summarize ``cluster`` with a language model; every sentence checked (module docstring).

    Args:
        backend: the model to ask (default: the one ``options`` name, behind the response cache).
        on_text: receives the answer as it is generated (streaming to a terminal).

    Raises:
        EmptyClusterError: no article text is left after cleaning.
        BackendError: the backend cannot be built or reached (the message says what to set).
        GenerationError: the model's answer holds no usable sentence.
    """
    backend = backend or get_backend(options)
    meter = _Meter()
    asker = _Asker(backend, options, on_text, meter)
    ex = extract(cluster, options)
    verifier = Verifier(ex, nli=options.nli)
    plan = _plan(ex, asker, options.words)
    sentences, answer = _write(ex, asker, verifier, plan, options.words)
    regenerated = False
    failed = [s for s in sentences if s.check is not None and not s.check.passed]
    if failed and options.llm_policy == "regenerate":
        problems = [(s.text, [f.detail for f in s.check.failures] or ["not supported"]) for s in failed if s.check]
        again = replace(plan, messages=rewrite_prompt(plan.messages, answer, problems))
        try:
            sentences, _ = _write(ex, asker, verifier, again, options.words)
            regenerated = True
        except GenerationError as err:
            meter.dropped.append(f"rewrite: {err}")
    elif failed and options.llm_policy == "replace":
        sentences = replace_failed(sentences, ex)
    digest = _digest(ex, sentences, options, f"llm:{backend.name}:{backend.model}")
    judge = judge_backend(options)
    if judge is not None:
        digest = judge_digest(digest, judge)
    usage = Usage(meter.prompt_tokens, meter.completion_tokens, "total")
    return LLMRun(digest, usage, meter.requests, meter.cached, tuple(meter.dropped), regenerated)


def _digest(ex: Extract, sentences: tuple[DigestSentence, ...], options: Options, method: str) -> Digest:
    analysis = None
    if options.analysis:
        from ..analyze import analyze_cluster

        analysis = analyze_cluster(ex.prepared, ex.vectors, options)
    documents = ex.documents
    return Digest(
        id=ex.cluster.id,
        method=method,
        budget=options.words,
        sentences=sentences,
        sources=ex.sources,
        removed=ex.prepared.removed,
        documents=documents,
        analysis=analysis,
        headline=choose_headline(documents, sentences),
    )


def summarize_llm(
    cluster: Cluster, options: Options, *, backend: Backend | None = None, on_text: OnText | None = None
) -> Digest:
    """The digest of :func:`run_llm`, without the accounting."""
    return run_llm(cluster, options, backend=backend, on_text=on_text).digest
