"""Charts of the real documents: seed 000 (Serbian rulebook) and seed 003 (Georgian forms).

Every chart is read back from its SVG: each post shows its name exactly as the
document writes it (Cyrillic or Georgian, never transliterated), and the
supervision edges drawn are the graph's, kind for kind.
"""

from __future__ import annotations

import pytest

from graph.loaders.base import load_path
from viz.index import OrgIndex
from viz.labels import post_text
from viz.render import render
from viz.svg import read_svg

pytestmark = pytest.mark.shared


def _load(seed_doc, name: str, as_: str):
    path = seed_doc(name)
    (org,) = load_path(path, as_=as_)
    return org, " ".join(path.read_text(encoding="utf-8").split())


@pytest.fixture(scope="module")
def kite(request):
    return _load(request.getfixturevalue("seed_doc"), "rulebook", "rulebook")


@pytest.fixture(scope="module")
def georgian(request):
    return _load(request.getfixturevalue("seed_doc"), "georgian", "georgian")


@pytest.fixture(scope="module")
def seed_doc():
    from conftest import SEEDS, shared_path

    return lambda name: shared_path(SEEDS[name])


def check_chart(org, document: str, svg: bytes, expected_posts: set[str]) -> None:
    chart = read_svg(svg)
    ix = OrgIndex(org)
    posts = {k for k, n in chart.nodes.items() if "post" in n.classes}
    assert posts == expected_posts
    for key in posts:
        p = ix.posts[key]
        text = chart.nodes[key].text
        assert text == post_text(p.name, ix.chart_title(p), p.headcount, p.number)
        name = " ".join(p.name.split())
        assert name in text
        if not p.partial:  # a lost header has no name in the document to show
            assert name in document, f"{key}: {name!r} is not the document's own wording"
    drawn = {e for e in chart.edges if e[2] in ("line", "secondary", "accountability")}
    assert drawn == {(s.superior, s.post, s.kind) for s in org.supervision
                     if s.post in posts and s.superior in posts}


def test_whole_rulebook(kite):
    org, doc = kite
    out = render(org, fmt="svg")
    check_chart(org, doc, out.data, {p.key for p in org.posts})
    chart = read_svg(out.data)
    assert chart.nodes["kite/post/13"].text == "13. Програмер · млађи саветник · ×1"
    assert "head" in chart.nodes["kite/post/3"].classes
    assert len(chart.clusters) == len(org.units)


def test_sector_1(kite):
    org, doc = kite
    out = render(org, fmt="svg", unit="1")
    expected = {p.key for p in org.posts if p.unit and (p.unit == "kite/1" or p.unit.startswith("kite/1."))}
    assert len(expected) == 24
    check_chart(org, doc, out.data, expected)


def test_around_post_13(kite):
    org, doc = kite
    out = render(org, fmt="svg", around="13")
    # Програмер in 1.1.2 reports to its section head (9), who reports to the
    # department head (4), the assistant director (3) and the director (1).
    check_chart(org, doc, out.data, {f"kite/post/{n}" for n in (1, 3, 4, 9, 13)})


def test_georgian_department(georgian):
    org, doc = georgian
    out = render(org, fmt="svg", substitutes=True)
    check_chart(org, doc, out.data, {p.key for p in org.posts})
    chart = read_svg(out.data)
    assert "ინფორმაციული ტექნოლოგიების დეპარტამენტი" in {c.text for c in chart.clusters.values()}
    drawn_subs = {(a, b) for a, b, kind in chart.edges if kind == "substitution"}
    assert drawn_subs >= {(s.substitute, s.principal) for s in org.substitution if s.substitute}


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("dot", b"digraph")])
@pytest.mark.parametrize("chart", ["whole", "sector-1", "around-13", "georgian", "overview"])
def test_all_formats(kite, georgian, tmp_path, chart, fmt, magic):
    options = {"whole": {}, "sector-1": {"unit": "1"}, "around-13": {"around": "13"}, "georgian": {},
               "overview": {"units_only": True}}[chart]
    org = georgian[0] if chart == "georgian" else kite[0]
    path = tmp_path / f"{chart}.{fmt}"
    render(org, path, **options)
    data = path.read_bytes()
    assert data.startswith(magic)
    if fmt == "dot":  # the source keeps the original script
        word = {"georgian": "დეპარტამენტი", "overview": "Сектор"}.get(chart, "Програмер")
        assert word in data.decode()


def test_overview_fits_a_page(kite):
    # Sideways layout: the rulebook's 26 units on one page (A4, either way up, at 60%).
    out = render(kite[0], fmt="svg", units_only=True)
    head = out.data.decode().split("<svg", 1)[1].split(">", 1)[0]
    width = float(head.split('width="')[1].split("pt")[0])
    height = float(head.split('height="')[1].split("pt")[0])
    assert (width <= 842 / 0.6 and height <= 595 / 0.6) or (width <= 595 / 0.6 and height <= 842 / 0.6), \
        (width, height)
    assert out.nodes == 1 + len(kite[0].units)
