"""The cross-source analysis: agreement, single-source facts, conflicts, provenance."""

from __future__ import annotations

import pytest

from newsweave import summarize
from newsweave.demo import demo_cluster
from newsweave.ingest import read_clusters

from helpers import seed_paths


@pytest.fixture(scope="module")
def demo():
    return summarize(demo_cluster())


@pytest.fixture(scope="module")
def seeds():
    return summarize(next(read_clusters([str(p) for p in seed_paths()])))


def test_demo_conflicts_are_the_planted_ones(demo):
    found = {tuple(sorted({v.value for v in c.versions})): c for c in demo.analysis.conflicts}
    assert set(found) == {("14", "17"), ("2019", "2021"), ("$2.3 million", "$3.1 million")}
    injured = found[("14", "17")]
    by_value = {v.value: {x.citation.article for x in injured.versions if x.value == v.value} for v in injured.versions}
    assert by_value == {"14": {0, 1}, "17": {2}}  # agency and wire say 14, the local paper 17
    assert found[("2019", "2021")].kind == "date"


def test_seed_outlets_agree_on_their_figures(seeds):
    assert seeds.analysis.conflicts == ()


def test_agreement_groups_shared_facts_across_outlets(demo, seeds):
    hospital = [f for f in demo.analysis.agreement if "St. Aldric" in f.text]
    assert hospital and len(hospital[0].articles) == 3
    louvre = [f for f in seeds.analysis.agreement if "Louvre" in f.text or "archaeological" in f.text]
    assert louvre and set(louvre[0].articles) == {1, 3}


def test_exclusive_facts_come_from_one_outlet_and_are_not_shared(demo):
    shared_spans = {(c.article, c.start) for f in demo.analysis.agreement for c in f.citations}
    assert {f.articles[0] for f in demo.analysis.exclusive} == {0, 1, 2, 3}
    for fact in demo.analysis.exclusive:
        assert len(fact.citations) == 1
        assert (fact.citations[0].article, fact.citations[0].start) not in shared_spans


def test_every_analysis_span_points_at_its_text(demo, seeds):
    for digest in (demo, seeds):
        docs = digest.documents
        a = digest.analysis
        for speaker in a.speakers:
            for q in speaker.quotes:
                assert docs[q.article].text[q.start : q.end] == q.text
        for fact in (*a.agreement, *a.exclusive):
            c = fact.citations[0]
            assert docs[c.article].text[c.start : c.end] == fact.text
        for conflict in a.conflicts:
            for v in conflict.versions:
                assert docs[v.citation.article].text[v.citation.start : v.citation.end] == v.text
                assert v.value in v.text


def test_analysis_can_be_turned_off():
    assert summarize(demo_cluster(), analysis=False).analysis is None
