"""Is each sentence of a summary supported by its sources? (offline, CPU, NumPy).

The check aligns each sentence with its best-matching source sentences (or with the
spans the caller cites), compares them on names, numbers, dates, quotations and their
speakers, negation and closeness in meaning (a word the sources lack weighed by how rare
it is in news at large, :mod:`newsweave.check.background`), and combines those signals in
small gradient-boosted trees shipped as JSON (``newsweave/models/check.json``, trained by
``python -m newsweave.check.train``) into a probability that the sentence is supported;
amounts, dates, negations and quotations the sources do not back fail it outright.
With the ``nli`` extra, a fine-tuned cross-encoder (:mod:`newsweave.check.nli`) also reads
each sentence with its evidence, and the probability is the mean of the two
(``NLI_THRESHOLD``; ``Checker(nli=False)`` or ``newsweave check --no-nli`` to leave it out).
A claim of several sentences is as supported as its weakest sentence.

Build one :class:`Checker` per set of sources to check many sentences against them
(the sources are split and vectorised once); :func:`check_sentence` and
:func:`check_claim` are one-off wrappers around it.
"""

from __future__ import annotations

from .checker import DEFAULT_THRESHOLD, NLI_THRESHOLD, Checker, check_claim, check_sentence
from .values import FAILURE_KINDS, ClaimCheck, Failure, SentenceCheck, Support

__all__ = [
    "DEFAULT_THRESHOLD",
    "FAILURE_KINDS",
    "NLI_THRESHOLD",
    "Checker",
    "ClaimCheck",
    "Failure",
    "SentenceCheck",
    "Support",
    "check_claim",
    "check_sentence",
]
