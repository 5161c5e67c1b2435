"""``orgraph diff ORG [V1] [V2]`` on stored versions: structure, findings, the chart; and seed 000
loaded from its document as one organisation with its three dated versions (issue 19)."""

from __future__ import annotations

import json

import pytest
import yaml

from graph.cli import main
from graph.loaders.orgfile import read
from graph.store.writer import write_org
from tools.seedfiles import REPO
from viz.svg import read_svg

pytestmark = pytest.mark.neo4j

KITE = REPO / "seed" / "kite.yaml"
THREE = [("unit-renamed", "1.2"), ("post-moved", "post/12"), ("post-retitled", "post/13")]


def draft(tmp_path, name="kite-2022.yaml", orphan=False):
    """kite with post 12 moved, post 13 retitled and unit 1.2 renamed (``orphan``: and post 9's
    line superior taken away; post 9 has reports of its own), no versions of its own: loaded with --version-date."""
    data = yaml.safe_load(KITE.read_text(encoding="utf-8"))
    data.pop("versions", None)
    posts = {p["key"]: p for p in data["posts"]}
    posts["kite/post/12"]["unit"] = "kite/1.1.1"
    posts["kite/post/13"]["name"] = "Виши програмер"
    {u["key"]: u for u in data["units"]}["kite/1.2"]["name"] = "Сектор за инфраструктуру"
    if orphan:
        data["supervision"] = [s for s in data["supervision"] if s["post"] != "kite/post/9"]
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_json(capsys, *argv):
    assert main([*argv, "--json"]) == 0, argv
    return json.loads(capsys.readouterr().out)


