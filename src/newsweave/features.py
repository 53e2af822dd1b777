"""Sentence features for the learned ranker, shared by training and inference.

One code path computes the features at training time (``newsweave.train``) and
when summarizing (``newsweave.rank.learned``), so the model sees the same values
in both. Every feature is computed on lowercased text: the training form of
Multi-News is lowercased, users bring cased full text, and case cues would not
carry from one to the other (notes/extractive-findings.md).

Two kinds of features:

* **lexical**: which words a sentence contains. Lowercased word tokens, the
  pairs of adjacent tokens and the first token are hashed into a fixed number
  of buckets (:func:`lexical_rows`); a logistic regression over those buckets
  gives each sentence a lexical score.
* **dense**: one row per candidate of position, length, centrality, support
  from the other articles and surface cues (:func:`dense_features`), plus the
  lexical score normalised within the cluster and within the article
  (:func:`lexical_features`). A second small model combines them.
"""

from __future__ import annotations

import zlib

import numpy as np

from .rank import RankInput
from .vectors import word_tokens

__all__ = [
    "DENSE_NAMES",
    "LEXICAL_NAMES",
    "dense_features",
    "lexical_features",
    "lexical_rows",
    "token_hashes",
    "word_hashes",
]

_HASHES: dict[str, int] = {}
_HASH_CACHE_LIMIT = 1_000_000

# Bigram and first-token hashes mix the token hashes with these odd constants
# (64-bit multiplicative hashing); any fixed values work, changing them
# invalidates a trained model.
_MIX_LEFT = np.uint64(0x9E3779B97F4A7C15)
_MIX_RIGHT = np.uint64(0xC2B2AE3D27D4EB4F)
_FIRST_SALT = np.uint64(0x165667B19E3779F9)


def _hash(token: str) -> int:
    value = _HASHES.get(token)
    if value is None:
        value = zlib.crc32(token.encode("utf-8"))
        if len(_HASHES) < _HASH_CACHE_LIMIT:
            _HASHES[token] = value
    return value


def token_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Stable 32-bit hashes (CRC-32) of the lowercased word tokens of each text.

    Returns:
        ``(hashes, offsets)``: all tokens' hashes concatenated (uint64) and the
        start of each text's tokens (``len(texts) + 1`` entries).
    """
    return word_hashes([word_tokens(text) for text in texts])


def word_hashes(words: list[tuple[str, ...]] | list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`token_hashes` from already tokenized texts (``ClusterVectors.words``)."""
    get = _HASHES.get
    tokens: list[str] = []
    offsets = [0]
    for text_words in words:
        tokens.extend(text_words)
        offsets.append(len(tokens))
    values = list(map(get, tokens))
    if None in values:
        values = [_hash(t) if v is None else v for t, v in zip(tokens, values, strict=True)]
    return np.array(values, dtype=np.uint64), np.array(offsets, dtype=np.int64)


