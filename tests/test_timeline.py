"""The timeline (issue 4): dated events, resolved against publication dates, never guessed."""

from __future__ import annotations

import pytest

from newsweave import Article, Cluster, summarize
from newsweave.analyze.timeline import extract_events, parse_published
from newsweave.clean import prepare
from newsweave.demo import demo_cluster
from newsweave.ingest import read_clusters
from newsweave.ingest.jsonl import cluster_from_record

from helpers import fulltext_rows, seed_paths

WEDNESDAY = "2025-03-05"  # the publication date of the unit cases unless they say otherwise


def events_of(text: str, published: str | None = WEDNESDAY) -> list[tuple[str, str | None]]:
    """(expression, date) for every event of a one-article cluster."""
    cluster = Cluster(id="t", articles=(Article(text=text, published=published),))
    return [(e.expression, e.date) for e in extract_events(prepare(cluster).documents)]


@pytest.fixture(scope="module")
def demo_events():
    return extract_events(prepare(demo_cluster()).documents)


@pytest.fixture(scope="module")
def seed_events():
    cluster = next(read_clusters([str(p) for p in seed_paths()]))
    return extract_events(prepare(cluster).documents)


def test_demo_collapse_day_is_dated_by_several_outlets(demo_events):
    # Articles published 2025-03-03 (a Monday), 03-04 and 03-05 all put "Monday" on the day of the collapse.
    monday = [e for e in demo_events if e.date == "2025-03-03"]
    assert {e.citation.article for e in monday} == {0, 1, 2, 3}
    assert any(e.expression == "on Monday, March 3" for e in monday)


def test_demo_relative_and_absolute_dates(demo_events):
    by_expression = {(e.citation.article, e.expression): e.date for e in demo_events}
    assert by_expression[(3, "last year")] == "2024"  # the think tank, published 2025
    assert by_expression[(0, "in 2019")] == "2019"
    assert by_expression[(3, "since 2019")] == "2019"
    # Published on the Monday: "said it would send … on Tuesday" is the next day, not last week's Tuesday.
    assert by_expression[(0, "on Tuesday")] == "2025-03-04"
    # Published on the Tuesday: "began examining … on Tuesday" is that day.
    assert by_expression[(1, "on Tuesday")] == "2025-03-04"
    assert by_expression[(2, "by Tuesday morning")] == "2025-03-04"


def test_demo_times_ages_and_durations_are_not_events(demo_events):
    expressions = {e.expression for e in demo_events}
    assert not any(":" in x or "year-old" in x or "years" in x for x in expressions)
    assert all(e.resolved for e in demo_events)  # every demo article has a publication date


def test_events_are_in_chronological_order(demo_events, seed_events):
    for events in (demo_events, seed_events):
        dated = [e for e in events if e.resolved]
        assert events[: len(dated)] == tuple(dated)  # resolved first
        assert [e.date for e in dated] == sorted(e.date for e in dated)
        undated = [(e.citation.article, e.citation.start) for e in events[len(dated) :]]
        assert undated == sorted(undated)


def test_seed_relative_dates_stay_unresolved(seed_events):
    # The seed articles have no publication date: weekdays, "last year", "yesterday" cannot be placed.
    relative = [e for e in seed_events if e.expression.lower() in {"on monday", "on sunday", "last year", "yesterday", "today"}]
    assert len(relative) >= 6
    assert all(e.date is None and not e.resolved for e in relative)
    early_march = next(e for e in seed_events if e.expression == "in early March")
    assert early_march.date is None and not early_march.resolved  # no year to take it from


def test_seed_absolute_dates_are_resolved(seed_events):
    deal = next(e for e in seed_events if e.expression == "on July 14, 2015")
    assert (deal.date, deal.resolved, deal.citation.article) == ("2015-07-14", True, 1)
    nuclear_deal = [e for e in seed_events if e.date == "2015" and "2015 nuclear deal" in e.text]
    assert {e.citation.article for e in nuclear_deal} == {0, 1}
    # "Resolution 2231" is not a year.
    assert not any("2231" in e.expression for e in seed_events)


