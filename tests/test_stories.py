"""Online story clustering (newsweave.stories): decisions, bounds, metrics, a quality floor.

Every article here is invented for these tests; the quality floor reads a fixed slice of
Multi-News val through the benchmark's own stream builder.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from newsweave.analyze.entities import entities_available
from newsweave.errors import InputError, NewsweaveError, OptionsError
from newsweave.models import Article
from newsweave.stories import (
    OnlineClusterer,
    StoryArticle,
    StoryOptions,
    adjusted_rand_index,
    bcubed,
    cluster_articles,
    parse_published,
    story_article,
)
from newsweave.stories.decision import FEATURES, MERGE_FEATURES, JoinModel, load_join_model, load_merge_model
from newsweave.stories.train import collect_merges, fit

from feed_server import STORIES
from helpers import ROOT, VAL

sys.path.insert(0, str(ROOT / "benchmarks"))

import stories_eval  # noqa: E402

DAY0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)

BRIDGE = [
    "The Harbour Street footbridge in Portvale collapsed into the harbour on Monday, injuring 14 commuters near the ferry terminal.",
    "Engineers examined the collapsed Harbour Street footbridge in Portvale, whose span fell into the harbour by the ferry terminal.",
    "Portvale's mayor ordered a review of the Harbour Street footbridge collapse; ferries left from North Pier, away from the harbour.",
    "Divers recovered the collapsed span of the Portvale footbridge from the harbour beside the ferry terminal on Harbour Street.",
]
ALGAE = [
    "A toxic algae bloom closed Lake Emmerdale's beaches on Tuesday; swimmers were warned about cyanobacteria in the water.",
    "Cyanobacteria levels in Lake Emmerdale rose again, and the algae bloom kept beaches and the marina closed to swimmers.",
    "Farm fertiliser runoff feeds the Lake Emmerdale algae bloom, scientists said, as cyanobacteria spread along the beaches.",
    "Lake Emmerdale beaches stay closed: the algae bloom and its cyanobacteria reached the marina and the northern shore.",
]


def article(id: str, text: str, day: float | None = 0.0, **fields) -> StoryArticle:
    published = None if day is None else DAY0 + timedelta(days=day)
    return StoryArticle(id=id, text=text, published=published, **fields)


def interleaved(dated: bool = True) -> list[StoryArticle]:
    stream = []
    for i, (a, b) in enumerate(zip(BRIDGE, ALGAE, strict=True)):
        day = i * 0.3 if dated else None
        stream += [article(f"bridge-{i}", a, day), article(f"algae-{i}", b, day)]
    return stream


def groups(stories) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


DECISIONS = pytest.mark.parametrize("decision", ["learned", "threshold"])


@DECISIONS
def test_two_interleaved_stories_are_separated(decision):
    stories = cluster_articles(interleaved(), StoryOptions(decision=decision))
    assert groups(stories) == {frozenset(f"bridge-{i}" for i in range(4)), frozenset(f"algae-{i}" for i in range(4))}
    assert [s.id for s in stories] == ["story:bridge-0", "story:algae-0"]


@DECISIONS
def test_two_interleaved_stories_are_separated_without_times(decision):
    stories = cluster_articles(interleaved(dated=False), StoryOptions(decision=decision))
    assert len(stories) == 2
    assert all(s.first_seen is None for s in stories)


def test_an_article_without_a_publication_time_joins_by_text():
    clusterer = OnlineClusterer(StoryOptions(decision="threshold"))
    for a in interleaved()[:4]:
        clusterer.add(a)
    assignment = clusterer.add(article("bridge-undated", BRIDGE[3], None))
    assert assignment.story == "story:bridge-0" and not assignment.new_story
    assert assignment.threshold == clusterer.options.untimed_threshold
    best = assignment.candidates[0]
    assert best.story == "story:bridge-0" and best.gap_days is None and best.similarity > 0.3


TIMETABLE = "The winter timetable of the Portvale ferry starts on Monday, the terminal office said."


def _clear_rule(margin: float, *, dated: bool = False) -> OnlineClusterer:
    """A clusterer on the two stories whose thresholds nothing reaches: only the clear-best rule joins."""
    strict = dict(decision="threshold", join_threshold=0.95, untimed_threshold=0.95, young_size=0, merge=False)
    options = StoryOptions(**strict, clear_margin=margin if dated else 0.0, untimed_clear_margin=0.0 if dated else margin)
    clusterer = OnlineClusterer(options)
    clusterer.add(article("bridge-0", BRIDGE[0], 0.0 if dated else None))
    clusterer.add(article("algae-0", ALGAE[0], 0.1 if dated else None))
    clusterer.add(article("timetable", TIMETABLE, 0.2 if dated else None))  # the runner-up
    return clusterer


@pytest.mark.parametrize("dated", [False, True])
def test_a_clear_best_story_takes_an_article_under_its_threshold(dated):
    day = 0.3 if dated else None
    # Far ahead of the runner-up: joins, though under the threshold.
    joined = _clear_rule(0.9, dated=dated).add(article("bridge-2", BRIDGE[2], day))
    assert joined.story == "story:bridge-0" and not joined.new_story
    first, second = joined.candidates[0], joined.candidates[1]
    assert second.story == "story:timetable" and first.score < joined.threshold and first.score >= 2 * second.score
    # The rule off (the margin for this kind of pair 0): a story of its own.
    assert _clear_rule(0.0, dated=dated).add(article("bridge-2", BRIDGE[2], day)).new_story
    # Level with the runner-up (half of each story's words): not clear, a story of its own.
    mixed = " ".join(BRIDGE[2].split()[:9] + ALGAE[2].split()[:9])
    level = _clear_rule(0.9, dated=dated).add(article("mixed", mixed, day))
    assert level.new_story and len(level.candidates) >= 2
    # A lone candidate is ahead of nothing: not clear either.
    lone = _clear_rule(0.9, dated=dated).add(article("algae-2", ALGAE[2], day))
    assert lone.new_story and [c.story for c in lone.candidates] == ["story:algae-0"]


def _portvale(options: StoryOptions, *, dated: bool) -> tuple[OnlineClusterer, list]:
    """The feed tests' Portvale ferry, library and fish market (one town, one day), clustered."""
    clusterer = OnlineClusterer(options)
    assignments = [
        clusterer.add(article(title, "\n\n".join(paragraphs), 0.05 * k if dated else None, title=title))
        for k, (title, paragraphs) in enumerate(STORIES.values())
    ]
    return clusterer, assignments


