"""What used to live in the CLI, called as a library (real Neo4j): answers come back as data,
progress through a callback, and nothing is printed."""

from __future__ import annotations

import pytest

from graph.checks import counts, run_checks, select_rules
from graph.errors import InputError, NotFound
from graph.loaders.orgfile import read
from tools.seedfiles import SEED_DIR


@pytest.fixture
def seeded(conn):
    from graph.store.writer import write_org

    models = {name: read(SEED_DIR / f"{name}.yaml") for name in ("kite", "razanj")}
    for m in models.values():
        write_org(conn, m)
    return conn, models


def test_check_all_returns_rows_and_reports_progress(seeded, capsys):
    from graph.checks.loaded import check_all

    conn, models = seeded
    capsys.readouterr()
    calls = []
    result = check_all(conn, progress=lambda done, total, key: calls.append((done, total, key)))
    assert calls == [(1, 2, "kite"), (2, 2, "razanj")]
    assert [r["organisation"] for r in result.rows] == ["kite", "razanj"]
    kite = counts(run_checks(models["kite"]))
    assert (result.rows[0]["errors"], result.rows[0]["warnings"]) == (kite["error"], kite["warning"])
    assert result.sections == [] and "kite" in result.with_errors
    kept = check_all(conn, select=["supervision"], keep_findings=True)
    assert [key for key, _, _ in kept.sections] == ["kite", "razanj"]
    chosen = {r.id for r in select_rules(["supervision"])}
    rules = {f.rule for _, _, found in kept.sections for f in found}
    assert rules and rules <= chosen
    assert capsys.readouterr() == ("", "")


def test_plan_actors_are_posts_first_then_units(seeded):
    from graph.queries import plans

    conn, models = seeded
    head = plans.resolve_actor(conn, "Načelnik opštinske uprave", "razanj")  # an alias of the post
    assert (head["key"], head["label"]) == ("razanj/post/nacelnik-ou", "post")
    expected = [a.key for a in models["razanj"].activities if head["key"] in a.approvers]
    assert [r["key"] for r in plans.approves(conn, head["key"])] == expected
    body = plans.resolve_actor(conn, "radna grupa", "razanj")
    assert (body["key"], body["label"]) == ("razanj/u/radna-grupa", "unit")
    with pytest.raises(NotFound, match=r"^no post numbered 7\.7 in razanj, nor a unit$"):
        plans.resolve_actor(conn, "7.7", "razanj")


def test_snapshot_keys_and_a_missing_snapshot(conn):
    from graph.queries.snapshots import read_snapshot, snapshot_key

    assert snapshot_key("Home Office", "2012-09-30") == "home-office@2012-09-30"
    with pytest.raises(InputError):
        snapshot_key("home-office", "2012-13-01")
    with pytest.raises(NotFound, match="no snapshot of 'home-office' is loaded"):
        read_snapshot(conn, "home-office", "2012-09-30")
