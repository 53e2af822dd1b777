"""The signals of one sentence against its aligned source sentences, and the feature vector the model reads.

*Aligned* sentences are the cited spans' sentences, or else the ``TOP_K`` source
sentences most similar to the checked one (tf-idf cosine); the *best* is the most
similar of them; the *scope* is everything the sentence may draw on: the cited
spans, or else every source. Every feature is computed on folded, stemmed words, so
the model reads lowercased training text and cased text alike (names only decide
which kind of failure is reported, see :mod:`newsweave.check.names`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from ..vectors import STOPWORDS
from .background import background
from .negation import cue_verb

__all__ = ["FEATURES", "HARD_FAILURES", "Alignment", "amounts_crossed", "crossed", "Neighbours", "Roles", "roles", "Signals", "align", "feature_vector", "negation_changes", "pair_order", "pairs_found"]

FEATURES = (
    "cos_best",  # tf-idf cosine with the best sentence
    "cos_aligned",  # cosine with the aligned sentences taken together
    "cover_best",  # idf-weighted share of the sentence's content words in the best sentence
    "cover_aligned",  # ... in the aligned sentences
    "cover_scope",  # ... anywhere in the scope
    "novel_scope",  # log(1 + content words found nowhere in the scope)
    "borrowed",  # idf-weighted share of content words in the scope but not in the aligned sentences
    "bigrams_best",  # share of the sentence's successive content-word pairs found in that order in the best sentence
    "order_best",  # share of pairs of shared words in the same order as in the best sentence
    "amounts",  # log(1 + numbers the sentence states)
    "amounts_missing_aligned",  # numbers not in the aligned sentences
    "amounts_missing_scope",  # numbers not in the scope
    "dates_missing_aligned",
    "dates_missing_scope",
    "negation_added",  # the sentence negates a word no aligned sentence negates
    "negation_removed",  # the best sentence negates a word the sentence has without negating it
    "negation_unmatched",  # the sentence negates and no aligned sentence has any negation
    "quotes_missing",  # quotations not in the scope word for word
    "speakers_wrong",  # quotations given to another speaker than the source's
    "amounts_crossed",  # pairs of the sentence's amounts that the sources each put with the other's words (swaps)
    "words_crossed",  # pairs of the sentence's words (not common in news) that the sources each put with the other's words
    "replaced_elsewhere",  # words put in place of the best sentence's that the scope has elsewhere (entity swaps)
    "replaced_novel",  # words put in place of the best sentence's that the scope does not have
    "replaced_moved",  # words put in place of the best sentence's that it has at another place (swaps)
    "replaced_rare",  # how rare (in the cluster) the words are on both sides of the rarest replacement
    "displaced_rare",  # how rare the rarest word of the best sentence is that a replacement took the place of
    "order_rare",  # share of pairs of rare shared words in the same order as in the best sentence
    "rare_pairs_missing_aligned",  # successive rare words of the sentence not together in any aligned sentence
    "rare_pairs_missing_scope",  # ... in any sentence of the scope
    "loose_pairs_missing_scope",  # successive words of the sentence, one of them rare, not together in any scope sentence
    "borrowed_context",  # for words the aligned sentences lack: the similarity of the best scope sentence that has them
    "collocations_broken",  # successive words where the scope always (2+ times) puts another word next to one of them
    "collocations_broken_once",  # ... where the one time the scope has the word, another word is next to it
    "roles_swapped",  # rare words shared with the best sentence whose neighbouring content words sit on the other side there
    "roles_swapped_rare",  # how rare the rarest of them is
    "slot_borrowed",  # rarity of the rarest word put between two words the best sentence has close together, taken from elsewhere in the scope
    "slot_novel",  # ... a word the scope does not have
    "slot_displaced",  # rarity of the rarest word of the best sentence such a word took the place of
    "novel_background",  # background rarity (news at large) of the rarest content word found nowhere in the scope; 0 when none
    "novel_background_rare",  # words found nowhere in the scope with background rarity >= NOVEL_RARE
    "words",  # log(words of the sentence)
    "cited",  # 1 when the scope is the cited spans only (then scope and aligned sentences coincide)
)
# Features that fail a sentence by themselves, whatever the model says: a quotation not in the
# sources word for word or given to someone else, two amounts exchanged, an amount or a date no
# source sentence of the scope states, a negation the aligned sentences do not have or one the
# best of them has that the sentence drops. These are the item checks a sentence must pass; as
# rules they do not depend on the model having seen the error made (benchmarks/check_eval.py's
# held-out table; README gives the same command's figures before and after the last four became rules).
HARD_FAILURES = (
    "quotes_missing",
    "speakers_wrong",
    "amounts_crossed",
    "amounts_missing_scope",
    "dates_missing_scope",
    "negation_added",
    "negation_removed",
)


@dataclass(frozen=True, slots=True)
class Signals:
    """What the comparison found; the failures are read from it, the features computed from it."""

    cos_best: float
    cos_aligned: float
    cover_best: float
    cover_aligned: float
    cover_scope: float
    novel: tuple[str, ...]  # content words found nowhere in the scope, as written
    borrowed: float
    bigrams_best: float
    order_best: float
    amounts: int
    amounts_missing_aligned: tuple[str, ...]
    amounts_missing_scope: tuple[str, ...]
    dates_missing_aligned: tuple[str, ...]
    dates_missing_scope: tuple[str, ...]
    negation_added: tuple[str, ...]  # the sentence's negations the best sentence does not have at that place
    negation_removed: tuple[str, ...]  # the best sentence's negations (in the part the sentence covers) it drops
    negation_unmatched: bool
    quotes_missing: tuple[str, ...]
    speakers_wrong: tuple[tuple[str, str], ...]  # (quotation, the speaker the sentence gives it)
    amounts_crossed: tuple[tuple[str, str], ...]  # pairs of amounts (as tokens) the sources have the other way round
    words_crossed: tuple[tuple[str, str], ...]  # pairs of other words the sources have the other way round (name swaps)
    replaced: tuple[int, int, int]  # (elsewhere, novel, moved): see the features of the same names
    replaced_rare: float
    displaced_rare: float
    order_rare: float
    rare_pairs_missing: tuple[int, int, int]  # (aligned, scope, scope with only one of the two rare)
    borrowed_context: float  # lowest over borrowed words (1.0 when none is borrowed)
    collocations_broken: tuple[int, int]  # (seen 2+ times, seen once)
    roles: Roles
    names_missing_aligned: tuple[str, ...]
    names_missing_scope: tuple[str, ...]
    words: int
    cited: bool = False


def feature_vector(s: Signals) -> np.ndarray:
    """The model's input for one sentence, in the order of :data:`FEATURES`."""
    return np.array(
        [
            s.cos_best,
            s.cos_aligned,
            s.cover_best,
            s.cover_aligned,
            s.cover_scope,
            math.log1p(len(s.novel)),
            s.borrowed,
            s.bigrams_best,
            s.order_best,
            math.log1p(s.amounts),
            min(len(s.amounts_missing_aligned), 3),
            min(len(s.amounts_missing_scope), 3),
            min(len(s.dates_missing_aligned), 3),
            min(len(s.dates_missing_scope), 3),
            float(bool(s.negation_added)),
            float(bool(s.negation_removed)),
            float(s.negation_unmatched),
            min(len(s.quotes_missing), 3),
            min(len(s.speakers_wrong), 3),
            min(len(s.amounts_crossed), 3),
            min(len(s.words_crossed), 3),
            *(min(r, 3) for r in s.replaced),
            s.replaced_rare,
            s.displaced_rare,
            s.order_rare,
            *(min(r, 3) for r in s.rare_pairs_missing),
            s.borrowed_context,
            *(min(c, 3) for c in s.collocations_broken),
            min(s.roles.swapped, 3),
            s.roles.swapped_rare,
            s.roles.slot_borrowed,
            s.roles.slot_novel,
            s.roles.slot_displaced,
            *_novel_background(s.novel),
            math.log(max(1, s.words)),
            float(s.cited),
        ],
        dtype=np.float64,
    )


