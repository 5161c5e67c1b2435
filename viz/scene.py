"""A tree chart as a flat list of drawing primitives, shared by the SVG and cairo painters.

One :class:`Scene` per chart: a title and legend band on top, the chart below,
all in points. Items are grouped the way the SVG names them (``node post head``
with the post key as its title, ``edge line`` with ``tail->head``), so a drawing
can be read back and checked (:func:`viz.svg.read_svg`); a painter that only
draws ignores the grouping. Each group keeps its bounding box, so a page of a
paged print draws only what falls on it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from viz.tree_chart import (CAPTION_SIZE, EDGE_STYLE, FONT_SIZE, HEAD_FILL, LEGEND_TEXT, LINE_HEIGHT, PAD_X,
                            PAD_Y, SEVERITY_STYLE, CHANGE_STYLE, FOCUS_COLOUR, TreeChart, metrics)

MARGIN = 18.0
TITLE_SIZE = 13.0
LEGEND_SIZE = 8.0
DASHES = {None: None, "dashed": (4.0, 3.0), "dotted": (1.0, 2.0)}


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None
    stroke: str | None
    pen: float = 0.8
    dash: str | None = None
    radius: float = 3.0


@dataclass
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    bold: bool = False
    colour: str = "#111111"
    anchor: str = "start"  # start | middle


@dataclass
class Path:
    points: list[tuple[float, float]]
    colour: str
    pen: float = 0.9
    dash: str | None = None
    closed_fill: str | None = None  # a filled polygon (arrowheads)


@dataclass
class Group:
    cls: str  # "node post head", "edge line", "cluster unit", "title"
    title: str
    items: list
    bbox: tuple[float, float, float, float]
    tooltip: str | None = None


@dataclass
class Scene:
    width: float
    height: float
    groups: list[Group] = field(default_factory=list)
    chart_origin: tuple[float, float] = (0.0, 0.0)
    facts: dict[str, str] = field(default_factory=dict)
    min_text: float = FONT_SIZE  # the smallest text size in the chart proper


def _bbox(points) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def arrowhead(a: tuple[float, float], b: tuple[float, float], size: float = 5.0) -> list[tuple[float, float]]:
    """A small triangle with its tip at ``b``, pointing along a→b (axis-aligned segments)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = max(abs(dx), abs(dy)) or 1.0
    ux, uy = dx / length, dy / length
    bx, by = b[0] - ux * size, b[1] - uy * size
    return [b, (bx - uy * size * 0.45, by + ux * size * 0.45), (bx + uy * size * 0.45, by - ux * size * 0.45)]


