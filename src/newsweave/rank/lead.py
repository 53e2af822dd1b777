"""The lead baseline: first sentences of each article in turn (round robin)."""

from __future__ import annotations

import numpy as np

from . import RankInput, register


@register("lead", "Baseline: the first sentence of each article in turn, then the second, …", redundancy=False, coherent=False)
def rank_lead(data: RankInput) -> np.ndarray:
    articles = data.vectors.articles[data.candidates]
    # Rank of the candidate within its own article's candidates, so skipped
    # (ineligible) sentences do not leave gaps in the rotation.
    order = np.zeros(len(articles), dtype=np.int64)
    seen: dict[int, int] = {}
    for k, a in enumerate(articles):
        order[k] = seen.get(int(a), 0)
        seen[int(a)] = order[k] + 1
    return -(order * (articles.max(initial=0) + 1) + articles).astype(np.float64)
