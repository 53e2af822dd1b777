"""The learned ranker: its shipped model, its features, its training and its quality."""

from __future__ import annotations

import dataclasses
import zlib

import numpy as np
import pytest

from newsweave import features as F
from newsweave import train as T
from newsweave.clean import prepare
from newsweave.evaluate import score_digest
from newsweave.models import Article, Cluster, PreparedCluster
from newsweave.options import Options, load_options
from newsweave.pipeline import summarize_cluster
from newsweave.rank import RankInput
from newsweave.rank import learned as L
from newsweave.vectors import ClusterVectors

from helpers import SHARED, fulltext_rows, make_cluster

MULTINEWS = SHARED / "multinews"


def _cluster(row: dict) -> Cluster:
    return Cluster(id=row["id"], articles=tuple(Article(text=t) for t in row["documents"]), summary=row["summary"])


def test_the_shipped_model_loads_without_pickle():
    with np.load(L.MODEL_PATH, allow_pickle=False) as arrays:
        assert all(arrays[k].dtype != object for k in arrays.files)
        names = tuple(str(n) for n in arrays["feature_names"])
    assert names == F.DENSE_NAMES + F.LEXICAL_NAMES
    model = L.load_model()
    assert model is L.load_model()  # loaded once per process
    assert L.MODEL_PATH.stat().st_size < 5_000_000


def test_learned_is_a_registered_method():
    digest = summarize_cluster(_cluster(fulltext_rows(1)[0]), load_options(method="learned"))
    assert digest.method == "learned"
    assert 225 <= digest.word_count <= 275
    scores = [s.score for s in digest.sentences]
    assert all(np.isfinite(scores))


def test_token_hashes_are_stable_across_processes():
    # The shipped model indexes its weights by these hashes; Python's hash() is
    # salted per process, CRC-32 is not.
    hashes, offsets = F.token_hashes(["Iran's missile", "", "IRAN"])
    assert hashes.tolist() == [zlib.crc32(b"iran"), zlib.crc32(b"s"), zlib.crc32(b"missile"), zlib.crc32(b"iran")]
    assert offsets.tolist() == [0, 3, 3, 4]


def _lowercased(cluster: PreparedCluster) -> PreparedCluster:
    documents = tuple(
        dataclasses.replace(
            d,
            text=d.text.lower(),
            sentences=tuple(dataclasses.replace(s, text=s.text.lower()) for s in d.sentences),
        )
        for d in cluster.documents
    )
    return PreparedCluster.build(cluster.id, documents, cluster.removed)


@pytest.mark.parametrize("row", range(3))
def test_features_are_the_same_for_cased_and_lowercased_text(row):
    prepared = prepare(_cluster(fulltext_rows(row + 1)[row]), Options())
    values = []
    for version in (prepared, _lowercased(prepared)):
        vectors = ClusterVectors.build(version)
        data = RankInput(version, vectors, np.arange(len(version.sentences)))
        hashes, offsets = F.token_hashes([s.text for s in version.sentences])
        values.append((F.dense_features(data, hashes, offsets), hashes, L.rank_learned(data)))
    (dense_a, hashes_a, score_a), (dense_b, hashes_b, score_b) = values
    np.testing.assert_array_equal(hashes_a, hashes_b)
    np.testing.assert_allclose(dense_a, dense_b)
    np.testing.assert_allclose(score_a, score_b)


def test_features_of_a_one_sentence_cluster():
    prepared = prepare(make_cluster(["The council approved the new budget on Tuesday after a long debate."]), Options())
    vectors = ClusterVectors.build(prepared)
    data = RankInput(prepared, vectors, np.array([0]))
    scores = L.rank_learned(data)
    assert scores.shape == (1,) and np.isfinite(scores).all()


def test_oracle_labels_pick_what_the_reference_says():
    texts = ["The cat sat on the mat.", "Dogs bark loudly at night.", "The mat was red."]
    labels = T.oracle_labels(texts, "The cat sat on the mat. The mat was red.")
    assert labels.tolist() == [1, 0, 1]
    assert T.oracle_labels(texts, "").tolist() == [0, 0, 0]


def test_fulltext_dev_clusters_are_never_trained_on():
    keys = T.held_out_keys(MULTINEWS)
    assert len(keys) == 92
    # fulltext-dev "multinews-train-row425" is line 426 of train.jsonl.gz (the
    # Multi-News+ copy dropped some rows); it is found by its summary, not its number.
    lines = [lineno for lineno, _ in T._lines(MULTINEWS / "train.jsonl.gz", 430, keys)]
    assert 426 not in lines and 425 in lines and len(lines) == 429


def test_training_is_deterministic(tmp_path):
    pytest.importorskip("lightgbm")
    examples = T.build_examples(MULTINEWS / "train.jsonl.gz", limit=80, workers=1)
    first = T.train(examples=examples, out=tmp_path / "a.npz", verbose=False)
    second = T.train(examples=examples, out=tmp_path / "b.npz", verbose=False)
    for key in first:
        np.testing.assert_array_equal(first[key], second[key])
    model = L.load_model(tmp_path / "a.npz")
    assert model.tree_feature.shape[0] == T.TREE_ROUNDS