def test_default_pair_is_previous_against_current(conn, tmp_path, capsys):
    write_org(conn, read(KITE))
    assert main(["load", str(draft(tmp_path)), "--version-date", "2022-03-01", "--json"]) == 0
    capsys.readouterr()
    d = run_json(capsys, "diff", "kite")
    # The acceptance line: exactly the three changes, nothing else.
    assert [(c["change"], c["key"]) for c in d["changes"]] == THREE
    assert (d["before_version"], d["after_version"]) == ("2021-01-21", "2022-03-01")
    assert d["before_document"]["number"] == "110-01-1/2019-01/2"
    assert d["findings"] == {"appeared": [], "gone": []}
    # Named explicitly, by any day in force: the same answer.
    assert run_json(capsys, "diff", "kite", "2021-06-01", "2022-03-01")["changes"] == d["changes"]
    assert main(["diff", "kite"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("kite (2021-01-21) -> kite (2022-03-01): 3 changes "
                                   "(unit-renamed 1, post-moved 1, post-retitled 1)")
    assert "post post/13 retitled: 'Програмер' -> 'Виши програмер'" in out


def test_amendments_of_one_consolidated_text_say_no_structural_change(conn, capsys):
    write_org(conn, read(KITE))
    d = run_json(capsys, "diff", "kite", "2020-06-26", "2021-01-21")
    assert d["changes"] == [] and d["findings"] == {"appeared": [], "gone": []}
    assert d["note"].startswith("no structural change") and "consolidated" in d["note"]
    assert (d["before_version"], d["after_version"]) == ("2020-06-26", "2021-01-21")
    # Without V1 the version before the current one (2020-06-26 -> 2021-01-21): no change either.
    assert main(["diff", "kite"]) == 0
    out = capsys.readouterr().out
    assert "0 changes" in out and "no structural change" in out


def test_findings_that_appear_and_go(conn, tmp_path, capsys):
    write_org(conn, read(KITE))
    assert main(["load", str(draft(tmp_path, orphan=True)), "--version-date", "2022-03-01"]) == 0
    capsys.readouterr()
    d = run_json(capsys, "diff", "kite", "2021-01-21", "2022-03-01")
    appeared = {(f["rule"], tuple(f["subjects"])) for f in d["findings"]["appeared"]}
    # Post 9 keeps its reports but loses its superior: a second root of the hierarchy.
    assert ("several-roots", ("post/1", "post/9")) in appeared
    assert d["findings"]["gone"] == []
    # The other way round, the finding goes away.
    back = run_json(capsys, "diff", "kite", "2022-03-01", "2021-01-21")
    assert {(f["rule"], tuple(f["subjects"])) for f in back["findings"]["gone"]} == appeared
    assert main(["diff", "kite", "2021-01-21", "2022-03-01"]) == 0
    out = capsys.readouterr().out
    assert "findings that appeared" in out and "several-roots" in out
    assert "findings" not in run_json(capsys, "diff", "kite", "2021-01-21", "2022-03-01", "--no-findings")


def test_chart_colours_what_changed(conn, tmp_path, capsys):
    write_org(conn, read(KITE))
    data = yaml.safe_load(draft(tmp_path).read_text(encoding="utf-8"))
    data["posts"] = [p for p in data["posts"] if p["key"] != "kite/post/83"]
    data["supervision"] = [s for s in data["supervision"] if "kite/post/83" not in (s["post"], s["superior"])]
    data["declared"] = [x for x in data.get("declared", []) if x["subject"] != "kite/post/83"]
    data["posts"].append({"key": "kite/post/99", "name": "Аналитичар <нови> & \"први\"", "unit": "kite/1.1.1"})
    data["supervision"].append({"post": "kite/post/99", "superior": "kite/post/5"})
    path = tmp_path / "kite-2023.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["load", str(path), "--version-date", "2023-01-01"]) == 0
    capsys.readouterr()
    svg = tmp_path / "changes.svg"
    d = run_json(capsys, "diff", "kite", "2021-01-21", "2023-01-01", "--chart", str(svg))
    assert d["chart"]["file"] == str(svg) and d["chart"]["nodes"] == 84
    chart = read_svg(svg.read_bytes())
    assert "added" in chart.nodes["kite/post/99"].classes
    assert {"changed"} <= chart.nodes["kite/post/12"].classes and "changed" in chart.nodes["kite/post/13"].classes
    assert "changed" in chart.clusters["cluster_kite/1.2"].classes
    unchanged = [k for k, n in chart.nodes.items() if n.classes & {"added", "changed"}]
    assert sorted(unchanged) == ["kite/post/12", "kite/post/13", "kite/post/99"]
    assert "kite/post/83" not in chart.nodes
    assert "removed: post post/83" in chart.legend and "added" in chart.legend
    assert "Аналитичар <нови> & \"први\"" in chart.nodes["kite/post/99"].text  # escaped in, read back whole


def test_bad_versions_are_one_sentence(conn, tmp_path, capsys):
    write_org(conn, read(KITE).model_copy(update={"versions": []}))
    assert main(["diff", "kite"]) == 1
    err = capsys.readouterr().err
    assert "one version only" in err and "Traceback" not in err
    write_org(conn, read(KITE))
    assert main(["diff", "kite", "2020-13-01"]) == 1
    assert "not a date" in capsys.readouterr().err
    assert main(["diff", "kite", "2010-01-01", "2021-01-21"]) == 1
    assert "its versions start 2019-02-11" in capsys.readouterr().err
    assert main(["diff", "nobody"]) == 1
    assert "not loaded" in capsys.readouterr().err
    # Every organisation-reading command takes --as-of, a group's command too.
    for argv in (["holders", "list", "kite"], ["vacancies", "kite"], ["check", "kite"], ["units", "kite"]):
        assert main([*argv, "--as-of", "2018-12-31"]) == 1, argv
        assert "no version of 'kite' is in force on 2018-12-31" in capsys.readouterr().err


def test_seed_000_is_one_organisation_with_three_dated_versions(conn, seed_doc, capsys):
    doc = seed_doc("rulebook")
    assert main(["load", str(doc), "--json"]) == 0
    capsys.readouterr()
    assert [o["key"] for o in run_json(capsys, "orgs")] == ["kite"]
    rows = run_json(capsys, "versions", "kite")
    assert [r["valid_from"] for r in rows] == ["2019-02-11", "2020-06-26", "2021-01-21"]
    assert [r["number"] for r in rows] == ["110-00-1/2019-01", "110-01-1/2019-01/1", "110-01-1/2019-01/2"]
    assert all(r["document"] == doc.name and r["live"] for r in rows)
    assert rows[1]["title"].startswith("Правилник о измени и допуни")
    assert all("gives the structure after its last amendment only" in r["note"] for r in rows)
    # Before the first amendment and after the last: the same structure.
    early = run_json(capsys, "units", "kite", "--as-of", "2020-01-01")
    assert run_json(capsys, "units", "kite", "--as-of", "2024-01-01") == early
    assert len(early["units"]) == 26