# A word the scope lacks counts as rare in news when its background rarity is at least this: in
# at most about 200 of 44,972 Multi-News train clusters ("quipped" 0.52, "crawford" 0.61). On
# val[:1000] (`python benchmarks/check_eval.py --signals 1000`), 5.4% of supported summary
# sentences have one, and 65.1% of their copies with a name the cluster never mentions.
NOVEL_RARE = 0.5


def _novel_background(novel: Sequence[str]) -> tuple[float, int]:
    """The background rarity of the rarest of ``novel`` and how many are rare (:data:`NOVEL_RARE`)."""
    table = background()
    rarities = [table.rarity(w) for w in novel]
    return max(rarities, default=0.0), min(3, sum(r >= NOVEL_RARE for r in rarities))


def is_amount(token: str) -> bool:
    """Whether a token (:func:`newsweave.check.negation.tokens` of canonical text) is a figure: "q14", "q5000000000usd", "2016"."""
    return token[:1].isdigit() or (token[:1] == "q" and token[1:2].isdigit())


# Words either side of an amount in the sentence that are its context ("14 dead, 30 hurt": dead is
# 14's), and how far from the same amount a source sentence may have them.
_AMOUNT_CONTEXT = 3
_AMOUNT_REACH = 4


def amounts_crossed(claim: Sequence[str], places: Callable[[str], Sequence[tuple[Sequence[str], int]]]) -> tuple[tuple[str, str], ...]:
    """Pairs of the sentence's amounts that the sources put each with the other's words: an exchange.

    Args:
        claim: the sentence's tokens (:func:`newsweave.check.negation.tokens` of canonical text).
        places: for a token, each (tokens of a scope sentence, position) where the scope has it.

    An amount's context is the up to ``_AMOUNT_CONTEXT`` tokens either side of it in the
    sentence (up to the next amount), each with its side. Amounts A and B are crossed when
    some source sentence has B with more of A's context (on the same side, at most
    ``_AMOUNT_REACH`` tokens away) than any has A with it, and the same the other way round:
    "16 died and 292 were hospitalized" against "292 died and 16 were hospitalized". A
    reworded sentence keeps each amount closest to its own words, so it is not crossed.
    """
    return crossed(claim, [i for i, t in enumerate(claim) if is_amount(t)], places, stop=True)


