"""The support check: a supported sentence passes, each kind of error fails with the right kind, the CLI."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from newsweave.check import FAILURE_KINDS, Checker, check_claim, check_sentence
from newsweave.check.background import Background, background, count_clusters
from newsweave.check.dates import date_keys
from newsweave.check.features import FEATURES, NOVEL_RARE, feature_vector
from newsweave.check.model import MODEL_PATH, load_model
from newsweave.check.negation import negations
from newsweave.check.numbers import quantities, same_amount
from newsweave.cli import main
from newsweave.errors import InputError, NewsweaveError

from helpers import SEEDS

SOURCES = [
    "Iran on Tuesday rejected a French call to negotiate over its ballistic missile programme. "
    '"Our missile programme is not negotiable," foreign ministry spokesman Bahram Qassemi said. '
    "French Foreign Minister Jean-Yves Le Drian is due in Tehran next week.",
    "The agency said the repairs would cost $5 billion and take 21 months. "
    "Officials said 14 people were injured when the bridge collapsed on Monday. "
    '"We will rebuild it stronger than before," said Mayor Anna Lindqvist.',
]


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(SOURCES)


def kinds(check) -> set[str]:
    return {f.kind for f in check.failed}


@pytest.mark.parametrize(
    "sentence",
    [
        "Iran rejected a French call to negotiate over its ballistic missile programme.",
        "Officials said 14 people were injured when the bridge collapsed.",
        "The repairs would cost 5 billion dollars and take twenty-one months, the agency said.",
        "Le Drian is due in Tehran next week.",
        '"Our missile programme is not negotiable," Qassemi said.',
    ],
)
def test_a_supported_sentence_passes(checker, sentence):
    check = checker.check_sentence(sentence)
    assert check.supported, check
    assert check.failed == ()
    assert 0.0 <= check.score <= 1.0
    assert check.supported_by and check.supported_by[0].text in "".join(SOURCES)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Officials said 17 people were injured when the bridge collapsed on Monday.", "number"),
        ("The agency said the repairs would cost $9 billion and take 21 months.", "number"),
        ("Officials said 14 people were injured when the bridge collapsed on Friday.", "date"),
        ("Iran on Tuesday did not reject a French call to negotiate over its ballistic missile programme.", "negation"),
        ('"Our missile programme is negotiable," Qassemi said.', "quote"),
        ('"Our missile programme is not negotiable," said Mayor Anna Lindqvist.', "speaker"),
        ("French Foreign Minister Laurent Fabius is due in Tehran next week.", "name"),
    ],
)
def test_an_injected_error_fails_with_its_kind(checker, sentence, kind):
    check = checker.check_sentence(sentence)
    assert not check.supported, check
    assert kind in kinds(check), check.failed
    assert all(f.kind in FAILURE_KINDS and f.detail for f in check.failed)


LOWERCASED = [
    "the council met on monday after the bridge collapsed. anna lindqvist, the mayor, attended the meeting with engineers. "
    '" we will rebuild it stronger than before, " said bob jones, who leads the repair crew. the council agreed to pay.',
    "the hospital took in the injured. "
    '" most of them will go home this week, " said a city official. doctors were still treating two people.',
    "the repair plan was published on friday, with a timetable for the work and a list of the contractors. "
    '" the bridge will open again in may, and the crews will work through the winter to get there, with two shifts a day on the deck and a third on the river banks whenever the weather allows it, and the council will see every invoice, " said the chief '
    "engineer, sam okafor. the work has been slow so far, and the council has waited too long to act.",
]


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        # The source's own attribution names someone else, though the claimed speaker is named nearby.
        ('" we will rebuild it stronger than before, " anna lindqvist said.', True),
        ('" we will rebuild it stronger than before, " jones said.', False),
        # A described speaker: another description of the same person passes, one sharing no word does not.
        ('" most of them will go home this week, " a city spokesman says.', False),
        ('" most of them will go home this week, " a police officer says.', True),
        # The source's attribution after a long quotation, and its last word naming the speaker.
        ('" the bridge will open again in may, and the crews will work through the winter to get there, with two shifts a day on the deck and a third on the river banks whenever the weather allows it, and the council will see every invoice, " said engineer sam okafor.', False),
        ('" the bridge will open again in may, and the crews will work through the winter to get there, with two shifts a day on the deck and a third on the river banks whenever the weather allows it, and the council will see every invoice, " said anna lindqvist.', True),
        # A columnist quoted from their own column, named nowhere in the sources: not contradicted.
        ('" the council has waited too long to act, " writes dana milbank.', False),
        # Named nowhere, but the source gives the quotation to someone: contradicted.
        ('" we will rebuild it stronger than before, " said dana milbank.', True),
    ],
)
def test_a_quotation_keeps_the_speaker_the_source_gives_it(sentence, wrong):
    signals, _ = Checker(LOWERCASED, entities=False).signals(sentence)
    assert not signals.quotes_missing
    assert bool(signals.speakers_wrong) is wrong, signals.speakers_wrong


AMOUNTS = [
    "the storm killed 16 people and 292 were hospitalized, officials said on monday. the roads stayed closed for two days.",
    "the mayor said the bill would cost $ 13 million a year, with $ 2.6 million of that for repairs.",
]


@pytest.mark.parametrize(
    ("sentence", "crossed"),
    [
        ("So far, 292 people have died and 16 have been hospitalized.", True),
        ("The bill would cost $ 2.6 million a year, with $ 13 million of that for repairs.", True),
        # Reworded, the amounts in another order, each still with its own words: not an exchange.
        ("So far, 16 people have died and 292 have been hospitalized.", False),
        ("Officials said 292 were hospitalized and 16 people were killed.", False),
        ("Of the $ 13 million a year the bill costs, $ 2.6 million is for repairs.", False),
    ],
)
def test_exchanged_amounts_fail_as_numbers(sentence, crossed):
    check = Checker(AMOUNTS, entities=False).check_sentence(sentence)
    signals, _ = Checker(AMOUNTS, entities=False).signals(sentence)
    assert bool(signals.amounts_crossed) is crossed, signals.amounts_crossed
    if crossed:
        assert not check.supported and check.score <= 0.01
        assert any(f.kind == "number" and "exchanged" in f.detail for f in check.failed), check.failed


def test_a_failure_says_what_was_not_found(checker):
    check = checker.check_sentence("Officials said 17 people were injured when the bridge collapsed on Monday.")
    assert any("'17'" in f.detail for f in check.failed if f.kind == "number")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("21 people", "twenty-one people"),
        ("$5-billion", "$5 billion"),
        ("$5 billion", "5 billion dollars"),
        ("$ 5bn", "$5 billion"),
        ("5%", "5 percent"),
        ("8.2 %", "8.2 per cent"),
        ("1.2m euros", "1.2 million euros"),
        ("120,000 jobs", "120000 jobs"),
        ("1.2 million", "1,234,567"),
        ("a dozen eggs", "12 eggs"),
    ],
)
def test_numbers_that_state_the_same_amount_match(a, b):
    (qa,), (qb,) = quantities(a), quantities(b)
    assert same_amount(qa, qb), (qa, qb)


@pytest.mark.parametrize(("a", "b"), [("$5 billion", "€5 billion"), ("5%", "6%"), ("21", "twenty-two"), ("1,234,567", "1.2 million")])
def test_numbers_that_differ_do_not_match(a, b):
    (qa,), (qb,) = quantities(a), quantities(b)
    assert not same_amount(qa, qb)


def test_years_and_clock_times_are_not_amounts():
    assert quantities("In 2018 at 8:30 a.m.") == []
    assert {k for _, keys in date_keys("On Tuesday, March 3, 2018") for k in keys} == {"tue", "m3 3", "2018"}
    assert date_keys("She may go.") == [] and date_keys("in May")[0][1] == {"m5"}


def test_negation_cues_in_both_spellings():
    assert negations("He didn't go") == negations("he didn ' t go") == ["not"]
    assert negations("not only this") == [] and negations("they failed to act") == ["failed"]
    assert negations("She didn't just headline, she debuted a song") == []


def test_a_claim_is_as_supported_as_its_weakest_sentence(checker):
    claim = checker.check_claim("Iran rejected a French call to negotiate its missile programme. The repairs would cost $7 billion.")
    assert len(claim.sentences) == 2
    assert claim.sentences[0].supported and not claim.sentences[1].supported
    assert not claim.supported and claim.score == min(s.score for s in claim.sentences)
    assert claim.failed == claim.sentences[1].failed


def test_a_claim_of_several_lines_is_split_line_by_line(checker):
    claim = checker.check_claim("Officials said 14 people were injured.\nThe repairs would cost $5 billion. They take 21 months.\n")
    assert [s.sentence for s in claim.sentences] == [
        "Officials said 14 people were injured.",
        "The repairs would cost $5 billion.",
        "They take 21 months.",
    ]


def test_cited_spans_limit_what_supports_the_sentence():
    start = SOURCES[1].index("Officials")
    end = SOURCES[1].index("Monday.") + len("Monday.")
    sentence = "Iran rejected a French call to negotiate over its ballistic missile programme."
    assert check_sentence(sentence, SOURCES).supported
    cited = check_sentence(sentence, SOURCES, cited=[(1, start, end)])
    assert not cited.supported and cited.supported_by[0].source == 1
    with pytest.raises(InputError, match="outside the sources"):
        check_sentence(sentence, SOURCES, cited=[(5, 0, 10)])


def test_the_model_loads_from_the_package_and_checks_are_deterministic():
    model = load_model()
    assert MODEL_PATH.is_file() and MODEL_PATH.suffix == ".json" and model.trees
    first = check_claim("Officials said 14 people were injured. The repairs take 21 months.", SOURCES)
    again = check_claim("Officials said 14 people were injured. The repairs take 21 months.", SOURCES)
    assert first == again


def test_a_model_file_for_other_features_is_refused(tmp_path):
    path = tmp_path / "check.json"
    path.write_text(json.dumps({"format": "newsweave-check-trees-1", "features": ["x"], "trees": []}))
    with pytest.raises(NewsweaveError, match="retrain"):
        load_model(path)


def test_a_threshold_outside_0_1_is_an_options_error():
    with pytest.raises(NewsweaveError, match="threshold"):
        Checker(SOURCES, threshold=1.5)


def test_no_sources_supports_nothing():
    check = check_sentence("Officials said 14 people were injured.", [])
    assert not check.supported and kinds(check) == {"number"} | kinds(check)


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_cli_checks_a_summary_against_a_cluster(tmp_path):
    summary = tmp_path / "summary.txt"
    summary.write_text("Iran rejected France's call for talks on its ballistic missile program. It paid $9 billion for them.\n")
    result = run("check", str(summary), "--against", str(SEEDS))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("supported") and any(line.startswith("FLAGGED") for line in lines)
    assert "number: number '$9 billion' is not in the sources" in result.output
    data = json.loads(run("check", str(summary), "--against", str(SEEDS), "--format", "json").output)
    assert [s["supported"] for s in data["sentences"]] == [True, False] and data["supported"] is False


def test_cli_checks_jsonl_pairs_and_reports_bad_lines(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    good = {"id": "a", "claim": "Officials said 14 people were injured when the bridge collapsed.", "sources": SOURCES}
    wrong = {"id": "b", "claim": "Officials said 40 people were injured when the bridge collapsed.", "sources": SOURCES}
    pairs.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "c", "claim": 3, "sources": []}) + "\n" + json.dumps(wrong) + "\n")
    result = run("check", str(pairs))
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["supported"]) for r in rows] == [("a", True), ("b", False)]
    assert set(rows[1]) == {"id", "supported", "score", "failed"} and rows[1]["failed"][0]["kind"] == "number"
    assert f"{pairs}:2: not valid JSON" in result.stderr and f"{pairs}:3:" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_without_sources_says_what_to_give(tmp_path):
    summary = tmp_path / "s.txt"
    summary.write_text("Something happened.")
    result = run("check", str(summary))
    assert result.exit_code == 2 and "--against" in result.output


ROLE_SOURCES = [
    "Jones beat Smith in the tennis final on Sunday. Brown watched the match from the stands with his coach. "
    "The crowd cheered for both players. Organisers said the final drew a record audience.",
]


@pytest.fixture(scope="module")
def role_checker() -> Checker:
    return Checker(ROLE_SOURCES, entities=False)


def test_two_names_swapped_around_the_verb_are_seen(role_checker):
    swapped = role_checker.signals("Smith beat Jones in the tennis final on Sunday.")[0].roles
    kept = role_checker.signals("Jones beat Smith in the tennis final on Sunday.")[0].roles
    assert swapped.swapped >= 2 and swapped.swapped_rare > 0
    assert kept.swapped == 0


def test_a_name_put_in_another_names_place_is_told_from_the_cluster_or_nowhere(role_checker):
    elsewhere = role_checker.signals("Jones beat Brown in the tennis final on Sunday.")[0].roles
    invented = role_checker.signals("Jones beat Miller in the tennis final on Sunday.")[0].roles
    same = role_checker.signals("Jones beat Smith in the tennis final on Sunday.")[0].roles
    assert elsewhere.slot_borrowed > 0 and elsewhere.slot_novel == 0 and elsewhere.slot_displaced > 0
    assert invented.slot_novel > 0 and invented.slot_borrowed == 0
    assert same.slot_borrowed == same.slot_novel == same.slot_displaced == 0


def test_a_reworded_sentence_keeps_its_roles(role_checker):
    reworded = role_checker.signals("On Sunday, Jones beat Smith in the final.")[0].roles
    assert reworded.slot_borrowed == reworded.slot_novel == 0
    assert reworded.swapped == 0


def test_an_amount_token_is_shown_as_a_reader_writes_it():
    from newsweave.check.numbers import canonical, shown

    tokens = [t for t in canonical("it cost $2.5 million, then 14, then 0.75 of it").split() if t.startswith("q")]
    assert [shown(t) for t in tokens] == ["2,500,000 usd", "14", "0.75"]
    assert shown("wrote") == "wrote"


def test_a_verb_of_denial_matches_its_other_forms_and_yet_to_negates():
    checker = Checker(["When she refused, police say, two of the men pinned her co-worker against a wall. "
                       "The cause of death has yet to be determined."], entities=False)
    refused = checker.signals("After refusing to hand over a dollar, her co-worker was pinned to a wall, say police.")[0]
    assert refused.negation_added == () and refused.negation_removed == ()
    undetermined = checker.signals("The cause of death has not yet been determined.")[0]
    assert undetermined.negation_added == ()
    determined = checker.signals("The cause of death has been determined.")[0]
    assert determined.negation_removed != ()


def test_more_verbs_of_saying_name_a_quotation_s_speaker():
    from newsweave.check.quotes import claim_quotes

    (quote,) = claim_quotes('"I am just supposed to be eye candy here," Obama quipped to the hosts.')
    assert quote.speaker == ("obama",)
    (quote,) = claim_quotes('"Let us be clear about this," Rogers replied.')
    assert quote.speaker == ("rogers",)


def test_a_speaker_the_source_names_then_calls_he_keeps_the_quotation():
    sources = [
        "The bots used vaccination as a wedge issue, said Mark Dredze of Johns Hopkins University. "
        '"By playing both sides, they erode public trust in vaccination," he said. '
        "The study looked at millions of posts sent between 2014 and 2017 from accounts that were later suspended. "
        "It found that the accounts posted about vaccines far more often than ordinary users did, and that many "
        "of them also posted about elections, immigration and other divisive topics in the same weeks. "
        "Paula Brightwater, who studies online misinformation at Lakeside College, disagreed with the method."
    ]
    kept, given = _speakers_wrong(
        sources,
        '"By playing both sides, they erode public trust in vaccination," says researcher Mark Dredze.',
        '"By playing both sides, they erode public trust in vaccination," says researcher Paula Brightwater.',
    )
    assert kept == () and given != ()


def _speakers_wrong(sources: list[str], *sentences: str) -> list[tuple]:
    checker = Checker(sources, entities=False)
    return [checker.signals(s)[0].speakers_wrong for s in sentences]


def test_a_speaker_described_by_role_keeps_a_named_speaker_s_quotation_but_not_another_role_s():
    sources = [
        '"The shoes were made in a factory in Guangdong, not in Italy," said Guillermina Escobar, who leads the inspection team. '
        "The seized pairs will be destroyed next month, the agency said in a statement on Monday. "
        '"It all happened so fast," a passenger said after the plane landed in Los Angeles. '
        "The flight had been diverted because of a disruptive traveller."
    ]
    role, other_role, named = _speakers_wrong(
        sources,
        '"The shoes were made in a factory in Guangdong, not in Italy," says a customs agent.',
        '"It all happened so fast," the airline says.',
        '"It all happened so fast," says Guillermina Escobar.',
    )
    assert role == () and other_role != () and named != ()


def test_the_background_table_ranks_news_words_below_names_and_unknown_words():
    table = background()
    said, obama, manchin, unknown = (table.rarity(w) for w in ("said", "Obama", "manchin", "zqxwv"))
    assert said < 0.1 < obama < manchin < unknown == 1.0
    assert table.rarity("2016") == table.rarity("q14") == 0.0  # figures are the amount checks' job
    assert table.rarity("PÉTAIN") == table.rarity("petain")  # folded like the sentences


def test_the_background_table_is_built_from_cluster_counts_and_read_back(tmp_path):
    records = [{"documents": ["Rain in Lyon.", "rain again"], "summary": "Rain."}, {"documents": ["Sun in Lyon"], "summary": ""}, {"documents": ["Rain in Paris"]}]
    table = count_clusters(records, min_clusters=2)
    assert table.clusters == 3 and table.counts == {"rain": 2, "in": 3, "lyon": 2}
    path = tmp_path / "bg.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.writelines(table.to_lines())
    again = Background.read(path)
    assert again.counts == table.counts and again.clusters == 3
    assert again.rarity("in") < again.rarity("rain") == again.rarity("lyon") < again.rarity("sun") == 1.0  # "sun": 1 cluster, left out
    path.write_bytes(gzip.compress(b"not a table\n"))
    with pytest.raises(NewsweaveError, match="not a background table"):
        Background.read(path)


def test_a_new_word_rare_in_news_is_told_from_a_common_new_word():
    sources = ["The senator met the governor in the capital on Monday to talk about the budget for schools."]
    checker = Checker(sources, entities=False)
    reworded = checker.signals("The senator reportedly met the governor in the capital on Monday to talk about the budget.")[0]
    invented = checker.signals("The senator met Humayun in the capital on Monday to talk about the budget.")[0]
    rarest, rare = (FEATURES.index("novel_background"), FEATURES.index("novel_background_rare"))
    assert feature_vector(reworded)[rarest] < NOVEL_RARE <= feature_vector(invented)[rarest]
    assert feature_vector(reworded)[rare] == 0 and feature_vector(invented)[rare] == 1


SWAP_SOURCES = [
    "The wife of actor Nick Stahl, who starred as John Connor in Terminator 3, has reported him missing. "
    "Fires burned across Arizona, New Mexico, Colorado and California on Tuesday, officials said.",
]


@pytest.mark.parametrize(
    ("sentence", "pairs"),
    [
        ("The wife of actor John Stahl, who starred as Nick Connor in Terminator 3, has reported him missing.", {("john", "nick")}),
        ("The wife of actor Nick Stahl, who starred as John Connor in Terminator 3, has reported him missing.", set()),
        # A list in another order keeps its meaning: names side by side are not compared.
        ("Fires burned across Arizona, New Mexico, California and Colorado on Tuesday, officials said.", set()),
        # Reworded, each name still with its own words.
        ("Nick Stahl, the actor who played John Connor in Terminator 3, is missing, his wife says.", set()),
    ],
)
def test_two_names_exchanged_are_crossed_and_a_reordered_list_is_not(sentence, pairs):
    checker = Checker(SWAP_SOURCES, entities=False)
    signals = checker.signals(sentence)[0]
    assert set(signals.words_crossed) == pairs
    check = checker.check_sentence(sentence)
    said = [f.detail for f in check.failed if "exchanged" in f.detail]
    if pairs:  # the shipped model fails this one; the failure names the two words
        assert not check.supported and said == ["'john' and 'nick' look exchanged: the sources put each with the other's words"]
    else:
        assert said == []
