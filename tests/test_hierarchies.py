"""Hierarchies beyond one tree of posts: unit-only organisations, intended tops (independent by design)."""

from __future__ import annotations

import pytest

from graph.checks import run_checks
from graph.loaders.orgfile import read
from tools.seedfiles import REPO

FIX = REPO / "tests" / "fixtures" / "hierarchies"


def test_units_only_is_a_valid_organisation():
    found = run_checks(read(FIX / "units-only.yaml"))
    assert [f for f in found if f.severity != "info"] == []


def test_intended_tops_are_respected():
    org = read(FIX / "independent.yaml")
    rules = {f.rule for f in run_checks(org)}
    assert not rules & {"no-superior", "several-roots"}
    # Without the marks the same structure has an orphan and a second root.
    unmarked = org.model_copy(update={
        "units": [u.model_copy(update={"independent": False}) for u in org.units],
        "posts": [p.model_copy(update={"independent": False}) for p in org.posts]})
    rules = {f.rule for f in run_checks(unmarked)}
    assert {"no-superior", "several-roots"} <= rules


@pytest.mark.neo4j
def test_marks_survive_the_store(conn):
    from graph.store.reader import read_org
    from graph.store.writer import write_org

    org = read(FIX / "independent.yaml")
    write_org(conn, org)
    back = read_org(conn, "gov")
    assert [u.independent for u in back.units] == [False, True]
    assert [p.independent for p in back.posts] == [False, False, False, False, True]
    assert back.units == org.units and back.posts == org.posts
