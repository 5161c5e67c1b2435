"""Shared fixtures: the real documents in ../shared, and the real Neo4j server.

A test that needs ../shared skips with the reason; nothing mocks the database.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tools.seedfiles import REPO, shared_dir

# The tests wipe the database they use: never the user's managed server, whatever the
# user exported (ORGRAPH_HOME/ORGRAPH_BOLT_PORT name *their* server). The tests' own server
# lives in .orgraph/test-server on port 7688 (ORGRAPH_TEST_HOME/ORGRAPH_TEST_BOLT_PORT move
# it); only an explicit NEO4J_URI points the tests at another server, which they wipe.
os.environ["ORGRAPH_HOME"] = os.environ.get("ORGRAPH_TEST_HOME") or str(REPO / ".orgraph" / "test-server")
os.environ["ORGRAPH_BOLT_PORT"] = os.environ.get("ORGRAPH_TEST_BOLT_PORT") or "7688"
# Replaced versions are purged at once after each load (no reader of the suite pins one across a
# reload, except the concurrency tests, which set their own grace period).
os.environ["ORGRAPH_PURGE_GRACE"] = "0"
DB_FIXTURES = {"conn", "neo4j_settings"}


def pytest_collection_modifyitems(config, items):
    """Every test that uses the database carries the ``neo4j`` marker, whoever forgot to add it."""
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)

SEEDS = {
    "rulebook": "seeds/000_52640796b13b3b18.txt",
    "stari_grad": "seeds/001_161439a61d3169c7.txt",
    "razanj": "seeds/002_8ccafc34fd02f727.txt",
    "georgian": "seeds/003_80ee688c297bddd5.txt",
    "decree": "seeds/004_2c9c562db6add972.txt",
}


def shared_path(relative: str) -> Path:
    """A path under ../shared, or skip the test saying what is missing."""
    path = shared_dir() / relative
    if not path.exists():
        pytest.skip(f"needs {path} (the shared documents beside the repository); not present here")
    return path


@pytest.fixture(scope="session")
def seed_doc():
    """``seed_doc("rulebook")`` -> path of that shared document (skips when absent)."""
    return lambda name: shared_path(SEEDS[name])


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def neo4j_settings():
    """Connection settings for the real server: $NEO4J_URI, or the managed one (started once)."""
    from graph.store.connection import settings_for_tests

    return settings_for_tests()


@pytest.fixture
def conn(neo4j_settings):
    """An open connection to an empty database (wiped before each test)."""
    from graph.store.connection import Connection

    c = Connection(neo4j_settings)
    c.wipe()
    yield c
    c.close()