def crossed(
    claim: Sequence[str], at: Sequence[int], places: Callable[[str], Sequence[tuple[Sequence[str], int]]], *, stop: bool
) -> tuple[tuple[str, str], ...]:
    """Pairs of the tokens of ``claim`` at positions ``at`` that the sources put each with the other's context.

    The test of :func:`amounts_crossed`, for any tokens. ``stop``: a token's context ends
    at the next position of ``at`` (amounts in a row: "14 dead, 30 hurt"); else it runs on,
    and two tokens side by side or joined by "and" or "or" are not compared (a list put in
    another order, "wisconsin, kansas and utah" for "kansas, wisconsin and utah", keeps its
    meaning).
    """
    marked = set(at)
    context: dict[int, set[tuple[str, str]]] = {}
    for i in at:
        near: set[tuple[str, str]] = set()
        for side, steps in (("L", range(i - 1, max(-1, i - 1 - _AMOUNT_CONTEXT), -1)), ("R", range(i + 1, min(len(claim), i + 1 + _AMOUNT_CONTEXT)))):
            for j in steps:
                if stop and j in marked:
                    break
                near.add((side, claim[j]))
        context[i] = near

    def found(token: str, near: set[tuple[str, str]]) -> int:
        best = 0
        for words, p in places(token):
            left, right = set(words[max(0, p - _AMOUNT_REACH) : p]), set(words[p + 1 : p + 1 + _AMOUNT_REACH])
            best = max(best, sum(w in (left if side == "L" else right) for side, w in near))
        return best

    pairs = []
    for x, a in enumerate(at):
        for b in at[x + 1 :]:
            ta, tb = claim[a], claim[b]
            if ta == tb or (not stop and _coordinated(claim, a, b)) or not context[a] or not context[b] or not places(ta) or not places(tb):
                continue
            if found(tb, context[a]) > found(ta, context[a]) and found(ta, context[b]) > found(tb, context[b]):
                pairs.append((ta, tb))
    return tuple(pairs)


