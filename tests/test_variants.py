"""Documents of the four types for bodies other than the seeds (issue 15), each counted by hand.

The files in tests/fixtures/variants/ are ours: a body headed by a secretary-general, a
Latin-script administration with units directly under its director, a municipal
administration with the mayor's cabinet, another Georgian ministry's job descriptions,
another municipality's action plan and another municipality's procedure. Every figure
below was counted by reading the file, not by running the loader; every planted defect
is listed with the line it sits on. Loader warnings and check findings (graph.checks)
together are what a user sees, so a defect may be reported by either.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.checks import run_checks
from graph.cli import app
from graph.errors import InputError
from graph.loaders.base import load_path
from graph.schema.integrity import problems
from graph.schema.model import OrgFile

VARIANTS = Path(__file__).parent / "fixtures" / "variants"


def load(name: str) -> OrgFile:
    [org] = load_path(VARIANTS / name)
    assert list(problems(org)) == []
    return org


def line_edges(org: OrgFile) -> dict[str, str]:
    """post key (without the org prefix) -> its line superior (the same)."""
    cut = len(org.organisation.key) + 1
    return {s.post[cut:]: s.superior[cut:] for s in org.supervision if s.kind == "line"}


def reported(org: OrgFile) -> set[tuple[str, int | None]]:
    """(code or rule, line) of every loader warning and check finding."""
    out = {(w.code, w.provenance.line if w.provenance else None) for w in org.warnings}
    found = run_checks(org)
    out |= {(f.rule, f.where.line if f.where else None) for f in found}
    # A rule folded into another's finding (one cause, one finding) is reported there, at its lines.
    out |= {(a["rule"], p.line) for f in found for a in f.also for p in f.provenance or () if p is not None}
    return out


def numbered_posts(name: str) -> list[str]:
    """The post numbers of a rulebook's list, read with a plain pattern (after its last article)."""
    text = (VARIANTS / name).read_text(encoding="utf-8").splitlines()
    start = max(i for i, ln in enumerate(text) if re.search(r"(Укупан|Ukupan) број|broj sistematizovanih", ln)
                or re.search(r"Ukupan broj", ln))
    return [m.group(1) for ln in text[start:] if (m := re.match(r"^(\d+)\. [А-ЯЂЈЉЊЋЏA-ZŠĐČĆŽ][а-яђјљњћџa-zšđčćž]", ln))
            and not re.match(r"^\d+\. (СЕКТОР|Сектор|Одељење|Одсек|Група|Кабинет|Служба|Odeljenje|Odsek|Grupa)", ln)]


# --- a body headed by a secretary-general ------------------------------------------------------------

def test_secretary_general_body():
    org = load("rulebook-secretary.txt")
    assert org.organisation.key == "gssp" and org.organisation.name == "Генерални секретаријат Савета за пример"
    numbers = [p.number for p in org.posts]
    assert numbers == numbered_posts("rulebook-secretary.txt")
    assert numbers == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "14", "15"]
    units = {u.number: (u.kind, u.parent and u.parent.split("/")[1]) for u in org.units}
    assert units == {"1": ("sector", None), "1.1": ("department", "1"), "1.1.1": ("group", "1.1"),
                     "2": ("sector", None), "2.1": ("section", "2"), "3": ("group", None)}
    assert line_edges(org) == {
        "post/2": "post/1", "post/3": "post/1", "post/4": "post/3", "post/5": "post/4", "post/6": "post/4",
        "post/7": "post/6", "post/8": "post/1", "post/9": "post/8", "post/10": "post/8", "post/11": "post/10",
        "post/12": "post/10", "post/14": "post/1", "post/15": "post/14"}
    secondary = sorted(s.post for s in org.supervision if s.kind == "secondary")
    assert secondary == ["gssp/post/10", "gssp/post/14", "gssp/post/4", "gssp/post/6"]
    assert [(s.principal, s.substitute) for s in org.substitution] == [("gssp/post/1", "gssp/post/2")]
    assert sum(p.headcount or 0 for p in org.posts) == 16
    declared = {(d.measure, d.title, d.about): d.value for d in org.declared if d.title is None}
    assert declared == {("posts", None, None): 14, ("civil_servants", None, None): 17,
                        ("civil_servants", None, "position_groups"): 4}
    found = reported(org)
    # planted: a title no catalogue knows (line 92), a missing post 13 (post 14 at line 96, the gap
    # reported at post 12's line), a declared title with no post (line 40), 17 declared against 16 (line 42)
    assert {("unknown-title", 92), ("post-number-gap", 92), ("declared-mismatch", 40),
            ("declared-mismatch", 42), ("declared-self-contradiction", 42)} <= found
    assert "no-director" not in {code for code, _ in found}


