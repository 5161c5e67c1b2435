"""The UK organogram loader on real data.gov.uk returns and on small synthetic files.

Line numbers asserted here were read off the files with ``grep -n`` (rows
start a line with their quoted reference), not from the loader itself.
"""

from __future__ import annotations

from graph.analysis.index import OrgIndex
from graph.checks import run_checks
from graph.checks.rules import RULES

RULE_IDS = {r.id for r in RULES}

import time
from pathlib import Path

import pytest

from graph.loaders.base import detect, load_path
from graph.loaders.uk import find_pairs, load
from graph.schema.integrity import problems
from tools.seedfiles import shared_dir

FOLDER = "data/uk-organograms"


@pytest.fixture(scope="module")
def uk_dir() -> Path:
    path = shared_dir() / FOLDER
    if not path.is_dir():
        pytest.skip(f"needs {path} (the shared UK organogram sample); not present here")
    return path


@pytest.fixture(scope="module")
def everything(uk_dir):
    """All sample files, parsed once (a dry run: no database)."""
    started = time.process_time()
    models = load(uk_dir, progress=False)
    return models, time.process_time() - started


def one(uk_dir, name, **options):
    [org] = load(uk_dir / name, **options)
    return org


def warning(org, code, line, document=None):
    found = [w for w in org.warnings if w.code == code and w.provenance and w.provenance.line == line
             and (document is None or w.provenance.document == document)]
    assert found, f"no {code} warning on line {line}; have {[(w.code, w.provenance.line) for w in org.warnings]}"
    return found[0]


# -- the whole sample ------------------------------------------------------------

def test_every_file_pair_loads_without_integrity_problems(everything, uk_dir):
    models, seconds = everything
    pairs = find_pairs(uk_dir)
    assert len(models) == len(pairs) >= 300
    assert len({m.organisation.key for m in models}) == len(models)  # snapshots coexist
    bad = {m.organisation.key: list(problems(m))[:1] for m in models if list(problems(m))}
    assert bad == {}
    assert sum(len(m.posts) for m in models) > 60_000
    assert seconds < 60, f"parsing the sample took {seconds:.1f}s of CPU"


def test_every_warning_names_its_file(everything):
    models, _ = everything
    for m in models:
        for w in m.warnings:
            assert w.provenance and w.provenance.document in m.sources, (m.organisation.key, w)


def test_no_supervision_edge_dangles_or_points_at_itself(everything):
    models, _ = everything
    for m in models:
        keys = {p.key for p in m.posts}
        for s in m.supervision:
            assert s.post in keys and s.superior in keys and s.post != s.superior


def test_folder_is_detected_as_uk(uk_dir):
    assert detect(uk_dir).name == "uk"
    assert detect(uk_dir / "home_office-2012-09-30-junior.csv").name == "uk"


# -- one real snapshot -------------------------------------------------------------

def test_home_office_snapshot(uk_dir):
    org = one(uk_dir, "home_office-2012-09-30-senior.csv")
    assert org.organisation.key == "home-office@2012-09-30"
    assert str(org.organisation.snapshot) == "2012-09-30"
    assert org.organisation.name == "Home Office" and org.organisation.parent == "Home Office"
    assert org.sources == ["home_office-2012-09-30-senior.csv", "home_office-2012-09-30-junior.csv"]
    post = next(p for p in org.posts if p.key == "home-office@2012-09-30/post/1SIIG16")
    assert post.name == "Head of MAC Secretariat" and post.title == "uk/SCS1" and post.headcount == 1
    assert post.unit == "home-office@2012-09-30/u/mac-secretariat"
    assert post.provenance.document == "home_office-2012-09-30-senior.csv" and post.provenance.line == 2
    line = {s.post: s for s in org.supervision}
    assert line[post.key].superior == "home-office@2012-09-30/post/2SIIG06"
    assert line[post.key].kind == "line" and line[post.key].basis == "stated"
    juniors = [p for p in org.posts if p.attributes.get("aggregate")]
    assert juniors and all(not p.declared_only for p in juniors)
    assert all(line[p.key].superior.startswith("home-office@2012-09-30/post/") for p in juniors if p.key in line)
    assert {t.key for t in org.titles} >= {"uk/SCS1", "uk/SCS2", "uk/SCS3"}


def test_placeholder_name_eliminated(uk_dir):
    org = one(uk_dir, "home_office-2012-09-30-senior.csv")
    w = warning(org, "placeholder-name", 4, "home_office-2012-09-30-senior.csv")
    assert w.subject == "home-office@2012-09-30/post/2HOS03" and "Eliminated" in w.message
    post = next(p for p in org.posts if p.key == w.subject)
    assert post.attributes["holder_status"] == "eliminated"  # the quotes are a spreadsheet artefact


# -- the problems the data README names ---------------------------------------------