def build_scene(chart: TreeChart, progress=None) -> Scene:
    """``progress(stage, done, total)`` hears now and then on big charts."""
    mt = metrics(TITLE_SIZE)
    ml = metrics(LEGEND_SIZE)
    groups: list[Group] = []
    # Title, then the legend as a flowing row of swatches under it.
    y = MARGIN
    title_items = []
    for i, line in enumerate(chart.title):
        y += TITLE_SIZE * LINE_HEIGHT
        title_items.append(Text(MARGIN, y, line, TITLE_SIZE if i == 0 else TITLE_SIZE - 2, bold=i == 0))
    width_for_legend = max(chart.width, 560.0)
    groups.append(Group("title", "title", title_items,
                        (MARGIN, MARGIN, MARGIN + max((mt.width(t.text, True) for t in title_items), default=0), y)))
    y += 8
    legend_items: list = []
    lx, ly = MARGIN, y
    row_h = LEGEND_SIZE * 2
    legend_items.append(Text(lx, ly + LEGEND_SIZE, "Legend:", LEGEND_SIZE, bold=True))
    lx += ml.width("Legend:", True) + 8
    for style, text in chart.legend:
        item_w = 26 + ml.width(text) + 14
        if lx + item_w > MARGIN + width_for_legend and lx > MARGIN + 60:
            lx, ly = MARGIN + ml.width("Legend:", True) + 8, ly + row_h
        legend_items += _swatch(style, lx, ly)
        legend_items.append(Text(lx + 26, ly + LEGEND_SIZE, text, LEGEND_SIZE))
        lx += item_w
    legend_bottom = ly + row_h
    groups.append(Group("legend", "legend", legend_items, (MARGIN, y, MARGIN + width_for_legend, legend_bottom)))
    ox, oy = MARGIN, legend_bottom + 10

    m, mc = metrics(FONT_SIZE), metrics(CAPTION_SIZE)
    shared = _Shared()
    for e in chart.edges_drawn:  # edges first: boxes are drawn over their ends
        colour, dash, pen = EDGE_STYLE[e.cls]
        pts = [(x + ox, y + oy) for x, y in e.points]
        # Reports of one superior share its stem and bus: each edge draws only what is not drawn yet.
        parts = shared.new_parts(e.tail, pts) if e.cls in ("line", "folded") else [pts]
        items: list = [Path(part, colour, pen, dash) for part in parts] or [Path(pts[-2:], colour, pen, dash)]
        if e.arrow and len(pts) >= 2:
            items.append(Path(arrowhead(pts[-2], pts[-1]), colour, pen, None, closed_fill=colour))
        if e.label:
            items.append(Text(pts[1][0] + 3, pts[1][1] - 2, e.label, 7.0, colour=colour))
        groups.append(Group(f"edge {e.cls}", f"{e.tail}->{e.head}", items,
                            _bbox([p for it in items if isinstance(it, Path) for p in it.points]), e.tooltip or None))
    total = len(chart.boxes)
    for done, b in enumerate(chart.boxes):
        if progress and done % 20000 == 0:
            progress("drawing", done, total)
        x, y0 = b.x + ox, b.y + oy
        items = [Rect(x, y0, b.w, b.h, b.fill, b.stroke, b.pen, b.dash)]
        top = y0 + PAD_Y + b.caption_height
        for i, line in enumerate(b.lines):
            base = top + (i + 1) * FONT_SIZE * LINE_HEIGHT - FONT_SIZE * 0.28
            items.append(Text(x + b.w / 2, base, line, FONT_SIZE, bold=b.bold, colour=b.colour, anchor="middle"))
        groups.append(Group("node " + " ".join(b.classes), b.key, items, (x, y0, x + b.w, y0 + b.h),
                            b.tooltip or None))
        if b.caption and not b.units:  # a caption of the box itself (the unit overview): part of the node
            band = Rect(x, y0, b.w, b.caption_height, b.caption_fill, b.stroke, 0.6)
            groups[-1].items[1:1] = [band] + [
                Text(x + PAD_X, y0 + PAD_Y / 2 + (i + 1) * CAPTION_SIZE * LINE_HEIGHT - CAPTION_SIZE * 0.25, line,
                     CAPTION_SIZE, bold=True, colour="#1a2a3a") for i, line in enumerate(b.caption)]
        elif b.caption:
            band = Rect(x, y0, b.w, b.caption_height, b.caption_fill, b.caption_stroke or b.stroke,
                        b.pen if b.caption_stroke else 0.6)
            cap_items: list = [band]
            for i, line in enumerate(b.caption):
                base = y0 + PAD_Y / 2 + (i + 1) * CAPTION_SIZE * LINE_HEIGHT - CAPTION_SIZE * 0.25
                cap_items.append(Text(x + PAD_X, base, line, CAPTION_SIZE, bold=True, colour="#1a2a3a"))
            classes = "cluster unit" + (" " + _severity(b.caption_fill) if b.caption_stroke else "")
            # one group per unit named on the band, so each unit reads back by its key
            groups.append(Group(classes, "cluster_" + b.units[0], cap_items, (x, y0, x + b.w, y0 + b.caption_height)))
            for extra in b.units[1:]:
                groups.append(Group(classes, "cluster_" + extra, [], (x, y0, x, y0)))
    width = max(chart.width + 2 * MARGIN, width_for_legend + 2 * MARGIN)
    height = oy + chart.height + MARGIN
    del m, mc
    return Scene(width=width, height=height, groups=groups, chart_origin=(ox, oy), facts=chart.facts)