# --- a Latin-script administration with units directly under its head ------------------------------

def test_latin_administration():
    org = load("rulebook-latin.txt")
    assert org.organisation.key == "upor" and org.organisation.name == "Uprava za primer i ogledne registre"
    assert [p.number for p in org.posts] == numbered_posts("rulebook-latin.txt") == [str(n) for n in range(1, 12)]
    units = {u.number: (u.kind, u.parent and u.parent.split("/")[1]) for u in org.units}
    assert units == {"1": ("department", None), "1.1": ("group", "1"), "2": ("section", None),
                     "3": ("group", None), "4": ("section", None)}
    assert line_edges(org) == {
        "post/2": "post/1", "post/3": "post/1", "post/4": "post/1", "post/5": "post/4", "post/6": "post/4",
        "post/7": "post/6", "post/8": "post/1", "post/9": "post/8", "post/10": "post/1", "post/11": "post/1"}
    assert [(s.principal, s.substitute) for s in org.substitution] == [("upor/post/1", "upor/post/2")]
    assert sum(p.headcount or 0 for p in org.posts) == 12
    found = reported(org)
    # planted: a unit heading no article lists (line 70), a post without a headcount (line 53),
    # a group without a head (line 12), 13 declared against 12 listed (line 25)
    assert {("unit-not-in-articles", 70), ("missing-headcount", 53), ("unit-without-head", 12),
            ("unit-without-head", 70), ("declared-mismatch", 25)} <= found


# --- a municipal administration with the mayor's cabinet ----------------------------------------------

def test_municipal_administration_with_cabinet():
    org = load("rulebook-municipal.txt")
    assert org.organisation.name == "Општинска управа општине Доњи Пример"
    assert [p.number for p in org.posts] == numbered_posts("rulebook-municipal.txt")
    assert len(org.posts) == 14 and [p.key for p in org.posts].count("ouodp/post/10-2") == 1
    units = {u.number: (u.kind, u.parent and u.parent.split("/")[1]) for u in org.units}
    assert units == {"1": ("department", None), "1.1": ("section", "1"), "2": ("department", None),
                     "3": ("other", None)}
    heads = {p.number: p.heads.split("/")[1] for p in org.posts if p.heads}
    assert heads == {"4": "1", "6": "1.1", "9": "2", "11": "3"}  # the mayor's assistant heads nothing
    assert line_edges(org) == {
        "post/2": "post/1", "post/3": "post/1", "post/4": "post/1", "post/5": "post/4", "post/6": "post/4",
        "post/7": "post/6", "post/8": "post/6", "post/9": "post/1", "post/10": "post/9", "post/10-2": "post/9",
        "post/11": "post/1", "post/12": "post/11", "post/13": "post/11"}
    assert [(s.principal, s.substitute) for s in org.substitution] == [("ouodp/post/1", "ouodp/post/2")]
    assert next(p for p in org.posts if p.number == "8").headcount == 1  # "број извршилаца 1"
    assert sum(p.headcount or 0 for p in org.posts) == 15
    found = reported(org)
    # planted: post number 10 twice (lines 66, 70), 16 declared against 15 (line 26); the cabinet's
    # name in the articles carries a clause (line 12 against the heading at line 74)
    assert {("post-number-duplicate", 66), ("declared-mismatch", 26), ("unit-name-differs", 74)} <= found


# --- another Georgian ministry --------------------------------------------------------------------------

