"""Exports (graph/formats): every seed organisation and one UK body go out as xlsx, csv, Turtle and
JSON-LD and come back as the same model; GraphML, Popolo and the workbook's shape. No database."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook
from rdflib import Graph

from graph.formats import FORMATS, FormatRefused, choose
from graph.formats.csvs import read_csv, write_csv
from graph.formats.graphml import counts, write_graphml
from graph.formats.popolo import write_popolo
from graph.formats.rdf import read_rdf, write_jsonld, write_ttl
from graph.formats.xlsx import read_xlsx, write_xlsx
from graph.loaders.base import load_path
from graph.loaders.orgfile import read
from graph.schema.model import OrgFile
from tools.seedfiles import REPO
from conftest import shared_path

SEEDS = sorted((REPO / "seed").glob("*.yaml"))
UK_SENIOR = "data/uk-organograms/advisory_conciliation_and_arbitration_service-2011-09-30-senior.csv"
SECTIONS = ("organisation", "sources", "documents", "versions", "titles", "units", "posts", "supervision",
            "substitution", "declared", "activities", "holders", "warnings")


def test_every_seed_is_covered():
    assert {p.stem for p in SEEDS} >= {"kite", "ge-moh", "razanj", "stari-grad"}


def people() -> OrgFile:
    """Intended tops, dated versions and holders with and without names, dates and references."""
    from datetime import date

    from graph.schema.model import Holder, Provenance, Version

    gov = read(REPO / "tests" / "fixtures" / "hierarchies" / "independent.yaml")
    return gov.model_copy(update={
        "versions": [Version(valid_from=date(2020, 1, 1), title="Закон о влади", number="55/2005",
                             issued=date(2019, 12, 20), note="first", provenance=Provenance(document="law.txt", line=3)),
                     Version(valid_from=date(2022, 7, 1), valid_to=date(2023, 6, 30))],
        "holders": [Holder(post="gov/post/1", name="Ана Анић", fte=1, valid_from=date(2020, 1, 1)),
                    Holder(post="gov/post/2", name="ნინო", fte=0.5, valid_from=date(2021, 1, 1),
                           valid_to=date(2021, 12, 31), reference="E-17"),
                    Holder(post="gov/post/2", fte=0.5)]})


@pytest.fixture(scope="module", params=[p.stem for p in SEEDS] + ["uk", "people"])
def org(request) -> OrgFile:
    if request.param == "uk":
        return load_path(shared_path(UK_SENIOR))[0]
    if request.param == "people":
        return people()
    return read(REPO / "seed" / f"{request.param}.yaml")


def _same(back: OrgFile, org: OrgFile) -> None:
    # Section by section first, so a failure says where the models part.
    for section in SECTIONS:
        assert getattr(back, section) == getattr(org, section), section
    assert back == org


def test_xlsx_round_trip(org, tmp_path):
    write_xlsx(org, tmp_path / "o.xlsx")
    _same(read_xlsx(tmp_path / "o.xlsx"), org)


@pytest.mark.parametrize("target", ["tables", "tables.zip"])
def test_csv_round_trip(org, tmp_path, target):
    write_csv(org, tmp_path / target)
    _same(read_csv(tmp_path / target), org)


@pytest.mark.parametrize("suffix", [".ttl", ".jsonld"])
def test_w3c_org_round_trip(org, tmp_path, suffix):
    path = tmp_path / f"o{suffix}"
    (write_ttl if suffix == ".ttl" else write_jsonld)(org, path)
    _same(read_rdf(path), org)


def test_load_reads_back_what_export_writes(org, tmp_path):
    """`orgraph load` detects each format by itself (the loaders' sniffing)."""
    for name, target in (("xlsx", "o.xlsx"), ("csv", "o.zip"), ("csv", "folder"), ("ttl", "o.ttl"),
                         ("jsonld", "o.jsonld")):
        FORMATS[name].write(org, tmp_path / target)
        assert load_path(tmp_path / target) == [org], target


def test_graphml_opens_in_networkx_with_every_node_and_edge(org, tmp_path):
    write_graphml(org, tmp_path / "o.graphml")
    g = nx.read_graphml(tmp_path / "o.graphml")
    nodes, edges = counts(org)
    assert (g.number_of_nodes(), g.number_of_edges()) == (nodes, edges)
    assert nodes == 1 + len(org.units) + len(org.posts)
    post = org.posts[0]
    # yEd's label (read by networkx from y:NodeLabel) and our own attributes.
    assert post.name in g.nodes[post.key]["label"] and g.nodes[post.key]["name"] == post.name
    assert g.nodes[post.key]["type"] == "post"
    lines = [(a, b) for a, b, d in g.edges(data=True) if d["type"] == "reports_to" and d["kind"] == "line"]
    assert len(lines) == sum(1 for s in org.supervision if s.kind == "line")
    assert {k for k, d in g.nodes(data=True) if d.get("independent")} == (
        {u.key for u in org.units if u.independent} | {p.key for p in org.posts if p.independent})
    held = {k: d["held_fte"] for k, d in g.nodes(data=True) if "held_fte" in d}
    assert sum(held.values()) == pytest.approx(sum(h.fte for h in org.holders))


def test_popolo(org, tmp_path):
    write_popolo(org, tmp_path / "o.popolo.json")
    data = json.loads((tmp_path / "o.popolo.json").read_text(encoding="utf-8"))
    assert len(data["organizations"]) == 1 + len(org.units)
    assert len(data["posts"]) == len(org.posts)
    # One membership per holder, in its post; a person only where the model has a name.
    assert [m["post_id"] for m in data["memberships"]] == [h.post for h in org.holders]
    assert len(data.get("persons", [])) == sum(1 for h in org.holders if h.name)
    posts = {p["id"] for p in data["posts"]}
    assert all(m["post_id"] in posts for m in data["memberships"])
    ids = {o["id"] for o in data["organizations"]}
    assert all(p["organization_id"] in ids for p in data["posts"])
    assert all(o.get("parent_id", org.organisation.key) in ids for o in data["organizations"])


# ------------------------------------------------------------------ kite in detail

@pytest.fixture(scope="module")
def kite() -> OrgFile:
    return read(REPO / "seed" / "kite.yaml")


def test_kite_turtle_counts_84_posts_and_83_line_superiors(kite, tmp_path):
    write_ttl(kite, tmp_path / "kite.ttl")
    g = Graph().parse(tmp_path / "kite.ttl", format="turtle")
    row = list(g.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT (COUNT(DISTINCT ?post) AS ?posts) (COUNT(DISTINCT ?reporting) AS ?lined) WHERE {
          ?post a org:Post .
          OPTIONAL { ?post org:reportsTo ?superior . BIND(?post AS ?reporting) }
        }"""))[0]
    assert (int(row.posts), int(row.lined)) == (84, 83)
    # The secondary kinds are reporting lines to a reasoner (sub-properties of org:reportsTo).
    sub = list(g.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT (COUNT(*) AS ?n) WHERE { ?post ?p ?superior . ?p rdfs:subPropertyOf org:reportsTo }"""))[0]
    assert int(sub.n) == sum(1 for s in kite.supervision if s.kind != "line")
    heads = list(g.query("PREFIX org: <http://www.w3.org/ns/org#> SELECT (COUNT(*) AS ?n) "
                         "WHERE { ?post a org:Post ; org:headOf ?unit . ?unit a org:OrganizationalUnit }"))[0]
    assert int(heads.n) == sum(1 for p in kite.posts if p.heads)
    derived = list(g.query("PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dcterms: <http://purl.org/dc/terms/> "
                           "PREFIX org: <http://www.w3.org/ns/org#> SELECT (COUNT(*) AS ?n) WHERE { "
                           "?post a org:Post ; prov:wasDerivedFrom [ dcterms:source ?doc ] }"))[0]
    assert int(derived.n) == 84