class _Shared:
    """Per superior, the stretches of axis-aligned line already drawn."""

    def __init__(self):
        self.h: dict[tuple[str, float], list[tuple[float, float]]] = {}
        self.v: dict[tuple[str, float], list[tuple[float, float]]] = {}

    def new_parts(self, owner: str, pts: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
        parts: list[list[tuple[float, float]]] = []
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            if ay == by:
                spans, key, lo, hi = self.h, (owner, round(ay, 2)), min(ax, bx), max(ax, bx)
            elif ax == bx:
                spans, key, lo, hi = self.v, (owner, round(ax, 2)), min(ay, by), max(ay, by)
            else:
                parts.append([(ax, ay), (bx, by)])
                continue
            have = spans.setdefault(key, [])
            for s0, s1 in _subtract(lo, hi, have):
                parts.append([(s0, ay), (s1, ay)] if ay == by else [(ax, s0), (ax, s1)])
        # join consecutive pieces that meet into one polyline, so corners stay joined
        out: list[list[tuple[float, float]]] = []
        for part in parts:
            if out and out[-1][-1] == part[0]:
                out[-1].append(part[1])
            else:
                out.append(list(part))
        return out


def _subtract(lo: float, hi: float, have: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The pieces of [lo, hi] not covered by ``have`` (sorted, disjoint), and ``have`` gains [lo, hi].

    >>> have = [(2, 4), (6, 12)]
    >>> _subtract(0, 10, have), have
    ([(0, 2), (4, 6)], [(0, 12)])
    """
    i = bisect_left(have, (lo, -1e300))
    if i and have[i - 1][1] >= lo:
        i -= 1
    j = i
    pieces = []
    cur = lo
    while j < len(have) and have[j][0] <= hi:
        a, b = have[j]
        if a > cur:
            pieces.append((cur, a))
        cur = max(cur, b)
        j += 1
    if cur < hi:
        pieces.append((cur, hi))
    merged = (min(lo, have[i][0]) if j > i else lo, max(hi, have[j - 1][1]) if j > i else hi)
    have[i:j] = [merged]
    return [p for p in pieces if p[1] - p[0] > 0.01]


def _severity(fill: str) -> str:
    for name, (f, _) in {**SEVERITY_STYLE, **CHANGE_STYLE}.items():
        if f == fill:
            return name
    return ""


def _swatch(style: str, x: float, y: float) -> list:
    kind, name = style.split(":", 1)
    if kind == "box":
        fill, stroke, pen, dash = "white", "#555555", 0.8, None
        if name == "head":
            fill, pen = HEAD_FILL, 1.6
        elif name in SEVERITY_STYLE:
            fill, stroke = SEVERITY_STYLE[name]
            pen = 1.8
        elif name in CHANGE_STYLE:
            fill, stroke = CHANGE_STYLE[name]
            pen, dash = 1.8, "dashed" if name == "removed" else None
        elif name == "partial":
            dash = "dashed"
        elif name in ("declared", "unresolved"):
            dash = "dotted"
        elif name == "folded":
            dash, stroke = "dashed", "#9e9e9e"
        elif name == "focus":
            stroke, pen = FOCUS_COLOUR, 2.4
        elif name == "unit-nohead":
            fill = "#fff4e5"
        return [Rect(x, y, 20, LEGEND_SIZE + 2, fill, stroke, pen, dash, 2.0)]
    colour, dash, pen = EDGE_STYLE["line" if name in ("line-extra", "line-joint") else name]
    mid = y + (LEGEND_SIZE + 2) / 2
    items: list = [Path([(x, mid), (x + 20, mid)], colour, pen, dash)]
    if name not in ("line", "folded", "part_of"):
        items.append(Path(arrowhead((x, mid), (x + 20, mid), 4.0), colour, pen, None, closed_fill=colour))
    return items


__all__ = ["Scene", "Group", "Rect", "Text", "Path", "build_scene", "LEGEND_TEXT"]
