"""Charts of small hand-written orgs: what is drawn is what the graph holds.

Each SVG is read back (viz.svg) and compared with the org model: every post
label in the original script, every supervision edge with its kind, nothing extra.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import Ambiguous, InputError, NotFound
from graph.loaders.orgfile import read
from viz.labels import post_text
from viz.index import OrgIndex
from viz.render import render
from viz.svg import read_svg

FIXTURES = Path(__file__).parent / "fixtures" / "charts"


@pytest.fixture(scope="module")
def rs():
    return read(FIXTURES / "mini-rs.yaml")


@pytest.fixture(scope="module")
def ge():
    return read(FIXTURES / "mini-ge.yaml")


def expected_label(org, key: str) -> str:
    ix = OrgIndex(org)
    p = ix.posts[key]
    return post_text(p.name, ix.chart_title(p), p.headcount, p.number)


def supervision_edges(org, keys: set[str]) -> set[tuple[str, str, str]]:
    return {(s.superior, s.post, s.kind) for s in org.supervision if s.post in keys and s.superior in keys}


def drawn_edges(chart, kinds=("line", "secondary", "accountability")) -> set[tuple[str, str, str]]:
    return {e for e in chart.edges if e[2] in kinds}


def test_whole_org_shows_every_post_and_supervision_edge(rs):
    chart = read_svg(render(rs, fmt="svg").data)
    posts = {k for k, n in chart.nodes.items() if "post" in n.classes}
    assert posts == {p.key for p in rs.posts}
    for key in posts:
        assert chart.nodes[key].text == expected_label(rs, key)
    assert drawn_edges(chart) == supervision_edges(rs, posts)
    assert "3. Помоћник директора · четврта група положаја · ×1" == chart.nodes["mini/post/3"].text
    assert {"head"} <= chart.nodes["mini/post/4"].classes and "head" not in chart.nodes["mini/post/5"].classes
    # Units as nested clusters, labelled with number and name.
    assert chart.clusters["cluster_mini/1.1.1"].text == "1.1.1. Одсек за базе података"
    assert not [e for e in chart.edges if e[2] == "substitution"]


def test_georgian_labels_and_two_superiors(ge):
    chart = read_svg(render(ge, fmt="svg", substitutes=True).data)
    assert chart.nodes["ge-mini/post/spec"].text == "უფროსი სპეციალისტი · მესამე რანგის მეორე კატეგორიის · ×4"
    assert drawn_edges(chart) == supervision_edges(ge, {p.key for p in ge.posts})
    assert ("ge-mini/post/head", "ge-mini/post/spec", "secondary") in chart.edges
    subs = {(a, b) for a, b, kind in chart.edges if kind == "substitution"}
    assert ("ge-mini/post/deputy", "ge-mini/post/head") in subs
    assert ("ge-mini/post/divhead", "ge-mini/post/head") in subs
    # The vague substitute is kept as a note, not guessed.
    notes = [n for n in chart.nodes.values() if "unresolved" in n.classes]
    assert [n.text for n in notes] == ["სამმართველოს ერთ-ერთი თანამშრომელი"]
    assert "partial" in chart.nodes["ge-mini/post/partial"].classes


def test_unit_chart_is_the_subtree(rs):
    out = render(rs, fmt="svg", unit="1.1")
    chart = read_svg(out.data)
    posts = set(chart.nodes)
    assert posts == {f"mini/post/{n}" for n in range(4, 13)}
    assert "cluster_mini/1.1" in chart.clusters
    assert drawn_edges(chart) == supervision_edges(rs, posts)
    assert "cluster_mini/1" not in chart.clusters  # nothing above the chosen unit
    assert out.nodes == 9


def test_around_a_post_shows_its_chain_up_and_reports_down(rs):
    chart = read_svg(render(rs, fmt="svg", around="mini/post/11").data)
    assert set(chart.nodes) == {"mini/post/1", "mini/post/3", "mini/post/4", "mini/post/11", "mini/post/12"}
    assert "focus" in chart.nodes["mini/post/11"].classes
    assert ("mini/post/1", "mini/post/11", "accountability") in chart.edges


def test_depth_folds_what_is_below_into_a_count(rs):
    chart = read_svg(render(rs, fmt="svg", depth=1).data)
    posts = {k for k, n in chart.nodes.items() if "post" in n.classes}
    assert posts == {"mini/post/1", "mini/post/2", "mini/post/3", "mini/post/13"}
    folded = {k: n.text for k, n in chart.nodes.items() if "folded" in n.classes}
    # Sector 1 holds 9 posts under its head (13 people); sector 2 two posts (5 people).
    assert folded == {"mini/post/3#folded": "+9 posts in 2 units · ×13",
                      "mini/post/13#folded": "+2 posts · ×5"}


def test_wide_fan_out_is_stacked_in_columns(rs):
    # Six leaf reports of post 4 hang in two columns of three rows under it, not in one row.
    import re

    out = render(rs, fmt="svg")
    ys, xs = set(), set()
    for n in range(5, 11):
        block = out.data.decode().split(f"<title>mini/post/{n}</title>")[1].split("</g>")[0]
        rect = re.search(r'<rect x="([-\d.]+)" y="([-\d.]+)" width="([-\d.]+)"', block)
        xs.add(round(float(rect.group(1)) + float(rect.group(3)) / 2))  # boxes are centred in their column
        ys.add(round(float(rect.group(2))))
    assert len(ys) == 3 and len(xs) == 2


def test_wide_fan_out_nested_layout_chains_a_column(rs):
    # The Graphviz (nested) chart stacks them with invisible edges.
    out = render(rs, fmt="svg", layout="nested")
    assert out.source.count("style=invis") == 5


@pytest.mark.parametrize("fmt, magic", [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF"),
                                        ("dot", b"digraph")])
def test_every_format_renders(rs, tmp_path, fmt, magic):
    path = tmp_path / f"chart.{fmt}"
    out = render(rs, path, unit="1")
    assert out.format == fmt
    assert path.read_bytes().startswith(magic)


def test_png_has_room_for_georgian(ge, tmp_path):
    # A PNG is a picture; the check here is that cairo laid the Georgian labels
    # out at a real width (missing glyphs would shrink the boxes to nothing).
    out = render(ge, tmp_path / "ge.png")
    width = int.from_bytes(out.data[16:20], "big")
    assert width > 400


def test_findings_colour_posts_and_add_a_legend(rs):
    findings = [{"severity": "error", "subjects": ["mini/post/9"], "message": "junior title heads nothing"},
                {"severity": "warning", "subjects": ["mini/1.1"], "message": "wide span"}]
    out = render(rs, fmt="svg", findings=findings)
    chart = read_svg(out.data)
    assert "error" in chart.nodes["mini/post/9"].classes
    assert "error" not in chart.nodes["mini/post/8"].classes
    assert "finding: error" in chart.legend
    assert "warning" in chart.clusters["cluster_mini/1.1"].classes
    assert "warning" not in chart.clusters["cluster_mini/1"].classes
    # The tree chart always has a legend, of the styles it uses only.
    plain = read_svg(render(rs, fmt="svg").data)
    assert "finding" not in plain.legend and "line report" in plain.legend
    nested = read_svg(render(rs, fmt="svg", findings=findings, layout="nested").data)
    assert "finding: error" in nested.nodes["legend"].text
    assert "legend" not in read_svg(render(rs, fmt="svg", layout="nested").data).nodes


def test_units_only_overview(rs):
    out = render(rs, fmt="svg", units_only=True)
    chart = read_svg(out.data)
    assert set(chart.nodes) == {"organisation", "mini/1", "mini/1.1", "mini/1.1.1", "mini/2"}
    assert "1.1. Одељење за пројектовање и развој" in chart.nodes["mini/1.1"].text
    assert "Начелник одељења · виши саветник" in chart.nodes["mini/1.1"].text
    assert "9 posts · ×13" in chart.nodes["mini/1.1"].text
    assert {(a, b) for a, b, _ in chart.edges} == {("organisation", "mini/1"), ("organisation", "mini/2"),
                                                   ("mini/1", "mini/1.1"), ("mini/1.1", "mini/1.1.1")}
    shallow = read_svg(render(rs, fmt="svg", units_only=True, depth=1).data)
    assert set(shallow.nodes) == {"organisation", "mini/1", "mini/2"}
    assert "2 sub-units folded" in shallow.nodes["mini/1"].text


def test_names_resolve_in_either_script(rs):
    a = read_svg(render(rs, fmt="svg", unit="Odeljenje za projektovanje i razvoj").data)
    b = read_svg(render(rs, fmt="svg", unit="mini/1.1").data)
    assert set(a.nodes) == set(b.nodes)
    with pytest.raises(Ambiguous) as err:
        render(rs, fmt="svg", around="Pomoćnik direktora")
    assert "mini/post/3" in str(err.value) and "mini/post/13" in str(err.value)
    with pytest.raises(NotFound):
        render(rs, fmt="svg", unit="9.9")
    with pytest.raises(InputError):
        render(rs, fmt="svg", unit="1", around="4")
    with pytest.raises(InputError):
        render(rs, fmt="gif")


def test_keys_with_colons_are_names_not_ports():
    from graph.loaders.orgfile import parse_text

    org = parse_text("""
organisation: {key: x, name: X}
units: [{key: 'x/u:1', name: Одсек}]
posts: [{key: 'x/post:1', name: A}, {key: 'x/post:2', name: B, unit: 'x/u:1'}]
supervision: [{post: 'x/post:2', superior: 'x/post:1'}]
""", "doc")
    assert read_svg(render(org, fmt="svg").data).edges == [("x/post:1", "x/post:2", "line")]
    assert ("organisation", "x/u:1", "part_of") in read_svg(render(org, fmt="svg", units_only=True).data).edges