def test_kite_workbook_sheets_rows_and_cells(kite, tmp_path):
    from graph.checks import run_checks

    findings = run_checks(kite)
    write_xlsx(kite, tmp_path / "kite.xlsx", findings)
    wb = load_workbook(tmp_path / "kite.xlsx")
    assert wb.sheetnames == ["organisation", "versions", "titles", "units", "posts", "holders", "reporting_lines",
                             "substitutions", "declared", "activities", "warnings", "findings", "columns"]
    assert [c.value for c in wb["versions"]["A"][1:]] == ["2019-02-11", "2020-06-26", "2021-01-21"]
    rows = {ws.title: ws.max_row - 1 for ws in wb.worksheets}
    assert rows["posts"] == 84 and rows["units"] == len(kite.units)
    assert rows["reporting_lines"] == len(kite.supervision) and rows["substitutions"] == len(kite.substitution)
    assert rows["declared"] == len(kite.declared) and rows["findings"] == len(findings) > 0
    posts = wb["posts"]
    header = [c.value for c in posts[1]]
    assert posts.freeze_panes == "A2" and posts.auto_filter.ref.startswith("A1:")
    row = {h: c.value for h, c in zip(header, posts[10])}  # post 9, Шеф одсека
    assert row["name"] == kite.posts[8].name and row["name"].startswith("Шеф")
    assert isinstance(row["span"], int) and row["span"] >= 1 and isinstance(row["headcount"], int)
    assert row["chain"].split(" → ")[:3] == ["Начелник одељења", "Помоћник директора", "Директор Канцеларије"]
    width = posts.column_dimensions["C"].width  # name: fits its longest value, capped
    assert 20 < width <= 62
    # Every column of every data sheet is described.
    described = {(r[0], r[1]) for r in wb["columns"].iter_rows(min_row=2, values_only=True)}
    for ws in wb.worksheets:
        if ws.title != "columns":
            assert {(ws.title, c.value) for c in ws[1]} <= described, ws.title
    # Declared figures against what the graph counts: Art. 28's total of posts.
    decl = wb["declared"]
    dh = [c.value for c in decl[1]]
    figures = [dict(zip(dh, r)) for r in decl.iter_rows(min_row=2, values_only=True)]
    total = [f for f in figures if f["subject"] == "kite" and f["measure"] == "posts" and not f["title"]]
    assert total and total[0]["counted"] == 84 and total[0]["difference"] == total[0]["value"] - 84


