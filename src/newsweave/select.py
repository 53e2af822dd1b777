"""Selection: the one place that owns the word budget, redundancy, coherence and output order.

Rankers only score. The selector first picks the lede: the opening statement of
an article (its first sentence that can open a digest) that is most central to
the other articles, so the digest starts with the event the outlets report. It
then walks candidates from the best score down, skips a sentence that repeats
one already chosen (cosine similarity over the redundancy threshold) and records
its article as also reporting that fact, and stops once the budget is reached.

A sentence that leans on the sentence before it in its article
(:func:`coherence.leans_on_previous`) is taken only right after that sentence:
it waits until the sentence it leans on is chosen, unless its opening pronoun
can be replaced by the name it refers to (:class:`coherence.Rewriter`). A
sentence that opens a quotation it does not close is never taken alone.

The chosen sentences are then put in story order: the lede first,
earlier-in-article next (leads before details), ties by article order, and
consecutive sentences of one article kept together in their order.
"""

from __future__ import annotations

import heapq

import numpy as np

from .candidates import is_cased
from .coherence import Rewriter, leans_on_previous, opens_badly, quote_balance
from .models import Citation, DigestSentence, PreparedCluster
from .options import Options
from .vectors import ClusterVectors

__all__ = ["choose_lede", "select"]

# Only the first LEDE_POSITIONS sentences of an article can be its opening
# statement (after cleaning; a kept headline or standfirst can take position 0).
LEDE_POSITIONS = 2


LEDE_RULES = ("balanced", "central", "score", "none")


def choose_lede(
    cluster: PreparedCluster,
    vectors: ClusterVectors,
    candidates: np.ndarray,
    scores: np.ndarray,
    similarity: np.ndarray,
    rule: str = "balanced",
) -> int | None:
    """Row (into ``candidates``) of the lede, or None when no article opening can open a digest.

    Openings are the first ``LEDE_POSITIONS`` sentences of each article that may
    open a digest (:func:`coherence.opens_badly`). ``rule`` ranks them: "central"
    by mean similarity to the other articles (each article weighs the same,
    whatever its length), "score" by the ranker's score, "balanced" (default) by
    the sum of both standardised over the openings; "none" chooses no lede.
    """
    if rule == "none":
        return None
    sentences = cluster.sentences
    rows = [
        row
        for row, idx in enumerate(candidates.tolist())
        if sentences[idx].position < LEDE_POSITIONS and not opens_badly(sentences[idx].text)
    ]
    if not rows:
        return None
    # Mean similarity to each article's sentences, then the mean over the other articles.
    n_docs = len(cluster.documents)
    member = np.zeros((len(vectors.articles), n_docs))
    member[np.arange(len(vectors.articles)), vectors.articles] = 1.0
    sizes = member.sum(axis=0)
    per_article = (similarity[rows] @ member) / np.maximum(sizes, 1.0)
    others = sizes[None, :] > 0
    others = np.repeat(others, len(rows), axis=0)
    others[np.arange(len(rows)), vectors.articles[candidates[rows]]] = False
    counts = others.sum(axis=1)
    central = np.where(counts > 0, (per_article * others).sum(axis=1) / np.maximum(counts, 1), 0.0)
    central_ = _standardised(central)
    score_ = _standardised(scores[rows])
    key = {"central": central_, "score": score_}.get(rule, central_ + score_)
    return rows[int(np.argmax(key))]


def _standardised(values: np.ndarray) -> np.ndarray:
    # ``values.mean()`` and ``values.std()`` with the same NumPy operations in the same
    # order (so the same bits), without their Python wrappers: two of these per cluster.
    n = len(values)
    if n == 0:
        return np.zeros_like(values)
    mean = np.add.reduce(values) / n
    spread = np.sqrt(np.add.reduce(np.square(values - mean)) / n)
    return (values - mean) / spread if spread > 0 else np.zeros_like(values)


