"""``orgraph diff FILE1 FILE2``: the model-level diff of two versions, without a database."""

from __future__ import annotations

import json

import pytest
import yaml

from graph.analysis.diff import diff
from graph.cli import main
from graph.loaders.orgfile import read
from tools.seedfiles import REPO

KITE = REPO / "seed" / "kite.yaml"


def amended(tmp_path, moves=True):
    """seed/kite.yaml with post 12 moved to unit 1.1.1, post 13 retitled and unit 1.2 renamed."""
    data = yaml.safe_load(KITE.read_text(encoding="utf-8"))
    posts = {p["key"]: p for p in data["posts"]}
    units = {u["key"]: u for u in data["units"]}
    assert posts["kite/post/12"]["unit"] != "kite/1.1.1"
    if moves:
        posts["kite/post/12"]["unit"] = "kite/1.1.1"
    posts["kite/post/13"]["name"] = "Виши саветник за пројекте"
    units["kite/1.2"]["name"] = "Сектор за инфраструктуру"
    path = tmp_path / "draft.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_three_changes_exactly(tmp_path):
    before, after = read(KITE), read(amended(tmp_path))
    d = diff(before, after)
    got = [(c["change"], c["key"]) for c in d["changes"]]
    assert got == [("unit-renamed", "1.2"), ("post-moved", "post/12"), ("post-retitled", "post/13")]
    moved = d["changes"][1]
    assert (moved["unit_before"], moved["unit_after"]) == ("1.1.2", "1.1.1")
    assert moved["superior_before"] == moved["superior_after"]
    assert d["counts"] == {"unit-renamed": 1, "post-moved": 1, "post-retitled": 1}
    assert d["changes"][0]["after"] == "Сектор за инфраструктуру"


def test_same_file_no_changes():
    a, b = read(KITE), read(KITE)
    assert diff(a, b)["changes"] == []


def test_removed_post_and_superior_change(tmp_path):
    data = yaml.safe_load(KITE.read_text(encoding="utf-8"))
    [line] = [s for s in data["supervision"] if s["post"] == "kite/post/9" and s.get("kind", "line") == "line"]
    line["superior"] = "kite/post/3"
    data["posts"] = [p for p in data["posts"] if p["key"] != "kite/post/83"]
    data["supervision"] = [s for s in data["supervision"] if "kite/post/83" not in (s["post"], s["superior"])]
    data["substitution"] = [s for s in data.get("substitution", []) if "kite/post/83" not in
                            (s.get("principal"), s.get("substitute"))]
    data["declared"] = [d for d in data.get("declared", []) if d["subject"] != "kite/post/83"]
    path = tmp_path / "b.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    a, b = read(KITE), read(path)
    kinds = [(c["change"], c["key"]) for c in diff(a, b)["changes"]]
    # The new superior is part of the move, not a separate reporting-line change.
    assert kinds == [("post-removed", "post/83"), ("post-moved", "post/9")]


def test_cli_text_and_json(tmp_path, capsys):
    draft = amended(tmp_path)
    assert main(["diff", str(KITE), str(draft)]) == 0
    out = capsys.readouterr().out
    assert "3 changes" in out
    assert "unit 1.2 renamed: 'Одељење за информационе системе и регистре' -> 'Сектор за инфраструктуру'" in out
    assert "post post/12 moved" in out and "unit 1.1.2 -> 1.1.1" in out
    assert "post post/13 retitled" in out
    assert main(["diff", "--json", str(KITE), str(draft)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["change"] for c in data["changes"]] == ["unit-renamed", "post-moved", "post-retitled"]


def test_cli_missing_second_file(tmp_path, capsys):
    assert main(["diff", str(KITE), str(tmp_path / "nope.yaml")]) == 1
    err = capsys.readouterr().err
    assert "nope.yaml" in err and "Traceback" not in err


def test_cli_across_loaders(seed_doc, capsys):
    """A document against the org file extracted from it: the same organisation, no changes."""
    assert main(["diff", "--json", str(seed_doc("rulebook")), str(KITE)]) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == []


def test_a_secondary_line_removed_is_a_reporting_change(tmp_path):
    data = yaml.safe_load(KITE.read_text(encoding="utf-8"))
    data["supervision"] = [s for s in data["supervision"]
                           if not (s["post"] == "kite/post/4" and s.get("kind") == "secondary")]
    path = tmp_path / "b.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    d = diff(read(KITE), read(path))
    assert d["changes"] == [{"change": "reporting-removed", "key": "post/4", "superior": "post/1",
                             "kind": "secondary"}]


def test_cli_chart_of_two_files(tmp_path, capsys):
    from viz.svg import read_svg

    svg = tmp_path / "d.svg"
    assert main(["diff", str(KITE), str(amended(tmp_path)), "--chart", str(svg), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["chart"]["format"] == "svg" and data["findings"] == {"appeared": [], "gone": []}
    chart = read_svg(svg.read_bytes())
    assert sorted(k for k, n in chart.nodes.items() if "changed" in n.classes) == ["kite/post/12", "kite/post/13"]
    assert not any("added" in n.classes for n in chart.nodes.values())
    assert "changed" in chart.clusters["cluster_kite/1.2"].classes
    assert main(["diff", str(KITE), str(amended(tmp_path)), "--chart", str(tmp_path / "d.dot")]) == 1
    assert "svg, pdf or png" in capsys.readouterr().err


def test_diff_names_identifier_joint_line_and_organisation_changes():
    from graph.analysis.diff import describe, diff
    from graph.schema.model import Organisation, OrgFile, Post, Supervision

    a = OrgFile(organisation=Organisation(key="agency", name="Agency", reports_to="ministry"),
                posts=[Post(key="agency/post/1", name="Director"), Post(key="agency/post/2", name="Co-director"),
                       Post(key="agency/post/3", name="Secretary", identifiers={"hr": "S-1"})],
                supervision=[Supervision(post="agency/post/3", superior="agency/post/1")])
    b = a.model_copy(deep=True)
    b.organisation.reports_to, b.organisation.part_of = None, "ministry"
    b.posts[2].identifiers = {"hr": "S-2"}
    b.supervision = [Supervision(post="agency/post/3", superior="agency/post/1", joint=True),
                     Supervision(post="agency/post/3", superior="agency/post/2", joint=True)]
    lines = [describe(c) for c in diff(a, b)["changes"]]
    assert lines == [
        "post/3 identifiers ('Secretary'): hr:S-1 -> hr:S-2",
        "reporting line added: post/3 -> post/1 (joint line)",
        "reporting line added: post/3 -> post/2 (joint line)",
        "reporting line removed: post/3 -> post/1 (line)",
        "organisation part of: (none) -> ministry",
        "organisation reports to: ministry -> (none)",
    ]
