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


def _shown_commands(readme: str) -> list[tuple[str, str]]:
    """Each ``$ newsweave …`` line of the README's code blocks and the output shown under it."""
    shown = []
    lines = readme.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("$ newsweave "):
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            shown.append((line[2:], "\n".join(lines[i + 1 : end])))
    return shown


def test_readme_examples_show_what_the_commands_print_now():
    import shlex
    import subprocess
    import sys

    shown = _shown_commands((ROOT / "README.md").read_text())
    assert len(shown) >= 4
    for command, output in shown:
        # The README pipes through sed to show one section; run the same pipeline with this interpreter's CLI.
        argv = command.replace("newsweave ", f"{shlex.quote(sys.executable)} -m newsweave.cli ", 1)
        result = subprocess.run(argv, shell=True, capture_output=True, text=True, cwd=ROOT, check=True)
        assert result.stdout.rstrip("\n") == output, command
