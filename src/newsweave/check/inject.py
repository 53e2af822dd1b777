"""Copies of a supported sentence with one injected error, for training and measuring the check.

Eight kinds of error (:data:`ERROR_TYPES`), each the way a summary goes wrong:

* ``number``: an amount changed to one the sources do not state ("14" → "17");
* ``date``: a weekday, month, day or year moved ("Tuesday" → "Thursday");
* ``negation``: a "not" added after an auxiliary ("was" → "was not"), or one taken away;
* ``name``: a name replaced by one the cluster never mentions;
* ``entity``: a name replaced by another the cluster mentions elsewhere (not in the
  sentences the claim comes from);
* ``swap``: two names (or two amounts) of the sentence exchanged: every word is still there;
* ``speaker``: a quotation given to someone else the cluster names;
* ``clause``: a clause from another story's summary appended ("…, and …").

Names in cased text are found as :mod:`newsweave.check.names` finds them; in
lowercased text (Multi-News train and val) by a lexicon of name words: words written
capitalised inside sentences, and never lowercase, in a cased corpus
(:func:`name_lexicon`, built from PolNeAR's articles by the training script; PolNeAR
is not one of the evaluation sets). Every change is made so that the new value is
not in the sources, so the copy is really unsupported. The generator is seeded: the
same sentences and seed give the same copies.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .dates import _MONTHS, _WEEKDAYS, date_keys, source_date_keys
from .names import names
from .negation import negations
from .numbers import quantities, same_amount
from .quotes import claim_quotes
from .text import fold, folded_words

__all__ = ["ERROR_TYPES", "Injected", "Injector", "name_lexicon"]

ERROR_TYPES = ("number", "date", "negation", "name", "entity", "swap", "speaker", "clause")

_AUXILIARY = re.compile(r"\b(is|was|are|were|has|have|had|will|would|can|could|should|must|does|did|do)\b(?!\s+(?:not|n't|never)\b)", re.I)
_PAST = re.compile(r"\b([a-z]{3,}ed)\b")
_NEGATED = re.compile(r"\b(?:not|never)\s+|\b(\w+?)n\s?['’]\s?t\b", re.I)
_CONTRACTED = {"wo": "will", "ca": "can", "sha": "shall"}
_WORD_SPAN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_CAPITAL_WORD = re.compile(r"^[A-Z][a-z]+")


def name_lexicon(texts: Iterable[str], *, min_count: int = 3) -> frozenset[str]:
    """Lowercased words a cased corpus writes capitalised inside sentences and never lowercase."""
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            for i, m in enumerate(re.finditer(r"[A-Za-z][a-z]+", sentence)):
                word = m.group()
                if word[0].isupper():
                    if i > 0 and sentence[m.start() - 1] not in "\"“‘'(":
                        capital[word.lower()] += 1
                else:
                    lower[word] += 1
    calendar = set(_MONTHS) | set(_WEEKDAYS)
    return frozenset(w for w, c in capital.items() if c >= min_count and lower[w] == 0 and len(w) > 2 and w not in calendar)


@dataclass(frozen=True, slots=True)
class Injected:
    """A sentence with one injected error."""

    kind: str  # one of ERROR_TYPES
    text: str
    change: str  # what was changed, "was -> was not"


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


class Injector:
    """Makes unsupported copies of sentences checked against one cluster's sources.

    Args:
        sources: the cluster's source texts.
        lexicon: name words for lowercased text (:func:`name_lexicon`); None: the text is cased.
        other_clauses: clauses from other stories, for ``clause`` errors.
        outside_names: names no source of this cluster mentions, for ``name`` errors.
        seed: the random seed.
    """

    def __init__(
        self,
        sources: Sequence[str],
        *,
        lexicon: frozenset[str] | None,
        other_clauses: Sequence[str],
        outside_names: Sequence[str],
        seed: int,
    ) -> None:
        self.lexicon = lexicon
        self.rng = random.Random(seed)
        self.words = set().union(*(folded_words(s) for s in sources)) if sources else set()
        self.amounts = [a for s in sources for a in quantities(s)]
        self.dates = frozenset().union(*(source_date_keys(s) for s in sources)) if sources else frozenset()
        self.cluster_names = sorted({fold(text[a:b]) for text in sources for a, b in self.name_spans(text)})
        self.other_clauses = list(other_clauses)
        self.outside_names = [n for n in outside_names if not set(folded_words(n)) & self.words]

    def name_spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the names of ``text`` (a sentence or a whole source)."""
        if self.lexicon is None:
            spans = []
            for name in names(text):
                at = text.find(name)
                if at >= 0:
                    spans.append((at, at + len(name)))
            return spans
        spans = []
        run: tuple[int, int] | None = None
        for m in _WORD_SPAN.finditer(text):
            if m.group().lower() in self.lexicon:
                if run and text[run[1] : m.start()] in (" ", "-"):
                    run = (run[0], m.end())
                else:
                    if run:
                        spans.append(run)
                    run = (m.start(), m.end())
            elif run:
                spans.append(run)
                run = None
        if run:
            spans.append(run)
        return spans

    def inject(self, sentence: str, kind: str, *, near: Sequence[str] = ()) -> Injected | None:
        """``sentence`` with one error of ``kind``, or None when it has nothing to change that way.

        ``near`` are the source sentences the claim comes from: an ``entity`` error takes a
        name from elsewhere in the cluster, not from them.
        """
        method = getattr(self, f"_{kind}")
        return method(sentence, near) if kind in ("entity", "speaker") else method(sentence)

    def _number(self, sentence: str) -> Injected | None:
        candidates = []
        for m in re.finditer(r"\d[\d,]*(?:\.\d+)?", sentence):
            digits = m.group().rstrip(",")
            if re.fullmatch(r"(?:19|20)\d\d", digits) or not quantities(sentence[max(0, m.start() - 1) : m.end() + 12]):
                continue
            candidates.append((m.start(), m.start() + len(digits), digits))
        if not candidates:
            return None
        start, end, digits = self.rng.choice(candidates)
        value = float(digits.replace(",", ""))
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        for _ in range(20):
            factor = self.rng.choice([0.5, 0.7, 0.8, 1.25, 1.5, 2.0, 3.0])
            new = value * factor if value > 3 else value + self.rng.choice([1, 2, 3, 5])
            new = round(new, decimals) if decimals else round(new)
            shown = f"{new:,.{decimals}f}" if "," in digits else f"{new:.{decimals}f}"
            if new == value:
                continue
            changed = _replace(sentence, start, end, shown)
            if not any(same_amount(q, a) for q in quantities(changed) if q not in quantities(sentence) for a in self.amounts):
                return Injected("number", changed, f"{digits} -> {shown}")
        return None

    def _date(self, sentence: str) -> Injected | None:
        folded = fold(sentence)
        options = []
        for m in re.finditer(rf"\b(?:{'|'.join(_WEEKDAYS)})\b", folded):
            others = [d for d in _WEEKDAYS if d[:3] not in self.dates]
            options.append((m.start(), m.end(), others))
        for m in re.finditer(r"\b(?:19|20)\d\d\b", folded):
            year = int(m.group())
            others = [str(year + d) for d in (-3, -2, -1, 1, 2) if str(year + d) not in self.dates]
            options.append((m.start(), m.end(), others))
        months = [k for k in _MONTHS if len(k) > 3]
        for shown, keys in date_keys(sentence):
            if any(k.startswith("m") for k in keys):
                at = folded.find(fold(shown).split()[0])
                word = folded[at:].split()[0].rstrip(".,")
                others = [mo for mo in months if f"m{_MONTHS[mo]}" not in self.dates and mo != word]
                options.append((at, at + len(word), others))
        options = [o for o in options if o[2]]
        if not options:
            return None
        start, end, others = self.rng.choice(options)
        new = self.rng.choice(others)
        old = sentence[start:end]
        if old[:1].isupper():
            new = new.capitalize()
        return Injected("date", _replace(sentence, start, end, new), f"{old} -> {new}")

    def _negation(self, sentence: str) -> Injected | None:
        if negations(sentence):
            m = _NEGATED.search(sentence)
            if not m:
                return None
            if m.group(1) is not None:
                base = _CONTRACTED.get(m.group(1).lower(), m.group(1))
                return Injected("negation", _replace(sentence, m.start(), m.end(), base), f"{m.group()} -> {base}")
            return Injected("negation", _replace(sentence, m.start(), m.end(), ""), f"{m.group().strip()} removed")
        m = _AUXILIARY.search(sentence)
        if m:
            new = "cannot" if m.group(1).lower() == "can" else f"{m.group(1)} not"
            return Injected("negation", _replace(sentence, m.start(), m.end(), new), f"{m.group()} -> {new}")
        m = _PAST.search(sentence, min(len(sentence), 10))
        if m:
            return Injected("negation", _replace(sentence, m.start(), m.start(), "never "), f"never {m.group()}")
        return None

    def _styled(self, old: str, new: str) -> str:
        return " ".join(w.capitalize() for w in new.split()) if old[:1].isupper() else new.lower()

    def _name(self, sentence: str) -> Injected | None:
        spans = self.name_spans(sentence)
        if not spans or not self.outside_names:
            return None
        start, end = self.rng.choice(spans)
        new = self._styled(sentence[start:end], self.rng.choice(self.outside_names))
        return Injected("name", _replace(sentence, start, end, new), f"{sentence[start:end]} -> {new}")

    def _entity(self, sentence: str, near: Sequence[str]) -> Injected | None:
        spans = self.name_spans(sentence)
        nearby = set().union(*(folded_words(s) for s in near)) if near else set()
        nearby |= set(folded_words(sentence))
        pool = [n for n in self.cluster_names if not set(folded_words(n)) & nearby]
        if not spans or not pool:
            return None
        start, end = self.rng.choice(spans)
        new = self._styled(sentence[start:end], self.rng.choice(pool))
        return Injected("entity", _replace(sentence, start, end, new), f"{sentence[start:end]} -> {new}")

    def _swap(self, sentence: str) -> Injected | None:
        spans = self.name_spans(sentence)
        pairs = [(a, b) for i, a in enumerate(spans) for b in spans[i + 1 :] if fold(sentence[a[0] : a[1]]) != fold(sentence[b[0] : b[1]])]
        if not pairs:
            numbers = [m.span() for m in re.finditer(r"\d[\d,.]*\d|\d", sentence)]
            pairs = [(a, b) for i, a in enumerate(numbers) for b in numbers[i + 1 :] if sentence[a[0] : a[1]] != sentence[b[0] : b[1]]]
        if not pairs:
            return None
        (a0, a1), (b0, b1) = self.rng.choice(pairs)
        first, second = sentence[a0:a1], sentence[b0:b1]
        changed = sentence[:a0] + second + sentence[a1:b0] + first + sentence[b1:]
        return Injected("swap", changed, f"{first} <-> {second}")

    def _speaker(self, sentence: str, near: Sequence[str]) -> Injected | None:
        quotes = [q for q in claim_quotes(sentence) if q.speaker]
        if not quotes:
            return None
        quote = self.rng.choice(quotes)
        inside = sentence.find(quote.text)
        folded = fold(sentence)
        # The speaker's words outside the quotation: the first run of them.
        spans = [m.span() for m in _WORD_SPAN.finditer(folded) if m.group() in quote.speaker and not inside <= m.start() < inside + len(quote.text)]
        if not spans:
            return None
        start, end = spans[0]
        for s, e in spans[1:]:
            if folded[end:s].strip() in ("", "-"):
                end = e
            else:
                break
        pool = [n for n in self.cluster_names if not set(folded_words(n)) & set(quote.speaker)]
        pool = pool or self.outside_names
        if not pool:
            return None
        new = self._styled(sentence[start:end], self.rng.choice(pool))
        return Injected("speaker", _replace(sentence, start, end, new), f"{sentence[start:end]} -> {new}")

    def _clause(self, sentence: str) -> Injected | None:
        if not self.other_clauses:
            return None
        clause = self.rng.choice(self.other_clauses).strip().rstrip(".!?")
        body = sentence.rstrip()
        end = ""
        while body and body[-1] in ".!?\"”'":
            end = body[-1] + end
            body = body[:-1].rstrip()
        if '"' in end or "”" in end:
            return None  # a sentence ending in a quotation: an appended clause would land inside it
        joiner = self.rng.choice([", and ", ", while ", ", after ", " because "])
        return Injected("clause", f"{body}{joiner}{clause[:1].lower()}{clause[1:]}{end or '.'}", f"+ {joiner.strip(', ')} {clause}")
