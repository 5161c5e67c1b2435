"""`orgraph template`: a workbook to fill in by hand, read by `orgraph load`; bad input gets one message
naming sheet, row and column, exit 1. And `orgraph export`'s usage errors (exit 2, before any database)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph.cli import main
from graph.errors import InputError
from graph.formats.xlsx import read_xlsx, write_template

ORGRAPH = [sys.executable, "-m", "graph.cli"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # A dead port: nothing here may need the database.
    env = {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "x",
           "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run([*ORGRAPH, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def fill(template: Path, out: Path, superior_of_11: str = "p1") -> None:
    """Eleven posts under a director (rows 2-12 of posts); row 12's line superior is ``superior_of_11``."""
    wb = load_workbook(template)
    wb["organisation"].append(["demo", "Министарство за демо", "ministry"])
    wb["units"].append(["u1", "1", "Сектор за све", "sector"])
    wb["units"].append(["u1.1", "1.1", " განყოფილება", "department", "u1"])
    posts = wb["posts"]
    header = [c.value for c in posts[1]]
    for i in range(1, 12):
        row = {"key": f"p{i}", "number": str(i), "name": "Директор" if i == 1 else f"Саветник {i}",
               "unit": "u1" if i < 6 else "u1.1", "headcount": 2 if i == 4 else 1,
               "superior": None if i == 1 else ("p1" if i < 11 else superior_of_11)}
        if i == 1:
            row["heads"] = "u1"
        posts.append([row.get(h) for h in header])
    wb["reporting_lines"].append(["p7", "p2", "secondary", "stated", "по потреби"])
    wb["substitutions"].append(["p1", "p2", None, 1])
    wb["declared"].append(["demo", "posts", 11])
    wb.save(out)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "org.xlsx"
    assert main(["template", "-o", str(path)]) == 0
    return path


def test_template_sheets_meanings_and_validation_lists(template):
    wb = load_workbook(template)
    assert wb.sheetnames == ["organisation", "units", "posts", "reporting_lines", "substitutions", "declared",
                             "columns"]
    assert [c.value for c in wb["posts"][1]] == ["key", "number", "name", "unit", "headcount",
                                                 "title_as_written", "heads", "superior"]
    assert wb["posts"].max_row == 1 and wb["posts"].freeze_panes == "A2"
    assert "line superior" in wb["posts"]["H1"].comment.text
    lists = {dv.formula1 for dv in wb["reporting_lines"].data_validations.dataValidation}
    assert '"line,secondary,accountability"' in lists and '"stated,derived"' in lists
    refs = {dv.formula1 for dv in wb["posts"].data_validations.dataValidation}
    assert any(f.startswith("units!$A$2") for f in refs) and any(f.startswith("posts!$A$2") for f in refs)
    meanings = {(r[0], r[1]): r[4] for r in wb["columns"].iter_rows(min_row=2, values_only=True)}
    assert "empty = unknown" in meanings[("posts", "headcount")]