def test_georgian_ministry():
    org = load("georgian-ministry.txt")
    assert org.organisation.key == "ge-rgs"
    assert org.organisation.name == "საქართველოს რეგიონული განვითარების სამინისტრო"
    units = {u.key: u.parent for u in org.units}
    assert units == {"ge-rgs/u/safinanso": None, "ge-rgs/u/biujetis": "ge-rgs/u/safinanso"}
    titles = {p.key: p.title for p in org.posts}
    assert titles == {"ge-rgs/post/1": "ge/1-1", "ge-rgs/post/2": "ge/2-1", "ge-rgs/post/3": "ge/2-2",
                      "ge-rgs/post/4": "ge/3-2", "ge-rgs/post/5": "ge/3-3", "ge-rgs/post/d1": "ge/3-2"}
    # the department head declares two 3-2 specialists; one form describes one: one declared-only post
    assert next(p for p in org.posts if p.key == "ge-rgs/post/d1").declared_only is True
    assert line_edges(org) == {"post/2": "post/1", "post/3": "post/1", "post/4": "post/3", "post/5": "post/1",
                               "post/d1": "post/1"}
    # post 5's substitute, "a 3-2 specialist", resolves in its own unit first: the declared-only one
    subs = sorted((s.principal, s.substitute) for s in org.substitution if s.substitute)
    assert subs == [("ge-rgs/post/1", "ge-rgs/post/2"), ("ge-rgs/post/2", "ge-rgs/post/3"),
                    ("ge-rgs/post/3", "ge-rgs/post/4"), ("ge-rgs/post/5", "ge-rgs/post/d1")]
    found = reported(org)
    # planted: the minister is no form (lines 29, 61); post 4's category and rank cells are swapped
    # (line 258); post 4's substitute is "one of the division's employees" (line 274)
    assert {("unresolved-superior", 29), ("unresolved-accountability", 61), ("rank-category-conflict", 258),
            ("unresolved-substitute", 274)} <= found


# --- another municipality's action plan ----------------------------------------------------------------

def test_action_plan_of_another_municipality():
    org = load("plan-municipality.txt")
    assert org.organisation.key == "gornji-primer" and org.organisation.kind == "municipality"
    kinds = {u.key.split("/")[-1]: u.kind for u in org.units}
    assert kinds == {"kabinet-predsednika": "cabinet", "zamenik-predsednika": "elected-office",
                     "predsednik-opstine": "elected-office", "skupstina-opstine": "body",
                     "opstinsko-vece": "body", "opstinska-uprava": "administration",
                     "odsek-za-finansije": "section",
                     "odeljenje-za-opstu-upravu-i-zajednicke-poslove": "department",
                     "jkp-vodovod": "external", "lokalni-savet-mladih": "unknown"}
    posts = {p.key.split("/")[-1]: p.unit and p.unit.split("/")[-1] for p in org.posts}
    assert posts == {"sekretar-skupstine": "skupstina-opstine", "nacelnik-ou": "opstinska-uprava"}
    acts = {a.number: ([k.split("/")[-1] for k in a.responsible], [k.split("/")[-1] for k in a.approvers],
                       a.budget_source) for a in org.activities}
    assert acts == {
        "1.1.1": (["sekretar-skupstine"], ["predsednik-opstine"], "Буџет општине"),
        "1.1.2": (["odsek-za-finansije"], ["opstinsko-vece"], "/"),
        "1.1.3": (["kabinet-predsednika", "zamenik-predsednika"], ["predsednik-opstine"], "/"),
        "1.2.1": (["odeljenje-za-opstu-upravu-i-zajednicke-poslove"], ["nacelnik-ou"], "EU Exchange"),
        "1.2.2": (["jkp-vodovod", "lokalni-savet-mladih"], ["opstinsko-vece"], "Буџет општине"),
        "1.2.3": ([], ["nacelnik-ou"], "/"),
    }
    found = reported(org)
    # planted: an actor no convention knows (line 19), a date that is no date (line 18), an
    # activity with no one responsible (line 20)
    assert {("municipal/actor-unknown", 19), ("municipal/partial-row", 18), ("municipal/partial-row", 20)} <= found
    messages = {w.provenance.line: w.message for w in org.warnings if w.code == "municipal/partial-row"}
    assert "31.02.2026." in messages[18] and "no responsible" in messages[20]


# --- another municipality's procedure ------------------------------------------------------------------

