"""The README's examples run: each `$ orgraph ...` line in a ```console block is
executed against the real server, in order, and every line shown under it must
appear in what it prints."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest

from tools.seedfiles import REPO, shared_dir

BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def examples() -> list[tuple[str, list[str]]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    out: list[tuple[str, list[str]]] = []
    for block in BLOCK.findall(text):
        for line in block.splitlines():
            if line.startswith("$ "):
                out.append((line[2:], []))
            elif line.strip() and out:
                out[-1][1].append(line.strip())
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_readme_has_examples():
    assert len(examples()) >= 3
    assert all(cmd.startswith("orgraph ") for cmd, _ in examples())


def test_readme_examples_run(conn, neo4j_settings, tmp_path):
    env = dict(os.environ, COLUMNS="200")
    (REPO / "out").mkdir(exist_ok=True)
    if not neo4j_settings.managed:
        env.update(NEO4J_URI=neo4j_settings.uri, NEO4J_USER=neo4j_settings.user,
                   NEO4J_PASSWORD=neo4j_settings.password or "")
    ran = 0
    for cmd, expected in examples():
        if "../shared" in cmd and not shared_dir().is_dir():
            continue  # the documents beside the repository are not here
        ran += 1
        argv = shlex.split(cmd)
        proc = subprocess.run([sys.executable, "-m", "graph.cli", *argv[1:]], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=300)
        output = _norm(proc.stdout + proc.stderr)
        # 1 is the documented exit for bad input and for checks that find errors; 2 never.
        assert proc.returncode in (0, 1), f"{cmd} exited {proc.returncode}: {proc.stderr[-800:]}"
        for line in expected:
            assert _norm(line) in output, f"`{cmd}` did not print {line!r}; it printed:\n{proc.stdout}{proc.stderr}"
    assert ran >= 10