def _coordinated(claim: Sequence[str], a: int, b: int) -> bool:
    """Whether tokens ``a`` < ``b`` are side by side or joined by "and", "or": items of one list."""
    return all(t in ("and", "or", "nor") for t in claim[a + 1 : b])


def pairs_found(pairs: Sequence[tuple[str, str]], sentence: Sequence[str], *, gap: int = 2) -> set[tuple[str, str]]:
    """The word pairs of ``pairs`` that come in that order at most ``gap`` words apart in ``sentence``."""
    positions: dict[str, list[int]] = {}
    for i, w in enumerate(sentence):
        positions.setdefault(w, []).append(i)
    return {(a, b) for a, b in pairs if any(0 < q - p <= gap for p in positions.get(a, ()) for q in positions.get(b, ()))}


def pair_order(claim: list[str], best: list[str], *, gap: int = 3) -> tuple[float, float]:
    """How far ``best`` keeps the order of ``claim``'s words (stems), for swaps that keep every word.

    Returns:
        (bigrams, order): the share of ``claim``'s successive word pairs found in ``best``
        in the same order at most ``gap`` words apart, and the share of pairs of words the
        two share that come in the same order (Kendall-style concordance; 1.0 with fewer
        than two shared words).
    """
    positions: dict[str, list[int]] = {}
    for i, w in enumerate(best):
        positions.setdefault(w, []).append(i)
    pairs = list(zip(claim, claim[1:], strict=False))
    found = 0
    for a, b in pairs:
        pa, pb = positions.get(a), positions.get(b)
        if pa and pb and any(0 < q - p <= gap for p in pa for q in pb):
            found += 1
    bigrams = found / len(pairs) if pairs else 1.0
    seen: set[str] = set()
    first = []
    for w in claim:
        if w in positions and w not in seen:
            seen.add(w)
            first.append(positions[w][0])
    total = concordant = 0
    for i in range(len(first)):
        for j in range(i + 1, len(first)):
            total += 1
            concordant += first[i] < first[j]
    return bigrams, (concordant / total if total else 1.0)


@dataclass(frozen=True, slots=True)
class Alignment:
    """What a word-by-word alignment of the sentence with its best source sentence shows."""

    replaced: tuple[int, int, int]  # replacements by words from elsewhere in the scope, new words, moved words
    replaced_rare: float  # the rarest one-for-one replacement: the lower rarity of the two sides, the highest over replacements
    displaced_rare: float  # the rarest word of the best sentence that a replacement took the place of


# Replacements longer than this many words on either side are rewording, not one changed item.
_MAX_REPLACED = 4


def align(
    claim: list[str], best: list[str], *, content: Collection[str], scope: Collection[str], rarity: Callable[[str], float]
) -> Alignment:
    """Align the folded tokens of the sentence (``claim``) with those of its best source sentence.

    Args:
        claim, best: tokens (:func:`newsweave.check.negation.tokens`).
        content: the content words (tokens not in the stop list) among them.
        scope: every token of the scope.
        rarity: a token's idf in the cluster as a share of the highest (1.0: in no source
            sentence); names and figures are rare, the words paraphrases change are not.
    """
    ops = SequenceMatcher(None, claim, best, autojunk=False).get_opcodes()
    best_set = set(best)
    elsewhere = novel = moved = 0
    rare = displaced = 0.0
    for tag, i1, i2, j1, j2 in ops:
        if tag != "replace" or i2 - i1 > _MAX_REPLACED or j2 - j1 > _MAX_REPLACED:
            continue
        words = [w for w in claim[i1:i2] if w in content]
        replaced = [w for w in best[j1:j2] if w not in STOPWORDS and len(w) > 1]
        if not words or _related(words, replaced):
            continue
        if all(w in best_set for w in words):
            moved += 1
        elif all(w in scope for w in words if w not in best_set):
            elsewhere += 1
        else:
            novel += 1
        if replaced:
            out = max(map(rarity, replaced))
            rare = max(rare, min(max(map(rarity, words)), out))
            displaced = max(displaced, out)
    return Alignment((elsewhere, novel, moved), rare, displaced)


