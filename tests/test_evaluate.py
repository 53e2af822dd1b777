"""The evaluation harness: rouge-score, bootstrap, written-as-it-goes results, resume."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from newsweave import ResumeError
from newsweave.cli import main
from newsweave.evaluate import bootstrap_interval, evaluate, trim_lines
from newsweave.ingest import read_clusters
from newsweave.options import Options

from helpers import FULLTEXT_DEV


def test_trim_lines_cuts_to_exact_words():
    assert trim_lines(["a b c", "d e f"], 4) == ["a b c", "d"]
    assert trim_lines(["a b"], 10) == ["a b"]


def test_bootstrap_is_seeded_and_brackets_the_mean():
    values = np.arange(100, dtype=float)
    low, high = bootstrap_interval(values)
    assert (low, high) == bootstrap_interval(values)
    assert low < values.mean() < high


def test_eval_writes_rows_as_it_goes_and_resumes(tmp_path):
    out = tmp_path / "rows.jsonl"
    first = CliRunner().invoke(main, ["eval", str(FULLTEXT_DEV), "--limit", "3", "--out", str(out), "--json"])
    assert first.exit_code == 0, first.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 3 and all(0 < r["rouge1"] < 100 for r in rows)
    # Simulate an interrupted run: keep one row plus a half-written line.
    out.write_text(json.dumps(rows[0]) + "\n" + '{"id": "trunc')
    second = CliRunner().invoke(main, ["eval", str(FULLTEXT_DEV), "--limit", "3", "--out", str(out), "--json"])
    assert json.loads(second.stdout) == json.loads(first.stdout) | {"clusters_per_second": json.loads(second.stdout)["clusters_per_second"]}
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines() if line.startswith('{"id": "multinews')]
    assert sorted(set(ids)) == sorted(r["id"] for r in rows)


def test_resume_refuses_results_of_another_method(tmp_path):
    out = tmp_path / "rows.jsonl"
    out.write_text(json.dumps({"id": "x", "method": "lead", "budget": 250, "rouge1": 1.0}) + "\n")
    with pytest.raises(ResumeError, match="lead"):
        evaluate(read_clusters([str(FULLTEXT_DEV)]), Options(method="centrality"), out=out)


def test_resume_keeps_every_row_when_a_middle_line_is_damaged(tmp_path):
    out = tmp_path / "rows.jsonl"
    good = json.dumps({"id": "x", "method": "learned", "budget": 250, "rouge1": 1.0})
    out.write_text(good + "\nnot json\n" + good.replace('"x"', '"y"') + "\n")
    before = out.read_text()
    result = CliRunner().invoke(main, ["eval", str(FULLTEXT_DEV), "--limit", "1", "--out", str(out)])
    assert result.exit_code == 2
    assert "rows.jsonl:2: not a result line" in result.output and "Traceback" not in result.output
    assert out.read_text() == before  # nothing cut off


def test_an_unwritable_results_file_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = CliRunner().invoke(main, ["eval", str(FULLTEXT_DEV), "--limit", "1", "--out", str(blocker / "rows.jsonl")])
    assert result.exit_code == 2
    assert "cannot write results" in result.output and "Traceback" not in result.output


def test_a_cluster_that_cannot_be_summarized_scores_as_an_empty_output(tmp_path):
    from helpers import sentences

    data = tmp_path / "two.jsonl"
    good = {"id": "good", "documents": [sentences(20, "school")], "summary": sentences(5, "school")}
    furniture = {"id": "furniture", "documents": ["Related news\nAdvertisement\nLatest News"], "summary": sentences(5, "port")}
    data.write_text(json.dumps(good) + "\n" + json.dumps(furniture) + "\n")
    both = CliRunner().invoke(main, ["eval", str(data), "--json"])
    alone = CliRunner().invoke(main, ["eval", str(data), "--limit", "1", "--json"])
    assert both.exit_code == 0 and alone.exit_code == 0, both.output
    summary, single = json.loads(both.stdout), json.loads(alone.stdout)
    assert (summary["clusters"], summary["scored_as_empty"], summary["skipped"]) == (2, 1, 0)
    # The failed cluster counts as ROUGE 0, halving the mean instead of vanishing from it.
    assert summary["rouge1"]["mean"] == pytest.approx(single["rouge1"]["mean"] / 2, abs=0.01)
    assert "scored as an empty output" in both.stderr and "no article text left" in both.stderr
    text = CliRunner().invoke(main, ["eval", str(data)])
    assert "2 clusters (1 scored as empty outputs)" in text.stdout


def test_failures_recorded_without_scores_are_run_again_on_resume(tmp_path):
    from helpers import sentences

    data = tmp_path / "two.jsonl"
    good = {"id": "good", "documents": [sentences(20, "school")], "summary": sentences(5, "school")}
    furniture = {"id": "furniture", "documents": ["Related news\nAdvertisement\nLatest News"], "summary": sentences(5, "port")}
    data.write_text(json.dumps(good) + "\n" + json.dumps(furniture) + "\n")
    fresh = json.loads(CliRunner().invoke(main, ["eval", str(data), "--json"]).stdout)
    out = tmp_path / "rows.jsonl"
    first = CliRunner().invoke(main, ["eval", str(data), "--out", str(out), "--json"])
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    # An older version wrote failures without scores: such a row is run again, not skipped.
    old = [{k: v for k, v in r.items() if k in ("id", "method", "budget", "error")} if "error" in r else r for r in rows]
    out.write_text("".join(json.dumps(r) + "\n" for r in old))
    resumed = json.loads(CliRunner().invoke(main, ["eval", str(data), "--out", str(out), "--json"]).stdout)
    for summary in (json.loads(first.stdout), resumed):
        assert (summary["clusters"], summary["scored_as_empty"], summary["skipped"]) == (2, 1, 0)
        assert summary["rouge1"]["mean"] == fresh["rouge1"]["mean"]


def test_eval_where_every_cluster_fails_is_an_error(tmp_path):
    data = tmp_path / "furniture.jsonl"
    row = {"id": "furniture", "documents": ["Related news\nAdvertisement\nLatest News"], "summary": "A bridge fell."}
    data.write_text(json.dumps(row) + "\n")
    result = CliRunner().invoke(main, ["eval", str(data)])
    assert result.exit_code == 2
    assert "no cluster could be summarized and scored" in result.output and "Traceback" not in result.output
