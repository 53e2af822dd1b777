"""Dates a sentence states: weekdays, months (with a day), years, and the relative words news uses.

Each mention is reduced to keys that must all be found in the sources: "Tuesday" →
{"tue"}; "March 3, 2018" → {"mar 3", "2018"}; "last year" → {"last year"}. "May" and
"March" are months only next to a day or year or after a preposition ("in May"), as
they are also a verb and a name.
"""

from __future__ import annotations

import re

from .text import fold

__all__ = ["date_keys", "source_date_keys"]

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.)"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b{_MONTH}(?:\s+{_DAY}\b)?(?:\s*,?\s*(?P<year>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>january|february|march|april|may|june|july|august|september|october|november|december)\b"
    rf"|\b(?P<weekday>{'|'.join(_WEEKDAYS)})s?\b"
    r"|\b(?P<alone>(?:19|20)\d\d)s?\b"
    r"|\b(?P<relative>yesterday|tomorrow|(?:last|next|this) (?:week|month|year|weekend))\b"
)
_AMBIGUOUS = frozenset({"may", "march"})
_BEFORE_MONTH = re.compile(r"\b(?:in|on|by|since|until|till|from|through|during|before|after|last|next|this|early|late|mid|of)\s*-?$")


def _month_key(m: re.Match[str], folded: str) -> str | None:
    month = m.group("month")
    name = month.rstrip(".")
    if name in _AMBIGUOUS and not (m.group("day") or m.group("year")) and not _BEFORE_MONTH.search(folded[: m.start()]):
        return None
    return f"m{_MONTHS[name]}"


def date_keys(text: str) -> list[tuple[str, frozenset[str]]]:
    """Each date ``text`` states: the words as written and the keys a source must contain."""
    folded = fold(text)
    out = []
    for m in _DATE.finditer(folded):
        keys: set[str] = set()
        if m.group("month"):
            month = _month_key(m, folded)
            if month is None:
                continue
            keys.add(f"{month} {int(m.group('day'))}" if m.group("day") else month)
            if m.group("year"):
                keys.add(m.group("year"))
        elif m.group("month2"):
            keys.add(f"m{_MONTHS[m.group('month2')]} {int(m.group('day2'))}")
        elif m.group("weekday"):
            keys.add(m.group("weekday")[:3])
        elif m.group("alone"):
            keys.add(m.group("alone"))
        else:
            keys.add(m.group("relative"))
        out.append((m.group().strip(), frozenset(keys)))
    return out


def source_date_keys(text: str) -> frozenset[str]:
    """Every key the dates of ``text`` give, months also without their day ("March 3" also gives March)."""
    keys: set[str] = set()
    for _, found in date_keys(text):
        keys |= found
        keys |= {k.split()[0] for k in found if k.startswith("m") and " " in k}
    return frozenset(keys)