@DECISIONS
def test_three_unrelated_stories_of_one_town_stay_apart(decision):
    for dated in (True, False):
        clusterer, _ = _portvale(StoryOptions(decision=decision), dated=dated)
        assert len(clusterer.stories()) == 3, dated


def test_the_learned_decision_joins_nothing_under_its_floor():
    """Dated, the model alone would join the Portvale library to the ferry (cosine 0.10)."""

    def stories(floor: float) -> int:
        clusterer, assignments = _portvale(StoryOptions(decision="learned", learned_floor=floor), dated=True)
        assert all(c.similarity < 0.15 for a in assignments for c in a.candidates)
        return len(clusterer.stories())

    assert stories(0.15) == 3 and stories(0.0) < 3


def test_the_clear_best_margins_for_dated_and_undated_pairs_are_separate():
    # Only the undated margin is set: a dated article on dated stories is not joined by it.
    options = dict(decision="threshold", join_threshold=0.95, untimed_threshold=0.95, young_size=0, merge=False)
    results = []
    for day in (0.3, None):
        clusterer = OnlineClusterer(StoryOptions(**options, clear_margin=0.0, untimed_clear_margin=0.9))
        clusterer.add(article("bridge-0", BRIDGE[0], 0.0))
        clusterer.add(article("algae-0", ALGAE[0], 0.1))
        clusterer.add(article("timetable", TIMETABLE, 0.2))
        results.append(clusterer.add(article("bridge-2", BRIDGE[2], day)).new_story)
    assert results == [True, False]  # dated: a story of its own; undated: the clear best takes it
    with pytest.raises(OptionsError, match="untimed_clear_ratio"):
        StoryOptions(untimed_clear_ratio=-1.0)


