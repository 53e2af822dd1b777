"""A second opinion: a model asked, sentence by sentence, whether the cited sources support it.

The judge sees one generated sentence and the source sentences it was checked against,
and answers YES or NO. Its answer is recorded in ``SupportCheck.judge``; a "no" rejects
the sentence even when the check passed it (the check is never overruled the other way).
Anything but a clear yes or no is "unclear" and changes nothing.
"""

from __future__ import annotations

import dataclasses
import re

from ..models import Digest, DigestSentence
from ..options import Options
from ._registry import get_backend
from ._types import Backend, Message, Request

__all__ = ["judge_digest", "judge_backend"]

_SYSTEM = (
    "You check news summaries. Given source sentences and one summary sentence, answer YES if every"
    " fact in the summary sentence is stated in the source sentences, and NO otherwise. Answer with"
    " one word: YES or NO."
)
_VERDICT = re.compile(r"\b(yes|no)\b", re.IGNORECASE)


def judge_backend(options: Options) -> Backend | None:
    """The judge ``options`` name (``llm_judge``), or None."""
    if not options.llm_judge:
        return None
    return get_backend(options.replace(llm=options.llm_judge, llm_model=options.llm_judge_model or options.llm_model))


def _ask(judge: Backend, sentence: DigestSentence, digest: Digest) -> str:
    texts = {d.index: d.text for d in digest.documents}
    sources = "\n".join(f"- {texts.get(c.article, '')[c.start:c.end]}" for c in sentence.supported_by) or "- (none)"
    request = Request(
        messages=(Message("system", _SYSTEM), Message("user", f"Source sentences:\n{sources}\n\nSummary sentence: {sentence.text}")),
        max_tokens=4,
    )
    found = _VERDICT.search(judge.complete(request).text)
    return found.group(1).lower() if found else "unclear"


def judge_digest(digest: Digest, judge: Backend) -> Digest:
    """``digest`` with the judge's answer on each checked, generated sentence (replaced ones are verbatim)."""
    judged = []
    for s in digest.sentences:
        if s.check is None or s.check.replaced is not None:
            judged.append(s)
            continue
        verdict = _ask(judge, s, digest)
        check = dataclasses.replace(s.check, judge=verdict, passed=s.check.passed and verdict != "no")
        judged.append(dataclasses.replace(s, check=check))
    return dataclasses.replace(digest, sentences=tuple(judged))
