"""Shared fixtures: the real documents in ../shared, and the real Neo4j server.

A test that needs ../shared skips with the reason; nothing mocks the database.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tools.seedfiles import REPO, shared_dir

# The tests wipe the database they use: never the user's managed server in .orgraph/
# (that holds what `make demo` loaded). They get a server of their own, unless the
# caller chose one (ORGRAPH_HOME/ORGRAPH_BOLT_PORT, or NEO4J_URI: a scratch server).
os.environ.setdefault("ORGRAPH_HOME", str(REPO / ".orgraph" / "test-server"))
os.environ.setdefault("ORGRAPH_BOLT_PORT", "7688")
# Replaced versions are purged at once after each load (no reader of the suite pins one across a
# reload, except the concurrency tests, which set their own grace period).
os.environ.setdefault("ORGRAPH_PURGE_GRACE", "0")

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