def test_the_learned_decision_is_the_default_and_its_model_ships_with_the_package():
    assert StoryOptions().decision == "learned"  # see StoryOptions.decision and learned_floor
    model = load_join_model()
    assert OnlineClusterer(StoryOptions(decision="learned")).model is model  # read once per process
    assert len(model.weights) == len(FEATURES)
    assert 0 < model.threshold < 1 and 0 < model.untimed_threshold < 1
    assert "train.jsonl.gz" in model.provenance["trained_on"]
    assert "even positions" in model.provenance["calibrated_on"]
    assert OnlineClusterer().model is model
    assert OnlineClusterer(StoryOptions(decision="threshold")).model is None


LEARNED = StoryOptions(decision="learned")


def test_the_learned_decision_joins_an_article_on_a_story_and_starts_one_for_an_unrelated_article():
    clusterer = OnlineClusterer(LEARNED)
    for a in interleaved()[:4]:
        clusterer.add(a)
    on_story = clusterer.add(article("bridge-late", BRIDGE[3], 0.5))
    assert on_story.story == "story:bridge-0" and not on_story.new_story
    best = on_story.candidates[0]
    assert best.story == "story:bridge-0" and best.score >= on_story.threshold == clusterer.model.threshold
    unrelated = "The national orchestra announced its winter season of Mahler symphonies and a new violin concerto."
    other = clusterer.add(article("concert", unrelated, 0.6))
    assert other.new_story and other.story == "story:concert"
    assert all(c.score < other.threshold for c in other.candidates)


def test_the_learned_decision_clusters_undated_articles_by_text():
    clusterer = OnlineClusterer(LEARNED)
    for a in interleaved()[:4]:
        clusterer.add(a)
    assignment = clusterer.add(article("bridge-undated", BRIDGE[3], None))
    assert assignment.story == "story:bridge-0" and not assignment.new_story
    assert assignment.threshold == clusterer.model.untimed_threshold
    assert assignment.candidates[0].gap_days is None


def _fixed_model(bias: float) -> JoinModel:
    return JoinModel(weights=(0.0,) * len(FEATURES), bias=bias, threshold=0.5, untimed_threshold=0.5, provenance={})


def test_an_injected_join_model_makes_the_decision():
    """The model is a seam: one that never joins keeps every article alone, one that always joins does not."""
    never = OnlineClusterer(LEARNED, model=_fixed_model(-30.0))
    always = OnlineClusterer(LEARNED, model=_fixed_model(30.0))
    for a in interleaved():
        never.add(a)
        always.add(a)
    assert len(never.stories()) == len(interleaved())
    assert len(always.stories()) < 3


def test_a_join_model_for_other_features_is_refused():
    data = _fixed_model(0.0).to_json()
    assert JoinModel.from_json(data) == _fixed_model(0.0)
    with pytest.raises(NewsweaveError, match="retrain"):
        JoinModel.from_json(dict(data, features=["average_link"]))
    with pytest.raises(NewsweaveError, match="retrain"):
        JoinModel.from_json({k: v for k, v in data.items() if k != "bias"})


def test_training_fits_a_separable_rule():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, size=(400, 2))
    y = (x[:, 0] > 0.6).astype(float)
    weights, bias = fit(x, y)
    assert weights[0] > 5 and abs(weights[1]) < weights[0] / 5
    assert bias / -weights[0] == pytest.approx(0.6, abs=0.05)  # the boundary, on the raw scale


@DECISIONS
def test_the_same_arrival_order_gives_the_same_result(decision):
    first, second = OnlineClusterer(StoryOptions(decision=decision)), OnlineClusterer(StoryOptions(decision=decision))
    a = [first.add(x) for x in interleaved()]
    b = [second.add(x) for x in interleaved()]
    assert a == b
    assert first.stories() == second.stories()