def test_procedure_of_an_ordinary_municipality():
    org = load("procedure-municipality.txt")
    assert org.organisation.key == "donji-primer" and org.organisation.kind == "municipality"
    units = {u.key.split("/")[-1]: (u.kind, u.parent and u.parent.split("/")[-1]) for u in org.units}
    assert units == {"opstinska-uprava": ("administration", None), "opstinsko-vece": ("body", None),
                     "skupstina-opstine-donji-primer": ("body", None),
                     "predsednik-opstine": ("elected-office", None),
                     "odsek-za-lokalnu-poresku-administraciju": ("section", "opstinska-uprava")}
    assert {p.key.split("/")[-1] for p in org.posts} == {"nacelnik-opstinske-uprave", "sef-odseka", "izvrsilac"}
    assert line_edges(org) == {"post/sef-odseka": "post/nacelnik-opstinske-uprave",
                               "post/izvrsilac": "post/sef-odseka"}
    # provenance of the executor's edge: the sentence on the head's duties (line 14), not an offset
    assert {s.provenance.line for s in org.supervision} == {12, 14}
    section = next(u for u in org.units if u.kind == "section")
    assert [a["number"] for a in section.attributes["work_areas"]] == ["3.1", "3.2", "3.4"]
    assert len(section.attributes["duties"]) == 3
    # planted: work area 3.3 missing (3.4 at line 32)
    assert ("municipal/work-area-numbering", 32) in reported(org)


# --- --key and --name, for every loader ------------------------------------------------------------------

ALL = sorted(p.name for p in VARIANTS.iterdir())


def test_six_variants_present():
    assert len(ALL) >= 6


@pytest.mark.parametrize("name", ALL)
def test_key_and_name_override(name):
    result = CliRunner().invoke(app, ["load", "--dry-run", "--json", "--key", "eigen", "--name", "Наш орган",
                                      str(VARIANTS / name)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["organisation"]["key"] == "eigen" and data["organisation"]["name"] == "Наш орган"
    derived = data["organisation"]["attributes"]["derived"]["key"]
    keys = [x["key"] for section in ("units", "posts", "activities") for x in data.get(section, [])]
    assert keys and all(k.startswith("eigen/") for k in keys)
    assert derived + "/" not in json.dumps({k: v for k, v in data.items() if k != "organisation"})


def test_key_override_refuses_a_bad_key():
    result = subprocess.run([sys.executable, "-m", "graph.cli", "load", "--dry-run", "--key", "a/b",
                             str(VARIANTS / "rulebook-latin.txt")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "rulebook-latin.txt" in result.stderr and "is not a key" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# --- mutation: never an internal error -----------------------------------------------------------------

FRAGMENTS = ["", "\t", "Члан 9.", "1.1.1. Одсек за x", "99. Пример", "- саветник - број државних службеника x",
             "ОПШТИНА ", "\tНачелник ОУ\t", "(9-9)", "სამუშაოს აღწერილობა", "\tუშუალო დაქვემდებარებაშია",
             "3.9 x", "Руководилац Одељења", "\x00", "ა" * 300, "Заменик генералног секретара"]


@pytest.mark.parametrize("name", ALL)
@settings(max_examples=40, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(st.tuples(st.sampled_from("dupsx"), st.integers(0, 10_000), st.integers(0, 10_000)),
                    min_size=1, max_size=6))
def test_mutated_variants_never_crash(tmp_path_factory, name, ops):
    lines = (VARIANTS / name).read_text(encoding="utf-8").splitlines()
    for op, a, b in ops:
        i, j = (a % len(lines), b % len(lines)) if lines else (0, 0)
        if not lines:
            break
        if op == "d":
            del lines[i]
        elif op == "u":
            lines.insert(i, lines[j])
        elif op == "p":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "s":
            lines[i] = lines[i][: b % (len(lines[i]) + 1)]
        else:
            lines.insert(i, FRAGMENTS[b % len(FRAGMENTS)])
    path = tmp_path_factory.mktemp("mut") / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loader = {"rulebook": "rulebook", "georgian": "georgian", "plan": "action-plan",
              "procedure": "municipal-procedure"}[name.split("-")[0]]
    try:
        models = load_path(path, as_=loader)
    except InputError as exc:  # LoaderBug is no InputError: it fails the test
        assert str(exc)
        return
    for org in models:
        assert list(problems(org)) == []
        json.dumps(org.dump())
        run_checks(org)
