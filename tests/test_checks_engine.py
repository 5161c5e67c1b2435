"""The check engine, its options, reports and command line (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from graph.analysis import network
from graph.checks import run_checks
from graph.checks.rules import decree
from graph.checks.report import to_html, to_markdown
from graph.store.findings import node_rows
from graph.cli import main
from graph.errors import InputError
from graph.loaders.orgfile import read
from graph.schema.model import Warning

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
TEST_RULES = yaml.safe_load((FIXTURES / "rules-rs.yaml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _rules(monkeypatch):
    monkeypatch.setattr(decree, "rs_rules", lambda: TEST_RULES)


def fx(name):
    return read(FIXTURES / f"{name}.yaml")


def test_network_mirrors_the_neo4j_shape():
    g = network.build(fx("substitution-ok"))
    types = {k for _, _, k in g.edges(keys=True)}
    assert types == {"IN", "HEADS", "PART_OF", "REPORTS_TO", "SUBSTITUTES"}
    assert g.nodes["t/post/2"]["label"] == "Post" and g.nodes["t/1"]["label"] == "Unit"
    assert g.has_edge("t/post/3", "t/post/2", key="SUBSTITUTES")


def test_select_and_ignore_take_rules_and_themes():
    org = fx("no-superior")
    assert run_checks(org, select=["units"]) == []
    assert [f.rule for f in run_checks(org, select=["supervision"])] == ["no-superior"]
    assert run_checks(org, ignore=["no-superior"]) == []
    with pytest.raises(InputError, match="no rule or theme named 'bogus'"):
        run_checks(org, select=["bogus"])


def test_limits_are_configurable():
    org = fx("base")
    assert [f.rule for f in run_checks(org, limits={"max_span": 1})] == ["span-wide", "span-wide"]
    deep = run_checks(org, limits={"max_depth": 2})
    assert [(f.rule, f.subjects) for f in deep] == [("depth", ["t/post/2", "t/post/3", "t/post/4"])]


def test_art38_between_the_limit_and_the_approved_limit_is_a_warning():
    org = fx("art38-quota")
    # 1 viši savetnik of 8 civil servants: 12.5%, above 10%, within 15% with approval.
    posts = [p.model_copy(update={"headcount": 1 if p.key == "t/post/5" else 2}) for p in org.posts]
    posts[0] = posts[0].model_copy(update={"headcount": 1})
    found = run_checks(org.model_copy(update={"posts": posts}), select=["art38-quota"])
    assert [(f.severity, round(f.data["share"], 3)) for f in found] == [("warning", 0.125)]


def test_art38_exemption_matches_the_name_in_either_script_and_case():
    org = fx("art38-quota")
    for name in ("Канцеларија за информационе технологије и електронску управу",
                 "KANCELARIJA ZA INFORMACIONE TEHNOLOGIJE I ELEKTRONSKU UPRAVU",
                 "Канцеларији за информационе технологије и електронску управу"):
        renamed = org.model_copy(update={"organisation": org.organisation.model_copy(update={"name": name})})
        [f] = run_checks(renamed, select=["art38-quota"])
        assert f.severity == "info" and f.data["exempt"], name


def test_loader_warning_already_reported_by_a_rule_is_not_repeated():
    org = fx("substitute-unresolved")
    w = Warning(code="unresolved-substitute", message="substitute named vaguely", subject="t/post/2")
    other = Warning(code="title-normalised", message="title repaired", subject="t/post/3")
    found = run_checks(org.model_copy(update={"warnings": [w, other]}))
    assert sorted(f.rule for f in found) == ["loader-warning", "substitute-unresolved"]
    assert [f.data["code"] for f in found if f.rule == "loader-warning"] == ["title-normalised"]


def test_partial_posts_without_superior_are_warnings():
    org = fx("no-superior")
    posts = [p.model_copy(update={"partial": True}) if p.key == "t/post/6" else p for p in org.posts]
    [f] = run_checks(org.model_copy(update={"posts": posts}))
    assert (f.rule, f.severity) == ("half-known-no-superior", "warning")
    assert run_checks(org.model_copy(update={"posts": posts}), ignore=["half-known-no-superior"]) == []


def test_reports_name_the_source_line(tmp_path):
    found = run_checks(fx("loader-warning"))
    sections = [("t", "Test body", found)]
    md = to_markdown(sections)
    assert "## Warnings (1)" in md and "| 260 | rulebook.txt |" in md
    html = to_html(sections)
    assert "<td>260</td><td>rulebook.txt</td>" in html and "t/post/3" in html


def test_store_rows_mark_each_node_once_with_the_worst_severity():
    rows = node_rows(run_checks(fx("two-heads")))
    assert rows["t/1"]["severity"] == "error" and rows["t/1"]["error"]
    assert set(rows) == {"t/1", "t/post/2", "t/post/3"}


def test_cli_exit_codes_and_report_files(tmp_path, capsys):
    assert main(["check", "--file", str(FIXTURES / "base.yaml")]) == 0
    out = tmp_path / "r.md"
    assert main(["check", "--file", str(FIXTURES / "no-superior.yaml"), "-o", str(out)]) == 1
    assert "no-superior" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--file", str(FIXTURES / "span-wide.yaml"), "--json", "--max-span", "20"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    assert main(["check", "--rules", "--json", "--select", "decree"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["rule"] for r in listed] == ["art18-junior-head", "art18-head-below-member", "art38-quota",
                                           "art38-quota-approval", "art38-exempt", "art38-not-checked"]
    assert main(["check", "--file", str(FIXTURES / "base.yaml"), "-o", str(tmp_path / "r.txt")]) == 1
    assert main(["check", "--file", str(FIXTURES / "base.yaml"), "--store"]) == 1


def test_cli_reads_a_source_document(seed_doc, capsys):
    code = main(["check", "--file", str(seed_doc("rulebook")), "--as", "rulebook", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["organisation"] == "kite"
    assert data["counts"]["error"] == 1  # 83 posts declared, 84 listed: one cause, one finding
