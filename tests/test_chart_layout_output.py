"""What the tree layout writes: every post once in the SVG, paged PDFs with footers, honest refusals.

PDFs are read back with poppler's ``pdftotext`` (Debian poppler-utils).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from graph.bench.synthetic import synthetic
from graph.cli import main
from graph.errors import InputError
from graph.loaders.orgfile import read
from viz.index import OrgIndex
from viz.render import render, render_all
from viz.scene import build_scene
from viz.select import select
from viz.svg import read_svg
from viz.tree_chart import build_tree_chart
from viz.tree_paint import plan_pages

FIXTURES = Path(__file__).parent / "fixtures" / "charts"
RS, GE = FIXTURES / "mini-rs.yaml", FIXTURES / "mini-ge.yaml"
NS = "{http://www.w3.org/2000/svg}"


def pdf_pages(data: bytes, tmp_path: Path) -> list[str]:
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (Debian poppler-utils; `make system` installs it)")
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def post_titles(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return [g.find(f"{NS}title").text for g in root.iter(f"{NS}g")
            if (g.get("class") or "").split()[:2] == ["node", "post"]]


@pytest.fixture(scope="module")
def big():
    return synthetic(2_000, seed=5)


def test_every_post_appears_exactly_once_in_the_svg(big):
    out = render(big, fmt="svg", substitutes=True)
    titles = post_titles(out.data)
    assert sorted(titles) == sorted(p.key for p in big.posts)
    chart = read_svg(out.data)
    lines = [e for e in chart.edges if e[2] == "line"]
    assert len(lines) == sum(1 for s in big.supervision if s.kind == "line")


def test_cyrillic_and_georgian_labels_are_svg_text():
    rs, ge = read(RS), read(GE)
    chart = read_svg(render(rs, fmt="svg").data)
    assert chart.nodes["mini/post/3"].text == "3. Помоћник директора · четврта група положаја · ×1"
    assert chart.clusters["cluster_mini/1.1.1"].text == "1.1.1. Одсек за базе података"
    gchart = read_svg(render(ge, fmt="svg", substitutes=True).data)
    assert gchart.nodes["ge-mini/post/spec"].text == "უფროსი სპეციალისტი · მესამე რანგის მეორე კატეგორიის · ×4"
    assert "DejaVu Sans" in render(ge, fmt="svg").data.decode()


def test_svg_escapes_markup_in_names():
    from graph.loaders.orgfile import parse_text

    org = parse_text('''
organisation: {key: x, name: "A & <B>"}
posts: [{key: "x/post/<1>", name: "Head & <script>alert(1)</script>"}]
''', "doc")
    data = render(org, fmt="svg").data
    assert b"<script>" not in data and b"&lt;script&gt;" in data
    assert read_svg(data).nodes["x/post/<1>"].text == "Head & <script>alert(1)</script> · ×1"


def test_paged_pdf_has_the_planned_pages_each_with_header_and_footer(big, tmp_path):
    ix = OrgIndex(big)
    scene = build_scene(build_tree_chart(big, select(big, index=ix), index=ix))
    plan = plan_pages(scene, "A3", landscape=True)
    assert len(plan.pages) > 4
    out = render(big, tmp_path / "big.pdf", paper="A3", landscape=True)
    pages = pdf_pages(out.data, tmp_path)
    assert len(pages) == len(plan.pages)
    from graph import __version__

    for n, text in enumerate(pages, 1):
        assert big.organisation.name in text
        assert f"orgraph {__version__}" in text and f"page {n} of {len(pages)}" in text
        assert "source: synthetic.txt" in text
    assert any("continued on page" in text for text in pages)


def test_fit_puts_a_small_chart_on_one_page(tmp_path):
    out = render(read(RS), tmp_path / "one.pdf", paper="A4", fit=True)
    pages = pdf_pages(out.data, tmp_path)
    assert len(pages) == 1 and "page 1 of 1" in pages[0] and "Помоћник директора" in pages[0]


def test_fit_refuses_illegible_text_and_names_the_paper(big):
    with pytest.raises(InputError) as err:
        render(big, fmt="pdf", paper="A4", fit=True)
    message = str(err.value)
    assert "6 pt" in message and ("smallest paper" in message or "even A0" in message)


def test_png_too_big_is_refused_with_its_size(big):
    with pytest.raises(InputError) as err:
        render(big, fmt="png", png_scale=8)
    assert re.search(r"would be [\d,]+ × [\d,]+ px", str(err.value))


def test_one_layout_for_several_outputs(tmp_path):
    svg, pdf, png = tmp_path / "a.svg", tmp_path / "a.pdf", tmp_path / "a.png"
    results = render_all(read(RS), [(svg, None), (pdf, None), (png, None)])
    assert [r.format for r in results] == ["svg", "pdf", "png"]
    assert svg.read_bytes().startswith(b"<?xml") and pdf.read_bytes().startswith(b"%PDF")
    assert png.read_bytes().startswith(b"\x89PNG")


def test_cli_writes_several_formats_and_refuses_a_mismatch(tmp_path, capsys):
    a, b = tmp_path / "a.svg", tmp_path / "a.pdf"
    assert main(["chart", "--file", str(RS), "-o", str(a), "-o", str(b), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["files"] == [str(a), str(b)] and summary["nodes"] == len(read(RS).posts)
    assert main(["chart", "--file", str(RS), "--format", "pdf", "-o", str(tmp_path / "x.svg")]) == 2
    assert "file name says svg" in capsys.readouterr().err
    assert not (tmp_path / "x.svg").exists()
    assert main(["chart", "--file", str(RS), "--paper", "A3", "-o", str(tmp_path / "x.svg")]) == 2
    assert "for PDF output" in capsys.readouterr().err


def test_cli_paged_print(tmp_path, capsys):
    out = tmp_path / "p.pdf"
    assert main(["chart", "--file", str(RS), "--paper", "A4", "--landscape", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "wrote" in capsys.readouterr().out


def test_units_only_says_which_options_it_ignores(tmp_path, capsys):
    out = tmp_path / "u.svg"
    assert main(["chart", "--file", str(RS), "--units-only", "--substitutes", "--no-overlays",
                 "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "ignores --substitutes, --no-overlays" in err
    assert out.exists()


def test_graphviz_runs_under_a_time_limit_and_says_so(tmp_path):
    with pytest.raises(InputError) as err:
        render(synthetic(1_000, seed=2), fmt="svg", layout="nested", time_limit=0.01)
    assert "did not finish" in str(err.value) and "--layout tree" in str(err.value)


def test_overlays_can_be_left_out():
    rs = read(RS)
    with_overlays = read_svg(render(rs, fmt="svg").data)
    without = read_svg(render(rs, fmt="svg", overlays=False).data)
    assert any(kind == "accountability" for _, _, kind in with_overlays.edges)
    assert {kind for _, _, kind in without.edges} == {"line"}
    assert "accountable" not in without.legend


def test_progress_is_reported_through_a_callback(big):
    heard = []
    render(big, fmt="svg", progress=lambda stage, done, total: heard.append((stage, done, total)))
    stages = {stage for stage, _, _ in heard}
    assert {"layout", "drawing", "svg"} <= stages
    assert ("layout", len(big.posts), len(big.posts)) in heard
