"""Selection: budget, redundancy, and the order of the chosen sentences."""

from __future__ import annotations

from newsweave import summarize

from helpers import make_cluster

_BRIDGE = [
    "Engineers closed the Harbour Street footbridge on Monday after cracks appeared in two steel supports.",
    "The city said the crossing would stay shut for at least three weeks while inspectors examine it.",
    "Ferry passengers were told to use the longer route past the old fish market until further notice.",
    "Shop owners near the bridge said they had already lost customers during the morning rush.",
    "The council will publish the inspection report once the engineers have finished their work.",
    "A temporary ramp for wheelchairs is being built beside the north pier this week.",
]
_BUDGET = [
    "The county board approved a new school budget on Tuesday after a debate that lasted six hours.",
    "Teachers will receive a three percent raise under the plan, the first increase in four years.",
    "Two members voted against it, saying property taxes would rise to pay for the new buildings.",
    "Parents filled the hall and several spoke in favour of smaller classes for the youngest pupils.",
    "The budget also pays for a second bus route serving the villages east of the river.",
    "Board members said they would review the spending again in the spring.",
]


def _order(digest) -> list[tuple[int, int]]:
    """(article, sentence number in the article) of each digest sentence, in digest order."""
    out = []
    for s in digest.sentences:
        doc = digest.documents[s.citation.article]
        out.append((s.citation.article, next(i for i, d in enumerate(doc.sentences) if d.start == s.citation.start)))
    return out


def test_consecutive_sentences_of_one_article_stay_together():
    # lead takes the first sentence of each article, then the second: two runs of two.
    cluster = make_cluster([" ".join(_BRIDGE), " ".join(_BUDGET)])
    digest = summarize(cluster, method="lead", words=60, analysis=False)
    assert sorted(_order(digest)) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    # Each run is placed by its first sentence and kept in article order.
    assert _order(digest) == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_runs_are_placed_by_where_they_start_in_their_article():
    cluster = make_cluster([" ".join(_BRIDGE), " ".join(_BUDGET)])
    digest = summarize(cluster, method="centrality", words=120, analysis=False)
    order = _order(digest)
    assert any((article, number - 1) in order for article, number in order)  # the case this test is about
    for k, (article, number) in enumerate(order):
        if (article, number - 1) in order:
            assert order[k - 1] == (article, number - 1)  # right after its predecessor
    # Runs follow one another by where their first sentence sits in its article (ties: article order).
    sizes = {a: len(digest.documents[a].sentences) for a, _ in order}
    heads = [(n / sizes[a], a) for a, n in order if (a, n - 1) not in order]
    assert heads == sorted(heads)
