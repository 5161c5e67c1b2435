"""UK organogram snapshots in Neo4j: problem files load, snapshots coexist, `orgraph diff` works."""

from __future__ import annotations

import json

import pytest

from graph.store.reader import read_org
from graph.loaders.uk import load
from graph.loaders.uk.diff import diff
from tools.seedfiles import shared_dir
from graph.store.writer import write_org

# Files with the problems the data README names (several tops, clashes and job
# shares, case-only references, non-numeric FTE, self-reference; header-only files
# are left out by the loader, see test_uk_loader).
PROBLEM_FILES = [
    "cabinet_office-2011-09-30-senior.csv",
    "department_of_education-2011-09-30-senior.csv",
    "department_for_international_development-2013-03-31-senior.csv",
    "committee_on_climate_change-2011-09-30-senior.csv",
    "foreign_and_commonwealth_office-2011-03-31-senior.csv",
]


@pytest.fixture(scope="module")
def uk_dir():
    folder = shared_dir() / "data/uk-organograms"
    if not folder.is_dir():
        pytest.skip(f"needs {folder} (the shared UK organogram sample); not present here")
    return folder


def test_problem_files_load_and_keep_their_warnings(conn, uk_dir):
    for name in PROBLEM_FILES:
        [org] = load(uk_dir / name)
        result = write_org(conn, org)
        assert result["posts"] == len(org.posts)
        rows = conn.read("MATCH (w:Warning {org: $org}) RETURN w.code AS code, w.doc AS doc, w.line AS line",
                         org=org.organisation.key)
        assert len(rows) == len(org.warnings)
    rows = conn.read("MATCH (w:Warning {org: $org, code: 'suggested-fix'}) RETURN w.doc AS doc, w.line AS line "
                     "ORDER BY line", org="department-of-education@2011-09-30")
    assert rows[0] == {"doc": "department_of_education-2011-09-30-senior.csv", "line": 4}
    # Unresolved references made no edge: every REPORTS_TO joins two posts of the same snapshot.
    stray = conn.read("MATCH (a:Post)-[:REPORTS_TO]->(b:Post) WHERE a.org <> b.org RETURN count(*) AS n")
    assert stray[0]["n"] == 0


def test_two_snapshots_coexist_and_diff_from_the_database(conn, uk_dir):
    from click.testing import CliRunner

    from graph.cli import app

    models = [load(uk_dir / f"home_office-{d}-senior.csv")[0] for d in ("2011-09-30", "2012-09-30")]
    for org in models:
        write_org(conn, org)
    keys = conn.read("MATCH (o:Organisation) WHERE o.key STARTS WITH 'home-office@' RETURN o.key AS k ORDER BY k")
    assert [r["k"] for r in keys] == ["home-office@2011-09-30", "home-office@2012-09-30"]
    from_db = diff(read_org(conn, keys[0]["k"]), read_org(conn, keys[1]["k"]))
    assert from_db["counts"] == diff(*models)["counts"]

    out = CliRunner().invoke(app, ["diff", "home-office", "2011-09-30", "2012-09-30", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["counts"] == from_db["counts"]
    assert "1SIIGPROJ" in {p["reference"] for p in data["removed"]}

    missing = CliRunner().invoke(app, ["diff", "home-office", "2011-09-30", "2010-01-01"])
    assert missing.exit_code != 0
    assert "2012-09-30" in str(missing.exception)  # names the snapshots that are loaded
