"""WordPiece for an uncased BERT vocabulary (``vocab.txt``), in pure Python.

It reproduces the tokenization all-MiniLM-L6-v2 was trained with (BERT's uncased
WordPiece): control characters dropped and every kind of white space read as a space;
CJK ideographs set apart; lowercased, accents stripped (NFD, combining marks dropped);
split at white space and at punctuation (ASCII symbols count as punctuation); then each
word cut greedily into the longest pieces the vocabulary has, continuation pieces
prefixed ``##``, and a word no pieces cover (or longer than 100 characters) is ``[UNK]``.
tests/test_nli.py pins ids from the reference tokenizer on edge cases.

A pair is ``[CLS] claim [SEP] evidence [SEP]`` with segment ids 0 then 1; when it is too
long the evidence is cut from its end first, then the claim.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

__all__ = ["WordPiece"]

_MAX_WORD = 100  # characters; longer words are [UNK] (BERT's limit)


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _normalized(text: str) -> str:
    """Control characters out, white space as spaces, ideographs apart, lowercased, accents stripped."""
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif unicodedata.category(ch).startswith("C"):
            continue
        elif _is_cjk(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    text = unicodedata.normalize("NFD", "".join(out).lower())
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


class WordPiece:
    """An uncased WordPiece tokenizer over one vocabulary file (one piece per line, id = line number)."""

    def __init__(self, vocab: Path) -> None:
        pieces = vocab.read_text(encoding="utf-8").split("\n")
        if pieces and pieces[-1] == "":
            pieces.pop()
        self.ids = {p: i for i, p in enumerate(pieces)}
        try:
            self.cls, self.sep, self.pad, self.unk = (self.ids[t] for t in ("[CLS]", "[SEP]", "[PAD]", "[UNK]"))
        except KeyError as err:
            raise ValueError(f"{vocab}: not a BERT vocabulary (no {err.args[0]})") from None
        self._cache: dict[str, tuple[int, ...]] = {}

    def words(self, text: str) -> list[str]:
        """``text`` normalised and split at white space and punctuation (each punctuation mark a word)."""
        out: list[str] = []
        for chunk in _normalized(text).split():
            start = 0
            for i, ch in enumerate(chunk):
                if _is_punctuation(ch):
                    if i > start:
                        out.append(chunk[start:i])
                    out.append(ch)
                    start = i + 1
            if start < len(chunk):
                out.append(chunk[start:])
        return out

    def _pieces(self, word: str) -> tuple[int, ...]:
        got = self._cache.get(word)
        if got is not None:
            return got
        if len(word) > _MAX_WORD:
            got = (self.unk,)
        else:
            ids: list[int] = []
            start = 0
            while start < len(word):
                end = len(word)
                found = None
                while end > start:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    found = self.ids.get(piece)
                    if found is not None:
                        break
                    end -= 1
                if found is None:
                    ids = [self.unk]
                    break
                ids.append(found)
                start = end
            got = tuple(ids)
        if len(self._cache) < 200_000:
            self._cache[word] = got
        return got

    def encode(self, text: str) -> list[int]:
        """The piece ids of ``text`` (no special tokens)."""
        return [i for w in self.words(text) for i in self._pieces(w)]

    def encode_pair(self, first: str, second: str, max_tokens: int) -> tuple[list[int], list[int]]:
        """``[CLS] first [SEP] second [SEP]`` as ids and segment ids, at most ``max_tokens`` long.

        Too long, ``second`` loses pieces from its end, then ``first`` (each keeps at least none).
        """
        a, b = self.encode(first), self.encode(second)
        room = max_tokens - 3
        if len(a) + len(b) > room:
            b = b[: max(0, room - len(a))]
            a = a[: room - len(b)]
        ids = [self.cls, *a, self.sep, *b, self.sep]
        return ids, [0] * (len(a) + 2) + [1] * (len(b) + 1)

    def batch(self, pairs: Sequence[tuple[str, str]], max_tokens: int) -> tuple[list[list[int]], list[list[int]]]:
        """:meth:`encode_pair` of each pair, padded with ``[PAD]`` to the longest (segment 0 for padding)."""
        encoded = [self.encode_pair(a, b, max_tokens) for a, b in pairs]
        width = max((len(ids) for ids, _ in encoded), default=0)
        ids = [i + [self.pad] * (width - len(i)) for i, _ in encoded]
        segments = [s + [0] * (width - len(s)) for _, s in encoded]
        return ids, segments