def test_the_result_does_not_depend_on_the_process_hash_seed():
    code = (
        "import sys; sys.path.insert(0, 'tests'); import test_stories as t;"
        " from newsweave.stories import cluster_articles;"
        " print([(s.id, s.articles, s.terms) for s in cluster_articles(t.interleaved())])"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {"PYTHONHASHSEED": seed, "PATH": ""}
        run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_batch_and_online_give_the_same_stories():
    clusterer = OnlineClusterer()
    for x in interleaved():
        clusterer.add(x)
    assert cluster_articles(interleaved()) == list(clusterer.stories())


def test_a_dormant_story_does_not_take_a_new_article():
    options = StoryOptions(dormant_after=timedelta(days=7))
    clusterer = OnlineClusterer(options)
    clusterer.add(article("bridge-0", BRIDGE[0], 0))
    assert clusterer.add(article("bridge-1", BRIDGE[1], 3)).story == "story:bridge-0"  # within a week
    clusterer.add(article("algae-0", ALGAE[0], 11))  # stream time moves on: the bridge story goes dormant
    late = clusterer.add(article("bridge-2", BRIDGE[2], 11.5))
    assert late.new_story and late.story == "story:bridge-2"
    dormant = {s.id: s.dormant for s in clusterer.stories()}
    assert dormant == {"story:bridge-0": True, "story:algae-0": False, "story:bridge-2": False}
    assert [s.id for s in clusterer.stories(include_dormant=False)] == ["story:algae-0", "story:bridge-2"]


def test_two_stories_that_turn_out_to_be_one_are_merged():
    left = "Quarry workers at Brindlemoor walked out over unpaid overtime and blocked the quarry gates."
    right = "Haulage drivers at Kestrel Logistics parked their lorries across the Ashcombe bypass in protest."
    both = (
        "Brindlemoor quarry workers and Kestrel Logistics haulage drivers joined forces: the quarry gates"
        " and the Ashcombe bypass were blocked by lorries in one protest over unpaid overtime."
    )
    clusterer = OnlineClusterer(StoryOptions(decision="threshold", merge_threshold=0.3))
    assert clusterer.add(article("quarry", left, 0)).new_story
    assert clusterer.add(article("drivers", right, 0.1)).new_story
    joined = clusterer.add(article("both", both, 0.2))
    assert [(m.merged, m.into) for m in joined.merges] == [("story:drivers", "story:quarry")]
    assert joined.story == "story:quarry"
    assert groups(clusterer.stories()) == {frozenset({"quarry", "drivers", "both"})}
    assert clusterer.merges == joined.merges


FIRE = "Firefighters battled a warehouse fire in Tollbury overnight; smoke closed the Tollbury ring road and nearby schools."
FIRE_REPORT = "A chemical warehouse fire in Tollbury sent smoke over the ring road; firefighters kept schools closed on Thursday."
FIRE_AGAIN = (
    "A chemical warehouse fire in Tollbury sent smoke over the ring road again; firefighters kept schools closed on Thursday."
)


def _young_stream(day: float | None, **options) -> tuple[OnlineClusterer, list]:
    """An article left on its own (under the strict join bar), then a story of two close to it."""
    strict = dict(decision="threshold", join_threshold=0.7, untimed_threshold=0.7, clear_margin=0.0, untimed_clear_margin=0.0)
    clusterer = OnlineClusterer(StoryOptions(**strict, young_threshold=0.5, young_untimed_threshold=0.5, **options))
    later = None if day is None else day + 0.1
    stream = [
        article("fire", FIRE, None if day is None else 0.0),
        article("lake", ALGAE[3], None if day is None else 0.05),
        article("report", FIRE_REPORT, day),
        article("again", FIRE_AGAIN, later),
    ]
    return clusterer, [clusterer.add(x) for x in stream]


@pytest.mark.parametrize("day", [0.2, None])
def test_a_story_left_alone_is_merged_when_a_close_story_takes_an_article(day):
    clusterer, assignments = _young_stream(day)
    assert [a.new_story for a in assignments] == [True, True, True, False]
    joined = assignments[-1]
    # The story that took "again" is younger than the one-article story: it is the one merged away.
    assert [(m.merged, m.into) for m in joined.merges] == [("story:report", "story:fire")]
    assert joined.story == "story:fire"
    assert groups(clusterer.stories()) == {frozenset({"fire", "report", "again"}), frozenset({"lake"})}
    assert clusterer.merges == joined.merges


def test_the_young_story_check_keeps_to_young_gap_and_can_be_turned_off():
    for clusterer, assignments in (_young_stream(3.0), _young_stream(0.2, young_size=0)):
        assert assignments[-1].story == "story:report" and assignments[-1].merges == ()
        assert groups(clusterer.stories()) == {frozenset({"fire"}), frozenset({"lake"}), frozenset({"report", "again"})}


def _fixed_merge_model(bias: float) -> JoinModel:
    weights = (0.0,) * len(MERGE_FEATURES)
    return JoinModel(weights, bias, 0.5, 0.5, provenance={}, features=MERGE_FEATURES)


def _learned_young_stream(day: float | None, merge_bias: float, **options) -> tuple[OnlineClusterer, list]:
    """_young_stream's articles under a join model that never joins: each starts a story."""
    clusterer = OnlineClusterer(
        StoryOptions(decision="learned", **options), model=_fixed_model(-30.0), merge_model=_fixed_merge_model(merge_bias)
    )
    later = None if day is None else day + 0.1
    stream = [article("fire", FIRE, None if day is None else 0.0), article("lake", ALGAE[3], None if day is None else 0.05)]
    stream += [article("report", FIRE_REPORT, day), article("again", FIRE_AGAIN, later)]
    return clusterer, [clusterer.add(x) for x in stream]


@pytest.mark.parametrize("day", [0.2, None])
def test_the_learned_merge_step_merges_what_its_model_says_and_no_more(day):
    # "fire" gets its second chance on the arrival of "again" (three arrivals on), when
    # "report" is there.
    for bias, expected in ((30.0, [("story:report", "story:fire")]), (-30.0, [])):
        clusterer, assignments = _learned_young_stream(day, bias, second_chance=3)
        assert [a.new_story for a in assignments] == [True] * 4
        assert [(m.merged, m.into) for a in assignments for m in a.merges] == expected
        # Never under the floor: "lake" (cosine with "fire" under 0.15) stays alone.
        assert frozenset({"lake"}) in groups(clusterer.stories())


def test_the_second_chance_comes_when_due_and_can_be_turned_off():
    clusterer, assignments = _learned_young_stream(0.2, 30.0, second_chance=0)
    assert all(a.merges == () for a in assignments)  # no join: no merge step; no second chance
    clusterer, assignments = _learned_young_stream(0.2, 30.0, second_chance=2)
    assert all(a.merges == () for a in assignments)  # "fire" looked on "report"'s arrival, before it was there
    clusterer, assignments = _learned_young_stream(0.2, 30.0, second_chance=3)
    assert [len(a.merges) for a in assignments] == [0, 0, 0, 1]
    assert assignments[-1].story == "story:again"
    assert groups(clusterer.stories()) == {frozenset({"fire", "report"}), frozenset({"lake"}), frozenset({"again"})}


def test_the_merge_model_ships_and_refuses_a_join_model_file():
    model = load_merge_model()
    assert model.features == MERGE_FEATURES and len(model.weights) == len(MERGE_FEATURES)
    assert "calibration_grids_bcubed_f1" in model.provenance and "--merges" in model.provenance["command"]
    with pytest.raises(NewsweaveError, match="retrain"):
        JoinModel.from_json(_fixed_model(0.0).to_json(), MERGE_FEATURES)
    assert JoinModel.from_json(_fixed_merge_model(1.0).to_json(), MERGE_FEATURES) == _fixed_merge_model(1.0)


def test_merge_training_labels_pairs_by_their_true_clusters():
    """Scored on "again"'s arrival: "report" is "fire"'s story (1), "lake" is not (0)."""
    texts = {"fire": FIRE, "lake": ALGAE[3], "report": FIRE_REPORT, "again": FIRE_AGAIN}
    stream = [article(id, text, None) for id, text in texts.items()]
    truth = ["fire", "lake", "fire", "fire"]
    options = StoryOptions(decision="learned", second_chance=3)
    x, y = collect_merges([(stream, truth)], options, model=_fixed_model(-30.0))
    assert x.shape == (2, len(MERGE_FEATURES)) and sorted(y.tolist()) == [0.0, 1.0]
    assert x[y.argmax(), 0] > x[y.argmin(), 0]  # the true pair has the higher mean cosine


def test_merging_can_be_turned_off():
    clusterer = OnlineClusterer(StoryOptions(merge=False))
    for x in interleaved():
        clusterer.add(x)
    assert clusterer.merges == ()


def _invented_word(i: int, salt: str) -> str:
    syllables = "ba ke lo mu ri sa to vi ne go".split()
    digits = f"{i:05d}"
    return salt + "".join(syllables[int(d)] for d in digits)


def _unrelated_story(i: int) -> str:
    words = " ".join(_invented_word(i * 7 + k, s) for k in range(6) for s in ("zo", "qu"))
    return f"Officials in the city said on Monday that {words} would be reviewed by the council."


def _comparisons_per_probe(kept: int, options: StoryOptions) -> float:
    clusterer = OnlineClusterer(options)
    for i in range(kept):
        clusterer.add(article(f"s{i}", _unrelated_story(i), None))
    assert len(clusterer.stories()) >= kept - 5  # the first few share the frame's words before idf knows them
    before = clusterer.comparisons
    for i in range(50):
        clusterer.add(article(f"probe{i}", _unrelated_story(kept + i), None))
    return (clusterer.comparisons - before) / 50


def test_the_candidate_index_does_not_scan_all_stories():
    """Similarity computations per article stay bounded however many stories are kept.

    Every invented story shares its frame's words ("officials", "city", "council") with
    all the others, so without the index's caps each article would be compared with all.
    Each arrival costs at most max_candidates for its own decision, as many for the
    merge step after a join, and as many for the second chance of the one story of one
    article started second_chance arrivals before it (none with fewer stories kept).
    """
    options = StoryOptions()
    assert options.second_chance < 1000
    few, many = _comparisons_per_probe(200, options), _comparisons_per_probe(3000, options)
    steady = _comparisons_per_probe(1000, options)
    assert few <= options.max_candidates and max(steady, many) <= 3 * options.max_candidates
    assert many <= steady
    assert _comparisons_per_probe(3000, dataclasses.replace(options, second_chance=0)) <= few


def test_metrics_on_a_hand_computed_case():
    predicted, truth = [0, 0, 1, 1, 1], ["a", "a", "a", "b", "b"]
    # B-cubed precision per item: 1, 1, 1/3, 2/3, 2/3; recall: 2/3, 2/3, 1/3, 1, 1.
    scores = bcubed(predicted, truth)
    assert scores.precision == pytest.approx(11 / 15)
    assert scores.recall == pytest.approx(11 / 15)
    assert scores.f1 == pytest.approx(11 / 15)
    # Pairs: index 2 (cells 2, 1, 2), rows 1 + 3 = 4, columns 3 + 1 = 4, 10 pairs in all:
    # expected 4 * 4 / 10 = 1.6, maximum 4, ARI = (2 - 1.6) / (4 - 1.6) = 1/6.
    assert adjusted_rand_index(predicted, truth) == pytest.approx(1 / 6)


def test_metrics_on_degenerate_cases():
    assert adjusted_rand_index([1, 2, 3], ["x", "y", "z"]) == 1.0
    assert adjusted_rand_index([0, 0, 1, 1], ["p", "p", "q", "q"]) == pytest.approx(1.0)
    assert adjusted_rand_index([0, 1, 0, 1], ["p", "p", "q", "q"]) < 0
    singletons = bcubed([1, 2, 3, 4], ["a", "a", "b", "b"])
    assert (singletons.precision, singletons.recall) == (1.0, 0.5)
    assert bcubed([], []).f1 == 0.0
    with pytest.raises(ValueError):
        bcubed([1], [1, 2])


def test_bad_input_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="timezone-aware"):
        StoryArticle(id="x", text="t", published=datetime(2025, 1, 1))
    clusterer = OnlineClusterer()
    clusterer.add(article("x", BRIDGE[0]))
    with pytest.raises(InputError, match="already added"):
        clusterer.add(article("x", BRIDGE[1]))
    with pytest.raises(OptionsError, match="max_candidates"):
        StoryOptions(max_candidates=0)
    with pytest.raises(OptionsError, match="learned, threshold"):
        StoryOptions(decision="vote")
    with pytest.raises(OptionsError, match="learned_candidates"):
        StoryOptions(learned_candidates=0)
    with pytest.raises(OptionsError, match="second_chance"):
        StoryOptions(second_chance=-1)


