"""Lint is part of the one test command (ruff, configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from helpers import ROOT


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is installed with the [test] extra")
def test_ruff_is_clean():
    result = subprocess.run(["ruff", "check", "src", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
