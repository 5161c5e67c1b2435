"""`orgraph check --all`: every organisation loaded in Neo4j, one row of counts each
(real server; a few real UK organogram files and the kite seed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.checks import counts, run_checks
from graph.checks.engine import REGISTRY
from graph.loaders.base import load_path
from graph.loaders.orgfile import read
from tools.seedfiles import shared_dir
from graph.store.writer import write_org

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parent.parent
UK = ["pensions_ombudsman-2011-09-30-senior.csv",  # a post reports to no one: an error
      "leasehold_advisory_service-2011-03-31-senior.csv"]  # no errors


@pytest.fixture
def loaded(conn):
    folder = shared_dir() / "data" / "uk-organograms"
    if not folder.is_dir():
        pytest.skip(f"needs {folder} (the shared UK organogram sample); not present here")
    models = [m for name in UK for m in load_path(folder / name)]
    models.append(read(REPO / "seed" / "kite.yaml"))
    for m in models:
        write_org(conn, m)
    return {m.organisation.key: m for m in models}


def _all(capsys, *args) -> tuple[int, list[dict]]:
    from graph.cli import main

    capsys.readouterr()
    code = main(["check", "--all", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_one_row_per_org_and_exit_1_on_errors(loaded, capsys):
    code, rows = _all(capsys)
    assert code == 1
    assert [r["organisation"] for r in rows] == sorted(loaded)
    for r in rows:
        c = counts(run_checks(loaded[r["organisation"]]))
        assert (r["errors"], r["warnings"], r["info"]) == (c["error"], c["warning"], c["info"]), r
        assert r["posts"] == len(loaded[r["organisation"]].posts)
    by_key = {r["organisation"]: r for r in rows}
    assert by_key["pensions-ombudsman@2011-09-30"]["errors"] == 1
    assert by_key["leasehold-advisory-service@2011-03-31"]["errors"] == 0
    assert by_key["kite"]["errors"] == 1  # 83 posts declared, 84 listed: one finding
    # Which rules fired, with their findings, for each organisation.
    for r in rows:
        found = run_checks(loaded[r["organisation"]])
        assert r["rules_fired"] == {rule: sum(f.rule == rule for f in found) for rule in dict.fromkeys(
            f.rule for f in sorted(found, key=lambda f: list(REGISTRY).index(f.rule)))}, r
    assert by_key["pensions-ombudsman@2011-09-30"]["rules_fired"]["no-superior"] == 1
    assert by_key["kite"]["rules_fired"]["declared-self-contradiction"] == 1
    assert "declared-mismatch" not in by_key["kite"]["rules_fired"]


def test_report_from_the_database_keeps_the_documents_and_articles(loaded, tmp_path):
    """What a report says of the document and its articles survives the trip through Neo4j."""
    from graph.cli import main

    out = tmp_path / "kite.html"
    assert main(["check", "kite", "-o", str(out)]) == 1
    html = out.read_text(encoding="utf-8")
    assert "110-00-1/2019-01" in html and "11. фебруар 2019. године" in html and '<html lang="sr">' in html
    assert "<td>declared-self-contradiction</td><td>28</td><td>181</td>" in html


def test_select_and_ignore_apply_to_every_org(loaded, capsys):
    # The errors are a post without a superior (UK) and kite's declared totals.
    code, rows = _all(capsys, "--ignore", "supervision,declared")
    assert code == 0 and all(r["errors"] == 0 for r in rows)
    code, rows = _all(capsys, "--select", "unknown-title")
    assert code == 0 and {r["organisation"]: r["warnings"] > 0 for r in rows} == {
        "kite": False, "leasehold-advisory-service@2011-03-31": True, "pensions-ombudsman@2011-09-30": True}


def test_text_rows_and_report_file(loaded, tmp_path, capsys):
    from graph.cli import main

    out = tmp_path / "all.md"
    assert main(["check", "--all", "-o", str(out)]) == 1
    text = capsys.readouterr()
    assert "pensions-ombudsman@2011-09-30" in text.out and "3 organisations checked, 2 with errors" in text.err
    assert "2 of 3 organisations have errors" in text.err
    report = out.read_text(encoding="utf-8")
    assert "no-superior" in report and "declared-mismatch" in report


def test_all_takes_no_org(conn):
    from graph.cli import main

    assert main(["check", "--all", "kite"]) == 2
    assert main(["check", "--all", "--json"]) == 0  # nothing loaded, nothing wrong
