"""``newsweave cluster``: stories from a stream of articles, every unusable article reported."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsweave.cli import main

from helpers import seed_paths

_BRIDGE = [
    "A section of the Harbour Street footbridge in Portvale collapsed on Monday morning, injuring 14 commuters"
    " on their way to the ferry terminal. Fire crews pulled nine of the injured from the harbour.",
    "Portvale's harbour footbridge gave way during the Monday rush hour and 14 people were hurt, the city said."
    " Engineers will examine the footbridge supports on the market side of the harbour this week.",
    "Engineers began examining the wreckage of the collapsed Harbour Street footbridge in Portvale on Tuesday,"
    " a day after 14 people were injured when the harbour crossing fell.",
]
_ELECTION = [
    "Voters in Eastbrook elected Marta Lindgren as mayor on Sunday, ending twelve years of rule by the Harbour"
    " Party after a campaign dominated by housing costs and school closures.",
    "Marta Lindgren won the Eastbrook mayoral election on Sunday with 54 percent of the vote, promising to build"
    " two thousand homes and reopen the closed schools within four years.",
]


def _write(tmp_path, records, name="stream.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _stream():
    # Interleaved, as a feed would deliver them, with publication times.
    return [
        {"id": "b1", "text": _BRIDGE[0], "published": "2025-03-03T09:00:00Z"},
        {"id": "e1", "text": _ELECTION[0], "published": "2025-03-03T10:00:00Z"},
        {"id": "b2", "text": _BRIDGE[1], "published": "2025-03-03T12:00:00Z"},
        {"id": "e2", "text": _ELECTION[1], "published": "2025-03-03T18:00:00+01:00"},
        {"id": "b3", "text": _BRIDGE[2], "published": "2025-03-04"},
    ]


def run(*args):
    return CliRunner().invoke(main, list(args))


def _stories(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_interleaved_stories_come_apart(tmp_path):
    result = run("cluster", str(_write(tmp_path, _stream())))
    assert result.exit_code == 0, result.output
    stories = _stories(result.stdout)
    assert [s["articles"] for s in stories] == [["b1", "b2", "b3"], ["e1", "e2"]]
    assert stories[0]["story"] == "story:b1"
    assert stories[0]["first_seen"].startswith("2025-03-03T09:00") and stories[0]["last_seen"].startswith("2025-03-04")


def test_without_times_the_text_alone_decides(tmp_path):
    result = run("cluster", "--no-times", str(_write(tmp_path, _stream())))
    assert result.exit_code == 0, result.output
    stories = _stories(result.stdout)
    assert sorted(sorted(s["articles"]) for s in stories) == [["b1", "b2", "b3"], ["e1", "e2"]]
    assert all(s["first_seen"] is None for s in stories)


def test_digests_carry_a_headline_and_cite_the_story_articles(tmp_path):
    result = run("cluster", "--digests", "--words", "60", str(_write(tmp_path, _stream())))
    assert result.exit_code == 0, result.output
    bridge = _stories(result.stdout)[0]
    digest = bridge["digest"]
    assert digest["id"] == "story:b1" and digest["headline"]["text"]
    assert {s["article"] for s in digest["sentences"]} <= {0, 1, 2}
    assert len(digest["sources"]) == 3


def test_bad_lines_are_reported_with_their_place_and_the_rest_clustered(tmp_path):
    records = [
        *_stream()[:2],
        "{not json",
        {"id": "x1", "text": ""},
        {"id": "x2", "text": "Some text here.", "colour": "blue"},
        {"id": "b1", "text": _BRIDGE[2]},  # a repeated id
        {"id": "x3", "text": _BRIDGE[1], "published": "last Tuesday"},
        {"text": _BRIDGE[1], "published": "2025-03-03T12:00:00Z"},  # no id: FILE:LINE
    ]
    path = _write(tmp_path, records)
    result = run("cluster", str(path))
    assert result.exit_code == 1
    err = result.stderr
    assert f"{path}:3: not valid JSON" in err
    assert f"{path}:4: an article needs a non-empty" in err
    assert f"{path}:5: unknown keys ['colour']" in err
    assert "'b1' appears twice" in err
    assert "'last Tuesday' is not an ISO 8601 date" in err
    assert "Traceback" not in result.output
    stories = _stories(result.stdout)
    assert [s["articles"] for s in stories] == [["b1", "stream.jsonl:8"], ["e1"]]


def test_a_cluster_line_gives_its_articles(tmp_path):
    path = _write(tmp_path, [{"id": "c9", "documents": [_BRIDGE[0], {"text": _BRIDGE[1], "title": "Bridge"}]}])
    result = run("cluster", str(path))
    assert result.exit_code == 0, result.output
    assert _stories(result.stdout) == [
        {"story": "story:c9/1", "articles": ["c9/1", "c9/2"], "first_seen": None, "last_seen": None}
    ]


def test_article_files_and_a_directory(tmp_path):
    result = run("cluster", *map(str, seed_paths()))
    assert result.exit_code == 0, result.output
    assert _stories(result.stdout)[0]["articles"][0] == "article-1.txt"
    folder = seed_paths()[0].parent  # holds cluster.jsonl too: reported, not read twice
    result = run("cluster", str(folder))
    assert result.exit_code == 0, result.output
    assert "cluster.jsonl: JSONL file beside article files" in result.stderr
    ids = [a for s in _stories(result.stdout) for a in s["articles"]]
    assert sorted(ids) == [f"article-{i}.txt" for i in range(1, 6)]


def test_no_usable_article_is_a_one_line_error(tmp_path):
    path = _write(tmp_path, ["{broken", {"text": "  "}])
    result = run("cluster", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == "newsweave: error: no article could be read from the input"
    result = run("cluster", str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 2 and "missing.jsonl: no such file or directory" in result.stderr
