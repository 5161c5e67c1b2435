"""Hierarchies beyond one tree of posts: unit-only organisations, intended tops (independent by design)."""

from __future__ import annotations

import pytest

from graph.checks import run_checks
from graph.loaders.orgfile import read
from tools.seedfiles import REPO

FIX = REPO / "tests" / "fixtures" / "hierarchies"


def test_units_only_is_a_valid_organisation():
    found = run_checks(read(FIX / "units-only.yaml"))
    assert [f for f in found if f.severity != "info"] == []


def test_intended_tops_are_respected():
    org = read(FIX / "independent.yaml")
    rules = {f.rule for f in run_checks(org)}
    assert not rules & {"no-superior", "several-roots"}
    # Without the marks the same structure has an orphan and a second root.
    unmarked = org.model_copy(update={
        "units": [u.model_copy(update={"independent": False}) for u in org.units],
        "posts": [p.model_copy(update={"independent": False}) for p in org.posts]})
    rules = {f.rule for f in run_checks(unmarked)}
    assert {"no-superior", "several-roots"} <= rules


@pytest.mark.neo4j
def test_marks_survive_the_store(conn):
    from graph.store.reader import read_org
    from graph.store.writer import write_org

    org = read(FIX / "independent.yaml")
    write_org(conn, org)
    back = read_org(conn, "gov")
    assert [u.independent for u in back.units] == [False, True]
    assert [p.independent for p in back.posts] == [False, False, False, False, True]
    assert back.units == org.units and back.posts == org.posts


def test_generic_table_of_1800_units_checks_clean(capsys):
    from graph.cli import main
    from graph.loaders.table import load_table, read_mapping

    mapping = read_mapping(FIX / "city-mapping.yaml")
    org = load_table(FIX / "city-units.csv", mapping["units"], "city", "City Government")
    assert len(org.units) == 1895 and org.posts == [] and org.supervision == []
    by = {u.key: u for u in org.units}
    assert by["city/D01.2.3.4"].parent == "city/D01.2.3" and by["city/G"].parent is None
    assert by["city/D01"].kind == "department"
    assert [f for f in run_checks(org) if f.severity != "info"] == []
    # The same through the command, with the mapping on the command line.
    assert main(["load-table", str(FIX / "city-units.csv"), "--org", "city", "--dry-run", "--json",
                 "--map", "id=Code,name=Unit Name,parent=Parent Code,kind=Type"]) == 0
    import json
    assert len(json.loads(capsys.readouterr().out)["units"]) == 1895


@pytest.mark.parametrize("lines, message", [
    (["Code,Name,Parent", "A,Alpha,", "B,Beta,Z"], "t.csv:3: parent 'Z' is no id in the table"),
    (["Code,Name,Parent", "A,Alpha,", "A,Again,"], "t.csv:3: id 'A' is also on row 2"),
    (["Code,Name,Parent", "A,,"], "t.csv:2: the name is blank"),
    (["Id,Name,Parent", "A,Alpha,"], "t.csv:1: no column 'Code' (for id)"),
])
def test_table_errors(tmp_path, lines, message):
    from graph.errors import InputError
    from graph.loaders.table import load_table

    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_table(path, {"id": "Code", "name": "Name", "parent": "Parent"}, "t")
    assert message in str(err.value)


def test_table_of_posts(tmp_path):
    from graph.loaders.table import load_table

    path = tmp_path / "p.csv"
    path.write_text("id,title,boss,team\n1,Director,,Board\n2,Analyst,1,Data\n", encoding="utf-8")
    org = load_table(path, {"id": "id", "name": "title", "parent": "boss", "unit": "team"}, "p", what="posts")
    assert [(s.post, s.superior) for s in org.supervision] == [("p/post/2", "p/post/1")]
    assert {p.unit for p in org.posts} == {"p/Board", "p/Data"}


def test_two_organisations_one_part_of_the_other_check_clean():
    from graph.loaders.base import load_path

    gov, moj = load_path(FIX / "government.yaml")
    assert (gov.organisation.key, moj.organisation.key, moj.organisation.parent) == ("gov", "moj", "gov")
    for org in (gov, moj):
        assert [(f.rule, f.subjects) for f in run_checks(org) if f.severity != "info"] == []
    # The audit office's independence is what keeps the government's checks clean.
    unmarked = gov.model_copy(update={"units": [u.model_copy(update={"independent": False}) for u in gov.units]})
    assert "several-roots" in {f.rule for f in run_checks(unmarked)}


def test_a_list_org_file_names_the_organisation_of_a_problem(tmp_path):
    from graph.errors import InputError
    from graph.loaders.base import load_path

    text = (FIX / "government.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "gov.yaml"
    bad.write_text(text.replace("unit: moj/courts, headcount: 6", "unit: moj/nowhere, headcount: 6"),
                   encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_path(bad)
    assert "gov.yaml:27 ([1].posts[4].unit)" in str(err.value)
    twice = tmp_path / "twice.yaml"
    twice.write_text(text.replace("key: moj, name: Ministry", "key: gov, name: Ministry")
                     .replace("moj/", "gov/"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_path(twice)
    assert "organisation 'gov' is in the file twice" in str(err.value)


@pytest.mark.neo4j
def test_two_organisations_load_and_check_clean(conn, capsys):
    import json

    from graph.cli import main

    assert main(["load", str(FIX / "government.yaml"), "--json"]) == 0
    capsys.readouterr()
    assert main(["orgs", "--json"]) == 0
    assert {o["key"] for o in json.loads(capsys.readouterr().out)} == {"gov", "moj"}
    from graph.store.reader import read_org

    assert read_org(conn, "moj").organisation.parent == "gov"
    for key in ("gov", "moj"):
        assert main(["check", key, "--json"]) == 0, key
        capsys.readouterr()