def test_georgian_names_survive_every_text_format(tmp_path):
    org = read(REPO / "seed" / "ge-moh.yaml")
    name = org.posts[0].name
    assert any("\u10d0" <= ch <= "\u10ff" for ch in name)
    write_xlsx(org, tmp_path / "g.xlsx")
    assert load_workbook(tmp_path / "g.xlsx")["posts"]["C2"].value == name
    write_csv(org, tmp_path / "g.zip")
    with zipfile.ZipFile(tmp_path / "g.zip") as zf:
        assert name in zf.read("posts.csv").decode("utf-8-sig")
    for writer, suffix in ((write_ttl, ".ttl"), (write_jsonld, ".jsonld"), (write_graphml, ".graphml"),
                           (write_popolo, ".json")):
        writer(org, tmp_path / f"g{suffix}")
        assert name in (tmp_path / f"g{suffix}").read_text(encoding="utf-8"), suffix


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    from graph.schema.model import Organisation, Post

    org = OrgFile(organisation=Organisation(key="d", name="=SUM(A1:A9)"),
                  posts=[Post(key="d/post/1", number="1.10", name="=1+1", headcount=2.5)])
    write_xlsx(org, tmp_path / "d.xlsx")
    assert load_workbook(tmp_path / "d.xlsx")["posts"]["C2"].data_type == "s"
    assert read_xlsx(tmp_path / "d.xlsx") == org


# ------------------------------------------------------------------ which format

@pytest.mark.parametrize("path, fmt, want", [
    ("k.xlsx", None, "xlsx"), ("k.yaml", None, "yaml"), ("k.yml", None, "yaml"), ("k.json", None, "json"),
    ("k.graphml", None, "graphml"), ("k.ttl", None, "ttl"), ("k.jsonld", None, "jsonld"),
    ("k.popolo.json", None, "popolo"), ("k.zip", None, "csv"), ("tables", "csv", "csv"),
    ("k.json", "popolo", "popolo"), ("k.xlsx", "xlsx", "xlsx"), (None, None, "json"), (None, "ttl", "ttl"),
])
def test_format_from_extension_or_option(path, fmt, want):
    assert choose(path, fmt) == want


@pytest.mark.parametrize("path, fmt, words", [
    ("k.csv", None, "one file per table"), ("k.txt", None, "extension '.txt'"), ("kite", None, "no extension"),
    ("k.xlsx", "ttl", "does not match"), ("k.ttl", "xlsx", "does not match"), ("k.txt", "ttl", "does not match"),
    ("k.xlsx", "pdf", "unknown format"),
])
def test_refused_names(path, fmt, words):
    with pytest.raises(FormatRefused, match=words) as info:
        choose(path, fmt)
    assert info.value.exit_code == 2


def test_a_folder_is_csv(tmp_path):
    assert choose(tmp_path) == "csv"
    assert isinstance(Path(tmp_path), Path)


