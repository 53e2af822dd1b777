"""Numbers with their units and magnitudes, normalised so that equal amounts compare equal.

"21" = "twenty-one", "$5-billion" = "$5 billion" = "5 billion dollars" = "$ 5bn",
"5%" = "5 percent" = "5 per cent", "1.2m" = "1.2 million", "a dozen" = 12. Years
(1900-2099 written alone) are dates, not numbers (:mod:`newsweave.check.dates`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold

__all__ = ["Quantity", "canonical", "quantities", "same_amount", "shown"]

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "hundredth": 100,
}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_CURRENCY = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp", "¥": "jpy", "dollars": "usd", "dollar": "usd",
             "euros": "eur", "euro": "eur", "pounds": "gbp", "yen": "jpy"}  # fmt: skip

_WORD_NUMBER = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_NUMBER = re.compile(
    r"(?P<cur>us\$|[$€£¥])?\s?"
    r"(?:(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<ord>st|nd|rd|th)?"
    rf"|(?P<words>\b(?:{_WORD_NUMBER})(?:[\s-](?:{'|'.join(_UNITS)}))?\b)"
    rf"|\b(?P<ordinal>{'|'.join(_ORDINALS)})\b"
    r"|\b(?P<dozen>a dozen|dozens)\b)"
    r"(?:\s?-?\s?(?P<scale>hundred|thousand|million|billion|trillion|mln|bn|tn|[kmb])\b)?"
    r"(?:\s?(?P<pct>%|percent|per cent|percentage points?)"
    r"|\s(?P<cur2>dollars?|euros?|pounds|yen)\b)?",
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# A number inside a clock time ("8:30", "8: 30" in the tokenised form) or a score ("3-2") is read as written.
_CLOCK = re.compile(r"\d\s?:\s?\d")


@dataclass(frozen=True, slots=True)
class Quantity:
    """One amount as written and as a normalised value."""

    shown: str  # the words as written, e.g. "$5-billion"
    value: float
    unit: str | None  # "usd", "eur", "gbp", "jpy", "percent", or None for a plain count
    scaled: bool  # written with a magnitude word ("1.2 million"): may be a rounding of a precise figure


def _word_value(words: str) -> float:
    parts = re.split(r"[\s-]+", words)
    total = 0
    for p in parts:
        total += _TENS.get(p, 0) + _UNITS.get(p, 0)
    return float(total)


def _value(m: re.Match[str]) -> float | None:
    if m.group("digits"):
        return float(m.group("digits").replace(",", ""))
    if m.group("words"):
        return _word_value(m.group("words"))
    if m.group("ordinal"):
        return float(_ORDINALS[m.group("ordinal")])
    if m.group("dozen"):
        return 12.0
    return None


def quantities(text: str) -> list[Quantity]:
    """The amounts ``text`` states, in order (years and clock times left out)."""
    return [q for _, _, q in _quantity_spans(text)]


def canonical(text: str) -> str:
    """``text`` folded, each amount written as one token of its value and unit.

    "$5 billion", "$5-billion" and "5 billion dollars" all become ``q5000000000usd``,
    "twenty-one" and "21" ``q21``, so word overlap and alignment see one word where the
    amount is the same (years stay as they are: they are dates).
    """
    folded = fold(text)
    out = []
    last = 0
    for start, end, q in _quantity_spans(text, folded):
        value = f"{q.value:.6f}".rstrip("0").rstrip(".").replace(".", "p")
        out.append(f"{folded[last:start]} q{value}{q.unit or ''} ")
        last = end
    out.append(folded[last:])
    return "".join(out)


_TOKEN = re.compile(r"q(\d+)(?:p(\d+))?([a-z]*)")


def shown(token: str) -> str:
    """An amount token of :func:`canonical` as a reader writes it ("q2600000usd" -> "2,600,000 usd",
    "q2p5" -> "2.5"); any other token as it is."""
    m = _TOKEN.fullmatch(token)
    if not m:
        return token
    whole, decimals, unit = m.groups()
    return f"{int(whole):,}{'.' + decimals if decimals else ''}{' ' + unit if unit else ''}"


def _quantity_spans(text: str, folded: str | None = None) -> list[tuple[int, int, Quantity]]:
    """The amounts of ``text`` with their spans in the folded text."""
    folded = fold(text) if folded is None else folded
    out = []
    for m in _NUMBER.finditer(folded):
        value = _value(m)
        if value is None:
            continue
        digits = m.group("digits")
        scale = m.group("scale")
        currency = m.group("cur") or m.group("cur2")
        pct = m.group("pct")
        if digits and not (scale or currency or pct) and _YEAR.match(digits):
            continue  # a year: compared as a date
        around = folded[max(0, m.start() - 2) : m.end() + 2]
        if digits and _CLOCK.search(around):
            continue
        if scale in ("m", "b", "k") and not (currency or digits and "." in digits):
            # "5 m" alone is more often metres or a stray letter than millions; "$5m", "1.2m" are amounts.
            if not currency:
                scale = None
        if scale == "hundred" and m.group("words") is None and not digits:
            scale = None
        if scale:
            value *= _SCALES[scale]
        unit = "percent" if pct else _CURRENCY.get(currency) if currency else None
        shown = text[m.start() : m.end()] if len(text) == len(folded) else m.group()
        lead = len(shown) - len(shown.lstrip())
        out.append((m.start() + lead, m.end(), Quantity(shown.strip(), value, unit, bool(scale))))
    return out


def same_amount(claim: Quantity, source: Quantity) -> bool:
    """Whether ``source`` states the amount ``claim`` states.

    Units must agree when both give one (a plain "5 billion" matches "$5 billion"); a
    figure written with a magnitude word matches a precise one within 5% ("1.2 million"
    for "1,234,567").
    """
    if claim.unit and source.unit and claim.unit != source.unit:
        return False
    if claim.value == source.value:
        return True
    larger = max(abs(claim.value), abs(source.value))
    return claim.scaled and larger > 0 and abs(claim.value - source.value) / larger <= 0.05
