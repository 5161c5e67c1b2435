"""The README's examples run: each `$ orgraph ...` line in a ```console block is
executed against the real server, in order. It must exit 0, or the code its comment
names (`$ orgraph check kite   # exits 1`); it must print no traceback; and the lines
shown under it must be lines of what it prints, in that order (whitespace runs count
as one space; a line `...` stands for lines left out)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest

from tools.seedfiles import REPO, shared_dir

BLOCK = re.compile(r"```console\n(.*?)```", re.S)


EXITS = re.compile(r"\s+#\s*exits (\d+)\b.*$")


def examples() -> list[tuple[str, int, list[str]]]:
    """(command, expected exit code, expected lines) for every example, in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    out: list[tuple[str, int, list[str]]] = []
    for block in BLOCK.findall(text):
        for line in block.splitlines():
            if line.startswith("$ "):
                m = EXITS.search(line)
                out.append((EXITS.sub("", line[2:]).strip(), int(m.group(1)) if m else 0, []))
            elif line.strip() and line.strip() != "..." and out:
                out[-1][2].append(_norm(line))
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def missing_lines(expected: list[str], printed: str) -> list[str]:
    """The expected lines that are not, in order, whole lines of ``printed``.

    >>> missing_lines(["a b", "c"], "x\\na   b\\ny\\nc\\n")
    []
    >>> missing_lines(["c", "a b"], "a b\\nc")
    ['a b']
    >>> missing_lines(["a"], "a b")
    ['a']
    """
    lines = [_norm(ln) for ln in printed.splitlines()]
    at, missing = 0, []
    for want in expected:
        try:
            at = lines.index(want, at) + 1
        except ValueError:
            missing.append(want)
    return missing


def test_readme_has_examples():
    assert len(examples()) >= 3
    assert all(cmd.startswith("orgraph ") for cmd, _, _ in examples())


def test_readme_examples_run(conn, neo4j_settings, tmp_path):
    env = dict(os.environ, COLUMNS="200")
    (REPO / "out").mkdir(exist_ok=True)
    if not neo4j_settings.managed:
        env.update(NEO4J_URI=neo4j_settings.uri, NEO4J_USER=neo4j_settings.user,
                   NEO4J_PASSWORD=neo4j_settings.password or "")
    ran = 0
    for cmd, code, expected in examples():
        if "../shared" in cmd and not shared_dir().is_dir():
            continue  # the documents beside the repository are not here
        ran += 1
        argv = shlex.split(cmd)
        proc = subprocess.run([sys.executable, "-m", "graph.cli", *argv[1:]], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=300)
        printed = proc.stdout + proc.stderr
        assert "Traceback" not in printed, f"`{cmd}` printed a traceback:\n{printed[-3000:]}"
        assert proc.returncode == code, f"`{cmd}` exited {proc.returncode}, the README says {code}:\n{printed[-1500:]}"
        missing = missing_lines(expected, printed)
        assert not missing, f"`{cmd}` did not print the lines {missing!r}; it printed:\n{printed}"
    assert ran >= 10