def lexical_rows(hashes: np.ndarray, offsets: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashed lexical features of each text: its words, adjacent word pairs and first word.

    Args:
        hashes, offsets: from :func:`token_hashes`.
        bits: the feature space has ``2 ** bits`` buckets.

    Returns:
        ``(rows, buckets)``: for every feature occurrence, the text it belongs
        to and its bucket. Repeated occurrences count (sum them).
    """
    n = len(offsets) - 1
    counts = offsets[1:] - offsets[:-1]
    rows = np.repeat(np.arange(n, dtype=np.int64), counts)
    mask = np.uint64((1 << bits) - 1)
    shift = np.uint64(64 - bits)
    with np.errstate(over="ignore"):
        uni = hashes & mask
        # A pair never spans two texts: keep positions whose next token is in the same text.
        same = rows[:-1] == rows[1:] if hashes.size > 1 else np.zeros(0, dtype=bool)
        left, right = hashes[:-1][same], hashes[1:][same]
        pair = ((left * _MIX_LEFT) ^ (right * _MIX_RIGHT)) >> shift
        nonempty = counts > 0
        firsts = hashes[offsets[:-1][nonempty]]
        first = ((firsts + np.uint64(1)) * _FIRST_SALT) >> shift
    all_rows = np.concatenate([rows, rows[:-1][same], np.flatnonzero(nonempty)])
    buckets = np.concatenate([uni, pair, first]).astype(np.int64)
    return all_rows, buckets


# --- dense features ------------------------------------------------------------

# Other outlets "report the same thing" when their best-matching sentence is at
# least this similar (the selector's also-in threshold is 0.4; a slightly lower
# one counts paraphrases).
_SUPPORT_MATCH = 0.3

# Cue words, matched through the token hashes of the lexical features.
_CUE_WORDS = {
    "said": ("said", "says", "say", "told", "tells", "according", "stated", "added", "explained"),
    "first_person": ("i", "we", "me", "my", "our", "us"),
    "second_person": ("you", "your"),
    # Openings that lean on an earlier sentence ("He said…", "But…"); only the first word counts.
    "dependent": (
        "he she it they this that these those but and so also however his her their its then there".split()
    ),
}
_CUE_HASHES = np.array(
    sorted((zlib.crc32(w.encode()), g) for g, words in enumerate(_CUE_WORDS.values()) for w in words), dtype=np.uint64
)

DENSE_NAMES = (
    "log_words",
    "short",
    "position",
    "log_position",
    "first",
    "relative_position",
    "candidate_rank",
    "log_words_before",
    "log_articles",
    "log_candidates",
    "log_article_words",
    "article_share",
    "centroid",
    "centroid_other",
    "degree",
    "degree_other",
    "support_mean",
    "support_max",
    "support_count",
    "support_share",
    "lead_sim",
    "other_leads",
    "centroid_z",
    "centroid_scaled",
    "support_z",
    "support_scaled",
    "degree_z",
    "centroid_article_z",
    "support_article_z",
    "digits",
    "quotes",
    "said",
    "first_person",
    "second_person",
    "parentheses",
    "colon",
    "commas",
    "dependent_start",
    "shared_terms",
    "shared_share",
    "term_spread",
    "term_recurrence",
    "shared_z",
)

LEXICAL_NAMES = (
    "lex",
    "lex_z",
    "lex_gap",
    "lex_rank",
    "lex_article_z",
    "lex_article_rank",
    "lex_article_gap",
    "lex_neighbours",
    "better_twin",
    "better_twin_other",
)


def _columns_z(x: np.ndarray) -> np.ndarray:
    """Each column of ``x`` as z-scores within the cluster (0 where it is constant)."""
    centred = x - np.add.reduce(x, axis=0) / len(x)
    sd = np.sqrt(np.add.reduce(centred * centred, axis=0) / len(x))
    return np.divide(centred, sd, out=np.zeros_like(x), where=sd > 1e-9)


def _columns_group_z(x: np.ndarray, starts: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Each column of ``x`` as z-scores within contiguous row groups (group of each row given)."""
    bounds = np.append(starts, len(x))
    size = (bounds[1:] - bounds[:-1])[:, None].astype(np.float64)
    mean = np.add.reduceat(x, starts, axis=0) / size
    square = np.add.reduceat(x * x, starts, axis=0) / size
    sd = np.sqrt(np.maximum(square - mean * mean, 0.0))[group]
    return np.divide(x - mean[group], sd, out=np.zeros_like(x), where=sd > 1e-9)


def _rank_within(x: np.ndarray, starts: np.ndarray, group: np.ndarray) -> np.ndarray:
    """0 for the highest ``x`` of its contiguous group, 1 for the next, … (ties by order)."""
    order = np.lexsort((-x, group))
    ranks = np.empty(len(x))
    ranks[order] = np.arange(len(x)) - starts[group[order]]
    return ranks


def _cue_hits(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the tokens that are cue words, and the cue group of each."""
    keys = _CUE_HASHES[:, 0]
    at = np.minimum(np.searchsorted(keys, hashes), len(keys) - 1)
    hit = np.flatnonzero(keys[at] == hashes)
    return hit, _CUE_HASHES[at[hit], 1].astype(np.int64)


def _surface(texts: list[str], hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Surface cues of each text, counts capped at 4 (more says nothing more).

    Columns: digit runs, quotation marks, reporting verbs, first-person and
    second-person words, opening parentheses, colons and semicolons, commas,
    and whether the first word leans on an earlier sentence. Words are matched
    through the token hashes; characters in one array of all the texts.
    """
    m = len(texts)
    out = np.zeros((m, 9))
    # All texts as one array of code points, counted per text with reduceat.
    joined = "\n".join(texts)
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    digit = (chars >= 48) & (chars <= 57)
    digit_run = digit.copy()
    digit_run[1:] &= ~digit[:-1]  # first digit of each run
    quote = (chars == 34) | (chars == 0x201C) | (chars == 0x201D)  # " “ ”
    single = chars == 39
    backtick = chars == 96
    # '' and `` count as one mark each (a pair starting where the previous char is not one)
    pair = np.zeros_like(single)
    pair[1:] = (single[1:] & single[:-1]) | (backtick[1:] & backtick[:-1])
    pair[1:] &= ~pair[:-1]
    marks = np.empty((len(chars), 5))
    marks[:, 0] = digit_run
    marks[:, 1] = quote | pair
    marks[:, 2] = chars == 40
    marks[:, 3] = (chars == 58) | (chars == 59)
    marks[:, 4] = chars == 44
    out[:, [0, 1, 5, 6, 7]] = np.add.reduceat(marks, starts, axis=0) if len(chars) else 0.0
    if hashes.size:
        hit, group = _cue_hits(hashes)
        token_owner = np.repeat(np.arange(m), offsets[1:] - offsets[:-1])[hit]
        out[:, 2:5] = np.bincount(token_owner * 4 + group, minlength=m * 4).reshape(m, 4)[:, :3]
        dependent = group == 3
        first = offsets[token_owner[dependent]] == hit[dependent]
        out[token_owner[dependent][first], 8] = 1.0
    np.minimum(out[:, :8], 4.0, out=out[:, :8])
    return out


def _article_groups(articles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts of the runs of equal values in ``articles`` (nondecreasing), and each row's run.

    A loop over the (few, 20 or so) rows: cheaper than the five NumPy calls that find
    the changes, three times per cluster (tests/test_learned.py compares the two).
    """
    starts = [0]
    group = []
    run = 0
    values = articles.tolist()
    previous = values[0] if values else None
    for i, value in enumerate(values):
        if value != previous:
            run += 1
            starts.append(i)
            previous = value
        group.append(run)
    return np.array(starts, dtype=np.int64), np.array(group, dtype=np.int64)


def dense_features(data: RankInput, hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Dense features of each candidate (rows) in the order of :data:`DENSE_NAMES`.

    Args:
        data: the ranker's input; sentences and candidates are in article order.
        hashes, offsets: :func:`token_hashes` of the candidates' texts.
    """
    cluster, vectors, cand = data.cluster, data.vectors, data.candidates
    m = len(cand)
    n = len(cluster.sentences)
    if m == 0:
        return np.zeros((0, len(DENSE_NAMES)))
    lengths = vectors.lengths.astype(np.float64)
    sim = data.similarity
    rows_m = np.arange(m)

    # Sentences are stored article by article, so each article is one column range.
    starts, slot = _article_groups(vectors.articles)
    n_present = len(starts)
    own_slot = slot[cand]
    bounds = np.append(starts, n)
    sizes = (bounds[1:] - bounds[:-1]).astype(np.float64)

    best = np.maximum.reduceat(sim, starts, axis=1)  # m x articles: best match in each
    block_sum = np.add.reduceat(sim, starts, axis=1)
    n_other = n_present - 1
    if n_other > 0:
        best[rows_m, own_slot] = 0.0
        support_mean = best.sum(axis=1) / n_other
        support_max = best.max(axis=1)
        support_count = (best >= _SUPPORT_MATCH).sum(axis=1).astype(np.float64)
        lead_cols = sim[:, starts].copy()
        lead_cols[rows_m, own_slot] = 0.0
        other_leads = lead_cols.sum(axis=1) / n_other
    else:
        support_mean = support_max = support_count = other_leads = np.zeros(m)

    matrix = vectors.matrix
    onehot = np.zeros((n_present, n))
    onehot[slot, np.arange(n)] = 1.0
    article_sums = np.asarray(onehot @ matrix)  # per-article sums of the rows
    centroid = article_sums.sum(axis=0)
    cand_rows = matrix[cand]
    cand_vecs = cand_rows.toarray() if hasattr(cand_rows, "toarray") else cand_rows
    cent_norm = np.linalg.norm(centroid)
    centroid_sim = cand_vecs @ centroid / cent_norm if cent_norm > 0 else np.zeros(m)
    if n_other > 0:
        others_centroid = centroid[None, :] - article_sums[own_slot]
        norms = np.sqrt(np.einsum("ij,ij->i", others_centroid, others_centroid))
        centroid_other = np.einsum("ij,ij->i", cand_vecs, others_centroid) / np.maximum(norms, 1e-12)
    else:
        centroid_other = np.zeros(m)

    total_sim = block_sum.sum(axis=1)
    degree = (total_sim - 1.0) / max(1, n - 1)  # minus the sentence itself
    degree_other = (total_sim - block_sum[rows_m, own_slot]) / np.maximum(n - sizes[own_slot], 1.0)

    positions = data.positions.astype(np.float64)
    lead_sim = sim[rows_m, starts[own_slot]]
    cand_starts, cand_group = _article_groups(own_slot)
    candidate_rank = rows_m - cand_starts[cand_group]
    before = np.cumsum(lengths) - lengths
    words_before = before[cand] - before[starts[own_slot]]
    article_words = np.add.reduceat(lengths, starts)[own_slot]
    total_words = max(1.0, float(lengths.sum()))
    cand_lengths = lengths[cand]

    sentences = cluster.sentences
    surface = _surface([sentences[i].text for i in cand.tolist()], hashes, offsets)

    # Salience of the sentence's terms: in how many articles and sentences they recur
    # (tf-idf weights are positive, so a term is present where its weight is).
    spread = (article_sums > 0).sum(axis=0)  # articles using each term
    if hasattr(matrix, "indices"):
        used = np.bincount(matrix.indices, minlength=matrix.shape[1])
    else:
        used = np.count_nonzero(matrix, axis=0)
    recurrence = np.log(np.maximum(used, 1.0))  # log of the sentences using each term
    term_stats = np.empty((len(recurrence), 4))
    term_stats[:, 0] = 1.0
    term_stats[:, 1] = spread >= 2
    term_stats[:, 2] = spread / n_present
    term_stats[:, 3] = recurrence
    counts = (cand_vecs > 0) @ term_stats  # m x 4
    n_terms = np.maximum(counts[:, 0], 1.0)
    shared_terms = counts[:, 1]

    stats = np.empty((m, 4))
    stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3] = centroid_sim, support_mean, degree, shared_terms
    zs = _columns_z(stats)
    group_zs = _columns_group_z(stats[:, :2].copy(), cand_starts, cand_group)
    out = np.empty((m, len(DENSE_NAMES)))
    out[:, 0] = np.log1p(cand_lengths)
    out[:, 1] = cand_lengths < 12
    out[:, 2] = np.minimum(positions, 30.0)
    out[:, 3] = np.log1p(positions)
    out[:, 4] = positions == 0
    out[:, 5] = positions / np.maximum(sizes[own_slot], 1.0)
    out[:, 6] = np.log1p(candidate_rank)
    out[:, 7] = np.log1p(words_before)
    out[:, 8] = np.log(n_present)
    out[:, 9] = np.log(m)
    out[:, 10] = np.log1p(article_words)
    out[:, 11] = article_words / total_words
    out[:, 12] = centroid_sim
    out[:, 13] = centroid_other
    out[:, 14] = degree
    out[:, 15] = degree_other
    out[:, 16] = support_mean
    out[:, 17] = support_max
    out[:, 18] = support_count
    out[:, 19] = support_count / n_other if n_other > 0 else 0.0
    out[:, 20] = lead_sim
    out[:, 21] = other_leads
    out[:, 22] = zs[:, 0]
    out[:, 23] = _scaled(centroid_sim)
    out[:, 24] = zs[:, 1]
    out[:, 25] = _scaled(support_mean)
    out[:, 26] = zs[:, 2]
    out[:, 27:29] = group_zs
    out[:, 29:38] = surface
    out[:, 38] = np.log1p(shared_terms)
    out[:, 39] = shared_terms / n_terms
    out[:, 40] = counts[:, 2] / n_terms
    out[:, 41] = counts[:, 3] / n_terms
    out[:, 42] = zs[:, 3]
    return out


def _scaled(x: np.ndarray) -> np.ndarray:
    top = float(np.abs(x).max(initial=0.0))
    return x / top if top > 1e-12 else np.zeros_like(x)


def lexical_features(lex: np.ndarray, articles: np.ndarray, similarity: np.ndarray) -> np.ndarray:
    """The lexical score, its normalisations within the cluster and the article, and its neighbours.

    Args:
        lex: the lexical model's score of each candidate.
        articles: the article index of each candidate (nondecreasing).
        similarity: cosine between candidates (square, rows and columns in candidate order).
    """
    m = len(lex)
    out = np.empty((m, len(LEXICAL_NAMES)))
    if m == 0:
        return out
    starts, group = _article_groups(articles)
    article_top = np.maximum.reduceat(lex, starts)[group]
    sim = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(sim, 0.0)
    prob = 1.0 / (1.0 + np.exp(-lex))
    weight = sim.sum(axis=1)
    # A sentence that repeats a better-scored one is rarely in the oracle (it adds nothing).
    twin = np.where(lex[None, :] > lex[:, None], sim, 0.0)
    out[:, 0] = lex
    out[:, 1] = _columns_z(lex[:, None])[:, 0]
    out[:, 2] = lex - lex.max()
    # _rank_within over one group: the inverse of the stable order by descending score.
    ranks = np.empty(m)
    ranks[np.argsort(-lex, kind="stable")] = np.arange(m)
    out[:, 3] = ranks / m
    out[:, 4] = _columns_group_z(lex[:, None], starts, group)[:, 0]
    out[:, 5] = np.log1p(_rank_within(lex, starts, group))
    out[:, 6] = lex - article_top
    out[:, 7] = np.divide(sim @ prob, weight, out=np.zeros(m), where=weight > 1e-9)
    out[:, 8] = twin.max(axis=1)
    twin[group[:, None] == group[None, :]] = 0.0
    out[:, 9] = twin.max(axis=1)
    return out