def _related(words: Sequence[str], others: Sequence[str]) -> bool:
    """Whether a word of ``words`` and one of ``others`` share their first four letters ("Iran", "Iranian"): rewording."""
    prefixes = {w[:4] for w in others if len(w) >= 4}
    return any(len(w) >= 4 and w[:4] in prefixes for w in words)


def negation_changes(
    claim: list[tuple[str, frozenset[str]]], aligned: Sequence[list[tuple[str, frozenset[str]]]], claim_words: Collection[str]
) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """Negations the sentence adds, those of its best source sentence it drops, and whether no aligned one negates at all.

    Args:
        claim: the sentence's negation cues with their heads (:func:`~newsweave.check.negation.negated_heads`).
        aligned: the same for each aligned source sentence, the best first.
        claim_words: the sentence's content-word stems.

    A cue of the sentence is added when no aligned sentence negates one of the same head
    words (or, for a cue with no head near, has the same cue). A cue of the best sentence
    is dropped when one of its head words is in the sentence and the sentence negates none
    of its heads. A verb of denial or failure matches any form of itself on the other side,
    whatever follows it ("refusing to hand over" and "when she refused").
    """
    heads = {h for row in aligned for _, hs in row for h in hs}
    cues = {c for row in aligned for c, _ in row}
    verbs = {cue_verb(c) for c in cues} - {None}
    added = tuple(
        f"{c} {' '.join(sorted(hs))}".strip()
        for c, hs in claim
        if (not hs & heads if hs else c not in cues) and cue_verb(c) not in verbs
    )
    negated = {h for _, hs in claim for h in hs}
    claim_verbs = {cue_verb(c) for c, _ in claim} - {None}
    best = aligned[0] if aligned else []
    removed = tuple(
        f"{c} {' '.join(sorted(hs))}" for c, hs in best if hs & set(claim_words) and not hs & negated and cue_verb(c) not in claim_verbs
    )
    return added, removed, bool(claim) and not cues


@dataclass(frozen=True, slots=True, eq=False)
class Neighbours:
    """For each word of a scope, the words right after and right before it, counted ("las" → "vegas")."""

    after: dict[str, dict[str, int]]
    before: dict[str, dict[str, int]]

    @classmethod
    def of(cls, sentences: Sequence[Sequence[str]]) -> Neighbours:
        after: dict[str, dict[str, int]] = {}
        before: dict[str, dict[str, int]] = {}
        for words in sentences:
            for a, b in zip(words, words[1:], strict=False):
                after.setdefault(a, {})[b] = after.get(a, {}).get(b, 0) + 1
                before.setdefault(b, {})[a] = before.get(b, {}).get(a, 0) + 1
        return cls(after, before)

    def broken(self, claim: Sequence[str], content: Collection[str]) -> tuple[int, int]:
        """Successive content words of ``claim`` that break a fixed pair of the scope: (seen 2+ times, seen once).

        A pair is fixed when every time the scope has the word, the same other word is next
        to it on that side: "york houlton" breaks "tyler houlton", "las getty" "las vegas".
        """
        strong = once = 0
        for a, b in zip(claim, claim[1:], strict=False):
            if a not in content or b not in content:
                continue
            worst = 0
            for word, other, side in ((a, b, self.after), (b, a, self.before)):
                seen = side.get(word)
                if seen and len(seen) == 1 and other not in seen:
                    worst = max(worst, 2 if next(iter(seen.values())) >= 2 else 1)
            strong += worst == 2
            once += worst == 1
        return strong, once


@dataclass(frozen=True, slots=True)
class Roles:
    """Who-did-what-to-whom, compared word by word with the best source sentence (:func:`roles`)."""

    swapped: int = 0  # shared rare words whose neighbours are on the other side in the best sentence
    swapped_rare: float = 0.0  # the highest rarity among them
    slot_borrowed: float = 0.0  # the highest rarity of a word in another's place, found elsewhere in the scope
    slot_novel: float = 0.0  # ... found nowhere in the scope
    slot_displaced: float = 0.0  # the highest rarity of a best-sentence word such a word took the place of


# Content words either side of a word that count as its neighbours ("smith beat jones": beat is
# smith's right neighbour); the most words between two anchors that one word may stand in for.
_NEIGHBOURS = 2
_SLOT = 4


