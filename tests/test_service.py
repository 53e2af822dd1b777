"""The HTTP service, on a real uvicorn server on 127.0.0.1, over SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

pytest.importorskip("fastapi", reason="the service needs the service extra")

import httpx  # noqa: E402

from newsweave import Options  # noqa: E402
from newsweave.service.desk import Desk  # noqa: E402
from newsweave.service.settings import Settings  # noqa: E402
from newsweave.store import Store  # noqa: E402

from helpers import seed_paths  # noqa: E402
from service_helpers import TOKEN, Clock, ThreadServer, bridge, vaccine  # noqa: E402

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def article_json(article, **extra) -> dict:
    fields = {k: getattr(article, k) for k in ("text", "title", "source", "url", "published")}
    return {**{k: v for k, v in fields.items() if v is not None}, **extra}


@pytest.fixture
def service(db_url):
    store = Store(db_url)
    desk = Desk(store, settle=0, clock=Clock())
    with ThreadServer(desk, Settings(db=db_url, token=TOKEN, max_body_bytes=64 * 1024)) as server:
        server.desk = desk
        with httpx.Client(base_url=server.url, timeout=60) as client:
            server.client = client
            yield server
    store.close()


def counts(service) -> dict:
    return service.client.get("/health").json()


# --- writing ----------------------------------------------------------------


def test_post_one_then_a_batch_then_the_same_again(service):
    c = service.client
    one = c.post("/articles", json=article_json(bridge(0, source="Daily", url="https://daily.example/b")), headers=AUTH)
    assert one.status_code == 200
    (result,) = one.json()["results"]
    assert result["status"] == "added" and result["new_story"]
    batch = [article_json(bridge(2, source="Herald")), article_json(vaccine(0, source="Wire"))]
    answer = c.post("/articles", json={"articles": batch}, headers=AUTH).json()
    assert [r["status"] for r in answer["results"]] == ["added", "added"]
    assert answer["results"][0]["story"] == result["story"] and answer["results"][1]["story"] != result["story"]
    again = c.post("/articles", json=[article_json(bridge(0, url="https://DAILY.example/b?utm_source=feed"))], headers=AUTH)
    assert again.json()["results"][0] == {"index": 0, "status": "duplicate", "id": result["id"], "story": result["story"], "new_story": False}
    assert counts(service)["articles"] == 3
    stored = c.get(f"/articles/{result['id']}").json()
    assert stored["story"] == result["story"] and stored["source"] == "Daily" and "Elm Street" in stored["text"]


def test_plain_text_and_html_bodies_go_through_the_same_cleaning(service):
    c = service.client
    text = bridge(1).text
    plain = c.post("/articles", content=text.encode(), headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"})
    assert plain.json()["results"][0]["status"] == "added"
    html = (
        "<html><head><title>Norway starts measles drive</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>Norway starts measles drive</h1><p>{vaccine(1).text}</p></article>"
        "<footer>Copyright 2026 Example News. All rights reserved.</footer></body></html>"
    )
    page = c.post("/articles", content=html.encode(), headers={**AUTH, "Content-Type": "text/html"})
    added = page.json()["results"][0]
    assert added["status"] == "added"
    stored = c.get(f"/articles/{added['id']}").json()
    assert stored["title"] == "Norway starts measles drive"
    assert "measles" in stored["text"] and "All rights reserved" not in stored["text"]
    in_json = c.post("/articles", json={"html": html, "source": "Example News"}, headers=AUTH).json()
    assert in_json["results"][0]["status"] == "duplicate"


def test_writes_need_the_token(service):
    c = service.client
    body = article_json(bridge(0))
    assert c.post("/articles", json=body).status_code == 401
    wrong = c.post("/articles", json=body, headers={"Authorization": "Bearer not-the-token-at-all"})
    assert wrong.status_code == 401 and "Bearer" in wrong.json()["error"]
    assert c.post("/summarize", json={"documents": ["a b c"]}).status_code == 401
    assert c.get("/rejected").status_code == 401
    assert counts(service)["articles"] == 0
    assert c.get("/stories").status_code == 200  # reading needs no token


@pytest.mark.parametrize(
    ("body", "headers", "status", "says"),
    [
        (b"{not json", {"Content-Type": "application/json"}, 400, "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", {"Content-Type": "application/json"}, 400, "binary"),
        (b"\xff\xfe caf\xe9", {"Content-Type": "text/plain"}, 400, "not UTF-8"),
        (b"", {"Content-Type": "application/json"}, 400, "empty"),
        (b"a=1", {"Content-Type": "application/x-www-form-urlencoded"}, 415, "application/json"),
        (json.dumps({"text": 5}).encode(), {"Content-Type": "application/json"}, 422, '"text" string'),
        (json.dumps({"text": "x", "colour": "red"}).encode(), {"Content-Type": "application/json"}, 422, "unknown keys"),
        (json.dumps({"text": "x", "title": ["a"]}).encode(), {"Content-Type": "application/json"}, 422, "'title' must be a string"),
        (json.dumps([{"text": "fine article"}, 7]).encode(), {"Content-Type": "application/json"}, 422, "article 2 must be"),
        (json.dumps({"articles": []}).encode(), {"Content-Type": "application/json"}, 422, "empty"),
        (json.dumps({"articles": [], "more": 1}).encode(), {"Content-Type": "application/json"}, 422, "unknown keys"),
        (json.dumps("just a string").encode(), {"Content-Type": "application/json"}, 422, "JSON object"),
    ],
)
def test_malformed_bodies_are_clear_4xx_and_store_nothing(service, body, headers, status, says):
    answer = service.client.post("/articles", content=body, headers={**AUTH, **headers})
    assert answer.status_code == status
    error = answer.json()["error"]
    assert says in error and "\n" not in error and "Traceback" not in error
    health = counts(service)
    assert health["articles"] == 0 and health["rejected"] == 0


def test_oversized_bodies_are_refused_by_length_and_while_streaming(service):
    big = json.dumps({"text": "word " * 20_000}).encode()  # > 64 KiB
    declared = service.client.post("/articles", content=big, headers={**AUTH, "Content-Type": "application/json"})
    assert declared.status_code == 413 and "limit" in declared.json()["error"]

    def chunks():
        for i in range(0, len(big), 8192):
            yield big[i : i + 8192]

    streamed = service.client.post("/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert streamed.status_code == 413
    assert counts(service)["articles"] == 0


def test_unusable_articles_are_rejected_with_a_reason_and_the_rest_stored(service):
    c = service.client
    page = "<html><body><nav>Home</nav><div>Subscribe to our newsletter</div></body></html>"
    answer = c.post("/articles", json={"html": page}, headers=AUTH)
    assert answer.status_code == 422 and "no article text" in answer.json()["error"]
    mixed = c.post(
        "/articles",
        json=[article_json(bridge(0)), {"text": "Words.", "published": "yesterday-ish"}, {"text": "  "}],
        headers=AUTH,
    ).json()
    assert [r["status"] for r in mixed["results"]] == ["added", "rejected", "rejected"]
    rejected = c.get("/rejected", headers=AUTH).json()["rejected"]
    assert len(rejected) == 3
    assert "not an ISO 8601" in rejected[1]["reason"] and "yesterday-ish" in rejected[1]["payload"]
    assert counts(service) | {"rejected": 3, "articles": 1} == counts(service)


# --- reading ----------------------------------------------------------------


def test_stories_list_page_and_digest(service):
    c = service.client
    for i in range(3):
        c.post("/articles", json=article_json(bridge(i, source=f"Outlet {i}", published=f"2026-12-0{i + 1}")), headers=AUTH)
        service.desk._clock.tick()
    c.post("/articles", json=article_json(vaccine(0, source="Wire", title="Norway measles drive")), headers=AUTH)
    listing = c.get("/stories", params={"limit": 1}).json()
    assert listing["total"] == 2 and listing["next_offset"] == 1
    assert listing["stories"][0]["title"] == "Norway measles drive"  # most recently changed first
    older = c.get("/stories", params={"limit": 1, "offset": 1}).json()["stories"][0]
    assert older["size"] == 3 and older["outlets"] == ["Outlet 0", "Outlet 1", "Outlet 2"]
    assert (older["first_seen"], older["last_seen"]) == ("2026-12-01T00:00:00+00:00", "2026-12-03T00:00:00+00:00")
    assert c.get("/stories", params={"q": "measles"}).json()["total"] == 1
    view = c.get(f"/stories/{older['id']}").json()
    assert len(view["articles"]) == 3 and view["digest"]["summary"]
    cited = {s["article"] for s in view["digest"]["sentences"]}
    assert cited and cited <= {0, 1, 2}
    page = c.get(f"/stories/{older['id']}.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"] and "Elm Street" in page.text
    assert c.get("/stories", params={"limit": 0}).status_code == 422
    missing = c.get("/stories/story:none")
    assert missing.status_code == 404 and missing.json() == {"error": "story 'story:none': no such story", "status": 404}


def test_summarize_is_stateless(service):
    documents = [{"text": p.read_text(encoding="utf-8"), "source": p.stem} for p in seed_paths()]
    answer = service.client.post("/summarize", json={"documents": documents, "words": 120}, headers=AUTH)
    assert answer.status_code == 200
    digest = answer.json()
    limit = 120 * (1 + Options().overshoot)  # the budget with the overshoot selection allows
    assert digest["budget"] == 120 and 60 <= digest["words"] <= limit and digest["sentences"]
    assert counts(service)["articles"] == 0
    bad = service.client.post("/summarize", json={"documents": [], "words": "many"}, headers=AUTH)
    assert bad.status_code == 422 and "words" in bad.json()["error"]
    empty = service.client.post("/summarize", json={"documents": ["   "]}, headers=AUTH)
    assert empty.status_code == 422 and "empty" in empty.json()["error"]


def test_openapi_documents_the_routes(service):
    spec = service.client.get("/openapi.json").json()
    assert {"/articles", "/stories", "/stories/{story_id}", "/stories/{story_id}.html", "/summarize", "/health"} <= set(spec["paths"])
    assert "text/html" in spec["paths"]["/articles"]["post"]["requestBody"]["content"]


# --- settings ---------------------------------------------------------------


def test_serve_refuses_a_public_address_without_a_token(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "newsweave.cli", "serve", "--db", str(tmp_path / "x.db"), "--host", "0.0.0.0"],
        capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "without a token" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_serve_reports_an_unusable_database_in_one_line(tmp_path):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "newsweave.cli", "serve", "--db", str(tmp_path / "no" / "such" / "dir.db")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "cannot open the database" in result.stderr
    assert "Traceback" not in result.stderr and time.monotonic() - started < 60