def test_case_only_reference_is_a_suggestion_not_applied(uk_dir):
    name = "department_of_education-2011-09-30-senior.csv"
    org = one(uk_dir, name)
    w = warning(org, "suggested-fix", 4, name)
    assert w.subject == "department-of-education@2011-09-30/post/DFE-3040"
    assert "'DfE-3024'" in w.message and "'DFE-3024'" in w.message and "letter case" in w.message
    assert not [s for s in org.supervision if s.post == w.subject]


def test_case_only_reference_fixed_on_request(uk_dir):
    name = "department_of_education-2011-09-30-senior.csv"
    org = one(uk_dir, name, apply_fixes=True)
    w = warning(org, "applied-fix", 4, name)
    [edge] = [s for s in org.supervision if s.post == w.subject]
    assert edge.superior == "department-of-education@2011-09-30/post/DFE-3024" and edge.basis == "derived"
    assert not [x for x in org.warnings if x.code == "suggested-fix"]


def test_unknown_reference_without_fix(uk_dir):
    name = "ministry_of_justice-2011-09-30-senior.csv"
    org = one(uk_dir, name)
    for line, ref in ((28, "146"), (133, "134")):
        w = warning(org, "unresolved-superior", line, name)
        assert w.subject == f"ministry-of-justice@2011-09-30/post/{ref}" and "'131'" in w.message
        assert not [s for s in org.supervision if s.post == w.subject]


def test_self_reference_at_the_top(uk_dir):
    name = "committee_on_climate_change-2011-09-30-senior.csv"
    org = one(uk_dir, name)
    w = warning(org, "self-reference", 3, name)
    assert w.subject == "committee-on-climate-change@2011-09-30/post/CEO"
    assert not [s for s in org.supervision if s.post == w.subject]


def test_several_tops_each_named(uk_dir):
    name = "cabinet_office-2011-09-30-senior.csv"
    org = one(uk_dir, name)
    # The loader draws no edge for them; the checks judge the several tops.
    roots, orphans = OrgIndex(org).tops
    tops = {p.provenance.line: p.key for p in org.posts if p.key in roots or p.key in orphans}
    assert tops == {38: "cabinet-office@2011-09-30/post/CO57", 49: "cabinet-office@2011-09-30/post/CO59",
                    209: "cabinet-office@2011-09-30/post/1"}
    assert not [w for w in org.warnings if w.code in RULE_IDS]
    [f] = run_checks(org, select=["several-roots"])
    assert set(f.subjects) <= set(tops.values())


def test_job_share_is_one_post_with_summed_fte(uk_dir):
    name = "nhs_blood_and_transplant-2011-03-31-senior.csv"
    org = one(uk_dir, name)
    w = warning(org, "job-share", 36, name)
    key = "nhs-blood-and-transplant@2011-03-31/post/2774616"
    assert w.subject == key and "row 35" in w.message
    [post] = [p for p in org.posts if p.key.startswith(key)]
    assert post.headcount == pytest.approx(1.4) and post.attributes["fte_shares"] == [0.6, 0.8]


def test_clashing_duplicate_reference_keeps_both(uk_dir):
    name = "foreign_and_commonwealth_office-2011-03-31-senior.csv"
    org = one(uk_dir, name)
    w = warning(org, "duplicate-reference", 89, name)
    base = "foreign-and-commonwealth-office@2011-03-31/post/13201"
    assert w.subject == base + "~2" and "row 88" in w.message
    grades = {p.key: p.title for p in org.posts if p.key.startswith(base)}
    assert grades == {base: "uk/SCS2", base + "~2": "uk/SCS3"}


def test_non_numeric_fte(uk_dir):
    name = "department_for_international_development-2013-03-31-senior.csv"
    org = one(uk_dir, name)
    w = warning(org, "non-numeric-fte", 71, name)
    assert w.subject.startswith("department-for-international-development@2013-03-31/post/B72")
    assert "tenure48" in w.message


def test_header_only_file(uk_dir):
    name = "department_for_culture_media_and_sport-2011-03-31-senior.csv"
    org = one(uk_dir, name)
    assert org.posts == [] and org.organisation.key == "department-for-culture-media-and-sport@2011-03-31"
    docs = {w.provenance.document for w in org.warnings if w.code == "header-only"}
    assert docs == {name, name.replace("senior", "junior")}


# -- synthetic edge cases --------------------------------------------------------------

SENIOR_HEAD = ('"Post Unique Reference","Name","Grade (or equivalent)","Job Title","Job/Team Function",'
               '"Parent Department","Organisation","Unit","Reports to Senior Post","FTE"\n')
JUNIOR_HEAD = ('"Parent Department","Organisation","Unit","Reporting Senior Post","Grade",'
               '"Generic Job Title","Number of Posts in FTE"\n')


def write_pair(folder: Path, senior: str, junior: str | None = None, stem="demo_body-2015-03-31") -> Path:
    path = folder / f"{stem}-senior.csv"
    path.write_text(SENIOR_HEAD + senior, encoding="utf-8")
    if junior is not None:
        (folder / f"{stem}-junior.csv").write_text(JUNIOR_HEAD + junior, encoding="utf-8")
    return path