# ------------------------------------------------------------------ bad input read back

def test_bad_csv_cell_is_named_by_file_row_and_column(kite, tmp_path):
    from graph.errors import InputError

    write_csv(kite, tmp_path / "t")
    posts = (tmp_path / "t" / "posts.csv").read_text(encoding="utf-8-sig").splitlines()
    header = posts[0].split(",")
    assert header[5] == "headcount"
    cells = posts[3].split(",")
    cells[5] = "много"
    posts[3] = ",".join(cells)
    (tmp_path / "t" / "posts.csv").write_text("\n".join(posts) + "\n", encoding="utf-8-sig")
    with pytest.raises(InputError) as info:
        read_csv(tmp_path / "t")
    assert info.value.key == "sheet posts, row 4, column headcount"
    assert "'много' is not a number" in str(info.value)


def test_bad_turtle_is_one_input_error(tmp_path):
    from graph.errors import InputError

    (tmp_path / "x.ttl").write_text("@prefix org: <http://www.w3.org/ns/org#> .\n<a> org:postIn \n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid Turtle") as info:
        read_rdf(tmp_path / "x.ttl")
    assert info.value.file.endswith("x.ttl") and info.value.line == 2
    (tmp_path / "y.ttl").write_text("<http://x/a> <http://x/b> <http://x/c> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="no org:Organization"):
        read_rdf(tmp_path / "y.ttl")


def test_plain_w3c_org_from_elsewhere(tmp_path):
    """Without orgraph's own terms: keys from the IRIs, org:reportsTo as line supervision."""
    (tmp_path / "plain.ttl").write_text("""
        @prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <http://ex.org/body> a org:Organization ; skos:prefLabel "Тело" .
        <http://ex.org/u1> a org:OrganizationalUnit ; org:unitOf <http://ex.org/body> ; skos:prefLabel "Одсек" .
        <http://ex.org/p1> a org:Post ; org:postIn <http://ex.org/body> ; skos:prefLabel "Директор" .
        <http://ex.org/p2> a org:Post ; org:postIn <http://ex.org/u1> ; skos:prefLabel "Шеф" ;
            org:reportsTo <http://ex.org/p1> .
    """, encoding="utf-8")
    org = read_rdf(tmp_path / "plain.ttl")
    # Keys from elsewhere get the organisation's prefix (a record's key starts with "<org>/").
    assert org.organisation.key == "body" and [u.key for u in org.units] == ["body/u1"]
    assert [(p.key, p.unit) for p in org.posts] == [("body/p1", None), ("body/p2", "body/u1")]
    assert [(s.post, s.superior, s.kind) for s in org.supervision] == [("body/p2", "body/p1", "line")]


def test_w3c_org_terms_for_versions_holders_and_intended_tops(tmp_path):
    write_ttl(people(), tmp_path / "p.ttl")
    g = Graph()
    g.parse(tmp_path / "p.ttl", format="turtle")
    rows = lambda q: {tuple(str(x) for x in r) for r in g.query(q)}  # noqa: E731
    prefixes = ("PREFIX org: <http://www.w3.org/ns/org#> PREFIX og: <https://orgraph.invalid/ns#> "
                "PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX time: <http://www.w3.org/2006/time#> ")
    assert rows(prefixes + "SELECT ?d WHERE { ?b org:resultedFrom ?e . ?e a org:ChangeEvent ; "
                "org:resultingOrganization ?b ; og:validFrom ?d }") == {("2020-01-01",), ("2022-07-01",)}
    held = rows(prefixes + "SELECT ?post ?name WHERE { ?m a org:Membership ; org:member ?who ; og:post ?post . "
                "?post org:heldBy ?who . OPTIONAL { ?who foaf:name ?name } }")
    assert {(p.rsplit("/", 1)[-1], n) for p, n in held} == {("1", "Ана Анић"), ("2", "ნინო"), ("2", "None")}
    assert rows(prefixes + "SELECT ?d WHERE { ?m og:reference 'E-17' ; org:memberDuring ?i . "
                "?i time:hasEnd ?e . ?e time:inXSDDate ?d }") == {("2021-12-31",)}
    assert {k.rsplit("/", 2)[-2] + "/" + k.rsplit("/", 1)[-1] for (k,) in rows(
        prefixes + "SELECT ?x WHERE { ?x og:independent true }")} == {"gov/2", "post/5"}
