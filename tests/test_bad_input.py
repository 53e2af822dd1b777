"""Every bad input gets a sensible result or one clear line and a non-zero exit."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from newsweave import EmptyClusterError, InputError, summarize
from newsweave.cli import main

from helpers import sentences


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def assert_one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("newsweave: error: ")
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    assert_one_line_error(run("summarize", str(path)), "empty.txt", "empty")


def test_missing_file(tmp_path):
    assert_one_line_error(run("summarize", str(tmp_path / "nope.txt")), "nope.txt", "no such file")


def test_directory_without_articles(tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    assert_one_line_error(run("summarize", str(tmp_path)), str(tmp_path), "no article files")


def test_binary_file(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    assert_one_line_error(run("summarize", str(path)), "blob.txt", "binary")


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le ministre a déclaré que la réunion aura lieu à Paris demain matin.".encode("latin-1"))
    assert_one_line_error(run("summarize", str(path)), "latin.txt", "not UTF-8")


def test_all_boilerplate_article(tmp_path):
    path = tmp_path / "furniture.txt"
    path.write_text("Related news\nAdvertisement\nLatest News\nShare this story\nImage caption\n")
    assert_one_line_error(run("summarize", str(path)), "no article text left")


def test_all_boilerplate_cluster_in_api():
    with pytest.raises(EmptyClusterError):
        summarize(["Related news\nLatest News", "Advertisement"])


def test_all_boilerplate_article_next_to_a_real_one_is_reported_not_fatal():
    digest = summarize(["Related news\nAdvertisement\nLatest News", sentences(30)])
    assert digest.sentences
    assert all(s.citation.article == 1 for s in digest.sentences)
    assert digest.sources[0].words == 0
    assert {r.rule for r in digest.removed if r.article == 0} >= {"navigation"}


def test_one_article_cluster():
    digest = summarize([sentences(40)], words=100)
    assert 80 <= digest.word_count <= 110
    assert all(not s.also_in for s in digest.sentences)


def test_empty_cluster_in_jsonl_is_skipped_and_rest_processed(tmp_path):
    path = tmp_path / "batch.jsonl"
    rows = [
        {"id": "good-1", "documents": [sentences(20, "school"), sentences(20, "library")]},
        {"id": "empty", "documents": []},
        {"id": "blank", "documents": ["", "   "]},
        {"id": "good-2", "documents": [sentences(20, "harbour")]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    result = run("summarize", str(path))
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["id"] for d in out] == ["good-1", "good-2"]
    errors = result.stderr.splitlines()
    assert any("'empty'" in e and "batch.jsonl:2" in e for e in errors)
    assert any("'blank'" in e and "batch.jsonl:3" in e for e in errors)
    assert any("batch.jsonl:5" in e and "not valid JSON" in e for e in errors)
    assert "Traceback" not in result.output


def test_huge_article_is_processed_up_to_the_limit_and_says_so():
    paragraph = sentences(20, "assembly")  # 340 words
    text = "\n".join(paragraph.replace("assembly", f"assembly {i}") for i in range(1500))  # ~500,000 words
    assert len(text.split()) >= 500_000
    digest = summarize([text, sentences(10, "senate")])
    assert 225 <= digest.word_count <= 275
    limits = [r for r in digest.removed if r.rule == "length-limit"]
    assert len(limits) == 1 and limits[0].article == 0
    assert "words not read" in limits[0].reason


def test_api_rejects_a_bare_string():
    with pytest.raises(InputError, match="list of articles"):
        summarize("just one string")


def test_bad_options_are_one_line_errors():
    assert_one_line_error(run("summarize", "--demo", "--words", "0"), "words")
    assert_one_line_error(run("summarize", "--demo", "--method", "nope"), "unknown method 'nope'; choose one of: centrality, lead, learned")
    assert "llm" in run("summarize", "--demo", "--method", "nope").stderr


def test_eval_skips_bad_clusters(tmp_path):
    path = tmp_path / "eval.jsonl.gz"
    rows = [
        {"id": "a", "documents": [sentences(20, "school"), sentences(20, "school board")], "summary": sentences(5, "school")},
        {"id": "b", "documents": [], "summary": "x"},
        {"id": "c", "documents": [sentences(20, "port")]},
    ]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run("eval", str(path))
    assert result.exit_code == 0, result.output
    assert "1 clusters" in result.stdout and "2 skipped" in result.stdout
    assert "no reference summary" in result.stderr


def test_html_for_a_batch_is_refused(tmp_path):
    path = tmp_path / "two.jsonl"
    path.write_text(
        json.dumps({"id": "a", "documents": [sentences(10)]}) + "\n" + json.dumps({"id": "b", "documents": [sentences(10)]}) + "\n"
    )
    assert_one_line_error(run("summarize", "--format", "html", str(path)), "--format html")


def test_text_without_sentence_punctuation_is_a_clear_error_not_an_empty_digest(tmp_path):
    path = tmp_path / "transcript.txt"
    path.write_text(" ".join(["and then the council voted"] * 100) + "\n")  # 500 words, one "sentence"
    assert_one_line_error(run("summarize", str(path)), "transcript.txt", "no sentence fits a 250-word digest", "500 words")
    # With room for it, the same text is summarized.
    assert run("summarize", "--words", "600", "--no-analysis", str(path)).exit_code == 0


def test_a_small_budget_falls_back_to_the_sentences_that_fit(tmp_path):
    long = " ".join(["The council members debated the harbour budget for many long hours"] * 6) + "."
    short = ["Mayor Ann Holt said the vote would come next week.", "Ferry service resumed on Tuesday morning, officials said."]
    path = tmp_path / "long-first.txt"
    path.write_text("\n".join([long] * 11 + short) + "\n")  # the early window holds only 66-word sentences
    result = run("summarize", "--words", "40", "--no-analysis", str(path))
    assert result.exit_code == 0, result.output
    assert "Mayor Ann Holt said the vote" in result.stdout and "debated the harbour budget" not in result.stdout
