"""``orgraph load-table --organisations``: a table (here JSON) of bodies, one a row, with the one
each is part of, the one it reports to and the ones independent by design; nothing invented."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TABLE = REPO / "tests" / "fixtures" / "hierarchies" / "state-bodies.json"
MAP = "id=id,name=name,kind=kind,parent=parent_id,reports_to=reports,independent=independent"


def orgraph(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True, cwd=REPO)


def test_a_json_table_of_bodies_parses_to_related_organisations():
    out = orgraph("load-table", str(TABLE), "--organisations", "--map", MAP, "--dry-run", "--json")
    assert out.returncode == 0, out.stderr
    orgs = {o["organisation"]["key"]: o["organisation"] for o in json.loads(out.stdout)}
    assert list(orgs) == ["gov-ruritania", "min-fin", "tax-admin", "customs", "stats-office", "audit-office"]
    assert orgs["tax-admin"]["part_of"] == "min-fin" and orgs["min-fin"]["part_of"] == "gov-ruritania"
    assert orgs["stats-office"]["reports_to"] == "gov-ruritania" and "part_of" not in orgs["stats-office"]
    assert orgs["audit-office"]["independent"] is True
    assert orgs["customs"]["provenance"] == {"document": "state-bodies.json", "line": 5}


def test_a_parent_missing_from_the_json_table_names_its_line(tmp_path):
    bad = tmp_path / "bodies.json"
    bad.write_text('[\n {"id": "a", "name": "A"},\n {"id": "b", "name": "B",\n  "parent_id": "zz"}\n]\n')
    out = orgraph("load-table", str(bad), "--organisations", "--map", "id=id,name=name,parent=parent_id",
                  "--dry-run")
    assert out.returncode == 1
    assert "bodies.json:3:" in out.stderr and "'zz'" in out.stderr
    assert "Traceback" not in out.stderr


def test_posts_and_organisations_together_are_refused():
    out = orgraph("load-table", str(TABLE), "--organisations", "--posts", "--map", MAP, "--dry-run")
    assert out.returncode == 2 and "Traceback" not in out.stderr


@pytest.mark.neo4j
def test_the_bodies_load_and_check_clean(neo4j_settings):
    from graph.store.connection import Connection

    conn = Connection(neo4j_settings)
    try:
        conn.wipe()
    finally:
        conn.close()
    out = orgraph("load-table", str(TABLE), "--organisations", "--map", MAP, "--json")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 6
    tree = orgraph("hierarchy", "--json")
    assert tree.returncode == 0, tree.stderr
    assert "tax-admin" in tree.stdout and "audit-office" in tree.stdout
    checked = orgraph("check", "--all", "--json")
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr
