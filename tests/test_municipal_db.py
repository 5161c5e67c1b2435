"""The municipal queries against the real Neo4j server, on the committed Ražanj and Stari Grad files."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.queries import plans
from graph.queries.plans import resolve_actor
from graph.errors import Ambiguous, NotFound
from graph.loaders.orgfile import read
from tools.seedfiles import SEED_DIR

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def loaded(neo4j_settings):
    """Written once for the module: every test here only reads."""
    from graph.store.connection import Connection
    from graph.store.writer import write_org

    conn = Connection(neo4j_settings)
    conn.wipe()
    plan = read(SEED_DIR / "razanj.yaml")
    write_org(conn, plan)
    write_org(conn, read(SEED_DIR / "stari-grad.yaml"))
    yield conn, plan
    conn.close()


def test_what_the_head_of_the_administration_approves(loaded):
    conn, plan = loaded
    expected = [a.key for a in plan.activities if "razanj/post/nacelnik-ou" in a.approvers]
    for typed in ("Начелник ОУ", "načelnik opštinske uprave", "NACELNIK OU"):
        actor = resolve_actor(conn, typed)
        assert actor["key"] == "razanj/post/nacelnik-ou"
        rows = plans.approves(conn, actor["key"])
        assert [r["key"] for r in rows] == expected
    row = next(r for r in rows if r["number"] == "2.1.11")
    assert row["responsible"] == ["ИТ администратор"] and row["with_others"] == ["Радна група"]


def test_responsible_unassigned_and_deadlines(loaded):
    conn, plan = loaded
    wg = resolve_actor(conn, "radna grupa", "razanj")
    rows = plans.responsible(conn, wg["key"])
    assert {r["key"] for r in rows} == {a.key for a in plan.activities if wg["key"] in a.responsible}
    missing = plans.unassigned(conn, "razanj")
    expected = {a.key for a in plan.activities if not a.responsible or not a.approvers}
    assert {r["key"] for r in missing} == expected
    assert next(r for r in missing if r["number"] == "2.1.9")["missing"] == ["responsible"]
    dl = plans.deadlines(conn, "razanj", "razanj/post/it-administrator")
    assert {r["role"] for r in dl} == {"responsible"} and any(r["deadline"] == "До краја 2021." for r in dl)


def test_names_that_match_several_or_none(loaded):
    conn, _ = loaded
    with pytest.raises(Ambiguous):
        resolve_actor(conn, "администратор")
    # A post no plan names is still that post (as in every command): it approves nothing.
    actor = resolve_actor(conn, "Руководилац Одељења")
    assert actor["key"] == "stari-grad/post/rukovodilac-odeljenja" and plans.approves(conn, actor["key"]) == []
    with pytest.raises(NotFound) as err:
        resolve_actor(conn, "Нико такав", "razanj")
    assert str(err.value).endswith(", nor a unit")


def test_cli_approves_json(loaded):
    import json

    from graph.cli import app

    result = CliRunner().invoke(app, ["approves", "Општинско веће", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["actor"]["key"] == "razanj/u/opstinsko-vece"
    assert [a["number"] for a in data["activities"]] == ["1.3.2", "1.3.3", "1.3.4", "5.1.3"]
