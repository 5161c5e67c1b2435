"""`make test` never touches the user's own managed server, even when the user exported
ORGRAPH_HOME/ORGRAPH_BOLT_PORT for it (as the README's troubleshooting suggests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tools.seedfiles import REPO

USER_PORT = "7698"


def _orgraph(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.neo4j
def test_exported_user_server_survives_the_test_suite(neo4j_settings, tmp_path):
    if not neo4j_settings.managed:
        pytest.skip("NEO4J_URI points the tests at a server of the caller's choosing")
    user = dict(os.environ, ORGRAPH_HOME=str(tmp_path / "user-home"), ORGRAPH_BOLT_PORT=USER_PORT,
                ORGRAPH_HEAP="1g", ORGRAPH_PAGECACHE="256m")
    user.pop("NEO4J_URI", None)
    try:
        assert _orgraph(user, "db", "start").returncode == 0
        loaded = _orgraph(user, "load", "tests/fixtures/tiny.yaml")
        assert loaded.returncode == 0, loaded.stderr
        # The suite, run as a user would with their server exported: a test that wipes the database.
        suite = dict(user, ORGRAPH_TEST_HOME=os.environ["ORGRAPH_HOME"],
                     ORGRAPH_TEST_BOLT_PORT=os.environ["ORGRAPH_BOLT_PORT"])
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "tests/test_foundation_db.py::test_load_twice_same_counts"],
                             cwd=REPO, env=suite, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        orgs = _orgraph(user, "orgs", "--json")
        assert orgs.returncode == 0, orgs.stderr
        assert [o["key"] for o in json.loads(orgs.stdout)] == ["tiny"]
    finally:
        _orgraph(user, "db", "stop")
