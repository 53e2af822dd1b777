"""Trial: do static word-vector features help the learned ranker? (They were not adopted.)

    pip install wordllama
    python benchmarks/semantic_trial.py [--limit N] [--val-limit 1000] [--seeds 3]

Each sentence gets wordllama's 256-dimensional embedding (the mean of its word
pieces' vectors, looked up once per distinct word). Added to the shipped
features: cosine to the cluster's centroid and to the other articles' centroid,
best and mean best match in the other articles, mean similarity to the other
articles' first sentences, two of these as z-scores, and a listwise linear
scorer over the embedding fitted out of fold like the lexical model (its score
raw and as z-scores in the cluster and the article). For each seed the trees
are trained with and without these features on the same examples, and both are
scored on fulltext-dev and the first N val clusters (difference to lead, as in
benchmarks/run.py). 8 to 9 minutes on 2 cores for 3 seeds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import chain
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsweave import features as F  # noqa: E402
from newsweave import train as T  # noqa: E402
from newsweave.options import Options  # noqa: E402
from newsweave.rank import register  # noqa: E402
from newsweave.rank.learned import LearnedModel  # noqa: E402
from run import DATA, load, paired_interval, run_newsweave, score  # noqa: E402

SEMANTIC_L2 = 16.0  # L2 penalty of the listwise scorer over the embedding (loss summed over clusters)
_TABLE: list = []


def _embedder():
    if not _TABLE:
        import wordllama
        from wordllama import WordLlama

        model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        _TABLE.extend([model.embedding.astype(np.float32), model.tokenizer, {}])
    return _TABLE


def embed(words: list[list[str]]) -> np.ndarray:
    """Unit-length mean of the word pieces' vectors of each text (zeros for no words)."""
    table, tokenizer, cache = _embedder()
    missing = sorted({w for w in chain.from_iterable(words) if w not in cache})
    for word, enc in zip(missing, tokenizer.encode_batch(missing, add_special_tokens=False), strict=True):
        cache[word] = [i for i, keep in zip(enc.ids, enc.attention_mask, strict=True) if keep]
    out = np.zeros((len(words), table.shape[1]), dtype=np.float32)
    for k, ws in enumerate(words):
        ids = list(chain.from_iterable(cache[w] for w in ws))
        if ids:
            v = table[ids].sum(axis=0)
            out[k] = v / max(float(np.linalg.norm(v)), 1e-12)
    return out


SIM_NAMES = ("s_cent", "s_cent_other", "s_sup_max", "s_sup_mean", "s_lead", "s_cent_z", "s_sup_z")


def similarity_features(data) -> tuple[np.ndarray, np.ndarray]:
    """The embedding-similarity features of each candidate, and the candidates' embeddings."""
    emb = embed([list(w) for w in data.vectors.words])
    arts, cand = data.vectors.articles, data.candidates
    ce = emb[cand]
    sim = ce @ emb.T
    own = arts[cand]
    cent = emb.sum(axis=0)
    out = np.zeros((len(cand), len(SIM_NAMES)))
    out[:, 0] = ce @ cent / max(float(np.linalg.norm(cent)), 1e-12)
    present = np.unique(arts)
    best = np.stack([sim[:, arts == a].max(axis=1) for a in present], axis=1)
    leads = np.stack([sim[:, np.flatnonzero(arts == a)[0]] for a in present], axis=1)
    other = own[:, None] != present[None, :]
    n_other = np.maximum(other.sum(axis=1), 1)
    if other.any():
        out[:, 2] = np.where(other, best, -1.0).max(axis=1) * (other.sum(axis=1) > 0)
        out[:, 3] = (best * other).sum(axis=1) / n_other
        out[:, 4] = (leads * other).sum(axis=1) / n_other
        for i, a in enumerate(own):
            rest = cent - emb[arts == a].sum(axis=0)
            norm = float(np.linalg.norm(rest))
            out[i, 1] = ce[i] @ rest / norm if norm > 1e-12 else 0.0
    out[:, 5:7] = F._columns_z(out[:, [0, 3]])
    return out, ce


def _work(item):
    lineno, line = item
    cluster = T._cluster_of(json.loads(line), lineno)
    try:
        data = T.rank_input(cluster, Options())
    except Exception:
        return None
    if data is None or not cluster.summary:
        return None
    example = T.example_from(data)
    example.labels = T.oracle_labels([data.cluster.sentences[i].text for i in data.candidates], cluster.summary)
    if not len(example.labels):
        return None
    sims, ce = similarity_features(data)
    return example, sims.astype(np.float32), ce.astype(np.float16)


