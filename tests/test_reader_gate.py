"""The reader-level gate: on fulltext-dev the default digest has no orphans, no quotation pieces, no datelines.

Thresholds are issue 9's targets; ``python benchmarks/reader_eval.py`` prints the full table.
"""

from __future__ import annotations

import sys

import pytest

from helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import reader_eval  # noqa: E402


@pytest.fixture(scope="module")
def fulltext():
    from newsweave.ingest import read_clusters
    from newsweave.models import Cluster

    clusters = [c for c in read_clusters([str(reader_eval.FULLTEXT)]) if isinstance(c, Cluster)]
    row, _ = reader_eval.measure(reader_eval.digests_for(clusters, "default", 250))
    return row


def test_the_default_digest_reads_in_order(fulltext):
    assert fulltext["digests"] >= 90
    assert fulltext["orphan openers"] <= 0.02
    assert fulltext["unbalanced quotes"] <= 0.01
    assert fulltext["dateline openers"] == 0
    assert fulltext["quote first"] == 0
    assert fulltext["headline"] == 1.0


def test_the_benchmark_flags_what_a_reader_trips_over():
    assert reader_eval.leaning_opener("He added that the bridge would reopen.")
    assert reader_eval.leaning_opener("The spokesman said the ferry would run late.")
    assert not reader_eval.leaning_opener("The spokesman, Ali Rabiei, said the ferry would run late.")
    assert not reader_eval.leaning_opener("There are two ferries an hour.")
    assert reader_eval.unbalanced('"We waited ten years for this bridge.')
    assert not reader_eval.unbalanced('"We waited ten years," Holt said.')
    assert reader_eval.dateline("LOS ANGELES (Reuters) - The city said.")
    assert reader_eval.dateline("(CNN) The senator said.")
    assert not reader_eval.dateline("NATO said on Monday it would help.")
