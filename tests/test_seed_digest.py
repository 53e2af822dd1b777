"""The canonical end-to-end case: the five-outlet seed cluster."""

from __future__ import annotations

import re

import pytest

from newsweave import summarize
from newsweave.ingest import read_clusters

from helpers import seed_paths

BOILERPLATE = re.compile(
    r"Related news|Latest News|licensed under|Creative Commons|donors|click here|MH/PA|"
    r"Iran Says Missile Work Will Continue Despite Western Pressure$",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def digest():
    cluster = next(read_clusters([str(p) for p in seed_paths()]))
    return summarize(cluster)


def test_length_is_within_ten_percent_of_budget(digest):
    assert 225 <= digest.word_count <= 275


def test_no_boilerplate_in_summary(digest):
    for sentence in digest.sentences:
        assert not BOILERPLATE.search(sentence.text), sentence.text


def test_every_sentence_cites_its_exact_span(digest):
    for sentence in digest.sentences:
        cite = sentence.citation
        document = digest.documents[cite.article]
        # A rewritten sentence ("The French foreign minister [Jean-Yves Le Drian] added: …")
        # cites the article's own words, kept as ``original``.
        assert document.text[cite.start : cite.end] == (sentence.original or sentence.text)
        if sentence.original:
            assert "[" in sentence.text and "[" not in sentence.original
        for other in sentence.also_in:
            assert other.article != cite.article
            assert digest.documents[other.article].text[other.start : other.end]


def test_shared_facts_are_merged_with_also_in():
    # centrality favours what several outlets say, so its digest of the seeds holds
    # shared facts; the default (learned) digest of them happens to hold none.
    cluster = next(read_clusters([str(p) for p in seed_paths()]))
    merged = [s for s in summarize(cluster, method="centrality").sentences if s.also_in]
    assert len(merged) >= 2


def test_sources_are_named_after_files(digest):
    assert [s.name for s in digest.sources] == [f"article-{i}" for i in range(1, 6)]


def test_cleaning_removed_the_known_furniture(digest):
    rules = {(r.article, r.rule) for r in digest.removed}
    assert (1, "repeated-line") in rules  # the headline printed three times
    assert (1, "navigation") in rules  # "Related news"
    assert (3, "navigation") in rules  # "Latest News"
    assert (0, "licence-footer") in rules  # Mehr's Creative Commons footer
    assert (4, "licence-footer") in rules  # the think tank's donor notice
    kept = " ".join(d.text for d in digest.documents)
    assert "Creative Commons" not in kept
    assert "Related news" not in kept
    assert "donors" not in kept


def test_same_input_same_output():
    cluster = next(read_clusters([str(p) for p in seed_paths()]))
    assert summarize(cluster) == summarize(cluster)