def test_an_article_without_terms_starts_its_own_story():
    clusterer = OnlineClusterer()
    assert clusterer.add(article("empty", "", 0)).new_story
    assert clusterer.add(article("also-empty", "", 0)).new_story


def test_story_article_cleans_like_the_digest_and_reads_dates():
    text = (
        "PORTVALE, March 3 (Northwind Press) – "
        + BRIDGE[0]
        + " "
        + BRIDGE[1]
        + "\n\nClick here to subscribe to our newsletter"
    )
    a = story_article(Article(text=text, title="Footbridge collapses", published="2025-03-03"), "n1")
    assert a.text.startswith("The Harbour Street footbridge in Portvale collapsed") and "subscribe" not in a.text
    assert a.published == datetime(2025, 3, 3, tzinfo=UTC) and a.title == "Footbridge collapses"
    assert parse_published("2025-03-03T10:00:00Z") == datetime(2025, 3, 3, 10, tzinfo=UTC)
    assert parse_published("last Tuesday") is None and parse_published(None) is None


@pytest.mark.skipif(not entities_available(), reason="needs the nlp extra")
def test_entities_from_spacy_are_terms_of_their_own():
    text = (
        "Mayor Helena Okafor of Portvale said the Harbour Street footbridge would be rebuilt. "
        "Okafor told the Portvale council that engineers from Meridian Engineering would inspect every bridge."
    )
    a = story_article(Article(text=text), "e1", entities=True)
    assert "Helena Okafor" in a.entities and "Meridian Engineering" in a.entities
    clusterer = OnlineClusterer()
    clusterer.add(a)
    assert any(t.startswith("@") for t in clusterer.stories()[0].terms)