def roles(
    claim: Sequence[str],
    best: Sequence[str],
    *,
    content: Collection[str],
    scope: Collection[str],
    stem: Callable[[str], str],
    rarity: Callable[[str], float],
    rare: float,
) -> Roles:
    """Compare the roles of the sentence's words with those in its best source sentence.

    Args:
        claim, best: folded tokens (:func:`newsweave.check.negation.tokens`) of the sentence
            and of its best source sentence.
        content: the sentence's content tokens.
        scope: every token of the scope.
        stem: a token's stem (so "beat" and "beats" are one neighbour).
        rarity: a token's idf in the cluster as a share of the highest.
        rare: the rarity from which a word counts as rare (a name, a figure).

    Two signals that bags of words cannot give:

    * *swapped roles*: a rare word both sentences have, whose neighbouring content words in
      the sentence are on its other side in the best sentence: "Smith beat Jones" against
      "Jones beat Smith" (Smith's neighbour "beat" is after it in one, before it in the
      other). Word order in a paraphrase moves whole phrases, which keeps most neighbours
      on their side.
    * *slot replacements*: a content word the best sentence lacks, standing between two
      words the best sentence has close together, where the best sentence has other content
      words: "Jones met Brown in Paris" against "Jones met Smith in Paris". Whether the
      new word is elsewhere in the scope (an entity from another sentence) or nowhere.
    """
    best_set = set(best)
    keep = [(i, w) for i, w in enumerate(claim) if w in content]
    best_content = [(j, w) for j, w in enumerate(best) if w not in STOPWORDS and len(w) > 1]
    claim_stems = [stem(w) for _, w in keep]
    best_stems = [stem(w) for _, w in best_content]
    where: dict[str, list[int]] = {}
    for k, s in enumerate(best_stems):
        where.setdefault(s, []).append(k)
    swapped = 0
    swapped_rare = 0.0
    for k, s in enumerate(claim_stems):
        token = keep[k][1]
        places = where.get(s)
        if not places or claim_stems.count(s) > 1 or rarity(token) < rare:
            continue
        left_c = set(claim_stems[max(0, k - _NEIGHBOURS) : k])
        right_c = set(claim_stems[k + 1 : k + 1 + _NEIGHBOURS])
        # Crossed at every place the best sentence has the word ("nick stahl ... john connor"
        # against "john stahl ... nick connor"), kept on its side at none.
        crossed = kept = False
        for at in places:
            left_b = set(best_stems[max(0, at - _NEIGHBOURS) : at])
            right_b = set(best_stems[at + 1 : at + 1 + _NEIGHBOURS])
            crossed |= bool((left_c & right_b) - left_b or (right_c & left_b) - right_b)
            kept |= bool(left_c & left_b or right_c & right_b)
        if crossed and not kept:
            swapped += 1
            swapped_rare = max(swapped_rare, rarity(token))
    positions: dict[str, list[int]] = {}
    for j, w in enumerate(best):
        positions.setdefault(w, []).append(j)
    claim_stem_set = set(claim_stems)
    borrowed = novel = displaced = 0.0
    for i, w in keep:
        if w in best_set or stem(w) in where or w[:4] in {b[:4] for _, b in best_content if len(b) >= 4}:
            continue
        left = next((claim[a] for a in range(i - 1, max(-1, i - 3), -1) if claim[a] in best_set), None)
        right = next((claim[b] for b in range(i + 1, min(len(claim), i + 3)) if claim[b] in best_set), None)
        if left is None or right is None:
            continue
        gone: list[str] = []
        for p in positions[left]:
            for q in positions[right]:
                if 1 <= q - p - 1 <= _SLOT:
                    gone += [x for x in best[p + 1 : q] if x not in STOPWORDS and len(x) > 1 and stem(x) not in claim_stem_set]
        if not gone:
            continue
        r = rarity(w)
        if w in scope:
            borrowed = max(borrowed, r)
        else:
            novel = max(novel, r)
        displaced = max(displaced, max(map(rarity, gone)))
    return Roles(swapped, swapped_rare, borrowed, novel, displaced)
