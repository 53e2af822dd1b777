"""Property-based tests over the whole pipeline (hypothesis; profile "ci" in tests/strategies.py).

For any input: nothing but a NewsweaveError escapes, the digest keeps to its word budget,
every citation points inside its article's cleaned text and reproduces the sentence, and
the same input gives the same digest.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsweave
from newsweave.errors import NewsweaveError
from newsweave.ingest import read_clusters
from newsweave.ingest.html import article_from_html
from newsweave.render.json_format import to_dict
from strategies import cluster

settings.load_profile("ci")
WORDS = 60


def check_digest(digest: newsweave.Digest) -> None:
    """The properties every digest has."""
    assert digest.word_count <= math.ceil(WORDS * 1.1) or len(digest.sentences) == 1
    for s in digest.sentences:
        for c in (s.citation, *s.also_in):
            text = digest.documents[c.article].text
            assert 0 <= c.start < c.end <= len(text)
        c = s.citation
        assert digest.documents[c.article].text[c.start : c.end] == (s.original or s.text)


def summarize_or_error(texts, **settings_) -> str:
    """The digest as JSON, or the error's class name: what must be the same on every run."""
    try:
        digest = newsweave.summarize(texts, words=WORDS, **settings_)
    except NewsweaveError as err:
        return type(err).__name__
    check_digest(digest)
    return json.dumps(to_dict(digest), sort_keys=True)


@given(cluster)
def test_summarize_without_analysis(texts):
    first = summarize_or_error(texts, analysis=False)
    assert summarize_or_error(texts, analysis=False) == first


@settings(max_examples=25)
@given(cluster)
def test_summarize_with_analysis(texts):
    summarize_or_error(texts, analysis=True)


@settings(max_examples=60)
@given(st.lists(st.one_of(st.text(max_size=200), st.none(), st.integers(), cluster), max_size=3))
def test_jsonl_ingest(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("fuzz") / "in.jsonl"
    lines = [json.dumps({"id": f"c{i}", "documents": v}) for i, v in enumerate(values)]
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        items = list(read_clusters([path]))
    except NewsweaveError:  # an empty file: reported, not an escape
        return
    for item in items:
        if not isinstance(item, NewsweaveError):
            summarize_or_error(item, analysis=False)


@settings(max_examples=60)
@given(cluster)
def test_html_ingest(texts):
    html = "<html><head><title>T</title></head><body>" + "".join(f"<p>{t}</p>" for t in texts) + "</body></html>"
    try:
        article = article_from_html(html, "page.html", source="page.html")
    except NewsweaveError:
        return
    summarize_or_error([article], analysis=False)


@pytest.mark.parametrize("bad", [None, 3, "one string", [1, 2], {"a": 1}])
def test_bad_arguments_raise_newsweave_errors(bad):
    with pytest.raises(NewsweaveError):
        newsweave.summarize(bad)
