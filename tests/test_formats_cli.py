"""`orgraph export` through a real Neo4j: every format written, and `orgraph load` of the exports
gives back the organisation that was loaded."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from openpyxl import load_workbook

from graph.cli import main
from graph.store.reader import read_org
from graph.loaders.orgfile import read
from tools.seedfiles import REPO
from graph.store.writer import write_org


@pytest.mark.neo4j
def test_export_every_format_and_load_back(conn, tmp_path, capsys):
    kite = read(REPO / "seed" / "kite.yaml")
    write_org(conn, kite)
    assert read_org(conn, "kite") == kite
    outputs = {"xlsx": "kite.xlsx", "csv": "kite.zip", "ttl": "kite.ttl", "jsonld": "kite.jsonld",
               "graphml": "kite.graphml", "popolo": "kite.popolo.json", "yaml": "kite.yaml", "json": "kite.json"}
    for fmt, name in outputs.items():
        capsys.readouterr()
        assert main(["export", "kite", "-o", str(tmp_path / name), "--json"]) == 0, fmt
        info = json.loads(capsys.readouterr().out)
        assert info["format"] == fmt and info["posts"] == 84
    # The extension was the format; --format says it when the extension cannot.
    assert main(["export", "kite", "--format", "csv", "-o", str(tmp_path / "tables")]) == 0
    assert main(["export", "kite", "--format", "popolo", "-o", str(tmp_path / "p.json")]) == 0
    assert json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["posts"][0]["id"] == "kite/post/1"
    capsys.readouterr()
    assert main(["export", "kite", "--format", "ttl"]) == 0  # text formats go to standard output
    assert "org:Post" in capsys.readouterr().out
    # The old bug: a .graphml used to get YAML.
    g = nx.read_graphml(tmp_path / "kite.graphml")
    assert g.number_of_nodes() == 1 + len(kite.units) + 84
    assert read(tmp_path / "kite.yaml") == kite and read(tmp_path / "kite.json") == kite
    wb = load_workbook(tmp_path / "kite.xlsx", read_only=True)
    assert "findings" in wb.sheetnames and wb["findings"].max_row > 1
    wb.close()
    for name in ("kite.xlsx", "kite.zip", "tables", "kite.ttl", "kite.jsonld"):
        assert main(["delete", "kite"]) == 0
        assert main(["load", str(tmp_path / name)]) == 0, name
        assert read_org(conn, "kite") == kite, name


@pytest.mark.neo4j
def test_export_of_an_unknown_organisation_exits_1_and_writes_nothing(conn, tmp_path):
    assert main(["export", "nobody", "-o", str(tmp_path / "n.xlsx")]) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.neo4j
def test_a_bad_template_writes_nothing(conn, tmp_path):
    from test_formats_template import fill

    assert main(["template", "-o", str(tmp_path / "t.xlsx")]) == 0
    fill(tmp_path / "t.xlsx", tmp_path / "bad.xlsx", superior_of_11="p99")
    assert main(["load", str(tmp_path / "bad.xlsx")]) == 1
    assert conn.driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0
    fill(tmp_path / "t.xlsx", tmp_path / "good.xlsx")
    assert main(["load", str(tmp_path / "good.xlsx")]) == 0
    assert len(read_org(conn, "demo").posts) == 11