def test_stories_is_a_library_without_web_database_or_spacy_imports():
    code = (
        "import sys, newsweave.stories; bad = {'spacy', 'sqlite3', 'http.server', 'asyncio', 'fastapi', 'flask', 'starlette', 'sqlalchemy', 'psycopg'}"
        " & set(sys.modules); print(sorted(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.fixture(scope="module")
def val_slice():
    """The first 300 clusters of the report part of val (odd positions), as a dated stream."""
    rows = stories_eval.read_rows(VAL, 600)[1::2]
    loaded = stories_eval.load(rows)
    return stories_eval.build_stream(loaded.clusters, seed=stories_eval.SEED + 1)


# Measured on the slice (826 articles; singleton F1 0.530), B-cubed F1 and ARI with times,
# then without: threshold decision 0.881 / 0.752, 0.851 / 0.706; learned decision
# 0.882 / 0.773, 0.858 / 0.724. The floors leave 0.03 for noise. Lowering one is a
# reviewed change, as for the ROUGE floors.
FLOORS = {"threshold": (0.85, 0.72, 0.83, 0.69), "learned": (0.85, 0.73, 0.84, 0.71)}


@DECISIONS
def test_quality_floor_on_a_slice_of_val(val_slice, decision):
    stream, truth = val_slice
    options = StoryOptions(decision=decision)
    singleton = stories_eval.score([a.id for a in stream], truth)["F1"]
    timed = stories_eval.score(stories_eval.run(stream, options)[0], truth)
    untimed = stories_eval.score(stories_eval.run(stories_eval.undated(stream), options)[0], truth)
    f1_timed, ari_timed, f1_untimed, ari_untimed = FLOORS[decision]
    assert timed["F1"] >= f1_timed and timed["ARI"] >= ari_timed
    assert untimed["F1"] >= f1_untimed and untimed["ARI"] >= ari_untimed
    assert singleton < 0.6 < untimed["F1"]
