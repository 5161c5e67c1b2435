"""``orgraph chart`` from a file and from Neo4j: same chart either way, errors in plain words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.cli import main
from graph.loaders.orgfile import read
from viz.svg import read_svg

FIXTURES = Path(__file__).parent / "fixtures" / "charts"
RS = FIXTURES / "mini-rs.yaml"


def test_chart_from_a_file_prints_a_json_summary(tmp_path, capsys):
    out = tmp_path / "unit.svg"
    assert main(["chart", "--file", str(RS), "--unit", "1.1", "--json", "-o", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary == {"file": str(out), "nodes": 9, "edges": 8}
    assert len(read_svg(out.read_bytes()).nodes) == 9


def test_format_follows_the_suffix_or_the_option(tmp_path):
    assert main(["chart", "--file", str(RS), "-o", str(tmp_path / "a.png")]) == 0
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")
    assert main(["chart", "--file", str(RS), "--format", "pdf", "-o", str(tmp_path / "a.out")]) == 0
    assert (tmp_path / "a.out").read_bytes().startswith(b"%PDF")


def test_highlight_findings_uses_the_checks(tmp_path):
    out = tmp_path / "f.svg"
    assert main(["chart", "--file", str(RS), "--highlight-findings", "-o", str(out)]) == 0
    chart = read_svg(out.read_bytes())
    assert "finding:" in chart.legend


def test_errors_are_sentences_with_exit_codes(tmp_path, capsys):
    # Two posts are named Помоћник директора: ambiguous, exit 2, both listed.
    assert main(["chart", "--file", str(RS), "--around", "Pomoćnik direktora", "-o",
                 str(tmp_path / "x.svg")]) == 2
    err = capsys.readouterr().err
    assert "mini/post/3" in err and "mini/post/13" in err
    assert main(["chart", "--file", str(RS), "--unit", "7", "-o", str(tmp_path / "x.svg")]) == 1
    assert "no unit matches '7'" in capsys.readouterr().err
    assert main(["chart", "--file", str(RS), "-o", str(tmp_path / "missing" / "x.svg")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["chart", "--file", str(RS), "--units-only", "--around", "4", "-o", str(tmp_path / "x.svg")]) == 1
    assert not (tmp_path / "x.svg").exists()


@pytest.mark.neo4j
def test_chart_from_the_database_matches_the_file(conn, tmp_path, capsys):
    from graph.store.writer import write_org

    write_org(conn, read(RS))
    from_db, from_file = tmp_path / "db.svg", tmp_path / "file.svg"
    assert main(["chart", "mini", "--around", "4", "--substitutes", "--json", "-o", str(from_db)]) == 0
    assert json.loads(capsys.readouterr().out)["file"] == str(from_db)
    assert main(["chart", "--file", str(RS), "--around", "4", "--substitutes", "-o", str(from_file)]) == 0
    a, b = read_svg(from_db.read_bytes()), read_svg(from_file.read_bytes())
    assert {k: n.text for k, n in a.nodes.items()} == {k: n.text for k, n in b.nodes.items()}
    assert sorted(a.edges) == sorted(b.edges)
    assert main(["chart", "nosuch", "-o", str(tmp_path / "n.svg")]) == 1
    assert "not loaded" in capsys.readouterr().err
