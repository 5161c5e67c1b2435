"""The Georgian job-description loader against seed 003, and on small synthetic forms."""

from __future__ import annotations

from graph.checks import run_checks

import json
import subprocess
import sys
from collections import Counter

import pytest

from graph.loaders.base import detect
from graph.loaders.georgian import load, load_text
from graph.schema.integrity import problems
from tools.seedfiles import REPO, SEED_DIR, SEEDS, extract

ORG = "ge-moh"
HEAD, DEPUTY, TECH_HEAD, PARTIAL_A, PARTIAL_B, POLICY_HEAD, SPECIALIST = (f"{ORG}/post/{n}" for n in range(1, 8))
DEPT = f"{ORG}/u/informatsiuli-teknologiebis"
TECH = f"{ORG}/u/teknikuri-uzrunvelqofisa-administrirebis"
POLICY = f"{ORG}/u/informatsiuli-teknologiebis-politikisa"


@pytest.fixture(scope="module")
def org(request):
    from conftest import shared_path

    return load(shared_path("seeds/003_80ee688c297bddd5.txt"))[0]


def test_cli_dry_run_json(seed_doc):
    result = subprocess.run([sys.executable, "-m", "graph.cli", "load", "--dry-run", "--json",
                             str(seed_doc("georgian"))], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    described = [p for p in data["posts"] if not p.get("declared_only")]
    assert len(described) == 7
    assert sum(1 for p in described if p.get("partial")) == 2
    assert data["organisation"]["key"] == ORG


def test_detected_by_sniffing(seed_doc):
    assert detect(seed_doc("georgian")).name == "georgian"


def test_units_department_and_two_divisions(org):
    units = {u.key: u for u in org.units}
    assert set(units) == {DEPT, TECH, POLICY}
    assert units[DEPT].kind == "department" and units[DEPT].parent is None
    assert units[TECH].parent == DEPT and units[POLICY].parent == DEPT
    assert {units[TECH].kind, units[POLICY].kind} == {"division"}
    assert units[TECH].name == "ტექნიკური უზრუნველყოფისა და ადმინისტრირების სამმართველო"


def test_seven_described_posts_with_codes_and_units(org):
    posts = {p.key: p for p in org.posts}
    expect = {HEAD: ("ge/1-1", DEPT, DEPT), DEPUTY: ("ge/2-1", DEPT, None), TECH_HEAD: ("ge/2-2", TECH, TECH),
              POLICY_HEAD: ("ge/2-2", POLICY, POLICY), SPECIALIST: ("ge/3-2", POLICY, None),
              PARTIAL_A: (None, TECH, None), PARTIAL_B: (None, TECH, None)}
    for key, (title, unit, heads) in expect.items():
        p = posts[key]
        assert (p.title, p.unit, p.heads) == (title, unit, heads), key
        assert not p.declared_only
    assert [k for k, p in posts.items() if p.partial] == [PARTIAL_A, PARTIAL_B]
    # "I I" in the category cell is category II; the form's text blocks are kept.
    assert posts[SPECIALIST].title_as_written == "I I / III"
    assert "ფუნქცია/მოვალეობები" in posts[HEAD].description
    assert "საკვალიფიკაციო" not in posts[HEAD].description and posts[HEAD].conditions
    assert posts[HEAD].provenance.line == 12
    lost = [w for w in org.warnings if w.code == "form-header-lost"]
    assert [(w.subject, w.provenance.line) for w in lost] == [(PARTIAL_A, 582), (PARTIAL_B, 918)]


def test_declared_only_posts_fill_the_declarations(org):
    only = {(p.unit, p.title): p.headcount for p in org.posts if p.declared_only}
    assert only == {(TECH, "ge/3-2"): 2, (TECH, "ge/3-3"): 2, (POLICY, "ge/3-2"): 1}
    # Each reports to the head that declared it, marked as derived.
    for p in org.posts:
        if p.declared_only:
            [edge] = [s for s in org.supervision if s.post == p.key]
            assert edge.basis == "derived" and edge.superior in (TECH_HEAD, POLICY_HEAD)
    decl = {(d.subject, d.title): d.value for d in org.declared if d.measure == "direct_subordinates"}
    assert decl[(HEAD, "ge/3-2")] == 4 and decl[(HEAD, "ge/2-1")] == 1 and decl[(TECH_HEAD, "ge/3-3")] == 2
    d = next(d for d in org.declared if d.subject == HEAD and d.title == "ge/3-3")
    assert d.about == "III რანგის III კატეგორიის უფროსი სპეციალისტი (3-3)" and d.provenance.line == 29


def test_declared_figures_are_judged_by_the_checks(org):
    # The loader extracts the figures; whether they agree is the checks' to say.
    assert not [w for w in org.warnings if w.code.startswith("declared")]
    # The head's figures are what the divisions declare plus the posts outside them, and the
    # deputy's agree with the head's: nothing to report.
    assert run_checks(org, select=["declared-breakdown"]) == []


def test_supervision_as_stated(org):
    edges = {(s.post, s.superior): s.kind for s in org.supervision}
    assert edges[(DEPUTY, HEAD)] == "line" and edges[(TECH_HEAD, HEAD)] == "line"
    # Two superiors: the division head is the line, the department head secondary.
    assert edges[(SPECIALIST, POLICY_HEAD)] == "line" and edges[(SPECIALIST, HEAD)] == "secondary"
    assert edges[(PARTIAL_B, TECH_HEAD)] == "line" and edges[(PARTIAL_B, HEAD)] == "secondary"
    # Accountability only where it adds to the superiors.
    assert edges[(TECH_HEAD, DEPUTY)] == "accountability" and edges[(PARTIAL_A, TECH_HEAD)] == "accountability"
    assert (SPECIALIST, POLICY_HEAD, "accountability") not in {(s.post, s.superior, s.kind) for s in org.supervision}
    assert max(Counter(s.post for s in org.supervision if s.kind == "line").values()) == 1
    # The department head's superiors (the minister) are outside the forms: warnings with the line.
    unresolved = [w for w in org.warnings if w.code == "unresolved-superior"]
    assert {w.provenance.line for w in unresolved} == {19} and all(w.subject == HEAD for w in unresolved)


def test_substitution_ordered(org):
    subs = [(s.principal, s.order, s.substitute, s.substitute_text) for s in org.substitution]
    head = sorted((o, s) for p, o, s, _ in subs if p == HEAD)
    assert head == [(1, DEPUTY), (2, TECH_HEAD), (2, POLICY_HEAD)]
    tech = sorted((o, s) for p, o, s, _ in subs if p == TECH_HEAD)
    only = {(p.unit, p.title): p.key for p in org.posts if p.declared_only}
    # "მესამე რანგის მეორე კატეგორიის", then "მესამე კატეგორიის": words, resolved in the own division.
    assert tech == [(1, only[(TECH, "ge/3-2")]), (2, only[(TECH, "ge/3-3")])]
    vague = [(p, t) for p, _, s, t in subs if s is None]
    assert vague == [(k, "სამმართველოს ერთ-ერთი თანამშრომელი")
                     for k in (PARTIAL_A, PARTIAL_B, POLICY_HEAD, SPECIALIST)]


def test_every_edge_resolves_and_every_unresolved_reference_is_a_warning(org):
    assert list(problems(org)) == []
    keys = {p.key for p in org.posts}
    assert all(s.post in keys and s.superior in keys for s in org.supervision)
    assert all(s.principal in keys and (s.substitute is None or s.substitute in keys) for s in org.substitution)
    warned = {(w.subject, w.provenance.line) for w in org.warnings if w.code == "unresolved-substitute"}
    for s in org.substitution:
        if s.substitute is None:
            assert (s.principal, s.provenance.line) in warned
    fragments = [w.provenance.line for w in org.warnings if w.code == "unattributed-fragment"]
    assert fragments == [758, 1091, 1444]


def test_committed_seed_equals_fresh_extraction(repo):
    seed = next(s for s in SEEDS if s.loader == "georgian")
    from conftest import shared_path

    shared_path(seed.source)
    assert (SEED_DIR / seed.output).read_text(encoding="utf-8") == extract(seed)


# -- synthetic forms -------------------------------------------------------------------

def form(title: str, cat: str, rank: str, superior: str, staff: list[str], substitute: str,
         subunit: str | None = None, heading: str | None = None) -> str:
    lines = ([heading] if heading else []) + [
        "სამუშაოს აღწერილობა", "\tდაწესებულების დასახელება", "\tსაცდელი სამინისტრო", "",
        "\tსტრუქტურული ერთეული", "\tსაცდელი დეპარტამენტი", ""]
    if subunit:
        lines += ["\tქვესტრუქტურა", f"\t{subunit}", ""]
    lines += ["\tთანამდებობის დასახელება", "\tკატეგორია", "\tრანგი", "", f"\t{title}", f"\t{cat}", f"\t{rank}",
              "", "\tუშუალო დაქვემდებარებაშია", "(თანამდებობის დასახელება)", f"\t{superior}", "",
              "\tუშუალოდ დაქვემდებარებულ თანამშრომელთა რაოდენობა თანამდებობათა აღნიშვნით"]
    lines += [f"\t· {s}" if i == 0 else f"· {s}" for i, s in enumerate(staff)] + [""]
    lines += ["\tთანამშრომლის არყოფნის პერიოდში მის მოვალეობას ასრულებს", f"\t{substitute}", "",
              "\tანგარიშგება", f"\t{superior}", "", "უშუალო უფროსი (სახელი, გვარი, თანამდებობა)",
              "ხელმოწერა  ____", "თარიღი  ____"]
    return "\n".join(lines) + "\n"


DIV = "პირველი სამმართველო"


def synthetic(head_32: int = 5) -> str:
    return (form("დეპარტამენტის უფროსი (1-1)", "პირველი", "პირველი", "მინისტრი",
                 ["სამმართველოს უფროსი (2-2) – 1;", f"III რანგის II კატეგორიის უფროსი სპეციალისტი (3-2) – {head_32}."],
                 "სამმართველოს უფროსი")
            + form("სამმართველოს უფროსი (2-2)", "მეორე", "მეორე", "დეპარტამენტის უფროსი",
                   ["III რანგის II კატეგორიის უფროსი სპეციალისტი (3-2) – 2;"],
                   "მესამე რანგის მეორე კატეგორიის უფროსი სპეციალისტი", DIV, "პირველი სამმართველოს"))


def test_synthetic_mismatch_is_a_warning_with_numbers():
    org = load_text(synthetic(5), "s.txt")
    assert org.organisation.key.startswith("ge-")
    [bad] = run_checks(org, select=["declared-breakdown"])
    assert bad.severity == "warning" and "(3-2) 5 vs 2" in bad.message and bad.subjects == [org.posts[0].key]
    # The three posts the division does not account for are known only from the department head's figure.
    only = {(p.unit.split("/u/")[-1], p.headcount) for p in org.posts if p.declared_only}
    assert only == {("pirveli", 2), ("satsdeli", 3)}
    assert list(problems(org)) == []


def test_synthetic_match_is_info():
    org = load_text(synthetic(2), "s.txt")
    assert run_checks(org, select=["declared"]) == []
    subs = [(s.principal, s.order, s.substitute) for s in org.substitution]
    head, div = org.posts[0].key, org.posts[1].key
    assert (head, 1, div) in subs  # "the division head": the only one


def test_no_form_is_one_clear_error():
    from graph.errors import InputError

    with pytest.raises(InputError, match="no job-description form"):
        load_text("სამუშაოს აღწერილობა\n\tფუნქცია/მოვალეობები\n\t· რაღაც\n", "x.txt")
