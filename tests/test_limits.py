"""Input limits (newsweave.limits): oversize input is cut before cleaning, and the cut is reported."""

from __future__ import annotations

import pytest

import newsweave
from newsweave.errors import OptionsError, TimeBudgetError
from newsweave.limits import Deadline, limit_cluster
from newsweave.models import Article, Cluster
from newsweave.options import Options, load_options

from helpers import sentences


def rules(digest):
    return [r.rule for r in digest.removed]


def test_one_paragraph_article_over_the_word_limit_is_cut_near_it():
    # Broke before: the cut looked for the next line break after the limit, which a
    # one-paragraph page puts at its very end, so 500,000 words were read (about 18 s).
    text = " ".join(["The council met again today."] * 2_000) + "\n\nEnd."
    limited, removed = limit_cluster(Cluster("c", (Article(text),)), Options(max_article_words=1_000))
    assert len(limited.articles[0].text.split()) <= 1_000
    assert [r.rule for r in removed] == ["length-limit"]
    assert "words not read" in removed[0].reason


def test_run_without_spaces_is_taken_out_and_reported():
    # Broke before: cleaning's patterns cost time quadratic in a run without a space.
    digest = newsweave.summarize(["x" * 40_000 + " " + sentences(8), sentences(8, "harbour")], analysis=False)
    assert "long-word" in rules(digest)
    assert all("xxxx" not in s.text for s in digest.sentences)


def test_article_over_the_character_limit_is_cut_below_spacys_max_length():
    # Broke before: with the nlp extra, a 2.6 MB article ended in spaCy's E088 ValueError.
    text = " ".join([sentences(5)] * 40)
    limited, removed = limit_cluster(Cluster("c", (Article(text),)), Options(max_article_chars=5_000))
    assert len(limited.articles[0].text) <= 5_000
    assert removed[0].rule == "length-limit" and "characters not read" in removed[0].reason


def test_articles_after_the_cluster_limit_keep_their_index_with_no_text():
    articles = [Article(sentences(3, t)) for t in ("council", "harbour", "bridge")]
    limited, removed = limit_cluster(Cluster("c", tuple(articles)), Options(max_cluster_articles=2))
    assert [a.text for a in limited.articles][2] == ""
    assert [(r.article, r.rule) for r in removed] == [(2, "cluster-limit")]


def test_cluster_over_its_word_limit_cuts_the_longest_articles_first():
    short, long = sentences(3), " ".join([sentences(6, "harbour")] * 20)
    limited, removed = limit_cluster(Cluster("c", (Article(short), Article(long))), Options(max_cluster_words=400))
    assert limited.articles[0].text == short
    assert sum(len(a.text.split()) for a in limited.articles) <= 400
    assert [(r.article, r.rule) for r in removed] == [(1, "cluster-limit")]


def test_limits_are_in_the_digest_json():
    from newsweave.render.json_format import to_dict

    text = " ".join([sentences(6)] * 30)
    digest = newsweave.summarize([text, sentences(6, "harbour")], analysis=False, max_article_words=200)
    assert any(r["rule"] == "length-limit" for r in to_dict(digest)["removed"])


def test_time_budget_passed_in_cleaning_raises_a_newsweave_error():
    with pytest.raises(TimeBudgetError, match="time budget"):
        newsweave.summarize([sentences(6), sentences(6, "harbour")], analysis=False, time_budget=1e-9)


def test_time_budget_passed_in_the_analysis_leaves_sections_out_with_a_note():
    from newsweave.analyze import analyze_cluster
    from newsweave.clean import prepare
    from newsweave.vectors import ClusterVectors

    prepared = prepare(Cluster("c", (Article(sentences(6)), Article(sentences(6, "harbour")))))
    ticks = iter(range(0, 1000, 10))
    analysis = analyze_cluster(
        prepared, ClusterVectors.build(prepared), Options(), deadline=Deadline(5, clock=lambda: next(ticks))
    )
    assert analysis.agreement == () and analysis.timeline == ()
    assert any("time budget" in u for u in analysis.unavailable)


@pytest.mark.parametrize(
    "name,value",
    [("max_article_chars", 2_000_000), ("max_word_chars", 3), ("max_cluster_articles", 0), ("time_budget", -1)],
)
def test_impossible_limits_are_refused(name, value):
    with pytest.raises(OptionsError, match=name):
        load_options(**{name: value})
