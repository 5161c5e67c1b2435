"""Hierarchies beyond one body (issue 19): several organisations in one org file, part of /
reporting to / independent, joint line superiors, external identifiers. The database tests
load into the real test server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.checks import run_checks
from graph.checks.engine import Peers
from graph.cli import main
from graph.errors import InputError
from graph.loaders.orgfile import parse_all, read, read_all

FIX = Path(__file__).parent / "fixtures"
GOV = FIX / "hierarchies" / "ministry-and-bodies.yaml"
JOINT = FIX / "checks" / "several-line-superiors-ok.yaml"


# --- the org file --------------------------------------------------------------------

def test_one_file_holds_a_ministry_a_body_within_it_and_an_independent_institution():
    mof, tax, sai = read_all(GOV)
    assert [o.organisation.key for o in (mof, tax, sai)] == ["mof", "tax", "sai"]
    assert tax.organisation.part_of == "mof" and tax.organisation.reports_to is None
    assert sai.organisation.independent and not mof.organisation.independent
    assert tax.organisation.identifiers == {"national-register": "17862146"}
    assert [p.identifiers for p in tax.posts if p.identifiers] == [{"position-code": "TAX-A-014"}]
    # Each organisation is whole: its units and posts are its own.
    assert {u.key for u in tax.units} == {"tax/1", "tax/2"} and len(sai.posts) == 4


def test_the_acceptance_file_loads_and_checks_clean(capsys):
    assert main(["load", "--dry-run", str(GOV)]) == 0
    assert "│ tax " in capsys.readouterr().out
    assert main(["check", "--file", str(GOV), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["organisation"] for d in data] == ["mof", "tax", "sai"]
    assert all(d["findings"] == [] for d in data), data


def test_a_body_checked_without_its_ministry_gets_a_warning_not_an_error():
    tax = read_all(GOV)[1]
    [f] = run_checks(tax, peers=Peers.of_models([tax], "in the file"))
    assert (f.rule, f.severity) == ("unknown-organisation", "warning")
    assert "'mof'" in f.message and "not in the file" in f.message


def test_old_one_organisation_files_load_as_before():
    orgs = read_all(FIX / "tiny.yaml")
    assert len(orgs) == 1 and orgs[0] == read(FIX / "tiny.yaml")
    assert orgs[0].organisation.part_of is None and orgs[0].organisation.identifiers == {}


def test_read_of_one_organisation_refuses_a_file_of_several():
    with pytest.raises(InputError, match="holds 3 organisations"):
        read(GOV)


BAD = [
    # text, line named, words
    ("organisations:\n  - organisation: {key: a, name: A}\n  - organisation: {key: a, name: B}\n", 3,
     "organisation 'a' is in the file twice (the first is organisations[0])"),
    # A bare list of org file bodies is read like 'organisations:'.
    ("- organisation: {key: a, name: A}\n- organisation: {key: b, name: B}\n  posts:\n"
     "    - {key: b/post/1, name: X, unit: b/9}\n", 4, "is in unit 'b/9', which does not exist"),
    ("- organisation: {key: a, name: A}\n- 3\n", 2, "each organisation of the list is an org file body"),
    ("organisations:\n  - organisation: {key: a, name: A}\nposts: []\n", 3, "unknown field beside 'organisations'"),
    ("organisations: []\n", 1, "at least one organisation"),
    ("[]\n", 1, "at least one organisation"),
    ("organisations:\n  - organisation: {key: a, name: A}\n  - organisation: {key: b, name: B}\n"
     "    posts:\n      - {key: b/post/1, name: X, identifiers: {'a b': '1'}}\n", 5, "one word without spaces"),
    ("organisations:\n  - organisation: {key: a, name: A}\n  - organisation: {key: b, name: B}\n"
     "    posts:\n      - {key: a/post/1, name: X}\n", 5, "does not belong to organisation 'b'"),
    ("organisation: {key: a, name: A, part_of: a}\n", 1, "cannot be part of itself"),
    ("organisation: {key: a, name: A, identifiers: {reg: '  '}}\n", 1, "code may not be empty"),
    ("organisation: {key: a, name: A, identifiers: {reg: 12}}\n", 1, "put the value in quotes"),
]


@pytest.mark.parametrize("text,line,words", BAD)
def test_bad_multi_organisation_files_name_the_line(text, line, words):
    with pytest.raises(InputError) as err:
        parse_all(text, "gov.yaml")
    assert err.value.line == line and words in str(err.value), str(err.value)


def test_identifier_limits_are_those_of_other_short_text():
    text = "organisation: {key: a, name: A, identifiers: {reg: \"x\\u0007\"}}\n"
    with pytest.raises(InputError, match="control character"):
        parse_all(text, "a.yaml")


# --- the formats carry the relations, joint lines and identifiers ---------------------

@pytest.mark.parametrize("suffix", [".xlsx", ".ttl", ".jsonld", ".zip", ".yaml"])
def test_exports_read_back_the_same(tmp_path, suffix):
    from graph.formats import write
    from graph.loaders.base import load_path

    models = read_all(GOV)[1:] + [read(JOINT)]
    for org in models:
        out = tmp_path / f"{org.organisation.key}{suffix}"
        write(org, out)
        [back] = load_path(out)
        if suffix in (".xlsx", ".zip"):
            # The workbook's rows are their own provenance when the model has none.
            back = back.model_copy(update={"sources": org.sources})
        assert back.organisation == org.organisation
        assert [p.identifiers for p in back.posts] == [p.identifiers for p in org.posts]
        assert [(s.post, s.superior, s.joint) for s in back.supervision] == [
            (s.post, s.superior, s.joint) for s in org.supervision]


def test_rdf_uses_sub_organization_of_and_typed_identifiers(tmp_path):
    from graph.formats.rdf import to_graph

    tax = read_all(GOV)[1]
    text = to_graph(tax).serialize(format="turtle")
    assert "org:subOrganizationOf <https://orgraph.invalid/id/mof>" in text
    assert '"17862146"^^<https://orgraph.invalid/ns/scheme/national-register>' in text


def test_popolo_and_graphml_name_the_parent_and_the_codes(tmp_path):
    from graph.formats.graphml import to_xml
    from graph.formats.popolo import to_popolo

    tax = read_all(GOV)[1]
    body = to_popolo(tax)["organizations"][0]
    assert body["parent_id"] == "mof"
    assert {"scheme": "national-register", "identifier": "17862146"} in body["identifiers"]
    xml = to_xml(read(JOINT)).getroot()
    joint = [d.text for d in xml.iter() if d.tag.endswith("data") and d.text == "true"]
    assert len(joint) == 2  # the two joint lines


# --- joint superiors ----------------------------------------------------------------

def test_joint_superiors_are_not_a_finding_but_unmarked_ones_are():
    assert run_checks(read(JOINT), select=["supervision"]) == []
    [f] = run_checks(read(FIX / "checks" / "several-line-superiors.yaml"), select=["supervision"])
    assert f.rule == "several-line-superiors" and f.subjects == ["t/post/8"]
    assert f.data["superiors"] == ["t/post/6", "t/post/7"]


def test_a_post_with_one_joint_and_one_plain_line_is_still_named():
    org = read(JOINT)
    mixed = org.model_copy(update={"supervision": [
        s.model_copy(update={"joint": False}) if s.superior == "t/post/7" else s for s in org.supervision]})
    assert [f.rule for f in run_checks(mixed, select=["supervision"])] == ["several-line-superiors"]


def test_identifier_reference_in_a_model():
    from graph.queries.refs import ModelSource, resolve

    tax = read_all(GOV)[1]
    assert resolve(ModelSource(tax, "post"), "position-code:TAX-A-014")["key"] == "tax/post/3"
    assert resolve(ModelSource(tax, "post"), "position-code: TAX-A-014")["key"] == "tax/post/3"
    from graph.errors import NotFound

    with pytest.raises(NotFound, match="numbered"):
        resolve(ModelSource(tax, "post"), "position-code:TAX-A-999")


# --- in the database -------------------------------------------------------------------

def _cypher(conn, text, **params):
    return conn.read(text, **params)


LINKS = ("MATCH (a:Organisation)-[r:PART_OF|REPORTS_TO]->(b:Organisation) "
         "RETURN a.key AS a, type(r) AS rel, b.key AS b ORDER BY a, rel")


@pytest.mark.neo4j
def test_relations_are_stored_read_back_and_survive_reloads(conn):
    from graph.store.reader import read_org
    from graph.store.writer import delete_org, write_org

    mof, tax, sai = read_all(GOV)
    # The body first: its ministry is not there yet, so no link, but the key is kept.
    write_org(conn, tax)
    assert _cypher(conn, LINKS) == []
    write_org(conn, mof)
    write_org(conn, sai)
    assert _cypher(conn, LINKS) == [{"a": "tax", "rel": "PART_OF", "b": "mof"}]
    assert read_org(conn, "tax") == tax and read_org(conn, "sai") == sai and read_org(conn, "mof") == mof
    # A reload of either end keeps the link (the Organisation node of a key outlives its versions).
    write_org(conn, mof)
    write_org(conn, tax)
    assert _cypher(conn, LINKS) == [{"a": "tax", "rel": "PART_OF", "b": "mof"}]
    # The ministry deleted: the link goes, the body keeps the key; it comes back with the ministry.
    assert delete_org(conn, "mof")
    assert _cypher(conn, LINKS) == []
    assert read_org(conn, "tax").organisation.part_of == "mof"
    write_org(conn, mof)
    assert _cypher(conn, LINKS) == [{"a": "tax", "rel": "PART_OF", "b": "mof"}]
    # Reloaded as reporting to it instead: the old link is replaced.
    moved = tax.model_copy(update={"organisation": tax.organisation.model_copy(
        update={"part_of": None, "reports_to": "mof"})})
    write_org(conn, moved)
    assert _cypher(conn, LINKS) == [{"a": "tax", "rel": "REPORTS_TO", "b": "mof"}]


@pytest.mark.neo4j
def test_orgs_hierarchy_and_check_all_from_the_database(conn, capsys):
    assert main(["load", str(GOV)]) == 0
    capsys.readouterr()
    assert main(["orgs", "--json"]) == 0
    rows = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["tax"]["part_of"] == "mof" and rows["sai"]["independent"] is True
    assert rows["mof"]["part_of"] is None and rows["mof"]["independent"] is False

    assert main(["hierarchy"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == ["Ministry of Finance (mof)", "└── Tax Administration (tax)  part of",
                                "State Audit Institution (sai)  independent"]
    assert main(["hierarchy", "tax", "--json"]) == 0
    tree = json.loads(capsys.readouterr().out)
    assert [a["key"] for a in tree["above"]] == ["mof"] and tree["tree"]["key"] == "tax"
    assert tree["tree"]["relation"] == "part_of" and tree["tree"]["children"] == []
    # An organisation by its identifier, as every command takes it.
    assert main(["hierarchy", "national-register:07003250", "--json"]) == 0
    tree = json.loads(capsys.readouterr().out)
    assert tree["tree"]["key"] == "mof" and [c["key"] for c in tree["tree"]["children"]] == ["tax"]

    assert main(["check", "--all", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["organisation"]: (r["errors"], r["warnings"], r["info"]) for r in rows} == {
        "mof": (0, 0, 0), "tax": (0, 0, 0), "sai": (0, 0, 0)}


@pytest.mark.neo4j
def test_checks_see_the_loaded_organisations(conn, capsys):
    from graph.checks.loaded import check_loaded
    from graph.store.writer import write_org

    mof, tax, _ = read_all(GOV)
    write_org(conn, tax)
    [f] = check_loaded(conn, "tax").findings
    assert f.rule == "unknown-organisation" and "not loaded" in f.message
    # The ministry made part of its own body: a circle, an error on both.
    write_org(conn, mof.model_copy(update={"organisation": mof.organisation.model_copy(update={"part_of": "tax"})}))
    for key in ("mof", "tax"):
        assert [g.rule for g in check_loaded(conn, key).findings] == ["organisation-cycle"]
    assert main(["check", "tax"]) == 1
    assert "in a circle: 'tax' -> 'mof' -> back to 'tax'" in capsys.readouterr().out
    assert main(["hierarchy", "--json"]) == 0
    forest = json.loads(capsys.readouterr().out)
    # Nothing left out: the circle is shown once, from its first member.
    assert [n["key"] for n in forest] == ["mof"] and [c["key"] for c in forest[0]["children"]] == ["tax"]


@pytest.mark.neo4j
def test_identifiers_are_a_rung_of_the_reference_ladder(conn, capsys):
    from graph.queries.lookup import resolve_post, resolve_unit
    from graph.store.writer import write_org

    for org in read_all(GOV):
        write_org(conn, org)
    assert resolve_post(conn, "position-code:TAX-A-014")["key"] == "tax/post/3"
    assert resolve_post(conn, "position-code:MOF-F-001", org="mof")["key"] == "mof/post/4"
    assert main(["chain", "position-code:TAX-A-014", "--json"]) == 0
    chain = json.loads(capsys.readouterr().out)["chain"]
    assert [r["key"] for r in chain] == ["tax/post/3", "tax/post/2", "tax/post/1"]
    assert main(["chain", "position-code:NOPE-1"]) == 1
    assert "no post numbered position-code:NOPE-1" in capsys.readouterr().err
    # Units too, with identifiers written in the org file.
    unit = read_all(GOV)[2]
    unit = unit.model_copy(update={"units": [unit.units[0].model_copy(update={"identifiers": {"unit-code": "S-01"}})]})
    write_org(conn, unit)
    assert resolve_unit(conn, "unit-code:S-01")["key"] == "sai/1"


@pytest.mark.neo4j
def test_chain_says_jointly(conn, capsys):
    from graph.queries import chain as chains
    from graph.store.reader import read_org
    from graph.store.writer import write_org

    org = read(JOINT)
    write_org(conn, org)
    assert read_org(conn, "t") == org
    # Followed up through the joint superior stated first, the other named beside it.
    for _ in range(3):
        rows = chains.chain(conn, "t/post/8")
        assert [r["key"] for r in rows] == ["t/post/8", "t/post/6", "t/post/1"]
        assert [m["key"] for m in rows[1]["jointly_with"]] == ["t/post/7"]
        assert "jointly_with" not in rows[2] and "jointly_with" not in rows[0]
    assert main(["chain", "t/post/8"]) == 0
    out = capsys.readouterr().out
    assert ("Secretariat of the deputies (t/post/8) reports jointly to Deputy director for operations (t/post/6) "
            "and Deputy director for policy (t/post/7)") in out


@pytest.mark.neo4j
def test_uk_post_references_are_identifiers(conn, capsys):
    from graph.loaders.base import load_path
    from graph.queries.lookup import resolve_post
    from graph.errors import Ambiguous
    from graph.store.writer import write_org

    [org] = load_path(FIX / "uk-wild" / "shared-reference")
    assert all(p.identifiers == {"uk-post-ref": p.attributes["reference"]} for p in org.posts
               if p.attributes.get("reference"))
    write_org(conn, org)
    key = org.organisation.key
    assert resolve_post(conn, "uk-post-ref:WRA-2")["key"] == f"{key}/post/WRA-2"
    # A reference two posts share names both: ambiguous, never a guess.
    with pytest.raises(Ambiguous):
        resolve_post(conn, "uk-post-ref:WRA-1")


def test_chart_draws_the_second_joint_superior_as_joint():
    from viz.select import select
    from viz.tree_chart import build_tree_chart

    org = read(JOINT)
    chart = build_tree_chart(org, select(org))
    tips = [e.tooltip for e in chart.edges_drawn if "jointly" in e.tooltip]
    assert tips == ["t/post/8 reports to t/post/7 (line, jointly, stated)"]
    assert ("edge:line-joint", "a further joint line superior (jointly, of equal standing)") in chart.legend


def test_the_published_schema_takes_every_form_of_the_file():
    import jsonschema
    import yaml

    from graph.schema.model import json_schema

    data = yaml.safe_load(GOV.read_text(encoding="utf-8"))
    jsonschema.validate(data, json_schema())
    jsonschema.validate(data["organisations"], json_schema())  # a bare list of them
    data["organisations"][1]["organisation"]["identifiers"] = {"a b": "1"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())
