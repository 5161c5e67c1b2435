"""Diff of two snapshots of one body, on the Home Office returns (no database).

Expectations were read off the CSVs with grep: 1SIIGPROJ exists in 2011-09 and
not in 2012-09; 2HOS02 changed unit; 1HR03 changed superior (2HR01 -> 3HR01)
and grade (SCS1 -> SCS2, the first of its two rows in 2012).
"""

from __future__ import annotations

import pytest

from graph.loaders.uk import load
from graph.loaders.uk.diff import diff, org_load_figures
from tools.seedfiles import shared_dir


@pytest.fixture(scope="module")
def home_office():
    folder = shared_dir() / "data/uk-organograms"
    if not folder.is_dir():
        pytest.skip(f"needs {folder} (the shared UK organogram sample); not present here")
    [a] = load(folder / "home_office-2011-09-30-senior.csv")
    [b] = load(folder / "home_office-2012-09-30-senior.csv")
    return a, b


def test_added_removed_moved_regraded(home_office):
    d = diff(*home_office)
    assert d["before"] == "home-office@2011-09-30" and d["after"] == "home-office@2012-09-30"
    assert "1SIIGPROJ" in {p["reference"] for p in d["removed"]}
    assert "1SIIGPROJ" not in {p["reference"] for p in d["added"]}
    moved = {m["reference"]: m for m in d["moved"]}
    assert moved["2HOS02"]["from_unit"] == "Science Engineering and Technology"
    assert moved["2HOS02"]["to_unit"] == "Home Office Science Directors"
    assert (moved["1HR03"]["from_superior"], moved["1HR03"]["to_superior"]) == ("2HR01", "3HR01")
    assert {"reference": "1HR03", "name": "Head of HR Policy, Relations and Reward", "from": "uk/SCS1",
            "to": "uk/SCS2"} in d["regraded"]
    assert d["counts"]["added"] == len(d["added"]) > 0


def test_diff_with_itself_is_empty(home_office):
    a, _ = home_office
    d = diff(a, a)
    assert d["added"] == d["removed"] == d["moved"] == d["regraded"] == []


def test_summary_counts(home_office):
    s = org_load_figures(home_office[1])
    assert s["organisation"] == "home-office@2012-09-30"
    assert s["senior_posts"] + s["junior_posts"] == len(home_office[1].posts)
    assert s["fte_junior"] > s["fte_senior"] > 0
    assert s["problems"]["duplicate-reference"] >= 1