def test_citation_is_the_sentence(seed_events):
    cluster = next(read_clusters([str(p) for p in seed_paths()]))
    documents = prepare(cluster).documents
    for event in seed_events:
        cite = event.citation
        assert documents[cite.article].text[cite.start : cite.end] == event.text
        assert cite.source == documents[cite.article].source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Absolute dates, at the precision written.
        ("The deal was struck on July 14, 2015.", [("on July 14, 2015", "2015-07-14")]),
        ("It was signed on 3 March 2025.", [("on 3 March 2025", "2025-03-03")]),
        ("It was signed on the 3rd of March, 2025.", [("on the 3rd of March, 2025", "2025-03-03")]),
        ("It was signed Mar. 3, 2025, in Paris.", [("Mar. 3, 2025", "2025-03-03")]),
        ("The file is dated 2025-03-03.", [("2025-03-03", "2025-03-03")]),
        ("The bridge was last inspected in 2019.", [("in 2019", "2019")]),
        ("Work began in March 2018.", [("in March 2018", "2018-03")]),
        ("Work began in early March 2018.", [("in early March 2018", "2018-03")]),
        ("Under the 2015 nuclear deal, Iran agreed.", [("2015", "2015")]),
        # Dates without a year take it from the publication date.
        ("The bridge collapsed on March 3.", [("on March 3", "2025-03-03")]),
        ("The bridge collapsed on Monday, March 3.", [("on Monday, March 3", "2025-03-03")]),
        ("The election will be held on Nov. 4.", [("on Nov. 4", "2025-11-04")]),
        ("He will travel to Iran in early March.", [("in early March", "2025-03")]),
        ("The plant closed in November.", [("in November", "2024-11")]),
        ("Sales peaked last March.", [("last March", "2024-03")]),
        ("She has not been back since April last year.", [("since April last year", "2024-04")]),
        # Weekdays: past tense looks back from the publication day (a Wednesday), future tense forward.
        ("The bridge collapsed on Monday.", [("on Monday", "2025-03-03")]),
        ("The ministry said Wednesday the bridge was unsafe.", [("Wednesday", "2025-03-05")]),
        ("The council met on Thursday.", [("on Thursday", "2025-02-27")]),
        ("The council will meet on Thursday.", [("on Thursday", "2025-03-06")]),
        ("The council will meet on Monday.", [("on Monday", "2025-03-10")]),
        ("The vote is expected on Friday.", [("on Friday", "2025-03-07")]),
        ("The ministry said it would send inspectors on Friday to assist.", [("on Friday", "2025-03-07")]),
        ("On Friday, the ministry will announce a plan.", [("On Friday", "2025-03-07")]),
        ("Le Drian on Friday said he would travel to Iran.", [("on Friday", "2025-02-28")]),
        ("He left last Wednesday.", [("last Wednesday", "2025-02-26")]),
        ("They will meet next Wednesday.", [("next Wednesday", "2025-03-12")]),
        ("Thursday's ruling was overturned.", [("Thursday's", "2025-02-27")]),
        # Day words, weeks, months, years, "ago".
        ("The report came out yesterday.", [("yesterday", "2025-03-04")]),
        ("The report came out today.", [("today", "2025-03-05")]),
        ("The report comes out tomorrow.", [("tomorrow", "2025-03-06")]),
        ("Shots were heard last night.", [("last night", "2025-03-04")]),
        ("Sales fell last year.", [("last year", "2024")]),
        ("Sales rose this year.", [("this year", "2025")]),
        ("Sales will rise next year.", [("next year", "2026")]),
        ("Prices rose last month.", [("last month", "2025-02")]),
        ("Prices rose earlier this month.", [("earlier this month", "2025-03")]),
        ("The bridge opened three years ago.", [("three years ago", "2022")]),
        ("The bridge closed five days ago.", [("five days ago", "2025-02-28")]),
        ("The bridge closed two months ago.", [("two months ago", "2025-01")]),
        ("A year ago the bridge opened.", [("A year ago", "2024")]),
        # A week is given as its month when it lies in one month, else as its year.
        ("Talks resumed this week.", [("this week", "2025-03")]),
        ("Talks resumed last week.", [("last week", "2025")]),  # 24 Feb - 2 Mar
        # One event per expression: a sentence with two dates gives two events.
        ("The bridge opened in 1987 and was inspected in 2019.", [("in 1987", "1987"), ("in 2019", "2019")]),
    ],
)
def test_expressions(text, expected):
    assert events_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The help desk is open 24/7.",
        "The span gave way at about 8:40 a.m. local time.",
        "An 80-year-old man was among the injured.",
        "About 2000 people attended the rally.",
        "The meeting starts at 1800 GMT.",
        "The Sunday Times reported the story first.",
        "Black Friday sales were weak.",
        "He can be heard on the radio Monday through Friday at 7:50 a.m.",
        "The columnists appear Sundays and Wednesdays.",
        "He appeared on all five Sunday morning shows.",
        "Sales fell in the last year.",
        "She has run the cafe for 22 years.",
        "The 1990s were a decade of growth.",
        "Resolution 2231 limits the program.",
        "The package cost $2015 in total.",
        "Theresa May said the plan would work.",
        "Fans will march on the stadium.",
        "Euro 2016 was held in France.",
    ],
)
def test_not_dates(text):
    assert events_of(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bridge collapsed on Monday.", [("on Monday", None)]),
        ("Sales fell last year.", [("last year", None)]),
        ("The bridge collapsed on March 3.", [("on March 3", None)]),
        ("The report came out yesterday.", [("yesterday", None)]),
        ("The deal was struck on July 14, 2015.", [("on July 14, 2015", "2015-07-14")]),
        ("The bridge was last inspected in 2019.", [("in 2019", "2019")]),
    ],
)
def test_without_publication_date_relative_dates_are_unresolved(text, expected):
    assert events_of(text, published=None) == expected
    cluster = Cluster(id="t", articles=(Article(text=text),))
    (event,) = extract_events(prepare(cluster).documents)
    assert event.resolved is (expected[0][1] is not None)


