"""README and CI agree: CI runs exactly the README's test command."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

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


def _sed_range(text: str, script: str) -> str:
    """``sed -n '/START/,/END/p'`` (END may be ``$`` for the last line), in Python."""
    match = re.fullmatch(r"/(.+?)/,(?:/(.+?)/|\$)p", script)
    assert match, f"unsupported sed script {script!r}"
    start, end = re.compile(match.group(1)), match.group(2)
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        if not inside and start.search(line):
            inside = True
            out.append(line)
            continue
        if inside:
            out.append(line)
            if end is not None and re.search(end, line):
                inside = False
    return "\n".join(out)


def test_readme_examples_show_what_the_commands_print_now():
    shown = _shown_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(shown) >= 4
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}
    for command, output in shown:
        # "newsweave ARGS [| sed -n 'SCRIPT']": the CLI run with this interpreter, the sed range in Python.
        cli, _, pipe = command.partition(" | ")
        argv = [sys.executable, "-m", "newsweave.cli", *shlex.split(cli)[1:]]
        result = subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env)
        assert result.returncode == 0, f"{command}: {result.stderr}"
        printed = result.stdout
        if pipe:
            sed = shlex.split(pipe)
            assert sed[:2] == ["sed", "-n"], f"unsupported pipe in {command!r}"
            printed = _sed_range(printed, sed[2])
        assert printed.rstrip("\n") == output, command