def test_synthetic_problems_all_reported_and_rest_loaded(tmp_path):
    senior = (
        '"A1","Ann","SCS3","Chief","Runs it","Dept","Demo Body","Top","xx","1"\n'
        '"A2","Vacant","SCS2","Director","Line one\nline two","Dept","Demo Body","Ops","A1","one"\n'
        '"A3","","SCS9","Deputy","","Dept","Demo Body","Ops","a2","1"\n'
        '"A4","N/D","SCS1","Deputy","","Dept","Demo Body","Ops","A9","0.5","extra"\n'
        '"A5","Bo","SCS1","Deputy"\n'
    )
    junior = ('"Dept","Demo Body","Ops","A2","HEO (London)","Analyst","3.5"\n'
              '"Dept","Demo Body","Ops","ZZ","Band Q","Clerk","2"\n')
    path = write_pair(tmp_path, senior, junior)
    [org] = load(path)
    assert list(problems(org)) == []
    codes = {(w.code, w.provenance.line) for w in org.warnings}
    # The multi-line cell in row 3 pushes later rows down a line.
    assert {("placeholder-name", 3), ("non-numeric-fte", 3), ("suggested-fix", 5),
            ("unresolved-superior", 6), ("column-mismatch", 6), ("column-mismatch", 7),
            ("blank-superior", 7), ("unresolved-superior", 3)} <= codes
    # An unknown grade is judged by the checks, not noted by the loader.
    assert sorted(f.data["title_as_written"] for f in run_checks(org, select=["unknown-title"])) == [
        "Band Q", "SCS9"]
    k = "demo-body@2015-03-31/post/"
    assert {p.key for p in org.posts} >= {k + "A1", k + "A2", k + "A3", k + "A4", k + "A5"}
    by_key = {p.key: p for p in org.posts}
    assert by_key[k + "A2"].headcount is None and by_key[k + "A3"].title is None
    assert by_key[k + "A3"].title_as_written == "SCS9"
    juniors = [p for p in org.posts if p.attributes.get("aggregate")]
    assert [(p.title, p.headcount) for p in juniors] == [("uk/HEO", 3.5), (None, 2)]
    assert [s.superior for s in org.supervision if s.post == juniors[0].key] == [k + "A2"]
    # Junior problems name the junior file.
    w = next(w for w in org.warnings if w.code == "unresolved-superior" and w.subject == juniors[1].key)
    assert w.provenance.document == "demo_body-2015-03-31-junior.csv" and w.provenance.line == 3


def test_missing_junior_and_snapshot_option(tmp_path):
    path = write_pair(tmp_path, '"A1","Ann","SCS3","Chief","","Dept","Demo Body","Top","XX","1"\n',
                      stem="body_without_date")
    [org] = load_path(path, snapshot="2016-03-31")
    assert org.organisation.key == "body-without-date@2016-03-31"
    assert {w.code for w in org.warnings} == {"missing-junior-file"}


def test_no_date_anywhere_is_reported(tmp_path):
    path = write_pair(tmp_path, '"A1","Ann","SCS3","Chief","","Dept","Demo Body","Top","XX","1"\n',
                      stem="undated")
    [org] = load(path)
    assert org.organisation.key == "undated" and "no-snapshot" in {w.code for w in org.warnings}


def test_cycle_is_reported(tmp_path):
    path = write_pair(tmp_path, '"A1","Ann","SCS3","Chief","","D","B","Top","XX","1"\n'
                                '"B1","Bo","SCS2","Dir","","D","B","Ops","B2","1"\n'
                                '"B2","Cy","SCS2","Dir","","D","B","Ops","B1","1"\n', "")
    [org] = load(path)
    # The loader reads the lines as written; the check finds the circle.
    assert not org.warnings or "cycle" not in {w.code for w in org.warnings}
    [f] = run_checks(org, select=["supervision-cycle"])
    assert [k.rsplit("/", 1)[-1] for k in f.subjects] == ["B1", "B2"] and f.where.line == 3


def test_missing_column_reported_not_fatal(tmp_path):
    path = tmp_path / "x-2015-03-31-senior.csv"
    path.write_text('"Post Unique Reference","Job Title","Reports to Senior Post"\n"A","Chief","XX"\n'
                    '"B","Dir","A"\n', encoding="utf-8")
    [org] = load(path)
    missing = {w.message.split("'")[1] for w in org.warnings if w.code == "missing-column"}
    assert missing == {"Grade (or equivalent)", "Unit", "FTE"}
    assert len(org.posts) == 2 and len(org.supervision) == 1


def test_a_csv_that_is_not_an_organogram_is_refused(tmp_path):
    from graph.errors import InputError

    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an organogram"):
        load(path)
