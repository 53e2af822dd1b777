"""Headlines from the outlets' titles or the lede, and datelines cleaned wherever a sentence starts with one."""

from __future__ import annotations

import json

import pytest

from newsweave import Article, Cluster, summarize
from newsweave.clean import prepare
from newsweave.headline import clean_title, headline_from_sentence
from newsweave.ingest import read_clusters
from newsweave.render import render

from helpers import make_cluster, seed_paths

_STORY = (
    "A section of the Harbour Street footbridge in Portvale collapsed on Monday, injuring 14 people.\n\n"
    "Fire crews pulled nine of the injured from the harbour within forty minutes.\n\n"
    "The city council ordered an independent review of every bridge in the harbour district."
)
_OTHER = (
    "Portvale's harbour footbridge gave way during the Monday morning rush, hurting 14 commuters.\n\n"
    "Ferry departures were moved to the north pier while the wreckage is cleared from the channel.\n\n"
    "Engineers will examine the supports on the market side of the collapsed footbridge this week."
)


def test_an_outlet_title_becomes_the_headline_without_its_site_name():
    cluster = Cluster(
        id="bridge",
        articles=(
            Article(text=_STORY, source="Meridian Wire", title="Portvale footbridge collapses, injuring 14 - Meridian Wire"),
            Article(text=_OTHER, source="Coastline Daily", title="Read our newsletter for more harbour stories"),
        ),
    )
    digest = summarize(cluster, analysis=False)
    assert digest.headline.text == "Portvale footbridge collapses, injuring 14"
    assert (digest.headline.article, digest.headline.origin) == (0, "title")


def test_a_title_line_scraped_into_the_text_is_a_candidate():
    page = "Footbridge Collapse Injures 14 in Portvale Harbour\n\n" + _STORY
    digest = summarize(make_cluster([page, _OTHER], sources=["Wire", "Daily"]), analysis=False)
    assert digest.headline.text == "Footbridge Collapse Injures 14 in Portvale Harbour"
    assert digest.headline.origin == "heading"
    assert digest.documents[0].headings == ("Footbridge Collapse Injures 14 in Portvale Harbour",)


def test_without_titles_the_lede_is_cut_to_a_headline():
    digest = summarize(make_cluster([_STORY, _OTHER]), analysis=False)
    assert digest.headline.origin == "lede"
    lede = digest.sentences[0].text
    assert lede.startswith(digest.headline.text.rstrip(" …"))
    assert 4 <= len(digest.headline.text.split()) <= 18


@pytest.mark.parametrize(
    "sentence, headline",
    [
        (
            "A section of the Harbour Street footbridge in Portvale collapsed on Monday, injuring 14 people.",
            "A section of the Harbour Street footbridge in Portvale collapsed on Monday",
        ),
        (
            "Engineers began examining the wreckage on Tuesday, a day after part of the bridge fell.",
            "Engineers began examining the wreckage on Tuesday",
        ),
        (
            "A U.S. Navy trainee died last week after passing out in a training pool in California.",
            "A U.S. Navy trainee died last week",
        ),
        (  # the main clause, not the phrase that introduces it
            "During a heated hearing on the bridge budget, Holt rejected calls for her resignation.",
            "Holt rejected calls for her resignation",
        ),
        (  # unless the main clause points back into it
            "A day after the bridge fell, an auction house began selling photographs he took of it.",
            "A day after the bridge fell, an auction house began selling photographs he took of it",
        ),
        (  # an appositive comma is not the end of the clause
            "Dean Holt, a harbour engineer, said the supports had rusted through.",
            "Dean Holt, a harbour engineer, said the supports had rusted through",
        ),
    ],
)
def test_headline_from_sentence(sentence, headline):
    assert headline_from_sentence(sentence) == headline


def test_a_long_lede_is_cut_at_a_word_boundary_and_marked():
    long = (
        "The council of the small harbour city of Portvale voted on Tuesday night to spend two point three million"
        " dollars rebuilding the collapsed footbridge that links the market to the ferry terminal."
    )
    cut = headline_from_sentence(long)
    assert cut.endswith(" …") and len(cut.split()) <= 15
    assert cut.split()[-2].lower() not in {"the", "of", "to", "a"}


@pytest.mark.parametrize(
    "title, source, clean",
    [
        ("Footbridge collapses in Portvale | Coastline Daily", None, "Footbridge collapses in Portvale"),
        ("Footbridge collapses in Portvale, 14 injured — Northwind Press", "Northwind Press", "Footbridge collapses in Portvale, 14 injured"),
        ("ANALYSIS: How deferred maintenance brought down a bridge", None, "How deferred maintenance brought down a bridge"),
        ("Iran - US talks stall", None, "Iran - US talks stall"),
    ],
)
def test_clean_title(title, source, clean):
    assert clean_title(title, source) == clean


def test_every_format_carries_the_headline():
    digest = summarize(make_cluster([_STORY, _OTHER]), analysis=False)
    text = digest.headline.text
    assert render(digest, "text").splitlines()[0] == text
    assert render(digest, "markdown").splitlines()[0] == f"## {text}"
    data = json.loads(render(digest, "json"))
    assert data["headline"] == {"text": text, "article": digest.headline.article, "source": "Article 1", "origin": "lede"}
    assert f"<h1>{text}</h1>" in render(digest, "html")


def test_the_seed_headline_is_one_of_its_outlets_title_lines():
    cluster = next(c for c in read_clusters([str(p) for p in seed_paths()]) if isinstance(c, Cluster))
    digest = summarize(cluster, analysis=False)
    raw = "\n".join(a.text for a in cluster.articles)
    assert digest.headline.origin == "heading" and digest.headline.text in raw


# --- datelines and wire credits ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "opening, removed",
    [
        ("LOS ANGELES (Reuters) - ", "LOS ANGELES (Reuters) -"),
        ("(CNN) ", "(CNN)"),
        ("BEDFORD, Pa. (WJAC) – ", "BEDFORD, Pa. (WJAC) –"),
        ("PRETORIA/KHARTOUM (Reuters) - ", "PRETORIA/KHARTOUM (Reuters) -"),
        ("CARACAS, Venezuela—", "CARACAS, Venezuela—"),
        ("TEHRAN – ", "TEHRAN –"),
    ],
)
def test_a_dateline_at_the_start_is_removed(opening, removed):
    prepared = prepare(make_cluster([opening + _STORY]))
    assert prepared.documents[0].text.startswith("A section of the Harbour Street")
    assert [r.text for r in prepared.removed if r.rule == "dateline"] == [removed]


def test_a_dateline_after_a_kept_line_or_glued_to_a_caption_is_removed():
    kept_first = (
        "Crews worked through the night at the harbour, where the wreckage still blocks the channel.\n\n"
        "PORTVALE, Maine (AP) — " + _STORY
    )
    glued = "Rescue crews at the quay on Monday were seen from the ferry. WASHINGTON (AP) — " + _STORY
    for text in (kept_first, glued):
        prepared = prepare(make_cluster([text]))
        assert "(AP)" not in prepared.documents[0].text
        assert any(r.rule == "dateline" for r in prepared.removed)


def test_capitals_and_a_dash_later_in_the_text_are_prose_not_a_dateline():
    text = _STORY + "\n\nNATO — the alliance of 32 countries — said it would send divers to help the search."
    prepared = prepare(make_cluster([text]))
    assert "NATO — the alliance" in prepared.documents[0].text
    assert not any(r.rule == "dateline" for r in prepared.removed)
