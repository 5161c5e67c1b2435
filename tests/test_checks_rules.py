"""Each rule fires on its hand-written fixture and only there, and is silent on a
correct variant (tests/fixtures/checks/). No database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from graph.checks import run_checks
from graph.checks import rules as catalogue
from graph.checks.rules import decree
from graph.loaders.orgfile import read
from graph.schema.model import OrgFile

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
TEST_RULES = yaml.safe_load((FIXTURES / "rules-rs.yaml").read_text(encoding="utf-8"))

# rule -> (breaking fixture, correct variant, other rules the breaking case may also fire)
CASES = {
    "no-reporting-lines": ("no-reporting-lines", "base", ()),
    "no-superior": ("no-superior", "no-superior-ok", ()),
    "several-roots": ("several-roots", "several-roots-ok", ()),
    "unknown-superior": ("unknown-superior", "base", ()),
    "supervision-cycle": ("supervision-cycle", "base", ()),
    "unit-without-head": ("unit-without-head", "unit-without-head-ok", ()),
    "two-heads": ("two-heads", "two-heads-ok", ()),
    "head-outside-unit": ("head-outside-unit", "base", ()),
    "unknown-unit": ("unknown-unit", "base", ()),
    "unit-cycle": ("unit-cycle", "unit-cycle-ok", ()),
    "substitute-unknown": ("substitute-unknown", "substitution-ok", ()),
    "substitute-unresolved": ("substitute-unresolved", "substitution-ok", ()),
    "substitute-absent": ("substitute-absent", "substitution-ok", ()),
    "substitute-junior": ("substitute-junior", "titled-ok", ()),
    "substitution-cycle": ("substitution-cycle", "substitution-ok", ()),
    "art18-junior-head": ("art18-junior-head", "rs-ok", ()),
    "art18-head-below-member": ("art18-head-below-member", "rs-ok", ()),
    "art38-quota": ("art38-quota", "rs-ok", ()),
    # The fixture breaks a total and a head's declared subordinates: one rule each.
    "declared-mismatch": ("declared-mismatch", "declared-mismatch-ok", ("declared-subordinates-mismatch",)),
    "declared-subordinates-mismatch": ("declared-mismatch", "declared-mismatch-ok", ("declared-mismatch",)),
    # Parts that do not add up to the total: the total (or a part) also differs from the graph.
    "declared-self-contradiction": ("declared-self-contradiction", "declared-self-contradiction-ok",
                                    ("declared-mismatch",)),
    # A head's figure above what the unit below declares: it also differs from the graph.
    "declared-breakdown": ("declared-breakdown", "declared-breakdown-ok", ("declared-subordinates-mismatch",)),
    "span-narrow": ("span-narrow", "base", ()),
    "span-wide": ("span-wide", "span-wide-ok", ()),
    "depth": ("depth", "depth-ok", ()),
    "activity-no-responsible": ("activity-no-responsible", "plan-ok", ()),
    "activity-no-approver": ("activity-no-approver", "plan-ok", ()),
    "unknown-title": ("unknown-title", "titled-ok", ()),
    "missing-title": ("missing-title", "titled-ok", ()),
    "post-number-duplicate": ("post-number-duplicate", "base", ()),
    "post-number-gap": ("post-number-gap", "base", ()),
    "loader-warning": ("loader-warning", "base", ()),
    "several-line-superiors": ("several-line-superiors", "several-line-superiors-ok", ()),
    "unknown-organisation": ("unknown-organisation", "base", ()),
    # Reporting to a ministry that is not loaded is also named.
    "independent-reports-to": ("independent-reports-to", "base", ("unknown-organisation",)),
    # Checked with the other organisations of its file (see `checked`).
    "organisation-cycle": ("organisation-cycle", "organisation-cycle-ok", ()),
}

# Files the org file reader rejects on purpose (dangling references): built directly.
REJECTED = {"unknown-superior", "unknown-unit", "substitute-unknown"}


def fixture(name: str) -> OrgFile:
    path = FIXTURES / f"{name}.yaml"
    if name in REJECTED:
        return OrgFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    return read(path)


def checked(name: str) -> list:
    """The findings on a fixture's (first) organisation, checked beside the others of its file."""
    from graph.checks.engine import Peers
    from graph.loaders.orgfile import read_all

    if name in REJECTED:
        return run_checks(fixture(name))
    models = read_all(FIXTURES / f"{name}.yaml")
    return run_checks(models[0], peers=Peers.of_models(models, "in the file"))


