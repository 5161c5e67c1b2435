"""The checks on the real documents (../shared/seeds): no false errors, the
document's own contradictions reported, exemptions applied from data."""

from __future__ import annotations

import pytest

from graph.checks import run_checks
from graph.loaders.base import load_path


@pytest.fixture
def rulebook(seed_doc):
    return load_path(seed_doc("rulebook"), as_="rulebook")[0]


def test_seed000_has_no_false_errors(rulebook):
    found = run_checks(rulebook)
    errors = [f for f in found if f.severity == "error"]
    # The only error is the document's own: Art. 28 declares 83 posts and lists 84 -- one cause,
    # one finding (the total's mismatch with the graph is folded into the contradiction).
    [f] = errors
    assert f.rule == "declared-self-contradiction" and f.where.line == 181 and f.where.article == "28"
    assert [a["rule"] for a in f.also] == ["declared-mismatch"] and "the graph has 84" in f.also[0]["message"]


def test_seed000_every_self_contradiction_is_reported(rulebook):
    found = run_checks(rulebook, select=["declared"])
    contra = [f for f in found if f.rule == "declared-self-contradiction"]
    assert len(contra) == 1
    assert "83" in contra[0].message and "84" in contra[0].message
    # The total against the graph, on its own: the same 83 against 84.
    mismatch = run_checks(rulebook, select=["declared-mismatch"])
    assert [(f.data["declared"], f.data["actual"]) for f in mismatch] == [(83, 84)]


def test_seed000_art38_is_exempt_info_with_figures(rulebook):
    [f] = run_checks(rulebook, select=["art38-quota"])
    assert (f.rule, f.severity) == ("art38-exempt", "info") and f.data["exempt"] is True
    figures = {x["title"]: (x["civil_servants"], f.data["base"]) for x in f.data["figures"]}
    assert figures == {"rs/visi-savetnik": (25, 99), "rs/samostalni-savetnik": (27, 99)}


def test_seed000_without_the_exemption_the_quota_is_an_error(rulebook):
    other = rulebook.model_copy(update={"organisation": rulebook.organisation.model_copy(
        update={"name": "Канцеларија за пробу"})})
    found = run_checks(other, select=["art38-quota"])
    assert [(f.rule, f.severity, f.data["title"]) for f in found] == [
        ("art38-quota", "error", "rs/visi-savetnik"), ("art38-quota-approval", "warning", "rs/samostalni-savetnik")]
    assert len(found[0].subjects) == 21  # the 21 posts in viši savetnik


def test_seed000_every_post_has_a_valid_superior(rulebook):
    assert run_checks(rulebook, select=["supervision"]) == []
    posts = {p.key for p in rulebook.posts}
    has_superior = {s.post for s in rulebook.supervision if s.kind == "line" and s.superior in posts}
    assert posts - has_superior == {"kite/post/1"}  # the director, the root


def test_seed000_art18_holds(rulebook):
    assert run_checks(rulebook, select=["decree"], ignore=["art38-quota"]) == []


def test_seed000_loader_warnings_surface_once(rulebook):
    found = run_checks(rulebook)
    codes = [f.data.get("code") for f in found if f.rule == "loader-warning"]
    assert "title-normalised" in codes
    # The loader's own reconciliation of the totals is reported by the declared rules instead.
    assert not {"declared-mismatch", "declared-inconsistent"} & set(codes)


def test_georgian_forms_errors_free_and_vague_substitutes_reported(seed_doc):
    [org] = load_path(seed_doc("georgian"))
    found = run_checks(org)
    assert [f for f in found if f.severity == "error"] == []
    unresolved = [f for f in found if f.rule == "substitute-unresolved"]
    assert len(unresolved) >= 1
    assert all("სამმართველოს ერთ-ერთი თანამშრომელი" in f.message for f in unresolved)


def test_action_plan_activities_and_roles(seed_doc):
    [org] = load_path(seed_doc("razanj"))
    found = run_checks(org)
    assert [f for f in found if f.severity == "error"] == []
    rules = {f.rule for f in found}
    assert "activity-no-approver" in rules
    without = {a.key for a in org.activities if not a.approvers}
    assert {f.subjects[0] for f in found if f.rule == "activity-no-approver"} == without
