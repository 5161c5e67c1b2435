"""`orgraph uk-summary` and `orgraph load --dry-run` on organogram CSVs (no database)."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from graph.cli import app
from tools.seedfiles import shared_dir

FILES = ["department_of_education-2011-09-30-senior.csv", "department_of_education-2011-09-30-junior.csv",
         "hm_treasury-2011-03-31-senior.csv", "hm_treasury-2011-03-31-junior.csv"]


@pytest.fixture
def folder(tmp_path):
    src = shared_dir() / "data/uk-organograms"
    if not src.is_dir():
        pytest.skip(f"needs {src} (the shared UK organogram sample); not present here")
    for name in FILES:
        shutil.copy(src / name, tmp_path / name)
    return tmp_path


def test_summary_json_per_file_pair(folder):
    out = CliRunner().invoke(app, ["uk-summary", str(folder), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    rows = {r["organisation"]: r for r in data}
    assert set(rows) == {"department-of-education@2011-09-30", None}
    dfe = rows["department-of-education@2011-09-30"]
    assert dfe["files"] == FILES[:2] and dfe["loaded"] is True
    assert dfe["senior_posts"] > 100 and dfe["junior_posts"] > 100 and dfe["fte_junior"] > dfe["fte_senior"] > 0
    assert dfe["problems"]["suggested-fix"] == 8
    # The header-only Treasury pair is reported, not loaded as an organisation.
    [skipped] = [r for r in data if r["organisation"] is None]
    assert skipped["loaded"] is False and skipped["files"] == FILES[2:] and skipped["problems"] == {"header-only": 1}


def test_apply_fixes_option_turns_suggestions_into_edges(folder):
    plain = json.loads(CliRunner().invoke(app, ["uk-summary", str(folder / FILES[0]), "--json"]).stdout)
    fixed = json.loads(CliRunner().invoke(app, ["uk-summary", str(folder / FILES[0]), "--json",
                                                "--apply-fixes"]).stdout)
    assert fixed["reporting_lines"] == plain["reporting_lines"] + 8
    assert "suggested-fix" not in fixed["problems"] and fixed["problems"]["applied-fix"] == 8


def test_problem_listing_names_file_line_and_post(folder):
    out = CliRunner().invoke(app, ["uk-summary", str(folder / FILES[0]), "--problems", "suggested-fix"])
    assert out.exit_code == 0, out.output
    assert "department_of_education-2011-09-30-senior.csv:4 [DFE-3040] suggested-fix:" in out.stdout


def test_load_dry_run_json(folder):
    out = CliRunner().invoke(app, ["load", "--dry-run", "--json", str(folder / FILES[0])])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["organisation"]["key"] == "department-of-education@2011-09-30"
    assert data["organisation"]["snapshot"] == "2011-09-30"


def test_folder_load_reports_progress_through_its_callback(folder):
    from graph.loaders.uk import load

    calls = []
    models = load(folder, progress=lambda name, done, total: calls.append((name, done, total)))
    assert [m.organisation.key for m in models] == ["department-of-education@2011-09-30"]  # Treasury: header only
    assert [(done, total) for _, done, total in calls] == [(1, 2), (2, 2)]
