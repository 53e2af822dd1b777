"""Reading articles and clusters from every supported input form."""

from __future__ import annotations

import io
import json

import pytest

from newsweave import InputError
from newsweave.ingest import read_clusters

from helpers import SEEDS, sentences


def test_directory_of_text_files_is_one_cluster_and_reports_other_files():
    skipped: list[str] = []
    clusters = list(read_clusters([str(SEEDS)], skipped=skipped))
    assert len(clusters) == 1
    assert [a.source for a in clusters[0].articles] == [f"article-{i}" for i in range(1, 6)]
    assert any(s.startswith(str(SEEDS / "cluster.jsonl")) and "beside article files" in s for s in skipped)


def test_markdown_title_and_html_metadata(tmp_path):
    (tmp_path / "a.md").write_text("# Bridge reopens\n\n" + sentences(5))
    (tmp_path / "b.html").write_text(
        "<html><head><title>Bridge - Daily</title>"
        '<meta property="og:site_name" content="The Daily Example">'
        '<meta property="article:published_time" content="2025-03-04"></head>'
        "<body><nav>Home | World | Sport</nav><article><h1>Bridge reopens</h1>"
        f"<p>{sentences(4, 'bridge')}</p><p>{sentences(4, 'ferry')}</p></article>"
        "<footer>Copyright 2025 The Daily Example</footer></body></html>"
    )
    (cluster,) = read_clusters([str(tmp_path)])
    md, html = cluster.articles
    assert md.title == "Bridge reopens" and md.source == "a"
    assert html.source == "The Daily Example"
    assert html.published == "2025-03-04"
    assert "Officials at the bridge" in html.text and "Home | World" not in html.text


def test_jsonl_with_article_objects_and_ids(tmp_path):
    path = tmp_path / "c.jsonl"
    record = {
        "id": "story-7",
        "documents": [
            {"text": sentences(3), "title": "T", "source": "Agency", "url": "https://example.org/a", "published": "2025-01-02"},
            sentences(3, "port"),
        ],
    }
    path.write_text(json.dumps(record) + "\n")
    (cluster,) = read_clusters([str(path)])
    assert cluster.id == "story-7"
    assert cluster.articles[0].source == "Agency" and cluster.articles[0].url == "https://example.org/a"
    assert cluster.articles[1].source is None


def test_multinews_raw_form(tmp_path):
    path = tmp_path / "raw.jsonl"
    raw = "First article line one.NEWLINE_CHARNEWLINE_CHARLine two. ||||| Second article here. |||||"
    path.write_text(json.dumps({"document": raw, "summary": "– A summary."}) + "\n")
    (cluster,) = read_clusters([str(path)])
    assert cluster.id == "line-1"
    assert [a.text for a in cluster.articles] == ["First article line one.\n\nLine two.", "Second article here.", ""]
    assert cluster.summary == "– A summary."


def test_stdin_plain_text_with_separators():
    stream = io.StringIO(sentences(3) + "\n|||||\n" + sentences(3, "port"))
    (cluster,) = read_clusters(["-"], stdin=stream)
    assert len(cluster.articles) == 2


def test_stdin_jsonl():
    stream = io.StringIO(json.dumps({"id": "x", "documents": [sentences(2)]}) + "\n")
    (cluster,) = read_clusters(["-"], stdin=stream)
    assert cluster.id == "x"


def test_mixing_jsonl_and_articles_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(sentences(2))
    (tmp_path / "b.jsonl").write_text("{}\n")
    with pytest.raises(InputError, match="cannot be mixed"):
        list(read_clusters([str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")]))


def test_unknown_document_keys_are_named(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "k", "documents": [{"text": "x", "body": "y"}]}) + "\n")
    (error,) = read_clusters([str(path)])
    assert isinstance(error, InputError) and "body" in str(error) and "c.jsonl:1" in str(error)


def test_cluster_of_files_is_named_after_their_folder(tmp_path):
    from newsweave.ingest import read_clusters

    folder = tmp_path / "harbour-story"
    folder.mkdir()
    for i in (1, 2):
        (folder / f"a{i}.txt").write_text(f"The harbour bridge reopened on Monday after repairs, report {i} said.\n")
    (tmp_path / "other.txt").write_text("The ferry resumed service on Tuesday, officials said.\n")
    assert next(read_clusters([str(folder / "a1.txt"), str(folder / "a2.txt")])).id == "harbour-story"
    assert next(read_clusters([str(folder)])).id == "harbour-story"
    assert next(read_clusters([str(folder / "a1.txt")])).id == "a1"
    assert next(read_clusters([str(folder / "a1.txt"), str(tmp_path / "other.txt")])).id == "cluster"
