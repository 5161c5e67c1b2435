"""UK returns as they are found in the wild (issue 18): copies under other names, compiled
multi-snapshot files, one reference on two posts, header-only files, names without dates,
pairs named twice; and FTE shown with at most two decimals in every UK output.

The small returns in tests/fixtures/uk-wild/ are made up (the Widget Regulation Agency)
with the columns of the real data.gov.uk files; line numbers asserted here are rows of
those files (header on line 1).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.checks import run_checks
from graph.cli import app
from graph.errors import InputError
from graph.loaders.uk import load
from graph.text.numbers import total
from tools.seedfiles import shared_dir

HERE = Path(__file__).resolve().parent / "fixtures" / "uk-wild"
BODY = "widget-regulation-agency"
# More than two decimals after a digit: the noise of float sums (10607.659999999993).
NOISE = re.compile(r"\d\.\d{3,}")


def loaded(path, **options):
    notices = []
    models = load(path, progress=False, on_notice=notices.append, **options)
    return models, notices


def run(*args):
    out = CliRunner().invoke(app, [str(a) for a in args])
    return out


def fte(models) -> float:
    return total(p.headcount for m in models for p in m.posts)


# -- the same return under another name ---------------------------------------------------

def test_copy_under_another_name_is_loaded_once_with_a_warning_naming_both():
    models, notices = loaded(HERE / "duplicate")
    [org] = models
    assert org.organisation.key == f"{BODY}@2013-03-31"  # the dated name is the one kept
    [w] = [w for w in org.warnings if w.code == "duplicate-return"]
    assert "WRA organogram March 2013 senior.csv" in w.message
    assert "widget_regulation_agency-2013-03-31-senior.csv" in w.message
    assert w.provenance.document == "widget_regulation_agency-2013-03-31-senior.csv"
    assert [n.code for n in notices] == ["duplicate-return"]
    alone, _ = loaded(HERE / "duplicate" / "widget_regulation_agency-2013-03-31-senior.csv")
    # 1 + 1 + 0.6 + 0.8 senior, 0.1 + 0.2 + 2.246 + 55.63 + 1.1 junior: 62.676, shown as 62.68
    assert fte(models) == fte(alone) == 62.68


def test_same_rows_at_two_dates_are_two_snapshots(tmp_path):
    for f in (HERE / "duplicate").glob("widget_*"):
        shutil.copy(f, tmp_path / f.name)
        shutil.copy(f, tmp_path / f.name.replace("2013-03-31", "2013-09-30"))
    models, notices = loaded(tmp_path)
    assert [m.organisation.key for m in models] == [f"{BODY}@2013-03-31", f"{BODY}@2013-09-30"]
    assert notices == []


def test_shared_folder_plus_a_copy_counts_the_copy_once(tmp_path):
    src = shared_dir() / "data/uk-organograms"
    if not src.is_dir():
        pytest.skip(f"needs {src} (the shared UK organogram sample); not present here")
    for f in src.glob("*.csv"):
        (tmp_path / f.name).symlink_to(f)
    for kind in ("senior", "junior"):
        shutil.copy(src / f"home_office-2012-09-30-{kind}.csv", tmp_path / f"HO organogram 30 Sept 2012 {kind}.csv")
    before, _ = loaded(src)
    after, notices = loaded(tmp_path)
    assert [m.organisation.key for m in after] == [m.organisation.key for m in before]
    assert fte(after) == fte(before)
    [dup] = [n for n in notices if n.code == "duplicate-return"]
    assert dup.files == ["HO organogram 30 Sept 2012 senior.csv", "HO organogram 30 Sept 2012 junior.csv",
                         "home_office-2012-09-30-senior.csv", "home_office-2012-09-30-junior.csv"]
    ho = next(m for m in after if m.organisation.key == "home-office@2012-09-30")
    assert "duplicate-return" in {w.code for w in ho.warnings}


# -- a compiled file -----------------------------------------------------------------------

def test_compiled_file_splits_into_its_three_snapshots():
    models, notices = loaded(HERE / "compiled")
    assert [m.organisation.key for m in models] == [f"{BODY}@2012-03-31", f"{BODY}@2012-09-30", f"{BODY}@2013-03-31"]
    assert [n.code for n in notices] == ["compiled-split"]
    middle = models[1]
    assert middle.organisation.attributes["snapshot_label"] == "2012-09-30"
    assert models[2].organisation.attributes["snapshot_label"] == "March 2013"
    senior = {p.key.rsplit("/", 1)[-1] for p in middle.posts if not p.attributes.get("aggregate")}
    assert senior == {"WRA-1", "WRA-2", "WRA-3", "WRA-4"}
    for m in models:
        codes = {w.code for w in m.warnings}
        assert not codes & {"unknown-superior", "missing-senior-file", "missing-junior-file", "no-snapshot"}, codes
        assert [f.rule for f in run_checks(m) if f.severity == "error"] == []
        # Rows keep their line in the compiled file.
        assert all(p.provenance.document == "widget_regulation_agency_compiled.csv" for p in m.posts)
    lines = sorted(p.provenance.line for p in middle.posts)
    assert lines == list(range(8, 15))


def test_compiled_file_with_a_label_that_is_no_date_is_refused(tmp_path):
    text = (HERE / "compiled" / "widget_regulation_agency_compiled.csv").read_text(encoding="utf-8")
    bad = tmp_path / "compiled.csv"
    bad.write_text(text.replace('"March 2013"', '"latest"', 1), encoding="utf-8")
    out = run("uk-summary", bad)
    assert out.exit_code == 1 and isinstance(out.exception, InputError)
    assert str(out.exception).startswith("compiled.csv:15: column 'Snapshot' holds 'latest', which is no date")


# -- one reference on two posts --------------------------------------------------------------

def test_shared_reference_builds_no_false_cycle():
    [org] = load(HERE / "shared-reference")
    k = f"{BODY}@2014-03-31/post/"
    up = {s.post: s.superior for s in org.supervision}
    # Row 2 (a team leader) and row 5 (the chief executive) both carry WRA-1. Read as the first,
    # WRA-2 -> WRA-1 -> WRA-3 -> WRA-2 would be a circle and the chief executive an orphan.
    assert up[k + "WRA-2"] == k + "WRA-1~2" and up[k + "WRA-4"] == k + "WRA-1~2"
    assert up[k + "WRA-1"] == k + "WRA-3"
    assert "cycle" not in {w.code for w in org.warnings}
    found = run_checks(org)
    assert [f for f in found if f.rule in ("supervision-cycle", "no-superior", "several-roots")] == []
    assert org.posts[0].attributes["shared_reference"] == "WRA-1"
    chosen = [w for w in org.warnings if w.code == "duplicate-superior-chosen"]
    assert {(w.provenance.document.endswith("senior.csv"), w.provenance.line) for w in chosen} == {
        (True, 3), (True, 6), (False, 3)}
    # The junior row in Casework reports to the team leader, the WRA-1 of its own unit.
    junior = next(p.key for p in org.posts if p.attributes.get("aggregate") and p.unit.endswith("/casework"))
    assert up[junior] == k + "WRA-1"


def test_a_cycle_through_a_shared_reference_says_so(tmp_path):
    # Every post with WRA-1 reports below itself: a real circle, which the finding ties to the reference.
    senior = (HERE / "shared-reference" / "widget_regulation_agency-2014-03-31-senior.csv").read_text(encoding="utf-8")
    lines = senior.splitlines()
    lines[4] = lines[4].replace('"XX"', '"WRA-2"')  # the chief executive now reports to WRA-2
    path = tmp_path / "widget_regulation_agency-2014-03-31-senior.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [org] = load(path)
    cycles = [f for f in run_checks(org) if f.rule == "supervision-cycle"]
    assert cycles and all(f.data.get("duplicate_reference") == ["WRA-1"] for f in cycles)
    assert all("used by several posts" in f.message for f in cycles)
    assert all(len(f.subjects) <= 3 for f in cycles)  # only the posts truly in the circle


# -- header-only files, dates and names ------------------------------------------------------

def test_header_only_pair_is_reported_and_not_loaded():
    models, notices = loaded(HERE / "header-only")
    assert [m.organisation.key for m in models] == [f"{BODY}@2013-03-31"]
    [n] = notices
    assert n.code == "header-only" and n.files == ["widget_regulation_agency-2013-09-30-senior.csv",
                                                   "widget_regulation_agency-2013-09-30-junior.csv"]
    with pytest.raises(InputError, match=r"^widget_regulation_agency-2013-09-30-senior.csv:1: "):
        load(HERE / "header-only" / "widget_regulation_agency-2013-09-30-senior.csv")


def test_no_date_in_the_name_date_from_the_data_or_the_option():
    [org] = load(HERE / "undated")
    assert org.organisation.key == f"{BODY}@2015-09-30"  # body from the Organisation column
    assert org.organisation.attributes["snapshot_from"] == "column 'source_file'"
    [org] = load(HERE / "undated", snapshot="2016-03-31")
    assert org.organisation.key == f"{BODY}@2016-03-31"
    assert org.organisation.attributes["snapshot_from"] == "--snapshot"
    [org] = load(HERE / "undated-nothing")
    assert org.organisation.key == BODY and org.organisation.attributes["snapshot_from"] is None
    assert "no-snapshot" in {w.code for w in org.warnings}
    # A date in the name wins over the option, which is then reported as not used.
    [org] = load(HERE / "header-only" / "widget_regulation_agency-2013-03-31-senior.csv", snapshot="2016-03-31")
    assert org.organisation.key == f"{BODY}@2013-03-31"
    assert "snapshot-option-ignored" in {w.code for w in org.warnings}


def test_a_pair_given_explicitly_is_one_snapshot():
    folder = HERE / "header-only"
    files = [folder / "widget_regulation_agency-2013-03-31-senior.csv", folder / "widget_regulation_agency-2013-03-31-junior.csv"]
    out = run("uk-summary", *files, "--json")
    assert out.exit_code == 0, out.output
    row = json.loads(out.stdout)
    assert row["organisation"] == f"{BODY}@2013-03-31" and row["senior_posts"] == 3 and row["junior_posts"] == 5
    both = run("uk-summary", files[0], folder, "--json")
    rows = json.loads(both.stdout)
    assert [r["organisation"] for r in rows] == [f"{BODY}@2013-03-31", None]  # and the header-only pair, left out


def test_summary_counts_errors_as_check_does(tmp_path):
    path = tmp_path / "widget_regulation_agency-2014-03-31-senior.csv"
    text = (HERE / "shared-reference" / "widget_regulation_agency-2014-03-31-senior.csv").read_text(encoding="utf-8")
    path.write_text(text.replace('"WRA-5","N/D","SCS1","Deputy Director, Policy","","Department for Widgets",'
                                 '"Widget Regulation Agency","Policy","","","WRA-4"',
                                 '"WRA-5","N/D","SCS1","Deputy Director, Policy","","Department for Widgets",'
                                 '"Widget Regulation Agency","Policy","","","WRA-9"'), encoding="utf-8")
    summary = run("uk-summary", path, "--json")
    assert summary.exit_code == 0, summary.output
    row = json.loads(summary.stdout)
    check = run("check", "--file", path, "--json")
    assert check.exit_code == 1
    found = json.loads(check.stdout)
    errors = [f for f in found["findings"] if f["severity"] == "error"]
    assert row["errors"] == len(errors) >= 1
    assert row["errors_by_rule"] == {r: sum(f["rule"] == r for f in errors) for r in {f["rule"] for f in errors}}


# -- numbers as people read them ---------------------------------------------------------------

def test_no_output_of_the_uk_commands_has_more_than_two_decimals(tmp_path):
    outputs = []
    for args in (["uk-summary", HERE / "compiled"], ["uk-summary", HERE / "compiled", "--json"],
                 ["uk-summary", HERE / "duplicate", "--problems", "all"],
                 ["load", "--dry-run", HERE / "undated"],
                 ["chart", "--file", HERE / "undated", "-o", tmp_path / "c.svg", "--json"],
                 ["chart", "--file", HERE / "undated", "--units-only", "-o", tmp_path / "u.svg"]):
        out = run(*args)
        assert out.exit_code == 0, (args, out.output)
        outputs.append(out.output)
    texts = [re.sub(r"<[^>]+>", " ", (tmp_path / n).read_text(encoding="utf-8")) for n in ("c.svg", "u.svg")]
    assert "×2.25" in texts[0]  # the junior row of 2.246 FTE
    assert '"fte_junior": 2.55' in outputs[1]  # 0.1 + 0.2 + 2.246
    for text in outputs + texts:
        assert not NOISE.search(text), NOISE.search(text).group(0)


@pytest.mark.neo4j
def test_database_outputs_and_snapshot_references(conn, tmp_path):
    out = run("uk-load", HERE / "compiled", "--json")
    assert out.exit_code == 0, out.output
    assert [r["organisation"] for r in json.loads(out.stdout)] == [
        f"{BODY}@2012-03-31", f"{BODY}@2012-09-30", f"{BODY}@2013-03-31"]
    outputs = [out.stdout]
    for args in (["uk-load", HERE / "compiled"], ["orgs"], ["orgs", "--json"],
                 ["diff", f"{BODY}@2012-03-31", BODY, "--json"],  # BODY: the latest snapshot
                 ["diff", BODY, "2012-03-31", "2012-09-30"],
                 ["units", f"{BODY}@2013-03-31", "--json"],
                 ["chart", BODY, "-o", tmp_path / "latest.svg", "--json"]):
        res = run(*args)
        assert res.exit_code == 0, (args, res.output)
        outputs.append(res.stdout)
    diff = json.loads(outputs[4])
    assert (diff["before"], diff["after"]) == (f"{BODY}@2012-03-31", f"{BODY}@2013-03-31")
    assert json.loads(outputs[7])["nodes"] == 6  # the latest snapshot: 3 senior posts, 3 junior rows
    svg = re.sub(r"<[^>]+>", " ", (tmp_path / "latest.svg").read_text(encoding="utf-8"))
    for text in outputs + [svg]:
        assert not NOISE.search(text), NOISE.search(text).group(0)
    check = run("check", f"{BODY}@2012-09-30", "--json")
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)["organisation"] == f"{BODY}@2012-09-30"
    missing = run("check", f"{BODY}@2011-01-01")
    assert missing.exit_code == 1 and f"{BODY}@2012-09-30" in str(missing.exception)


def test_two_different_returns_with_one_key_are_both_kept(tmp_path):
    src = HERE / "undated-nothing" / "WRA organogram senior.csv"
    shutil.copy(src, tmp_path / "WRA organogram senior.csv")
    changed = src.read_text(encoding="utf-8").replace('"Chief Executive"', '"Chief Executive Officer"')
    (tmp_path / "WRA structure senior.csv").write_text(changed, encoding="utf-8")
    models, _ = loaded(tmp_path)
    assert [m.organisation.key for m in models] == [BODY, f"{BODY}-2"]
    [w] = [w for w in models[1].warnings if w.code == "key-clash"]
    assert repr(BODY) in w.message and w.provenance.document == "WRA structure senior.csv"


# -- grades and severities ------------------------------------------------------------------------

def test_grade_catalogue_covers_the_civil_service_grades_and_their_equivalents():
    from graph.loaders.uk.grades import match_grade, titles

    cat = titles()
    for code in ("SCS4", "SCS3", "SCS2", "SCS1A", "SCS1", "G6", "G7", "SEO", "HEO", "EO", "AO", "AA"):
        assert match_grade(code).key == f"uk/{code}"
    for code, standard in (("SPS", "G6"), ("SSO", "SEO"), ("HSO", "HEO"), ("SO", "EO"), ("SRO", "SEO"),
                           ("RO", "HEO"), ("AIO", "AO"), ("IO", "EO"), ("CIO", "HEO")):
        t = match_grade(code)
        assert t.key == f"uk/{code}" and t.attributes["equivalent"] == f"uk/{standard}"
        assert t.rank == cat[f"uk/{standard}"].rank  # ranked as the grade it equals
    assert match_grade("SCS Pay Band 2").key == "uk/SCS2"


def test_severities_of_job_share_placeholder_and_unknown_grade_are_the_catalogues(tmp_path):
    from graph.loaders.uk.build import severities

    assert severities() == {"job-share": "info", "placeholder-name": "info", "unknown-grade": "warning"}
    [org] = load(HERE / "header-only" / "widget_regulation_agency-2013-03-31-senior.csv")
    by_code = {}
    for w in org.warnings:
        by_code.setdefault(w.code, set()).add(w.severity)
    assert by_code["job-share"] == {"info"} and by_code["placeholder-name"] == {"info"}
    text = (HERE / "header-only" / "widget_regulation_agency-2013-03-31-senior.csv").read_text(encoding="utf-8")
    (tmp_path / "x_body-2013-03-31-senior.csv").write_text(text.replace('"SCS2"', '"Band Z"'), encoding="utf-8")
    junior = (HERE / "header-only" / "widget_regulation_agency-2013-03-31-junior.csv").read_text(encoding="utf-8")
    (tmp_path / "x_body-2013-03-31-junior.csv").write_text(junior.replace('"EO"', '"Grade Z"'), encoding="utf-8")
    [org] = load(tmp_path)
    unknown = [f for f in run_checks(org) if f.rule == "unknown-title"]
    assert {(f.data["title_as_written"], f.severity) for f in unknown} == {("Band Z", "warning"), ("Grade Z", "warning")}


def test_files_take_the_same_snapshot_references():
    out = run("check", "--file", HERE / "compiled", BODY, "--json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["organisation"] == f"{BODY}@2013-03-31"  # the latest
    out = run("check", "--file", HERE / "compiled", f"{BODY}@2012-09-30", "--json")
    assert json.loads(out.stdout)["organisation"] == f"{BODY}@2012-09-30"


def test_an_orphan_of_an_unclear_shared_reference_says_so(tmp_path):
    # WRA-6 reports to WRA-1, which a team leader (Casework) and the chief executive (Board)
    # both carry; WRA-6 is in neither unit and of the lowest of their grades: which is meant is unclear.
    senior = (HERE / "shared-reference" / "widget_regulation_agency-2014-03-31-senior.csv").read_text(encoding="utf-8")
    extra = ('"WRA-6","N/D","SCS1","Chief Scientist","","Department for Widgets","Widget Regulation Agency",'
             '"Science","","","WRA-1","0","1","0","0","Policy","",""\n')
    path = tmp_path / "widget_regulation_agency-2014-03-31-senior.csv"
    path.write_text(senior + extra, encoding="utf-8")
    [org] = load(path)
    key = f"{BODY}@2014-03-31/post/WRA-6"
    [w] = [w for w in org.warnings if w.code == "ambiguous-superior"]
    assert w.subject == key and w.provenance.line == 8 and "rows 2, 5" in w.message
    [f] = [f for f in run_checks(org) if f.rule == "no-superior"]
    assert f.subjects == [key] and f.data["duplicate_reference"] == ["WRA-1"]
    assert "used by several posts" in f.message
