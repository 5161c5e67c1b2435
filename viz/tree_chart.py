"""The post chart as a tidy tree: boxes sized to their wrapped labels, laid out once.

A :class:`TreeChart` is everything a painter needs (boxes with text and style,
edge polylines, the legend of styles in use, the header facts) in points, with
the chart's origin at (0, 0); :mod:`viz.tree_svg` and :mod:`viz.tree_paint`
draw it to SVG, PDF and PNG without laying it out again.

Line reports are the tree (a post hangs under its first line superior); every
other supervision edge (secondary, accountability, a second line superior) and
substitution is an overlay routed through the gaps between levels, and can be
left out. A unit shows as a caption band on its head post (or, for a unit
without a visible head, on its first post that enters it from outside).

>>> from graph.loaders.orgfile import parse_text
>>> org = parse_text('''
... organisation: {key: x, name: X}
... units: [{key: x/1, number: "1", name: Сектор}]
... posts: [{key: x/post/1, name: Директор}, {key: x/post/2, name: Помоћник, unit: x/1, heads: x/1}]
... supervision: [{post: x/post/2, superior: x/post/1}]
... ''', "doc")
>>> from viz.select import select
>>> chart = build_tree_chart(org, select(org))
>>> chart.nodes, chart.edges, [b.caption for b in chart.boxes]
(2, 1, [[], ['1. Сектор']])
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from graph.schema.model import OrgFile
from graph.text.numbers import total
from viz.findings import Mark
from viz.index import OrgIndex
from viz.labels import SEP, count_text, post_text, unit_text
from viz.layout.tree import Point, TreeLayout, layout
from viz.select import Selection
from viz.textmetrics import Metrics

FONT_SIZE = 9.0  # points, as printed at scale 1
CAPTION_SIZE = 8.0
LINE_HEIGHT = 1.22
TEXT_WIDTH = 150.0  # a label wraps at this width (points)
PAD_X, PAD_Y = 6.0, 4.0
MIN_WIDTH = 40.0

# Heights in a gap between levels for overlays, varied so parallel overlays stay apart
# (the tree's own buses run at 0.5).
LANES = (0.2, 0.8, 0.3, 0.7, 0.38, 0.62)
HEAD_FILL = "#dce6f2"
CAPTION_FILL = "#eef1f6"
FOCUS_COLOUR = "#1f4e79"
SEVERITY_STYLE = {"error": ("#f6c9c4", "#b3261e"), "warning": ("#fbe6b0", "#a86f00")}
# What a diff chart (viz/diffchart.py) colours: fill, stroke; a removed item is only in the legend.
CHANGE_STYLE = {"added": ("#d4edda", "#2e7d32"), "changed": ("#ffe8b3", "#b26a00"),
                "removed": ("#eeeeee", "#8a8a8a")}
EDGE_STYLE = {  # colour, dash, width, arrow at the head ("superior" end) or not
    "line": ("#4d4d4d", None, 0.9),
    "secondary": ("#37474f", "dashed", 0.9),
    "accountability": ("#8a8a8a", "dashed", 0.9),
    "substitution": ("#2e7d32", "dotted", 1.2),
    "folded": ("#9e9e9e", "dashed", 0.8),
    "part_of": ("#4d4d4d", None, 0.9),
}
LEGEND_TEXT = {
    "box:head": "head of a unit (unit named in its band)",
    "box:post": "post",
    "box:partial": "post read only in part",
    "box:declared": "post known only from a declaration",
    "box:folded": "posts folded below the depth shown",
    "box:unresolved": "substitute named only in words",
    "box:error": "finding: error",
    "box:warning": "finding: warning",
    "box:focus": "the post charted around",
    "edge:line": "line report (superior above)",
    "edge:line-extra": "a further line superior",
    "edge:line-joint": "a further joint line superior (jointly, of equal standing)",
    "edge:secondary": "secondary report, arrow to the superior",
    "edge:accountability": "accountable to, arrow to the superior",
    "edge:substitution": "substitutes for (order), arrow to the principal",
    "edge:folded": "to the folded posts",
}

_metrics: dict[float, Metrics] = {}


@lru_cache(maxsize=1 << 16)
def _name_title(name: str, title: str | None) -> tuple[str, bool]:
    # Names and titles repeat across a big body (numbers do not): fold each pair once.
    text = post_text(name, title, None)
    name = " ".join(name.split())
    return name, text != name


def _post_text(name: str, title: str | None, headcount, number: str | None) -> str:
    """:func:`viz.labels.post_text`, with the costly part cached.

    >>> _post_text("Систем аналитичар", "саветник", 2, "12") == post_text("Систем аналитичар", "саветник", 2, "12")
    True
    """
    clean, with_title = _name_title(name, title)
    if number and not clean.startswith(number):
        clean = f"{number.rstrip('.')}. {clean}"
    parts = [clean]
    if with_title:
        parts.append(" ".join(title.split()))
    count = count_text(headcount)
    if count is not None:
        parts.append("×" + count)
    return SEP.join(parts)


def metrics(size: float) -> Metrics:
    if size not in _metrics:
        _metrics[size] = Metrics(size)
    return _metrics[size]


@dataclass
class Box:
    key: str
    classes: list[str]
    lines: list[str]
    bold: bool = False
    caption: list[str] = field(default_factory=list)  # unit caption lines, in a band on top
    units: list[str] = field(default_factory=list)  # the unit keys the caption names
    fill: str = "white"
    stroke: str = "#555555"
    pen: float = 0.8
    dash: str | None = None
    colour: str = "#111111"
    caption_fill: str = CAPTION_FILL
    caption_stroke: str | None = None
    tooltip: str = ""
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0

    @property
    def caption_height(self) -> float:
        return len(self.caption) * CAPTION_SIZE * LINE_HEIGHT + (PAD_Y if self.caption else 0.0)


@dataclass
class Edge:
    tail: str
    head: str
    cls: str
    points: list[Point]
    arrow: bool = False  # an arrowhead at the last point
    label: str | None = None
    tooltip: str = ""


@dataclass
class TreeChart:
    title: list[str]
    boxes: list[Box]
    edges_drawn: list[Edge]
    width: float
    height: float
    legend: list[tuple[str, str]]  # (style id, text)
    facts: dict[str, str]  # organisation, source, date, version
    layout: TreeLayout
    nodes: int = 0
    edges: int = 0


def build_tree_chart(org: OrgFile, sel: Selection, *, substitutes: bool = False, overlays: bool = True,
                     marks: dict[str, Mark] | None = None, index: OrgIndex | None = None,
                     title: list[str] | None = None, direction: str = "TB", compact: bool = True,
                     progress: Callable[[str, int, int], None] | None = None,
                     people: dict[str, str] | None = None) -> TreeChart:
    """``people``: a line per post key under its label (who holds it, :func:`viz.people.holder_lines`)."""
    ix = index or OrgIndex(org)
    marks = marks or {}
    m, mc = metrics(FONT_SIZE), metrics(CAPTION_SIZE)
    visible = set(sel.posts)
    boxes: list[Box] = []
    where: dict[str, int] = {}
    parents: list[int] = []
    used: set[str] = set()

    # The tree: each post under the first line superior that reaches it from the top.
    tree_parent: dict[str, str | None] = {k: None for k in sel.top if k in visible}
    todo = [k for k in sel.posts if k in tree_parent]
    for k in todo:
        for r in ix.line_reports.get(k, []):
            if r in visible and r not in tree_parent:
                tree_parent[r] = k
                todo.append(r)
    for k in sel.posts:
        tree_parent.setdefault(k, None)  # caught in a cycle: a root of its own

    allowed = set(ix.units_under(sel.scope)) if sel.scope else None
    placement = {k: _placement(ix, k, allowed) for k in sel.posts}
    holder: dict[str, str] = {}  # unit -> post whose box carries its caption
    for k in sel.posts:
        u = placement[k]
        if u is None or u in holder:
            continue
        head = ix.head_of.get(u)
        if head in visible and placement.get(head) == u:
            holder[u] = head
        elif placement.get(tree_parent[k]) != u:
            holder[u] = k
    captions: dict[str, list[str]] = {}
    for u, k in sorted(holder.items(), key=lambda item: ix.unit_order[item[0]]):
        captions.setdefault(k, []).append(u)

    for k in sel.posts:
        post = ix.posts[k]
        head = k in ix.head_keys
        box = Box(key=k, classes=["post"], lines=[], bold=head)
        text = _post_text(post.name, ix.chart_title(post), post.headcount, post.number)
        box.lines = m.wrap(text, TEXT_WIDTH, bold=head)
        if people and k in people:
            box.lines += m.wrap(people[k], TEXT_WIDTH, bold=head)
        if head:
            box.fill, box.pen = HEAD_FILL, 1.6
            box.classes.append("head")
        if post.partial:
            box.dash = "dashed"
            box.classes.append("partial")
        if post.declared_only:
            box.dash, box.colour = "dotted", "#666666"
            box.classes.append("declared")
        mark = marks.get(k)
        if mark and mark.severity in SEVERITY_STYLE:
            box.fill, box.stroke = SEVERITY_STYLE[mark.severity]
            box.pen = 1.8
            box.classes.append(mark.severity)
        if k == sel.focus:
            box.stroke, box.pen = FOCUS_COLOUR, 2.4
            box.classes.append("focus")
        box.tooltip = _tooltip(k, mark)
        for u in captions.get(k, []):
            unit = ix.units[u]
            box.caption += mc.wrap(unit_text(unit.name, unit.number), TEXT_WIDTH, bold=True)
            box.units.append(u)
            umark = marks.get(u)
            if umark and umark.severity in SEVERITY_STYLE:
                box.caption_fill, box.caption_stroke = SEVERITY_STYLE[umark.severity]
        used.update("box:" + c for c in box.classes[1:] if "box:" + c in LEGEND_TEXT)
        used.add("box:post")
        where[k] = len(boxes)
        boxes.append(box)
    for i, k in enumerate(sel.posts):
        p = tree_parent[k]
        parents.append(where[p] if p is not None else -1)

    for anchor, hidden in sel.collapsed.items():
        box = Box(key=anchor + "#folded", classes=["folded"], lines=m.wrap(_folded_text(ix, anchor, hidden), TEXT_WIDTH),
                  dash="dashed", colour="#555555", stroke="#9e9e9e",
                  tooltip="\n".join(ix.posts[k].name for k in hidden[:30]))
        where[box.key] = len(boxes)
        boxes.append(box)
        parents.append(where[anchor])
        used.update(("box:folded", "edge:folded"))
    notes: list[tuple[int, int, str]] = []  # (note box, principal box, order)
    if substitutes:
        for i, s in enumerate(org.substitution):
            if s.principal in visible and s.substitute is None and s.substitute_text:
                box = Box(key=f"{s.principal}#substitute{i}", classes=["unresolved"],
                          lines=m.wrap(s.substitute_text, TEXT_WIDTH), dash="dotted", fill="#f1f8e9",
                          stroke="#2e7d32", tooltip=s.substitute_text)
                notes.append((len(boxes), where[s.principal], s.order))
                boxes.append(box)
                parents.append(where[s.principal])
                used.add("box:unresolved")

    widths, heights = [], []
    for b in boxes:
        text_w = m.lines_width(b.lines, b.bold)
        cap_w = mc.lines_width(b.caption, True)
        b.w = max(MIN_WIDTH, text_w, cap_w) + 2 * PAD_X
        b.h = len(b.lines) * FONT_SIZE * LINE_HEIGHT + 2 * PAD_Y + b.caption_height
        widths.append(b.w)
        heights.append(b.h)
    note_set = {n for n, _, _ in notes}
    # Sideways, a tree already lists leaves down the page: stacking is for top-down only.
    lay = layout(widths, heights, parents, direction=direction, stack_min=3 if compact and direction == "TB" else 0,
                 stackable=[i not in note_set for i in range(len(boxes))], progress=progress)
    for i, b in enumerate(boxes):
        b.x, b.y = lay.x[i], lay.y[i]

    drawn: list[Edge] = []
    for i, pts in lay.edges.items():
        if i in note_set:
            continue
        tail, head = boxes[parents[i]].key, boxes[i].key
        cls = "folded" if boxes[i].classes[0] == "folded" else "line"
        drawn.append(Edge(tail, head, cls, pts, tooltip=f"{head} reports to {tail}" if cls == "line" else ""))
        if cls == "line":
            used.add("edge:line")
    if overlays:
        for s in org.supervision:
            if s.post not in visible or s.superior not in visible or s.post == s.superior:
                continue
            if s.kind == "line" and tree_parent.get(s.post) == s.superior:
                continue
            pts = lay.route(where[s.post], where[s.superior], lane=LANES[len(drawn) % len(LANES)])
            joint = ", jointly" if s.joint else ""
            drawn.append(Edge(s.superior, s.post, s.kind, pts, arrow=True,
                              tooltip=f"{s.post} reports to {s.superior} ({s.kind}{joint}, {s.basis})"))
            used.add(("edge:line-joint" if s.joint else "edge:line-extra") if s.kind == "line" else f"edge:{s.kind}")
    if substitutes:
        note_of = {(boxes[n].key): (n, p, order) for n, p, order in notes}
        for i, s in enumerate(org.substitution):
            if s.principal not in visible:
                continue
            if s.substitute in visible:
                a = where[s.substitute]
            elif s.substitute is None and s.substitute_text and f"{s.principal}#substitute{i}" in note_of:
                a = note_of[f"{s.principal}#substitute{i}"][0]
            else:
                continue
            pts = lay.route(a, where[s.principal], lane=LANES[len(drawn) % len(LANES)])
            drawn.append(Edge(boxes[a].key, s.principal, "substitution", pts, arrow=True, label=str(s.order)))
            used.add("edge:substitution")

    legend = [(k, v.replace("superior above", "superior on the left") if direction == "LR" else v)
              for k, v in LEGEND_TEXT.items() if k in used]
    facts = {"organisation": org.organisation.name,
             "source": ", ".join(org.sources) or (org.organisation.provenance.document
                                                   if org.organisation.provenance else ""),
             "date": _dt.date.today().isoformat(), "version": _version()}
    if org.organisation.snapshot:
        facts["snapshot"] = org.organisation.snapshot.isoformat()
    return TreeChart(title=title or [org.organisation.name], boxes=boxes, edges_drawn=drawn, width=lay.width,
                     height=lay.height, legend=legend, facts=facts, layout=lay,
                     nodes=len(boxes), edges=len(drawn))


def _version() -> str:
    from graph import __version__

    return __version__


def _placement(ix: OrgIndex, key: str, allowed: set[str] | None) -> str | None:
    post = ix.posts[key]
    for unit in (post.unit, post.heads):
        if unit in ix.units and (allowed is None or unit in allowed):
            return unit
    return None


def _tooltip(key: str, mark: Mark | None) -> str:
    if not mark:
        return key
    return key + "\n" + "\n".join(mark.messages[:6])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _folded_text(ix: OrgIndex, anchor: str, hidden: list[str]) -> str:
    """The words of a folded node: the same as the nested chart's.

    >>> from graph.schema.model import OrgFile, Organisation, Post
    >>> ix = OrgIndex(OrgFile(organisation=Organisation(key="x", name="X"),
    ...                       posts=[Post(key="a", name="A"), Post(key="b", name="B", headcount=3)]))
    >>> _folded_text(ix, "a", ["b"])
    '+1 post · ×3'
    """
    people = total(ix.posts[k].headcount for k in hidden)
    units = {ix.posts[k].unit for k in hidden if ix.posts[k].unit} - {ix.posts[anchor].unit}
    people_text = post_text("", None, people).lstrip(" ·")
    text = _plural(len(hidden), "post") + (f" in {_plural(len(units), 'unit')}" if units else "")
    return f"+{text} · {people_text}"