def _semantic_block(sem: np.ndarray, articles: np.ndarray) -> np.ndarray:
    starts, group = F._article_groups(articles)
    return np.column_stack([sem, F._columns_z(sem[:, None])[:, 0], F._columns_group_z(sem[:, None], starts, group)[:, 0]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--val-limit", type=int, default=1000)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    items = T._lines(T.DEFAULT_DATA / "train.jsonl.gz", args.limit, T.held_out_keys(T.DEFAULT_DATA))
    with Pool(2) as pool:
        rows = [r for r in pool.imap(_work, items, chunksize=64) if r is not None]
    examples = [r[0] for r in rows]
    sims = np.vstack([r[1] for r in rows]).astype(np.float64)
    embeddings = np.vstack([r[2] for r in rows]).astype(np.float32)
    del rows
    y = np.concatenate([ex.labels for ex in examples]).astype(np.float64)
    sizes = np.array([len(ex.labels) for ex in examples])
    cluster_of = np.repeat(np.arange(len(examples)), sizes)
    row_fold = (np.random.default_rng(T.SEED).permutation(len(examples)) % 2)[cluster_of]
    lex_oof, lex_w = T.out_of_fold(T.lexical_matrix(examples), y, cluster_of, row_fold, T.LEXICAL_L2)
    sem_oof, sem_w = T.out_of_fold(embeddings, y, cluster_of, row_fold, SEMANTIC_L2)
    del embeddings
    base = T.stage_two(examples, lex_oof)
    offsets = np.cumsum([0, *sizes])
    semantic = np.hstack(
        [
            sims,
            np.vstack([_semantic_block(sem_oof[a:b], ex.articles) for a, b, ex in zip(offsets[:-1], offsets[1:], examples, strict=True)]),
        ]
    )
    print(f"[{time.perf_counter() - start:.0f}s] features of {len(examples)} clusters", file=sys.stderr, flush=True)

    sets = [("fulltext-dev", load(DATA / "fulltext-dev.jsonl", None)), (f"val[:{args.val_limit}]", load(DATA / "val.jsonl.gz", args.val_limit))]
    lead = {name: score(clusters, run_newsweave(clusters, "lead", 250)[0], 250) for name, clusters in sets}
    print("| seed | features | " + " | ".join(f"{name} R-1 / R-2 vs lead" for name, _ in sets) + " |")
    print("|---|---|" + "---|" * len(sets))
    for k in range(args.seeds):
        seed = T.SEED + k
        for label, x in (("shipped", base), ("shipped + semantic", np.hstack([base, semantic]))):
            feature, threshold, leaf = T.fit_trees(x, y, seed=seed)
            trees = LearnedModel(
                lexical_bits=T.LEXICAL_BITS,
                lexical_weights=lex_w,
                tree_feature=feature.astype(np.int64),
                tree_threshold=threshold,
                tree_leaf=leaf,
                disabled=np.zeros(0, dtype=np.int64),
            )
            with_semantic = x.shape[1] > base.shape[1]

            def rank(data, trees=trees, with_semantic=with_semantic):
                cand = data.candidates
                hashes, offs = F.word_hashes([data.vectors.words[i] for i in cand])
                lex = trees.lexical(hashes, offs)
                arts = data.vectors.articles[cand]
                parts = [F.dense_features(data, hashes, offs), F.lexical_features(lex, arts, data.similarity[:, cand])]
                if with_semantic:
                    s, ce = similarity_features(data)
                    parts += [s, _semantic_block(ce @ sem_w, arts)]
                return trees.combine(np.hstack(parts))

            register("trial", "semantic trial")(rank)
            cells = []
            for name, clusters in sets:
                table = score(clusters, run_newsweave(clusters, "trial", 250)[0], 250)
                d1, d2 = (paired_interval(table[m], lead[name][m])[0] for m in ("rouge1", "rouge2"))
                cells.append(f"{table['rouge1'].mean():.2f} / {table['rouge2'].mean():.2f} ({d1:+.2f} / {d2:+.2f})")
            print(f"| {seed} | {label} | " + " | ".join(cells) + " |", flush=True)
    print(f"\n(took {time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
