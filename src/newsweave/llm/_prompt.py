"""The prompts: a digest from numbered source sentences, per outlet first when they do not fit.

The model is told to use only the numbered sentences, to end every sentence with the
ids it uses ("[S3][S7]"), to copy quotations word for word with the speaker the
source names, and to keep to a length. A rewrite after a failed check names each
failure. Every prompt is a tuple of :class:`Message` values, so it is hashable and
part of the cache key as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._sources import SourceSentence
from ._types import Message

__all__ = ["answer_tokens", "digest_prompt", "outlet_prompt", "rewrite_prompt"]

SYSTEM = (
    "You write short, factual news digests from numbered source sentences.\n"
    "Rules:\n"
    "1. Use only facts stated in the source sentences. Never add a name, number, date or claim"
    " that is not in them.\n"
    "2. End every sentence with the ids of the source sentences it uses, in square brackets,"
    " for example: The bridge collapsed on Monday. [S1][S4]\n"
    "3. Copy any quotation word for word inside quotation marks, and name the person the source"
    " says spoke it.\n"
    "4. Write plain prose: no title, no list, no introduction, no comments."
)


def _listing(sentences: Sequence[SourceSentence]) -> str:
    return "\n".join(f"{s.id} ({s.outlet}): {s.sentence.text}" for s in sentences)


def answer_tokens(words: int) -> int:
    """Tokens to allow for an answer of ``words`` words.

    English prose takes ~1.3 tokens a word with these tokenizers and each "[S12]" 4 more;
    twice the words plus 32 leaves room for ~2 ids a sentence and a sentence's overrun.
    """
    return 2 * words + 32


def digest_prompt(sentences: Sequence[SourceSentence], words: int) -> tuple[Message, ...]:
    """Ask for a digest of about ``words`` words of ``sentences``, every sentence citing its ids."""
    user = (
        f"Source sentences:\n{_listing(sentences)}\n\n"
        f"Write a digest of about {words} words of this story. End every sentence with the ids"
        " of the source sentences it uses, like [S2][S5]."
    )
    return (Message("system", SYSTEM), Message("user", user))


def outlet_prompt(sentences: Sequence[SourceSentence], outlet: str, words: int) -> tuple[Message, ...]:
    """Ask what one outlet reports, in about ``words`` words (the first step for a story too long to fit)."""
    user = (
        f"Source sentences from {outlet}:\n{_listing(sentences)}\n\n"
        f"Summarize what {outlet} reports in about {words} words. End every sentence with the ids"
        " of the source sentences it uses, like [S2][S5]."
    )
    return (Message("system", SYSTEM), Message("user", user))


def rewrite_prompt(
    first: tuple[Message, ...], answer: str, problems: Sequence[tuple[str, Sequence[str]]]
) -> tuple[Message, ...]:
    """The first prompt, the model's answer, and a request to fix the sentences the check rejected.

    ``problems`` holds each rejected sentence with the failures the check named.
    """
    named = "\n".join(f'- "{sentence}": {"; ".join(details)}' for sentence, details in problems)
    user = (
        "These sentences of your digest are not supported by the source sentences:\n"
        f"{named}\n\n"
        "Write the whole digest again. Fix or leave out those sentences, use only what the source"
        " sentences state, and end every sentence with the ids it uses."
    )
    return (*first, Message("assistant", answer), Message("user", user))