def test_learned_beats_lead_on_fulltext_dev_subset():
    # The first 30 fulltext-dev clusters (held out from training). Full run:
    # benchmarks/run.py --methods learned,lead (issue 3 closing note).
    clusters = [_cluster(row) for row in fulltext_rows(30)]
    means = {}
    for method in ("learned", "lead"):
        options = load_options(method=method)
        rows = [score_digest(summarize_cluster(c, options), c.summary, options.words) for c in clusters]
        means[method] = {m: float(np.mean([r[m] for r in rows])) for m in ("rouge1", "rouge2")}
    assert means["learned"]["rouge1"] > means["lead"]["rouge1"] + 1.0
    assert means["learned"]["rouge2"] > means["lead"]["rouge2"] + 1.0


def test_a_missing_model_file_says_how_to_rebuild_it(tmp_path):
    from newsweave.errors import NewsweaveError

    with pytest.raises(NewsweaveError, match="python -m newsweave.train"):
        L.load_model(tmp_path / "missing.npz")



def _walk(model: L.LearnedModel, x: np.ndarray) -> np.ndarray:
    """LearnedModel.combine before its lookup table: each tree walked down its heap level by level."""
    m = x.shape[0]
    n_trees, inner = model.tree_feature.shape
    right = (x[:, model.tree_feature.ravel()] > model.tree_threshold.ravel()).ravel()
    base = (np.arange(m)[:, None] * (n_trees * inner) + np.arange(n_trees)[None, :] * inner).ravel()
    node = np.zeros(m * n_trees, dtype=np.int64)
    for _ in range(inner.bit_length()):
        node = 2 * node + 1 + right[base + node]
    leaves = np.arange(n_trees) * (inner + 1) - inner
    return model.tree_leaf.ravel()[node.reshape(m, n_trees) + leaves].sum(axis=1)


def test_the_tree_lookup_gathers_every_pattern_of_split_outcomes():
    # Eight 0/1 bytes of a little-endian uint64 times _GATHER put byte j's bit at bit 56 + j.
    for pattern in range(256):
        value = np.frombuffer(bytes((pattern >> j) & 1 for j in range(8)), dtype="<u8")
        assert int(((value * L._GATHER) >> np.uint64(56))[0]) == pattern


def test_the_tree_lookup_gives_the_walks_scores():
    model = L.load_model()
    assert model._padded is not None  # the shipped trees take the lookup path
    rng = np.random.default_rng(5)
    width = len(F.DENSE_NAMES) + len(F.LEXICAL_NAMES)
    # Real feature rows, the thresholds themselves (ties go left) and random values.
    rows = [np.array(model.tree_threshold.ravel()[: width * 4]).reshape(4, width)]
    rows += [rng.normal(size=(m, width)) * 3 for m in (1, 2, 15, 60)]
    for row in fulltext_rows(8):
        cluster = Cluster(id=row["id"], articles=tuple(Article(text=t) for t in row["documents"]))
        prepared = prepare(cluster)
        vectors = ClusterVectors.build(prepared)
        data = RankInput(prepared, vectors, np.arange(len(prepared.sentences)))
        hashes, offsets = F.word_hashes(list(vectors.words))
        dense = F.dense_features(data, hashes, offsets)
        lex = model.lexical(hashes.astype(np.uint64), offsets)
        rows.append(np.hstack([dense, F.lexical_features(lex, vectors.articles, data.similarity)]))
    for x in rows:
        assert np.array_equal(model.combine(x), _walk(model, x))
    assert model.combine(np.zeros((0, width))).shape == (0,)


def test_stems_without_pystemmers_cache_are_the_same():
    import re

    import Stemmer

    from newsweave import vectors

    words = sorted({w for row in fulltext_rows(30) for d in row["documents"] for w in re.findall(r"[^\W_]+", d.lower())})
    assert vectors._STEMMER.maxCacheSize == 0
    assert vectors._stem_words(words) == Stemmer.Stemmer("english").stemWords(words)


def test_article_groups_and_ranks_are_the_array_versions():
    # features._article_groups before: the changes found with NumPy; the cluster-wide rank
    # of lexical_features before: _rank_within with one group.
    def groups(articles):
        change = np.flatnonzero(articles[1:] != articles[:-1]) + 1
        group = np.zeros(len(articles), dtype=np.int64)
        group[change] = 1
        return np.concatenate(([0], change)), np.cumsum(group)

    rng = np.random.default_rng(8)
    for size in [0, 1, 2, 5, 20, 80] * 20:
        articles = np.sort(rng.integers(0, 6, size=size)).astype(np.int64)
        for mine, theirs in zip(F._article_groups(articles), groups(articles), strict=True):
            assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs)
        lex = rng.integers(-3, 3, size=size).astype(np.float64)  # ties broken by order
        if size:
            ranks = F.lexical_features(lex, articles, np.eye(size))[:, 3]
            whole = F._rank_within(lex, np.zeros(1, dtype=np.int64), np.zeros(size, dtype=np.int64)) / size
            assert np.array_equal(ranks, whole)
