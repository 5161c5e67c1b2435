"""`orgraph check ORG` on the graph read back from Neo4j, and --store (real server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.checks import run_checks
from graph.store.findings import store
from graph.store.reader import read_org
from graph.loaders.orgfile import read
from graph.queries import query
from graph.store.writer import write_org

pytestmark = pytest.mark.neo4j

FIXTURES = Path(__file__).parent / "fixtures" / "checks"


def test_read_back_gives_the_same_findings(conn):
    org = read(FIXTURES / "two-heads.yaml")
    write_org(conn, org)
    before = [(f.rule, f.subjects) for f in run_checks(org)]
    after = [(f.rule, f.subjects) for f in run_checks(read_org(conn, "t"))]
    assert before == after == [("two-heads", ["t/1", "t/post/2", "t/post/3"])]


def test_store_marks_posts_and_replaces_old_findings(conn):
    org = read(FIXTURES / "two-heads.yaml")
    write_org(conn, org)
    counts = store(conn, org, run_checks(org))
    assert counts == {"posts": 2, "units": 1, "activities": 0, "organisation": 0}
    marked = conn.read("MATCH (n:HasError {org: $org}) RETURN n.key AS key ORDER BY key", org="t")
    assert [r["key"] for r in marked] == ["t/1", "t/post/2", "t/post/3"]
    rows = conn.read(query("findings", "stored_findings"), gen=conn.gen("t"))
    assert rows[0]["rules"] == ["two-heads"] and rows[0]["findings"][0].startswith("error two-heads:")
    # A re-run on a fixed org clears the old marks.
    fixed = read(FIXTURES / "two-heads-ok.yaml")
    assert store(conn, fixed, run_checks(fixed))["posts"] == 0
    assert conn.read("MATCH (n {org: $org}) WHERE n.findings IS NOT NULL RETURN n", org="t") == []
    assert conn.read("MATCH (n:HasError) RETURN n") == []


def test_cli_check_org_with_store(conn):
    from graph.cli import main

    write_org(conn, read(FIXTURES / "no-superior.yaml"))
    assert main(["check", "t", "--store", "--json"]) == 1
    [row] = conn.read("MATCH (p:Post:HasError) RETURN p.key AS key, p.finding_rules AS rules")
    assert row == {"key": "t/post/6", "rules": ["no-superior"]}
    assert main(["check", "nope"]) == 1  # not loaded: NotFound