def test_filled_template_loads(template, tmp_path):
    fill(template, tmp_path / "filled.xlsx")
    org = read_xlsx(tmp_path / "filled.xlsx")
    assert org.organisation.name == "Министарство за демо" and org.sources == ["filled.xlsx"]
    assert [u.parent for u in org.units] == [None, "u1"] and org.units[1].name == " განყოფილება"
    assert len(org.posts) == 11 and org.posts[3].headcount == 2 and org.posts[0].heads == "u1"
    lines = [(s.post, s.superior, s.kind) for s in org.supervision]
    assert lines[:10] == [(f"p{i}", "p1", "line") for i in range(2, 12)]
    assert lines[10] == ("p7", "p2", "secondary") and org.supervision[10].note == "по потреби"
    assert org.substitution[0].substitute == "p2" and org.declared[0].value == 11
    # A row of a filled template is its own source: the file, the sheet and the row.
    assert org.posts[10].provenance.document == "filled.xlsx#posts" and org.posts[10].provenance.line == 12
    out = run("load", "--dry-run", "--json", "filled.xlsx", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert '"key": "p11"' in out.stdout


def test_unknown_superior_in_row_12_one_message_exit_1(template, tmp_path):
    fill(template, tmp_path / "bad.xlsx", superior_of_11="p99")
    with pytest.raises(InputError) as info:
        read_xlsx(tmp_path / "bad.xlsx")
    assert info.value.key == "sheet posts, row 12, column superior"
    for args in (["load", "--dry-run", "bad.xlsx"], ["load", "bad.xlsx"]):
        out = run(*args, cwd=tmp_path)
        assert out.returncode == 1
        assert out.stdout == ""
        lines = out.stderr.strip().splitlines()
        assert lines == ["error: bad.xlsx (sheet posts, row 12, column superior): unknown superior 'p99': "
                         "no row of the posts sheet has that key"], out.stderr
        # `load` without --dry-run stopped before the database (a dead port here): nothing written.
        assert "Neo4j" not in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("sheet, cell, value, where, words", [
    ("posts", "E5", "два", "sheet posts, row 5, column headcount", "not a number"),
    ("reporting_lines", "C2", "sideways", "sheet reporting_lines, row 2, column kind", "'line'"),
    ("posts", "D3", "u9", "sheet posts, row 3, column unit", "'u9', which does not exist"),
    ("posts", "A4", "p2", "sheet posts, row 4, column key", "two entries have the key 'p2'"),
    ("posts", "C6", None, "sheet posts, row 6, column name", "required value missing"),
    ("units", "F1", "colour", "sheet units, row 1, column colour", "unknown column"),
])
def test_bad_cells_are_named(template, tmp_path, sheet, cell, value, where, words):
    fill(template, tmp_path / "f.xlsx")
    wb = load_workbook(tmp_path / "f.xlsx")
    wb[sheet][cell] = value
    wb.save(tmp_path / "f.xlsx")
    with pytest.raises(InputError, match=words) as info:
        read_xlsx(tmp_path / "f.xlsx")
    assert info.value.key == where


def test_not_an_orgraph_workbook(tmp_path):
    from openpyxl import Workbook

    Workbook().save(tmp_path / "other.xlsx")
    assert main(["load", "--dry-run", str(tmp_path / "other.xlsx")]) == 1
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="cannot read the workbook"):
        read_xlsx(tmp_path / "broken.xlsx")


def test_template_needs_xlsx(tmp_path):
    assert main(["template", "-o", str(tmp_path / "org.xls")]) == 2
    assert not (tmp_path / "org.xls").exists()
    write_template(tmp_path / "t.xlsx")
    assert (tmp_path / "t.xlsx").stat().st_size > 0


@pytest.mark.parametrize("args, words", [
    (["export", "kite", "-o", "kite.csv"], "one file per table"),
    (["export", "kite", "-o", "kite.txt"], "extension '.txt'"),
    (["export", "kite", "--format", "ttl", "-o", "kite.xlsx"], "does not match"),
    (["export", "kite", "--format", "xlsx"], "not text"),
])
def test_export_refuses_unknown_or_mismatched_names_with_exit_2(tmp_path, args, words):
    out = run(*args, cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert words in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_unknown_format_option_is_a_usage_error(tmp_path):
    out = run("export", "kite", "--format", "pdf", "-o", "k.pdf", cwd=tmp_path)
    assert out.returncode == 2 and "pdf" in out.stderr


def test_bad_turtle_gets_one_line_exit_1(tmp_path):
    (tmp_path / "z.ttl").write_text("@prefix org: <http://www.w3.org/ns/org#> .\n<a> org:postIn <b> .\n"
                                    "<a> org:bad <<< .\n", encoding="utf-8")
    out = run("load", "--dry-run", "z.ttl", cwd=tmp_path)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: z.ttl:") and "not valid Turtle" in lines[0], out.stderr