def select(
    cluster: PreparedCluster,
    vectors: ClusterVectors,
    candidates: np.ndarray,
    scores: np.ndarray,
    similarity: np.ndarray,
    *,
    redundancy: bool,
    options: Options,
    coherent: bool = True,
    rewriter: Rewriter | None = None,
) -> tuple[DigestSentence, ...]:
    """Choose sentences for a digest.

    Args:
        candidates: indices into ``cluster.sentences`` that may be chosen.
        scores: one score per candidate, higher is better.
        similarity: cosine of each candidate (rows) to every sentence (columns).
        redundancy: skip candidates that repeat a chosen sentence.
        coherent: choose a lede and keep leaning sentences after what they lean on
            (baselines such as lead turn it off and keep their own order).
        rewriter: resolves an opening pronoun or role noun to a name and tells quotations
            by speakers the cluster never names (default: one over the cluster's documents).
    """
    sentences = cluster.sentences
    budget = options.words
    limit = budget * (1.0 + options.overshoot)
    row_of = {int(idx): row for row, idx in enumerate(candidates.tolist())}
    chosen: list[int] = []  # rows into candidates
    chosen_idx: set[int] = set()
    rewrites: dict[int, str] = {}  # row -> rewritten text
    total = 0
    if coherent and rewriter is None:
        rewriter = Rewriter(cluster.documents)
    # The training form of Multi-News (lowercased, tokenised) lost many quotation marks
    # (`benchmarks/reader_eval.py --marks`: on val[:300] 10.5% of sentences close a
    # quotation they never open, on fulltext-dev 2.2%), so the
    # quotation-mark rules apply to cased text only.
    marks = is_cased([s.text for s in sentences[:60]])

    lengths = vectors.lengths[candidates].tolist()
    # Each candidate's highest similarity to a chosen sentence, kept up to date as they are taken.
    closest = np.full(len(candidates), -np.inf)

    def fits(row: int) -> bool:
        if total + lengths[row] > limit:
            return False
        if redundancy and chosen and closest[row] >= options.redundancy:
            return False
        return True

    def take(row: int) -> None:
        nonlocal total
        chosen.append(row)
        idx = int(candidates[row])
        chosen_idx.add(idx)
        np.maximum(closest, similarity[:, idx], out=closest)
        total += lengths[row]

    lede = choose_lede(cluster, vectors, candidates, scores, similarity, options.lede) if coherent else None
    if lede is not None and fits(lede):
        take(lede)
    else:
        lede = None

    # Leaning sentences wait for the sentence they lean on: waiting[i] holds the rows
    # released once sentence i is chosen. Released rows compete by score again.
    waiting: dict[int, list[int]] = {}
    released: list[tuple[float, int]] = []
    order = np.argsort(-scores, kind="stable").tolist()
    cursor = 0
    while total < budget:
        if released and (cursor >= len(order) or -released[0][0] >= scores[order[cursor]]):
            row = heapq.heappop(released)[1]
            is_released = True
        elif cursor < len(order):
            row = order[cursor]
            cursor += 1
            is_released = False
        else:
            break
        idx = int(candidates[row])
        if idx in chosen_idx or not fits(row):
            continue
        sent = sentences[idx]
        if coherent and marks and quote_balance(sent.text) > 0:
            continue  # opens a quotation it does not close: never alone
        if coherent and marks and rewriter is not None and rewriter.unnamed_speaker(sent):
            continue  # quotes someone the cluster only describes and never names
        if coherent and not is_released:
            previous = sentences[idx - 1] if sent.position > 0 else None
            reason = leans_on_previous(sent, previous, marks=marks)
            if reason is not None and (idx - 1) not in chosen_idx:
                can_rewrite = reason in ("pronoun opener", "role noun opener") and rewriter is not None
                rewritten = rewriter.rewrite(sent) if can_rewrite else None
                if rewritten is None:
                    if (idx - 1) in row_of:
                        waiting.setdefault(idx - 1, []).append(row)
                    continue
                rewrites[row] = rewritten.text
        take(row)
        for dependent in waiting.pop(idx, ()):
            heapq.heappush(released, (-float(scores[dependent]), dependent))

    if coherent and not chosen:
        # Every sentence that fits leans on one that does not (a transcript opening with
        # "And …"): a digest of them beats no digest.
        return select(
            cluster, vectors, candidates, scores, similarity, redundancy=redundancy, options=options, coherent=False
        )

    counts = np.bincount(vectors.articles, minlength=len(cluster.documents)) if len(vectors.articles) else np.zeros(0)
    # A chosen sentence that directly follows another chosen one of its article stays
    # right after it ("Le Drian said …" then "He added …"): each run of consecutive
    # sentences is placed by its first sentence. The lede's run goes first.
    picked = {(sentences[int(candidates[row])].article, sentences[int(candidates[row])].position) for row in chosen}
    lede_at = None
    if lede is None and coherent:
        # No article opening could lead: the best-scored chosen sentence that can open a digest does.
        heads = [r for r in chosen if not opens_badly(sentences[int(candidates[r])].text)]
        lede = max(heads, key=lambda r: scores[r]) if heads else None
    if lede is not None:
        lede_sent = sentences[int(candidates[lede])]
        lede_at = (lede_sent.article, lede_sent.position)
    result = []
    for row in chosen:
        idx = int(candidates[row])
        sent = sentences[idx]
        head = sent.position
        while (sent.article, head - 1) in picked and (sent.article, head) != lede_at:
            head -= 1
        first = 0 if (sent.article, head) == lede_at else 1
        result.append((first, head / max(1, counts[sent.article]), sent.article, sent.position, row, idx))
    result.sort()

    # The best match of every chosen sentence in every article (sentences are
    # stored article by article, so each article is one column range).
    rows = np.array([r[-2] for r in result], dtype=np.int64)
    best_in: dict[int, np.ndarray] = {}
    if rows.size:
        picked_rows = similarity[rows]
        bounds = np.searchsorted(vectors.articles, [d.index for d in cluster.documents], side="left").tolist()
        ends = np.searchsorted(vectors.articles, [d.index for d in cluster.documents], side="right").tolist()
        for other, a, b in zip(cluster.documents, bounds, ends, strict=True):
            if b > a:
                best_in[other.index] = a + np.argmax(picked_rows[:, a:b], axis=1)

    digest: list[DigestSentence] = []
    for k, (*_, row, idx) in enumerate(result):
        sent = sentences[idx]
        doc = cluster.documents[sent.article]
        also = []
        sims = similarity[row]
        for other in cluster.documents:
            if other.index == sent.article or other.index not in best_in:
                continue
            best = best_in[other.index][k]
            if sims[best] >= options.also_in:
                match = sentences[best]
                also.append(Citation(other.index, other.source, match.start, match.end))
        # A rewrite is only needed where the sentence leaned on does not precede it.
        shown = rewrites.get(row) if (sent.article, sent.position - 1) not in picked else None
        digest.append(
            DigestSentence(
                text=shown or sent.text,
                original=sent.text if shown else None,
                citation=Citation(sent.article, doc.source, sent.start, sent.end),
                also_in=tuple(also),
                score=float(scores[row]),
            )
        )
    return tuple(digest)
