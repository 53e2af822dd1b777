"""Syndicated copies count: an outlet running another's wire copy is cited wherever the original is.

The articles are invented for these tests: Harbourline Wire's story, run by Eastbrook
Courier word for word (or, in the variant, under its own headline, with a footer, an edited
sentence and the last two paragraphs cut), and Valley Sentinel's own story of the same flood.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from newsweave import Article, Cluster, summarize
from newsweave.analyze.entities import entities_available
from newsweave.clean import prepare
from newsweave.cli import main
from newsweave.models import Sentence
from newsweave.render import render
from newsweave.render.html_report import span_id
from newsweave.syndication import MATCH, align, overlap
from newsweave.vectors import word_tokens
from test_html_report import Page, assert_well_formed

WIRE = """CORROWICK, June 9 (Harbourline Wire) — Floodwater from the Ashgrove reservoir forced 1,200 residents of \
Corrowick from their homes on Sunday after a spillway gate jammed during a night of heavy rain.

The regional water authority said the gate on the eastern spillway stopped moving at about 2 a.m., sending water \
over the embankment and into the low streets around Millbank Road.

Emergency crews used boats to reach families trapped on upper floors, and no deaths or serious injuries had been \
reported by Sunday evening.

"We had a mechanical failure at the worst possible moment," said Oona Varga, the authority's chief executive. "Our \
engineers freed the gate by mid-morning and the water level is now falling."

The Ashgrove dam was built in 1964 and its gates were last overhauled in 2011, according to the authority's annual \
report.

Mayor Tobias Hale said the town would ask the national government for emergency funds to repair roads and drains.

Residents were sheltering at the Corrowick sports hall and two schools, where the Red Cross handed out blankets and \
hot meals.

Forecasters expect more rain on Tuesday, and the authority said it had lowered the reservoir by two metres as a \
precaution."""

# Eastbrook Courier's version: its own headline, the wire's dateline, one sentence edited,
# the last two paragraphs cut and a footer added.
VARIANT = """Reservoir Gate Failure Floods Corrowick Streets

CORROWICK, June 9 (Harbourline Wire) — Floodwater from the Ashgrove reservoir forced 1,200 residents of \
Corrowick from their homes on Sunday after a spillway gate jammed during a night of heavy rain.

The regional water authority said the gate on the eastern spillway stopped moving at about 2 a.m., sending water \
over the embankment and into the low streets around Millbank Road.

Emergency crews used boats to reach families trapped on upper floors, and no deaths or serious injuries had been \
reported by Sunday evening.

"We had a mechanical failure at the worst possible moment," said Oona Varga, the authority's chief executive. "Our \
engineers freed the gate by mid-morning and the water level is now falling."

The Ashgrove dam was built in 1964 and its gates were last overhauled in 2011, according to the authority's annual \
report.

Mayor Tobias Hale said on Sunday that the town would ask the national government for emergency funds to repair \
roads and drains.

Click here to subscribe to the Eastbrook Courier morning newsletter."""

OWN = """Shopkeepers on Millbank Road spent Monday shovelling mud out of their premises, a day after floodwater from \
the Ashgrove reservoir swept through the lower part of Corrowick.

Hardware store owner Petra Lindholm said the water had reached the top of her counter within twenty minutes. "I have \
lived here for thirty years and never seen anything like it," she said.

Volunteers from the rowing club ferried elderly neighbours to dry ground before the first rescue boats arrived, \
residents said.

Insurers estimate the damage to homes and businesses at about $8 million, according to the regional chamber of \
commerce.

The town council will hold an emergency meeting on Wednesday to discuss compensation for traders who lost stock.

