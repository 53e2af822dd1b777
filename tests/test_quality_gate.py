"""The quality gate: the default method stays above its pinned ROUGE floors."""

from __future__ import annotations

import json
import sys

import pytest

from helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import quality_gate  # noqa: E402


@pytest.fixture(scope="module")
def measured():
    return {name: quality_gate.measure(name) for name in quality_gate.SUBSETS}


def test_default_method_meets_the_floors(measured):
    floors = json.loads(quality_gate.FLOORS.read_text())
    assert quality_gate.check(floors, measured) == []


def test_update_refuses_to_lower_a_floor_silently(measured):
    floors = json.loads(quality_gate.FLOORS.read_text())
    raised = json.loads(json.dumps(floors))
    raised["subsets"]["val[:300]"]["floors"]["rouge1"] += 5.0
    with pytest.raises(SystemExit, match="refusing to lower"):
        quality_gate.update(raised, measured, None)
    kept = quality_gate.update(raised, measured, "test: a deliberate, reviewed change")
    assert kept["history"][-1]["lowered"] and kept["history"][-1]["reason"].startswith("test:")


def test_a_drop_below_the_floor_is_reported(measured):
    floors = json.loads(quality_gate.FLOORS.read_text())
    floors["subsets"]["fulltext-dev"]["floors"]["rouge2"] += 1.0
    problems = quality_gate.check(floors, measured)
    assert len(problems) == 1 and "fulltext-dev rouge2" in problems[0]