@pytest.fixture(autouse=True)
def _rules(monkeypatch):
    monkeypatch.setattr(decree, "rs_rules", lambda: TEST_RULES)


def test_every_rule_has_a_case():
    assert set(CASES) == {r.id for r in catalogue.RULES if r.part_of is None}


def test_every_variant_weighs_otherwise_than_its_rule():
    """A variant exists to give a case of a rule its own severity (one severity per rule id)."""
    variants = [r for r in catalogue.RULES if r.part_of]
    assert variants and all(r.severity != catalogue.REGISTRY[r.part_of].severity for r in variants)
    # Listed with its rule, and selected with it.
    ids = [r.id for r in catalogue.RULES]
    assert all(ids.index(r.id) > ids.index(r.part_of) for r in variants)
    assert "half-known-no-superior" in {r.id for r in catalogue.select(["no-superior"])}
    assert "half-known-no-superior" not in {r.id for r in catalogue.select(None, ["no-superior"])}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_its_case_only(rule_id):
    breaking, ok, companions = CASES[rule_id]
    found = checked(breaking)
    fired = {f.rule for f in found}
    assert rule_id in fired, [f.message for f in found]
    assert fired <= {rule_id, *companions}, [(f.rule, f.message) for f in found]
    assert all(f.message and f.severity in ("error", "warning", "info") for f in found)


@pytest.mark.parametrize("ok", sorted({c[1] for c in CASES.values()}))
def test_correct_variants_are_clean(ok):
    found = checked(ok)
    assert found == [], [(f.rule, f.message) for f in found]


def test_rejected_fixtures_are_rejected_by_the_reader():
    from graph.errors import InputError

    for name in REJECTED:
        with pytest.raises(InputError, match="does not exist"):
            read(FIXTURES / f"{name}.yaml")


# Cases beyond one rule per fixture: fixture -> the findings expected, as (rule, severity, count).
SHAPED = {
    # No head named anywhere (a UK organogram): one note for the organisation, not one per unit.
    "unit-without-any-head": [("no-unit-heads", "info", 1)],
    # Thousands of rows in one unknown grade: one finding, the loader's warnings not repeated.
    "unknown-title-grouped": [("unknown-title", "warning", 1)],
    # A judicial associate is no exempt post (Art. 38 para 2 names judicial assistants).
    "art38-exempt-posts": [("art38-quota", "error", 1)],
}
# Correct variants beyond those of CASES.
MORE_OK = ["post-number-references-ok", "art38-exempt-posts-ok"]


@pytest.mark.parametrize("name", sorted(SHAPED))
def test_shaped_cases(name):
    found = run_checks(fixture(name))
    shape = sorted({(f.rule, f.severity, sum(g.rule == f.rule for g in found)) for f in found})
    assert shape == SHAPED[name], [(f.rule, f.message) for f in found]


@pytest.mark.parametrize("ok", MORE_OK)
def test_more_correct_variants_are_clean(ok):
    found = run_checks(fixture(ok))
    assert found == [], [(f.rule, f.message) for f in found]


def test_no_head_anywhere_is_one_note_but_one_missing_head_still_warns():
    [f] = run_checks(fixture("unit-without-any-head"), select=["unit-without-head"])
    assert f.subjects == [] and f.data == {"units": 3} and "names no unit head" in f.message
    [g] = run_checks(fixture("unit-without-head"), select=["unit-without-head"])
    assert g.severity == "warning" and g.subjects[0] == "t/2"


def test_unknown_title_grouped_names_a_few_and_covers_the_rest():
    [f] = run_checks(fixture("unknown-title-grouped"), select=["hygiene"])
    assert f.rule == "unknown-title" and f.data == {"title_as_written": "Grade 7", "posts": 7}
    assert f.subjects == [f"t/post/junior-{n}" for n in range(2, 7)]
    assert f.covered == ["t/post/junior-7", "t/post/junior-8"]
    assert f.message.startswith('7 posts have the title "Grade 7"') and "(line 2)" in f.message
    assert f.message.endswith("and 2 more")
    assert "covered" not in f.to_dict()
    # The loader's warnings about those rows explain the finding (by line, and by a covered post) ...
    assert [(w["code"], w["line"]) for w in f.explained_by] == [("title-code-unreadable", 8),
                                                                 ("title-code-unreadable", 2)]
    assert f.to_dict()["explained_by"] == f.explained_by
    # ... and without the rule they come through on their own.
    left = run_checks(fixture("unknown-title-grouped"), select=["hygiene"], ignore=["unknown-title"])
    assert [(g.rule, g.data["code"]) for g in left] == [("loader-warning", "title-code-unreadable")] * 2