def test_a_week_across_new_year_is_left_unresolved():
    # Published Wednesday 1 January 2025: this week runs 30 December to 5 January, which no ISO date covers.
    assert events_of("Talks resumed this week.", published="2025-01-01") == [("this week", None)]
    assert events_of("The storm hit on Dec. 28.", published="2025-01-05") == [("on Dec. 28", "2024-12-28")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-04", "2025-03-04"),
        ("2018-02-05T10:00:00", "2018-02-05"),
        ("2018-02-05T23:30:00-05:00", "2018-02-05"),  # the outlet's own date, not converted to UTC
        ("2025/03/04", "2025-03-04"),
        ("March 4, 2025", "2025-03-04"),
        ("4 March 2025", "2025-03-04"),
        ("Tue, 04 Mar 2025 10:00:00 GMT", "2025-03-04"),
        ("03/04/2025", None),  # day or month first: ambiguous
        ("2025", None),
        ("", None),
        (None, None),
        ("2025-02-30", None),
    ],
)
def test_parse_published(value, expected):
    parsed = parse_published(value)
    assert (parsed.isoformat() if parsed else None) == expected


def test_publication_date_in_words_anchors_relative_dates():
    assert events_of("The bridge collapsed on Monday.", published="March 5, 2025") == [("on Monday", "2025-03-03")]


def test_deterministic(seed_events):
    cluster = next(read_clusters([str(p) for p in seed_paths()]))
    assert extract_events(prepare(cluster).documents) == seed_events
    assert extract_events(()) == ()


def test_fulltext_dev_without_publication_dates():
    # Multi-News articles carry no publication date: only dates with a written year can be resolved.
    clusters = [prepare(cluster_from_record(row, "fulltext-dev", default_id=row["id"])) for row in fulltext_rows()]
    timelines = [extract_events(c.documents) for c in clusters]
    events = [e for timeline in timelines for e in timeline]
    assert len(events) > 1000  # 1,259 when written
    for event in events:
        assert event.resolved == (event.date is not None)
        if event.resolved:
            assert event.date[:4] in event.expression


def test_bounds_read_as_bounds_in_text_and_markdown():
    from newsweave.render import render

    text = (
        "The harbour council said the footbridge will be rebuilt after 2027 once the money is found. "
        "The footbridge had not been fully inspected since 2019, according to the city's own records. "
        "The ferry terminal next to it opened in 2015 and now serves about 4,000 passengers a day."
    )
    digest = summarize([text])
    lines = render(digest, "text").split("Timeline\n", 1)[1].splitlines()
    assert [line.split(":", 1)[0] for line in lines[:3]] == ["2015", "since 2019", "after 2027"]
    markdown = render(digest, "markdown")
    assert "- **after 2027**:" in markdown and "- **2015**:" in markdown
