"""The tree layout on its own coordinates: no box overlaps another, no edge runs through a box.

Checked on the seed org files, a 2,000-post synthetic body and a real UK
organogram (skipped, with the reason, when ../shared is absent), both ways up;
and on plain data the layout was written for (a 10,000-deep chain, several roots).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.bench.synthetic import synthetic
from graph.loaders.orgfile import read
from tools.seedfiles import REPO
from viz.index import OrgIndex
from viz.layout.tree import crossings, layout, overlaps
from viz.select import select
from viz.tree_chart import build_tree_chart

SEEDS = sorted((REPO / "seed").glob("*.yaml"))
UK_BODY = "data/uk-organograms/hm_treasury-2011-09-30-senior.csv"


def check(org, **options) -> None:
    ix = OrgIndex(org)
    chart = build_tree_chart(org, select(org, index=ix), index=ix, substitutes=True, **options)
    lay = chart.layout
    assert len(lay.x) == chart.nodes
    assert overlaps(lay) == []
    edges = {(e.tail, e.head, e.cls, i): e.points for i, e in enumerate(chart.edges_drawn)}
    assert crossings(lay, edges) == []
    # every edge joins its two boxes (an overlay runs from the report to the superior its arrow marks)
    where = {b.key: i for i, b in enumerate(chart.boxes)}

    def on(key, point):
        x0, y0, x1, y1 = lay.box(where[key])
        return x0 - 0.01 <= point[0] <= x1 + 0.01 and y0 - 0.01 <= point[1] <= y1 + 0.01

    for e in chart.edges_drawn:
        a, b = e.points[0], e.points[-1]
        assert (on(e.tail, a) and on(e.head, b)) or (on(e.head, a) and on(e.tail, b)), e
    return chart


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
@pytest.mark.parametrize("direction", ["TB", "LR"])
def test_seed_charts_have_no_overlaps_or_crossings(path, direction):
    org = read(path)
    chart = check(org, direction=direction)
    assert chart.nodes >= len(org.posts)


@pytest.mark.parametrize("direction", ["TB", "LR"])
def test_synthetic_2k_has_no_overlaps_or_crossings(direction):
    org = synthetic(2_000, seed=3)
    chart = check(org, direction=direction)
    # compact: leaf reports stacked, and far from one endless row
    assert chart.layout.stacked if direction == "TB" else True
    assert chart.width < 30 * chart.height and chart.height < 30 * chart.width


def test_uk_body_has_no_overlaps_or_crossings():
    from conftest import shared_path
    from graph.loaders.uk import load

    (org,) = load(shared_path(UK_BODY))
    check(org)
    check(org, direction="LR")


def test_depth_limited_chart_has_folded_nodes_and_no_overlaps():
    org = synthetic(2_000, seed=3)
    ix = OrgIndex(org)
    sel = select(org, depth=2, index=ix)
    chart = build_tree_chart(org, sel, index=ix)
    folded = [b for b in chart.boxes if "folded" in b.classes]
    assert folded and all(b.lines[0].startswith("+") for b in folded)
    assert overlaps(chart.layout) == []
    hidden = sum(int(" ".join(b.lines).split()[0].lstrip("+")) for b in folded)
    assert len(sel.posts) + hidden == 2_000


def test_a_chain_ten_thousand_deep_is_laid_out_without_recursion():
    n = 10_000
    t = layout([50.0] * n, [20.0] * n, [-1] + list(range(n - 1)), vgap=10)
    assert t.x[0] == t.x[n - 1]
    assert t.y[n - 1] == (n - 1) * 30


def test_several_roots_sit_side_by_side():
    t = layout([40, 40, 30, 30], [20, 20, 20, 20], [-1, -1, 0, 1], hgap=10, root_gap=30)
    assert t.y[0] == t.y[1] == 0
    assert t.x[1] >= t.x[0] + 40 + 30 - 1e-9
    assert overlaps(t) == []


def test_compact_fan_out_stacks_leaves_in_column_pairs():
    n = 21
    t = layout([60] * n, [20] * n, [-1] + [0] * 20, hgap=10, vgap=20)
    assert t.stacked == set(range(1, n))
    columns = {round(t.x[i] + 30) for i in range(1, n)}
    rows = {t.y[i] for i in range(1, n)}
    assert len(columns) % 2 == 0 and len(columns) * len(rows) >= 20
    assert overlaps(t) == [] and crossings(t, {k: v for k, v in t.edges.items()}) == []
    flat = layout([60] * n, [20] * n, [-1] + [0] * 20, hgap=10, vgap=20, stack_min=0, wrap=False)
    assert flat.width > 3 * t.width


def test_bad_links_are_refused():
    with pytest.raises(ValueError, match="cycle"):
        layout([1, 1], [1, 1], [1, 0])
    with pytest.raises(ValueError, match="bad parent"):
        layout([1], [1], [0])


def test_layout_is_plain_data():
    # The layout module needs no org model, renderer or database: a browser view can reuse it.
    source = (Path(__file__).parent.parent / "viz" / "layout" / "tree.py").read_text(encoding="utf-8")
    assert "import graph" not in source and "from graph" not in source and "from viz" not in source