Floodwater from the Ashgrove reservoir forced about 1,200 people in Corrowick to leave their homes on Sunday, \
officials said."""

NAMES = ("Harbourline Wire", "Eastbrook Courier", "Valley Sentinel")


def flood(copy: str) -> Cluster:
    texts = (WIRE, copy, OWN)
    return Cluster(id="corrowick-flood", articles=tuple(Article(t, source=n) for t, n in zip(texts, NAMES, strict=True)))


def words(text: str) -> Counter[str]:
    return Counter(word_tokens(text))


@pytest.fixture(scope="module", params=["verbatim", "variant"])
def case(request) -> tuple[str, object]:
    copy = WIRE if request.param == "verbatim" else VARIANT
    return request.param, summarize(flood(copy), words=300)


def test_cleaning_still_reports_the_copy_and_keeps_its_text():
    for copy in (WIRE, VARIANT):
        prepared = prepare(flood(copy))
        assert prepared.documents[1].text == "" and prepared.documents[1].sentences == ()  # ranking sees one voice
        assert prepared.documents[1].copy_of == 0
        (kept,) = prepared.copies
        assert (kept.index, kept.copy_of) == (1, 0)
        for sentence in kept.sentences:
            assert kept.text[sentence.start : sentence.end] == sentence.text
        (removal,) = [r for r in prepared.removed if r.rule == "duplicate-article"]
        assert removal.article == 1
        assert "duplicate of article 1 (Harbourline Wire)" in removal.reason
        assert "cited with it" in removal.reason


def test_the_copy_is_cited_on_every_sentence_it_carried(case):
    name, digest = case
    wire, copy = digest.documents[0], digest.documents[1]
    carried = [s for s in digest.sentences if 0 in s.articles]
    assert len(carried) >= 4
    for s in carried:
        wire_text = next(c for c in (s.citation, *s.also_in) if c.article == 0)
        sentence = wire.text[wire_text.start : wire_text.end]
        in_copy = [c for c in s.also_in if c.article == 1]
        best = max(overlap(words(sentence), words(t.text)) for t in copy.sentences)
        assert bool(in_copy) == (best >= MATCH), (name, sentence)
        for c in in_copy:
            assert c.source == "Eastbrook Courier"
            shown = copy.text[c.start : c.end]
            if name == "verbatim" or sentence in copy.text:
                assert shown == sentence
            else:
                assert overlap(words(shown), words(sentence)) >= MATCH
        # The copy comes right after its original in the markers.
        articles = list(s.articles)
        if in_copy:
            assert articles[articles.index(0) + 1] == 1
    if name == "variant":
        # The edited sentence cites the copy's own wording; the paragraphs the copy cut do not cite it.
        mayor = next(s for s in carried if s.text.startswith("Mayor Tobias Hale"))
        (c,) = [c for c in mayor.also_in if c.article == 1]
        assert copy.text[c.start : c.end].startswith("Mayor Tobias Hale said on Sunday that")
        cut = [s for s in carried if s.text.startswith(("Residents were sheltering", "Forecasters"))]
        assert cut and all(1 not in s.articles for s in cut)
    else:
        assert all(1 in s.articles for s in carried)


def test_the_copy_is_not_a_second_voice_in_ranking():
    # Same sentences, sources and scores as with the copy's article left empty: the copy only adds citations.
    alone = summarize(Cluster("corrowick-flood", (Article(WIRE), Article(""), Article(OWN))), words=300)
    for copy in (WIRE, VARIANT):
        digest = summarize(flood(copy), words=300)
        assert [(s.text, s.citation.article, s.citation.start, s.score) for s in digest.sentences] == [
            (s.text, s.citation.article, s.citation.start, s.score) for s in alone.sentences
        ]
        assert [[c.article for c in s.also_in if c.article != 1] for s in digest.sentences] == [
            [c.article for c in s.also_in] for s in alone.sentences
        ]


def test_agreement_lists_the_copy_and_no_wire_fact_is_single_source(case):
    name, digest = case
    a = digest.analysis
    copy = digest.documents[1]
    assert a.agreement
    for fact in a.agreement:
        for c in fact.citations:
            assert digest.documents[c.article].text[c.start : c.end]
        if 0 in fact.articles and fact.citations[0].article == 0 and fact.text in copy.text:
            assert 1 in fact.articles
    assert any(set(f.articles) == {0, 1, 2} for f in a.agreement)  # the wire's lead, also in the Sentinel
    wire_only = [f for f in a.agreement if set(f.articles) == {0, 1}]  # stated by the wire and its copy
    assert wire_only
    # The last of the shared facts: independent agreement ranks first.
    assert a.agreement.index(wire_only[0]) > max(i for i, f in enumerate(a.agreement) if 2 in f.articles)
    # "Reported by one outlet only" lists only what the copy does not carry.
    for fact in a.exclusive:
        assert fact.articles != (1,)
        if fact.articles == (0,):
            best = max(overlap(words(fact.text), words(t.text)) for t in copy.sentences)
            assert best < MATCH
    assert any(f.articles == (2,) for f in a.exclusive)  # the Sentinel's own reporting stays its own
    if name == "verbatim":
        assert all(f.articles != (0,) for f in a.exclusive)


@pytest.mark.skipif(not entities_available(), reason="entities need the nlp extra")
def test_entity_coverage_counts_the_copy(case):
    _, digest = case
    entities = {e.name: e for e in digest.analysis.entities}
    assert set(entities["Oona Varga"].articles) == {0, 1}  # named by the wire and its copy only
    assert set(entities["Tobias Hale"].articles) == {0, 1}
    assert set(entities["Corrowick"].articles) == {0, 1, 2}
    assert entities["Petra Lindholm"].articles == (2,)


def test_sources_say_which_article_is_a_copy_of_which(case):
    _, digest = case
    assert [s.copy_of for s in digest.sources] == [None, 0, None]
    assert digest.sources[1].words == len(digest.documents[1].text.split()) > 0
    text = render(digest, "text")
    assert "\n[2] Eastbrook Courier — copy of [1]\n" in text
    assert "no text kept" not in text
    assert "[^2]: Eastbrook Courier — copy of \\[1\\]" in render(digest, "markdown")
    data = json.loads(render(digest, "json"))
    assert [s["copy_of"] for s in data["sources"]] == [None, 0, None]


def test_html_report_shows_and_highlights_the_copy(case):
    _, digest = case
    html = render(digest, "html")
    page = assert_well_formed(digest, html)  # every cited span, the copy's too, holds exactly its text
    copy_spans = [c for s in digest.sentences for c in s.also_in if c.article == 1]
    assert copy_spans
    links = {a.get("href") for a in Page(html).links()}
    for c in copy_spans:
        sid = span_id(1, c.start, c.end)
        assert f"#{sid}" in links
        assert page.span_text(sid).split() == digest.documents[1].text[c.start : c.end].split()
    assert "copy of" in html


def test_a_copy_of_a_copy_is_cited_with_the_original():
    texts = (WIRE, WIRE, OWN, WIRE)
    digest = summarize(Cluster("three", tuple(Article(t, source=f"Outlet {k}") for k, t in enumerate(texts))))
    assert [s.copy_of for s in digest.sources] == [None, 0, None, 0]
    for s in digest.sentences:
        if 0 in s.articles:
            assert {1, 3} <= set(s.articles)


def test_cli_text_and_json_show_the_copy(tmp_path):
    for name, text in zip(("a-wire.txt", "b-courier.txt", "c-sentinel.txt"), (WIRE, WIRE, OWN), strict=True):
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [str(p) for p in sorted(tmp_path.glob("*.txt"))]
    result = CliRunner().invoke(main, ["summarize", *paths])
    assert result.exit_code == 0, result.output
    body, _, rest = result.stdout.partition("\nSources\n")
    assert "[2] b-courier — copy of [1]" in rest
    lines = body.splitlines()
    assert any(line.endswith("[1][2]") for line in lines)
    assert not any(line.endswith("[1]") for line in lines)  # the copy is cited on every wire sentence
    single = rest.partition("Reported by one outlet only\n")[2].partition("\n\n")[0]
    assert not any(line.startswith("[1] ") for line in single.splitlines())
    result = CliRunner().invoke(main, ["summarize", "--format", "json", *paths])
    data = json.loads(result.stdout)
    assert data["sources"][1]["copy_of"] == 0
    wire = [s for s in data["sentences"] if s["article"] == 0]
    assert wire and all(any(c["article"] == 1 for c in s["also_in"]) for s in wire)
    assert any(f["articles"][:2] == [0, 1] for f in data["analysis"]["agreement"])


def _sentences(article: int, *texts: str) -> tuple[Sentence, ...]:
    out, at = [], 0
    for k, text in enumerate(texts):
        out.append(Sentence(article, k, at, at + len(text), text))
        at += len(text) + 1
    return tuple(out)


def test_align_pairs_equal_then_edited_sentences_and_leaves_out_what_the_copy_cut():
    original = _sentences(
        0,
        "Floodwater forced 1,200 residents of Corrowick from their homes on Sunday.",
        "Mayor Tobias Hale said the town would ask for emergency funds to repair roads.",
        "Forecasters expect more rain on Tuesday.",
    )
    copy = _sentences(
        1,
        "Mayor Tobias Hale said on Sunday the town would ask for emergency funds to repair roads.",
        "FLOODWATER forced 1,200 residents of Corrowick from their homes on Sunday!",  # case and punctuation only
        "Click here to subscribe to our newsletter.",
    )
    pairs = {o.position: (c.position, round(score, 2)) for o, c, score in align(original, copy)}
    assert pairs[0] == (1, 1.0)  # word for word
    assert pairs[1][0] == 0 and MATCH <= pairs[1][1] < 1.0  # "on Sunday" added
    assert 2 not in pairs  # the copy does not carry it
