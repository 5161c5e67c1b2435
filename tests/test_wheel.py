"""orgraph installs as a plain wheel (not editable) into a fresh venv and runs from anywhere:
everything it reads at run time (catalogues, JSON Schema, Cypher, the Neo4j pom) is package data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS, shared_path
from tools.seedfiles import REPO

TIMEOUT = 900


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `orgraph` script of a fresh venv with the built wheel installed (dependencies from pip's cache)."""
    root = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(root / "dist"),
                            str(REPO)], capture_output=True, text=True, timeout=TIMEOUT)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (root / "dist").glob("orgraph-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=TIMEOUT)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)],
                         capture_output=True, text=True, timeout=TIMEOUT)
    assert pip.returncode == 0, pip.stderr[-2000:]
    return venv / "bin" / "orgraph"


def _run(orgraph: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run([str(orgraph), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc


def test_wheel_holds_no_repository_paths(installed):
    site = next((installed.parent.parent / "lib").glob("python3*/site-packages"))
    assert (site / "graph" / "store" / "neo4j-runtime" / "pom.xml").is_file()
    assert (site / "graph" / "catalogues" / "titles-rs.yaml").is_file()
    assert (site / "graph" / "schema" / "orgfile.schema.json").is_file()
    assert not (site / "tests").exists() and not (site / "tools").exists()


def test_wheel_runs_help_and_dry_runs_an_org_file(installed, tmp_path):
    assert _run(installed, "--help", cwd=tmp_path).returncode == 0
    proc = _run(installed, "load", "--dry-run", "--json", str(REPO / "seed" / "kite.yaml"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert '"key": "kite"' in proc.stdout


@pytest.mark.parametrize("name,as_", [("rulebook", "rulebook"), ("georgian", "georgian"),
                                      ("stari_grad", "municipal-procedure"), ("razanj", "action-plan")])
def test_wheel_dry_runs_every_document_type(installed, tmp_path, name, as_):
    doc = shared_path(SEEDS[name])
    proc = _run(installed, "load", "--dry-run", "--as", as_, str(doc), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_wheel_dry_runs_a_uk_return(installed, tmp_path):
    doc = shared_path("data/uk-organograms/home_office-2012-09-30-junior.csv")
    proc = _run(installed, "load", "--dry-run", "--as", "uk", str(doc), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_wheel_starts_the_server_loads_and_draws(installed, conn, neo4j_settings, tmp_path):
    if not neo4j_settings.managed:
        pytest.skip("NEO4J_URI points the tests at a server of the caller's choosing; `db start` is for the managed one")
    assert _run(installed, "db", "start", cwd=tmp_path).returncode == 0
    proc = _run(installed, "load", str(REPO / "seed" / "kite.yaml"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = _run(installed, "chart", "kite", "-o", str(tmp_path / "x.svg"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "x.svg").read_bytes().lstrip().startswith((b"<?xml", b"<svg"))
