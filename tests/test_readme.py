"""README and CI agree: CI runs exactly the README's test command."""

from __future__ import annotations

from helpers import ROOT


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = ci.strip().splitlines()[-1]
    assert "pytest" in command
    assert f"\n{command}\n" in readme


def test_readme_demo_command_exists():
    readme = (ROOT / "README.md").read_text()
    assert "newsweave summarize --demo" in readme
