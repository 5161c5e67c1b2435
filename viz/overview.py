"""The unit-level chart: one box per unit with its head and totals, for a one-page overview.

Totals count the unit and everything nested in it: posts, and people (the sum
of headcounts). ``depth`` counts unit levels below the top (the organisation,
or the chosen unit); deeper units are folded into their parent's box as a count.

>>> from graph.loaders.orgfile import parse_text
>>> org = parse_text('''
... organisation: {key: x, name: X}
... units: [{key: x/1, number: "1", name: Сектор}, {key: x/1.1, number: "1.1", name: Одсек, parent: x/1}]
... posts: [{key: x/post/1, name: Помоћник, unit: x/1, heads: x/1},
...         {key: x/post/2, name: Референт, unit: x/1.1, headcount: 3}]
... ''', "doc")
>>> chart = build_overview(org)
>>> chart.nodes, chart.edges
(3, 2)
>>> build_overview(org, depth=1).nodes
2
"""

from __future__ import annotations

from graph.schema.model import OrgFile
from viz.chart import HEAD_FILL, Chart, base_graph, edge
from viz.index import OrgIndex
from viz.labels import POST_WIDTH, UNIT_WIDTH, count_text, html_lines, post_text, unit_text, wrap
from viz.select import resolve_unit

ORG_NODE = "organisation"


def build_overview(org: OrgFile, *, unit: str | None = None, depth: int | None = None,
                   index: OrgIndex | None = None, title: str | None = None) -> Chart:
    ix = index or OrgIndex(org)
    g = base_graph(title)
    # Sideways: units nest left to right and siblings stack down the page, so a
    # body of six sectors and twenty inner units fits one page.
    g.attr(rankdir="LR", ranksep="0.45", nodesep="0.12")
    g.attr("edge", tailport="e", headport="w")
    top = resolve_unit(org, unit, ix) if unit else None
    roots = [top] if top else ix.tree_children.get(None, [])
    nodes = edges = 0
    if top is None:
        g.node(ORG_NODE, label=f"<{_org_label(org, ix)}>", fillcolor=HEAD_FILL, penwidth="2",
               **{"class": "organisation"})
        nodes += 1
    levels: dict[str, int] = {}
    todo = [(r, 1 if top is None else 0) for r in roots]
    shown: list[str] = []
    while todo:
        key, level = todo.pop(0)
        if key in levels:
            continue
        levels[key] = level
        shown.append(key)
        if depth is None or level < depth:
            todo.extend((c, level + 1) for c in ix.tree_children.get(key, []))
    for key in shown:
        folded = ix.units_under(key)[1:] if depth is not None and levels[key] >= depth else []
        g.node(key, label=f"<{_unit_label(ix, key, len(folded))}>", **{"class": "unit"},
               fillcolor="white" if ix.head_of.get(key) else "#fff4e5")
        nodes += 1
        parent = ix.units[key].parent if key != top else None
        if parent in levels:
            edge(g, parent, key, arrowhead="none", **{"class": "part_of"})
            edges += 1
        elif top is None:
            edge(g, ORG_NODE, key, arrowhead="none", **{"class": "part_of"})
            edges += 1
    return Chart(graph=g, nodes=nodes, edges=edges)


def _org_label(org: OrgFile, ix: OrgIndex) -> str:
    rows = [html_lines(wrap(org.organisation.name, UNIT_WIDTH), bold=True)]
    direct = ix.tree_posts.get(None, [])
    for k in direct[:4]:
        p = ix.posts[k]
        rows.append(html_lines(wrap(post_text(p.name, ix.chart_title(p), p.headcount, p.number), UNIT_WIDTH + 14),
                               size=9))
    if len(direct) > 4:
        rows.append(html_lines([f"+{len(direct) - 4} posts"], size=9))
    posts = len(org.posts)
    people = count_text(sum(p.headcount or 0 for p in org.posts))
    rows.append(html_lines([f"{posts} posts · ×{people}"], size=9, colour="#444444"))
    return _table(rows)


def _unit_label(ix: OrgIndex, key: str, folded: int) -> str:
    u = ix.units[key]
    rows = [html_lines(wrap(unit_text(u.name, u.number), POST_WIDTH + 8), bold=True)]
    head = ix.head_of.get(key)
    if head:
        p = ix.posts[head]
        rows.append(html_lines(wrap(post_text(p.name, ix.chart_title(p), None), POST_WIDTH + 8), size=9))
    else:
        rows.append(html_lines(["(no head post)"], size=9, colour="#a86f00"))
    posts = ix.posts_under(key)
    people = count_text(sum(ix.posts[k].headcount or 0 for k in posts))
    line = f"{len(posts)} posts · ×{people}"
    if folded:
        line += f" · {folded} sub-units folded"
    rows.append(html_lines([line], size=9, colour="#444444"))
    return _table(rows)


def _table(rows: list[str]) -> str:
    cells = "".join(f"<TR><TD>{r}</TD></TR>" for r in rows)
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">{cells}</TABLE>'