def test_grouped_finding_marks_every_post_when_stored():
    from graph.store.findings import node_rows

    rows = node_rows(run_checks(fixture("unknown-title-grouped"), select=["unknown-title"]))
    assert sorted(rows) == [f"t/post/junior-{n}" for n in range(2, 9)]


def test_reference_numbers_are_no_sequence():
    refs = fixture("post-number-references-ok")
    assert run_checks(refs, select=["post-number-gap", "post-number-duplicate"]) == []
    # The same numbers without references are a sequence with a gap and a duplicate.
    plain = refs.model_copy(update={"posts": [p.model_copy(update={"attributes": {}}) for p in refs.posts]})
    fired = sorted(f.rule for f in run_checks(plain, select=["hygiene"]))
    assert fired == ["post-number-duplicate", "post-number-gap"]


def test_art38_exempt_posts_leave_the_base_and_the_counts(monkeypatch):
    ok = fixture("art38-exempt-posts-ok")
    # A prosecutorial assistant written in Latin script is exempt as well.
    renamed = ok.model_copy(update={"posts": [
        p.model_copy(update={"name": "Tužilački pomoćnik"}) if p.key == "t/post/5" else p for p in ok.posts]})
    assert run_checks(renamed, select=["art38-quota"]) == []
    # Over the quota once the assistants count: 4 of 9.
    with monkeypatch.context() as m:
        m.setattr(decree, "rs_rules", lambda: {**TEST_RULES, "quotas": {**TEST_RULES["quotas"], "exempt_posts": []}})
        [f] = run_checks(ok, select=["art38-quota"])
    assert f.data["base"] == 9 and f.data["civil_servants"] == 4
    # An exempt body still gets its figures, with what the exempt posts took out.
    body = ok.model_copy(update={"organisation": ok.organisation.model_copy(
        update={"name": "Kancelarija za informacione tehnologije i elektronsku upravu"})})
    [info] = run_checks(body, select=["art38-quota"])
    assert (info.rule, info.severity) == ("art38-exempt", "info") and info.data["base"] == 6
    assert info.data["exempt_posts"] == 1 and info.data["exempt_civil_servants"] == 3
    assert "3 civil servants in 1 exempt post(s)" in info.message and "Судијски помоћник" in info.message


def test_the_real_rule_set_lists_the_exempt_posts():
    from graph.catalogues import load_rules

    names = decree.exempt_post_names(load_rules("rs"))
    assert decree.is_exempt_post("Судијски помоћник", names)
    assert decree.is_exempt_post("tužilački pomoćnik", names)
    assert not decree.is_exempt_post("Viši sudijski saradnik", names)


def test_findings_do_not_depend_on_the_hash_seed():
    """Two heads of one unit below a member: their findings come in the heads' document order."""
    import subprocess
    import sys

    script = (
        "from graph.checks import run_checks\n"
        "from graph.schema.model import OrgFile, Organisation, Post, Title, Unit\n"
        "t = [Title(key='rs/viši-savetnik', system='rs', code='visi-savetnik', name='виши саветник', rank=1),\n"
        "     Title(key='rs/saradnik', system='rs', code='saradnik', name='сарадник', rank=9)]\n"
        "heads = [Post(key=f'd/post/h{i}', name=f'Head {i}', unit='d/1', heads='d/1', title='rs/saradnik')\n"
        "         for i in range(8)]\n"
        "org = OrgFile(organisation=Organisation(key='d', name='D'), titles=t, units=[Unit(key='d/1', name='U')],\n"
        "              posts=heads + [Post(key='d/post/m', name='Member', unit='d/1', title='rs/viši-savetnik')])\n"
        "print([f.message for f in run_checks(org, select=['art18-head-below-member'])])\n")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(4)}
    assert len(outputs) == 1
    messages = eval(outputs.pop())  # noqa: S307 - our own subprocess's repr of a list of str
    assert len(messages) == 8 and all(f"Head {i}" in m for i, m in enumerate(messages))
