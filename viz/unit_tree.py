"""The unit overview as a tidy tree: one box per unit (name, head post, totals), sideways.

The same data as :mod:`viz.overview` (the Graphviz version, still used for DOT),
laid out by :mod:`viz.layout.tree` so a body of any number of units draws in
linear time. Totals count the unit and everything nested in it; ``depth``
folds deeper units into their parent's box as a count.

>>> from graph.loaders.orgfile import parse_text
>>> org = parse_text('''
... organisation: {key: x, name: X}
... units: [{key: x/1, number: "1", name: Сектор}, {key: x/1.1, number: "1.1", name: Одсек, parent: x/1}]
... posts: [{key: x/post/1, name: Помоћник, unit: x/1, heads: x/1},
...         {key: x/post/2, name: Референт, unit: x/1.1, headcount: 3}]
... ''', "doc")
>>> chart = build_unit_tree(org)
>>> chart.nodes, chart.edges, chart.boxes[1].lines[-1]
(3, 2, '2 posts · ×4')
"""

from __future__ import annotations

from typing import Callable

from graph.schema.model import OrgFile
from viz.index import OrgIndex
from viz.labels import count_text, post_text, unit_text
from viz.layout.tree import layout
from viz.overview import ORG_NODE
from viz.select import resolve_unit
from viz.tree_chart import (CAPTION_SIZE, FONT_SIZE, HEAD_FILL, LINE_HEIGHT, MIN_WIDTH, PAD_X, PAD_Y, TEXT_WIDTH,
                            Box, Edge, TreeChart, _version, metrics)

NO_HEAD_FILL = "#fff4e5"


def build_unit_tree(org: OrgFile, *, unit: str | None = None, depth: int | None = None,
                    index: OrgIndex | None = None, title: list[str] | None = None, direction: str = "LR",
                    progress: Callable[[str, int, int], None] | None = None) -> TreeChart:
    import datetime as _dt

    ix = index or OrgIndex(org)
    m, mc = metrics(FONT_SIZE), metrics(CAPTION_SIZE)
    top = resolve_unit(org, unit, ix) if unit else None
    boxes: list[Box] = []
    parents: list[int] = []
    where: dict[str, int] = {}
    if top is None:
        lines = []
        direct = ix.tree_posts.get(None, [])
        for k in direct[:4]:
            p = ix.posts[k]
            lines += m.wrap(post_text(p.name, ix.chart_title(p), p.headcount, p.number), TEXT_WIDTH + 60)
        if len(direct) > 4:
            lines.append(f"+{len(direct) - 4} posts")
        people = count_text(sum(p.headcount or 0 for p in org.posts))
        lines.append(f"{len(org.posts)} posts · ×{people}")
        boxes.append(Box(key=ORG_NODE, classes=["organisation"], lines=lines, fill=HEAD_FILL, pen=1.6,
                         caption=mc.wrap(org.organisation.name, TEXT_WIDTH + 60, bold=True)))
        where[ORG_NODE] = 0
        parents.append(-1)
    # Totals bottom-up once (posts_under per unit would be quadratic on a deep body).
    own: dict[str, list[str]] = {}
    for p in org.posts:
        for u in {p.unit, p.heads}:
            if u in ix.units:
                own.setdefault(u, []).append(p.key)
    levels: dict[str, int] = {}
    todo = [(r, 1 if top is None else 0) for r in ([top] if top else ix.tree_children.get(None, []))]
    shown: list[str] = []
    i = 0
    while i < len(todo):
        key, level = todo[i]
        i += 1
        if key in levels:
            continue
        levels[key] = level
        shown.append(key)
        if depth is None or level < depth:
            todo.extend((c, level + 1) for c in ix.tree_children.get(key, []))
    for key in shown:
        u = ix.units[key]
        under = ix.units_under(key)
        folded = under[1:] if depth is not None and levels[key] >= depth else []
        posts = {k for x in under for k in own.get(x, [])}
        head = ix.head_of.get(key)
        if head:
            hp = ix.posts[head]
            lines = m.wrap(post_text(hp.name, ix.chart_title(hp), None), TEXT_WIDTH)
        else:
            lines = ["(no head post)"]
        total = f"{len(posts)} posts · ×{count_text(sum(ix.posts[k].headcount or 0 for k in posts))}"
        if folded:
            total += f" · {len(folded)} sub-units folded"
        lines.append(total)
        where[key] = len(boxes)
        boxes.append(Box(key=key, classes=["unit"], lines=lines, fill="white" if head else NO_HEAD_FILL,
                         caption=mc.wrap(unit_text(u.name, u.number), TEXT_WIDTH, bold=True)))
        parent = u.parent if key != top else None
        parents.append(where[parent] if parent in levels else (0 if top is None else -1))
    widths, heights = [], []
    for b in boxes:
        b.w = max(MIN_WIDTH, m.lines_width(b.lines), mc.lines_width(b.caption, True)) + 2 * PAD_X
        b.h = len(b.lines) * FONT_SIZE * LINE_HEIGHT + 2 * PAD_Y + b.caption_height
        widths.append(b.w)
        heights.append(b.h)
    lay = layout(widths, heights, parents, direction=direction, stack_min=0, hgap=10, vgap=30, progress=progress)
    for i, b in enumerate(boxes):
        b.x, b.y = lay.x[i], lay.y[i]
    edges = [Edge(boxes[parents[i]].key, boxes[i].key, "part_of", pts) for i, pts in lay.edges.items()]
    legend = [("box:unit", "unit: head post and totals (posts · people)")]
    if any(b.fill == NO_HEAD_FILL for b in boxes):
        legend.append(("box:unit-nohead", "unit without a head post"))
    legend.append(("edge:part_of", "part of"))
    facts = {"organisation": org.organisation.name, "source": ", ".join(org.sources),
             "date": _dt.date.today().isoformat(), "version": _version()}
    return TreeChart(title=title or [org.organisation.name], boxes=boxes, edges_drawn=edges, width=lay.width,
                     height=lay.height, legend=legend, facts=facts, layout=lay, nodes=len(boxes), edges=len(edges))
