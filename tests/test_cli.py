"""The CLI, run in-process."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from newsweave.cli import main
from newsweave.rank import methods

from helpers import FULLTEXT_DEV, seed_paths


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_text_output_has_markers_and_numbered_sources():
    result = run("summarize", *map(str, seed_paths()))
    assert result.exit_code == 0, result.output
    body, _, rest = result.stdout.partition("\nSources\n")
    sources, _, analysis = rest.partition("\n\n")
    headline, blank, *lines = body.splitlines()
    assert headline and not re.search(r"\[\d+\]$", headline) and blank == ""  # a headline line comes first
    # Every sentence ends with its citation markers; they name listed sources only.
    cited = [re.findall(r"\[(\d+)\]", re.search(r"(\[\d+\])+$", line).group(0)) for line in lines]
    assert all(cited)
    assert {int(n) for markers in cited for n in markers} <= set(range(1, 6))
    assert len({markers[0] for markers in cited}) >= 3  # drawn from several outlets
    assert sources.splitlines() == [f"[{i}] article-{i}" for i in range(1, 6)]
    assert analysis.startswith("Who said what")


def test_no_analysis_flag():
    result = run("summarize", "--no-analysis", *map(str, seed_paths()))
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("[5] article-5")


def test_json_output_schema():
    result = run("summarize", "--format", "json", *map(str, seed_paths()))
    data = json.loads(result.stdout)
    assert {"id", "summary", "sentences", "sources", "removed", "method", "words", "budget"} <= set(data)
    assert data["summary"] == "\n".join(s["text"] for s in data["sentences"])
    assert "[" not in data["summary"].split("\n")[0][-4:]
    first = data["sentences"][0]
    assert {"text", "article", "source", "start", "end", "also_in"} <= set(first)
    assert data["sources"][0]["marker"] == "[1]"
    analysis = data["analysis"]
    assert {"speakers", "agreement", "exclusive", "conflicts", "timeline", "entities", "unavailable"} <= set(analysis)
    qassemi = next(s for s in analysis["speakers"] if s["name"] == "Bahram Qassemi")
    for quote in qassemi["quotes"]:
        assert quote["end"] - quote["start"] == len(quote["text"])  # exact offsets: tests/test_analysis.py
        assert quote["source"] == f"article-{quote['article'] + 1}"


def test_directory_reports_the_files_it_leaves_out():
    result = run("summarize", str(seed_paths()[0].parent))
    assert result.exit_code == 0
    assert "skipped" in result.stderr and "cluster.jsonl" in result.stderr
    assert "[5] article-5" in result.stdout


def test_markdown_output():
    result = run("summarize", "--format", "markdown", *map(str, seed_paths()))
    assert result.exit_code == 0
    assert "### Sources" in result.stdout and "[^1]:" in result.stdout


def test_explain_lists_removals():
    result = run("summarize", "--explain", *map(str, seed_paths()))
    assert "Removed by cleaning" in result.stdout
    assert "licence-footer" in result.stdout and "navigation" in result.stdout


def test_demo_runs():
    result = run("summarize", "--demo", "--words", "120")
    assert result.exit_code == 0, result.output
    assert "Northwind Press" in result.stdout


def test_jsonl_in_gives_jsonl_out_in_order(tmp_path):
    rows = [json.loads(line) for line in FULLTEXT_DEV.read_text().splitlines()[:3]]
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in reversed(rows)) + "\n")
    result = run("summarize", str(path), "--words", "100")
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [r["id"] for r in reversed(rows)]


def test_stdin():
    text = "\n|||||\n".join(p.read_text() for p in seed_paths()[:2])
    result = run("summarize", "-", input=text)
    assert result.exit_code == 0, result.output
    assert "[1] Article 1" in result.stdout


def test_methods_lists_the_registry():
    result = run("methods")
    names = [line.split(":")[0].split(" ")[0] for line in result.stdout.splitlines()]
    assert names == [*methods(), "llm"]  # the extractive registry, then the language-model method
    assert "(default)" in result.stdout.splitlines()[0]
    assert "lead" in names


def _two_cluster_jsonl(path):
    rows = [
        {
            "id": "harbour/pier",
            "documents": [
                "The council voted on Monday to close the old ferry pier. Repairs would have cost $4 million, the harbour office said.",
                "Portvale's council decided to shut the ferry pier after a seven-to-two vote. Engineers had warned that its piles were rotting.",
            ],
        },
        {
            "id": "harbour/pier",
            "documents": [
                "A storm knocked out power to 3,000 homes in Halden on Friday night. Crews restored most lines by Saturday morning.",
                "The utility said fallen trees caused most of the damage in Halden during the storm on Friday night.",
            ],
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_html_for_a_jsonl_batch_needs_an_output_directory(tmp_path):
    data = _two_cluster_jsonl(tmp_path / "in.jsonl")
    refused = run("summarize", "--format", "html", str(data))
    assert refused.exit_code == 2
    assert "--out-dir" in refused.output and "Traceback" not in refused.output
    out = tmp_path / "pages"
    result = run("summarize", "--format", "html", "--out-dir", str(out), "--no-analysis", str(data))
    assert result.exit_code == 0, result.output
    # One page per cluster, named after its id; a repeated id gets a suffix, nothing is overwritten.
    assert result.stdout.split() == [str(out / "harbour_pier.html"), str(out / "harbour_pier-2.html")]
    first, second = (out / "harbour_pier.html").read_text(), (out / "harbour_pier-2.html").read_text()
    assert first.startswith("<!DOCTYPE html>") and "ferry pier" in first and "storm" not in first
    assert "storm" in second and "ferry pier" not in second


def test_out_dir_that_is_a_file_is_a_clear_error(tmp_path):
    data = _two_cluster_jsonl(tmp_path / "in.jsonl")
    blocker = tmp_path / "taken"
    blocker.write_text("")
    result = run("summarize", "--out-dir", str(blocker), str(data))
    assert result.exit_code != 0
    assert "taken" in result.output and "Traceback" not in result.output


def test_resume_keeps_finished_files_and_writes_the_missing_ones(tmp_path):
    data = _two_cluster_jsonl(tmp_path / "in.jsonl")
    out = tmp_path / "digests"
    first = run("summarize", "--no-analysis", "--out-dir", str(out), str(data))
    assert first.exit_code == 0, first.output
    done, missing = out / "harbour_pier.txt", out / "harbour_pier-2.txt"
    assert "ferry pier" in done.read_text() and "storm" in missing.read_text()
    # As if the run had stopped after the first cluster, with the first file edited since.
    done.write_text("kept as it was\n")
    missing.unlink()
    resumed = run("summarize", "--no-analysis", "--resume", "--out-dir", str(out), str(data))
    assert resumed.exit_code == 0, resumed.output
    assert resumed.stdout.split() == [str(missing)]
    assert "kept 1 file" in resumed.stderr
    assert done.read_text() == "kept as it was\n"
    assert "storm" in missing.read_text()
    assert sorted(p.name for p in out.iterdir()) == ["harbour_pier-2.txt", "harbour_pier.txt"]  # no .part left
    # Without --resume every file is written again.
    again = run("summarize", "--no-analysis", "--out-dir", str(out), str(data))
    assert again.exit_code == 0 and "ferry pier" in done.read_text()


def test_resume_without_an_output_directory_is_refused(tmp_path):
    data = _two_cluster_jsonl(tmp_path / "in.jsonl")
    result = run("summarize", "--resume", str(data))
    assert result.exit_code == 2
    assert "--out-dir" in result.output and "Traceback" not in result.output


def test_a_digest_that_cannot_be_written_skips_that_cluster_only(tmp_path):
    data = _two_cluster_jsonl(tmp_path / "in.jsonl")
    out = tmp_path / "digests"
    (out / "harbour_pier.txt").mkdir(parents=True)  # something in the way of the first file
    for flags in ((), ("--resume",)):  # a directory is not a finished digest either
        result = run("summarize", "--no-analysis", *flags, "--out-dir", str(out), str(data))
        assert result.exit_code == 1, result.output
        assert "harbour_pier.txt: cannot write the digest" in result.stderr and "Traceback" not in result.output
        assert result.stdout.split() == [str(out / "harbour_pier-2.txt")]
        assert "kept" not in result.stderr
        assert "storm" in (out / "harbour_pier-2.txt").read_text()
        (out / "harbour_pier-2.txt").unlink()
    assert not list(out.glob("*.part"))
