"""Check every generated sentence against the source sentences it cites (``newsweave.check``).

A sentence that cites ids is checked against those sentences only; one that cites
none, against the best-matching source sentences (and marked ``cited=False``). Ids
that name no source sentence are a failure of kind "citation" of their own. What
follows a failure is the policy's: "flag" keeps the sentence marked, "replace" puts
the best extractive sentence in its place (see :func:`replace_failed`); "regenerate"
is the caller's second request (:mod:`newsweave.llm._method`).
"""

from __future__ import annotations

from dataclasses import replace

from ..check import Checker, Failure, SentenceCheck
from ..models import Citation, DigestSentence, SupportCheck
from ._parse import DraftSentence
from ._sources import Extract, SourceSentence

__all__ = ["Verifier", "check_extractive", "replace_failed"]


def _also_in(first: Citation, spans: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """One span per article other than ``first``'s, in order: the articles the sentence also cites."""
    seen = {first.article}
    also = []
    for c in spans:
        if c.article not in seen:
            seen.add(c.article)
            also.append(c)
    return tuple(also)


class Verifier:
    """Turns drafted sentences into checked ``DigestSentence`` values for one extract."""

    def __init__(self, extract: Extract, *, nli: bool | None = None) -> None:
        self.extract = extract
        self.by_id = extract.by_id()
        self.names = {d.index: d.source for d in extract.documents}
        self.checker = Checker([d.text for d in extract.documents], nli=nli)

    def verify(self, draft: DraftSentence) -> DigestSentence:
        """The sentence with its supporting spans and the check's verdict."""
        cited = [self.by_id[i] for i in draft.ids]
        spans = [(s.sentence.article, s.sentence.start, s.sentence.end) for s in cited]
        result = self.checker.check_sentence(draft.text, cited=spans or None)
        failures = tuple(result.failed) + tuple(
            Failure("citation", f"cites {i}, which is not one of the source sentences") for i in draft.unknown
        )
        supported_by = tuple(s.citation for s in cited) if cited else self._aligned(result)
        verdict = SupportCheck(
            passed=result.supported and not draft.unknown,
            score=float(result.score),
            failures=failures,
            cited=bool(draft.ids),
        )
        first = supported_by[0] if supported_by else Citation(0, self.names.get(0, "Article 1"), 0, 0)
        return DigestSentence(
            text=draft.text,
            citation=first,
            also_in=_also_in(first, supported_by[1:]),
            score=float(result.score),
            supported_by=supported_by,
            check=verdict,
        )

    def _aligned(self, result: SentenceCheck) -> tuple[Citation, ...]:
        return tuple(
            Citation(s.source, self.names.get(s.source, f"Article {s.source + 1}"), s.start, s.end)
            for s in result.supported_by
        )


def _source_of(span: Citation, extract: Extract) -> SourceSentence | None:
    return next(
        (s for s in extract.sentences if s.sentence.article == span.article and s.sentence.start == span.start),
        None,
    )


def replace_failed(sentences: tuple[DigestSentence, ...], extract: Extract) -> tuple[DigestSentence, ...]:
    """Each sentence the check rejected, replaced by the best extractive sentence not yet used.

    The replacement is the best-scored source sentence among those the rejected one cites
    (or was aligned with), else the best-scored source sentence of the whole extract. It is
    a source sentence word for word, so it passes by construction; ``check.replaced`` keeps
    the generated text it stands for.
    """
    used = {(c.article, c.start) for s in sentences if s.check and s.check.passed for c in s.supported_by[:1]}
    out = []
    for s in sentences:
        if s.check is None or s.check.passed:
            out.append(s)
            continue
        near = [src for c in s.supported_by if (src := _source_of(c, extract)) is not None]
        pool = sorted(near, key=lambda x: -x.score) + list(extract.best())
        pick = next((p for p in pool if (p.sentence.article, p.sentence.start) not in used), None)
        if pick is None:
            out.append(s)  # nothing left to replace it with: it stays, flagged
            continue
        used.add((pick.sentence.article, pick.sentence.start))
        out.append(
            DigestSentence(
                text=pick.sentence.text,
                citation=pick.citation,
                score=pick.score,
                supported_by=(pick.citation,),
                check=SupportCheck(passed=True, score=1.0, replaced=s.text),
            )
        )
    return tuple(out)


def check_extractive(sentences: tuple[DigestSentence, ...], documents, *, nli: bool | None = None) -> tuple[DigestSentence, ...]:
    """Extractive sentences with the check's verdict against the span each is taken from.

    ``documents`` are the digest's cited documents. A sentence rewritten by the selector
    (a pronoun replaced by a name, "[Jean-Yves Le Drian]") is checked as shown, against its
    article up to the span: the inserted name comes from the sentences before it.
    """
    checker = Checker([d.text for d in documents], nli=nli)
    out = []
    for s in sentences:
        c = s.citation
        start = 0 if s.original else c.start
        result = checker.check_sentence(s.text, cited=[(c.article, start, c.end)])
        verdict = SupportCheck(passed=result.supported, score=float(result.score), failures=tuple(result.failed))
        out.append(replace(s, supported_by=(c,), check=verdict))
    return tuple(out)
