"""The post chart: units as nested clusters, posts as boxes, supervision as edges.

Styles carry meaning: a head post is filled and bold; a line edge is solid
and has no arrow (the tree reads top-down); a secondary or accountability edge
is dashed with an arrow pointing at the superior; substitution is dotted, from
substitute to principal, labelled with its order. Every post node is named by
its key and every edge has an SVG class (``line``, ``secondary``,
``accountability``, ``substitution``, ``folded``), so an SVG can be checked
against the graph it was drawn from.

>>> from graph.loaders.orgfile import parse_text
>>> org = parse_text('''
... organisation: {key: x, name: X}
... units: [{key: x/1, number: "1", name: Сектор}]
... posts: [{key: x/post/1, name: Директор}, {key: x/post/2, name: Помоћник, unit: x/1, heads: x/1}]
... supervision: [{post: x/post/2, superior: x/post/1}]
... ''', "doc")
>>> from viz.select import select
>>> chart = build_chart(org, select(org))
>>> chart.nodes, chart.edges
(2, 1)
>>> '"x/post/1" -> "x/post/2"' in chart.graph.source
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import graphviz
from graphviz.quoting import attr_list, quote

from graph.schema.model import OrgFile
from viz.findings import Mark
from viz.fonts import FONT
from viz.index import OrgIndex
from viz.labels import POST_WIDTH, UNIT_WIDTH, html_lines, post_text, unit_text, wrap
from viz.select import Selection

HEAD_FILL = "#dce6f2"
FOCUS_COLOUR = "#1f4e79"
SEVERITY_STYLE = {  # fill, border
    "error": ("#f6c9c4", "#b3261e"),
    "warning": ("#fbe6b0", "#a86f00"),
}
UNIT_FILLS = ["#f3f5f9", "#fafbfd", "#ffffff"]
EDGE_STYLE = {
    "line": {"arrowhead": "none", "color": "#4d4d4d"},
    "secondary": {"style": "dashed", "dir": "back", "arrowtail": "normal", "color": "#37474f",
                  "constraint": "false"},
    "accountability": {"style": "dashed", "dir": "back", "arrowtail": "empty", "color": "#8a8a8a",
                       "constraint": "false"},
    "substitution": {"style": "dotted", "color": "#2e7d32", "fontcolor": "#2e7d32", "penwidth": "1.4",
                     "constraint": "false"},
}
STACK_AFTER = 2  # more leaf reports than this under one superior are stacked in columns
MAX_ROWS = 6  # rows per column of stacked leaves


def edge(g: graphviz.Digraph, tail: str, head: str, **attrs: str) -> None:
    """An edge between two node names taken literally.

    ``Digraph.edge`` reads ``a:b`` as node ``a``, port ``b``; keys may hold colons.
    """
    g.body.append(f"\t{quote(tail)} -> {quote(head)}{attr_list(attributes=attrs)}\n")


@dataclass
class Chart:
    graph: graphviz.Digraph
    nodes: int  # posts, folded counts and unresolved substitutes drawn
    edges: int  # visible edges drawn


def base_graph(title: str | None) -> graphviz.Digraph:
    g = graphviz.Digraph("orgchart", engine="dot")
    g.attr(rankdir="TB", newrank="true", splines="ortho", compound="true", nodesep="0.22", ranksep="0.4",
           fontname=FONT, fontsize="11", outputorder="edgesfirst", pad="0.2")
    if title:
        g.attr(label=title, labelloc="t", fontsize="15")
    g.attr("node", fontname=FONT, fontsize="10", shape="box", style="rounded,filled",
           fillcolor="white", color="#555555", margin="0.12,0.06")
    g.attr("edge", fontname=FONT, fontsize="9", color="#4d4d4d", arrowsize="0.7")
    return g


def build_chart(org: OrgFile, sel: Selection, *, substitutes: bool = False,
                marks: dict[str, Mark] | None = None, index: OrgIndex | None = None,
                title: str | None = None) -> Chart:
    ix = index or OrgIndex(org)
    marks = marks or {}
    visible = set(sel.posts)
    g = base_graph(title if title is not None else org.organisation.name)
    counts = {"nodes": 0, "edges": 0}

    allowed = set(ix.units_under(sel.scope)) if sel.scope else None
    placement = {k: _placement(ix, k, allowed) for k in sel.posts}
    drawn_units: set[str] = set()
    for unit in placement.values():
        drawn_units.update(_chain_within(ix, unit, sel.scope))
    members: dict[str | None, list[str]] = {}
    for k in sel.posts:
        members.setdefault(placement[k], []).append(k)

    def emit_unit(parent: graphviz.Digraph, unit: str | None, depth: int) -> None:
        target = parent
        if unit is not None:
            u = ix.units[unit]
            mark = marks.get(unit)
            with parent.subgraph(name=f"cluster_{unit}") as c:
                style = {"style": "rounded,filled", "fillcolor": UNIT_FILLS[min(depth, 2)],
                         "color": "#9aa5b1", "penwidth": "1", "class": "unit"}
                if mark and mark.severity in SEVERITY_STYLE:
                    style.update(color=SEVERITY_STYLE[mark.severity][1], penwidth="2.2",
                                 tooltip=_tooltip(unit, mark))
                    style["class"] += " " + mark.severity
                c.attr(label=f"<{html_lines(wrap(unit_text(u.name, u.number), UNIT_WIDTH), bold=depth == 0, left=True)}>",
                       labeljust="l", fontsize="11", **style)
                _emit_members(c, unit, depth)
            return
        _emit_members(target, unit, depth)

    notes = _unresolved(org, visible) if substitutes else {}

    def _emit_members(c: graphviz.Digraph, unit: str | None, depth: int) -> None:
        for k in members.get(unit, []):
            _post_node(c, ix, k, marks.get(k), focus=k == sel.focus)
            counts["nodes"] += 1
            if k in sel.collapsed:
                _folded_node(c, ix, k, sel.collapsed[k])
                counts["nodes"] += 1
            for note, text in notes.get(k, []):
                c.node(note, label=f"<{html_lines(wrap(text, POST_WIDTH))}>", shape="note",
                       style="dotted,filled", fillcolor="#f1f8e9", **{"class": "unresolved"})
                counts["nodes"] += 1
        children = [u for u in ix.tree_children.get(unit, []) if u in drawn_units]
        if unit is None:
            children = [u for u in drawn_units if _drawn_parent(ix, u, drawn_units) is None]
            children.sort(key=ix.unit_order.__getitem__)
        for child in children:
            emit_unit(c, child, depth + 1 if unit is not None else 0)

    emit_unit(g, None, -1)

    stacked = _stack_leaves(g, ix, sel, placement)
    for s in org.supervision:
        if s.post in visible and s.superior in visible and s.post != s.superior:
            attrs = dict(EDGE_STYLE[s.kind])
            if s.kind == "line" and s.post in stacked:
                # A comb: down from the superior, into each stacked leaf from the side.
                attrs.update(tailport="s", headport="w")
            attrs["tooltip"] = f"{s.post} reports to {s.superior} ({s.kind}, {s.basis})"
            edge(g, s.superior, s.post, **{"class": s.kind}, **attrs)
            counts["edges"] += 1
    for anchor in sel.collapsed:
        edge(g, anchor, _folded_id(anchor), **{"class": "folded"}, arrowhead="none", style="dashed",
               color="#9e9e9e")
        counts["edges"] += 1
    if substitutes:
        _substitution_edges(g, org, visible, counts)
    if marks:
        bottom = [k for k in sel.posts if k not in sel.collapsed
                  and not any(r in visible for r in ix.line_reports.get(k, []))]
        _legend(g, substitutes, bottom + [_folded_id(k) for k in sel.collapsed])
    return Chart(graph=g, nodes=counts["nodes"], edges=counts["edges"])


def _placement(ix: OrgIndex, key: str, allowed: set[str] | None) -> str | None:
    post = ix.posts[key]
    for unit in (post.unit, post.heads):
        if unit in ix.units and (allowed is None or unit in allowed):
            return unit
    return None


def _chain_within(ix: OrgIndex, unit: str | None, scope: str | None) -> list[str]:
    chain = ix.unit_chain(unit)
    if scope and scope in chain:
        chain = chain[: chain.index(scope) + 1]
    return chain


def _drawn_parent(ix: OrgIndex, unit: str, drawn: set[str]) -> str | None:
    for parent in ix.unit_chain(unit)[1:]:
        if parent in drawn:
            return parent
    return None


def _tooltip(key: str, mark: Mark | None) -> str:
    if not mark:
        return key
    return key + "\n" + "\n".join(f"{mark.severity}: {m}" for m in mark.messages[:6])


def _post_node(g: graphviz.Digraph, ix: OrgIndex, key: str, mark: Mark | None, *, focus: bool) -> None:
    post = ix.posts[key]
    head = key in ix.head_keys
    text = post_text(post.name, ix.chart_title(post), post.headcount, post.number)
    attrs = {"fillcolor": HEAD_FILL if head else "white", "tooltip": _tooltip(key, mark)}
    classes = ["post"]
    style = ["rounded", "filled"]
    if head:
        attrs["penwidth"] = "2"
        classes.append("head")
    if post.partial:
        style.append("dashed")
        classes.append("partial")
    if post.declared_only:
        style.append("dotted")
        classes.append("declared")
    if mark and mark.severity in SEVERITY_STYLE:
        attrs["fillcolor"], attrs["color"] = SEVERITY_STYLE[mark.severity]
        attrs["penwidth"] = "2.2"
        classes.append(mark.severity)
    if focus:
        attrs["color"], attrs["penwidth"] = FOCUS_COLOUR, "3"
        classes.append("focus")
    colour = "#666666" if post.declared_only else None
    label = html_lines(wrap(text, POST_WIDTH), bold=head, colour=colour)
    g.node(key, label=f"<{label}>", style=",".join(style), **{"class": " ".join(classes)}, **attrs)


def _plural(n: int, word: str) -> str:
    """A count with its noun.

    >>> _plural(1, "unit"), _plural(3, "post")
    ('1 unit', '3 posts')
    """
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _folded_id(anchor: str) -> str:
    return anchor + "#folded"


def _folded_node(g: graphviz.Digraph, ix: OrgIndex, anchor: str, hidden: list[str]) -> None:
    people = sum(ix.posts[k].headcount or 0 for k in hidden)
    units = {ix.posts[k].unit for k in hidden if ix.posts[k].unit} - {ix.posts[anchor].unit}
    people_text = post_text("", None, people).lstrip(" ·")
    text = _plural(len(hidden), "post") + (f" in {_plural(len(units), 'unit')}" if units else "")
    text = f"+{text} · {people_text}"
    g.node(_folded_id(anchor), label=text, style="rounded,dashed", fontcolor="#555555",
           **{"class": "folded"}, tooltip="\n".join(ix.posts[k].name for k in hidden[:30]))


def _note_id(principal: str, i: int) -> str:
    return f"{principal}#substitute{i}"


def _unresolved(org: OrgFile, visible: set[str]) -> dict[str, list[tuple[str, str]]]:
    """Substitutes named only in words, as note nodes beside their principal."""
    notes: dict[str, list[tuple[str, str]]] = {}
    for i, s in enumerate(org.substitution):
        if s.principal in visible and s.substitute is None and s.substitute_text:
            notes.setdefault(s.principal, []).append((_note_id(s.principal, i), s.substitute_text))
    return notes


def _substitution_edges(g: graphviz.Digraph, org: OrgFile, visible: set[str], counts: dict) -> None:
    style = EDGE_STYLE["substitution"]
    for i, s in enumerate(org.substitution):
        if s.principal not in visible:
            continue
        if s.substitute in visible:
            tail = s.substitute
        elif s.substitute is None and s.substitute_text:
            tail = _note_id(s.principal, i)
        else:
            continue
        edge(g, tail, s.principal, xlabel=str(s.order), **{"class": "substitution"}, **style)
        counts["edges"] += 1


def _stack_leaves(g: graphviz.Digraph, ix: OrgIndex, sel: Selection, placement: dict) -> set[str]:
    """Hang many leaf reports of one superior in columns instead of one endless row.

    Invisible edges chain each column; the line edges to all but a column's first
    leaf stop constraining rank, so the column, not the fan, sets the layout.
    """
    visible = set(sel.posts)
    groups: dict[tuple, list[str]] = {}
    for k in sel.posts:
        sups = [s for s in ix.line_superiors.get(k, []) if s in visible]
        leaf = not any(r in visible for r in ix.line_reports.get(k, [])) and k not in sel.collapsed
        if leaf and len(sups) == 1 and k not in ix.head_keys:
            groups.setdefault((sups[0], placement[k]), []).append(k)
    stacked: set[str] = set()
    for leaves in groups.values():
        if len(leaves) <= STACK_AFTER:
            continue
        stacked.update(leaves)
        cols = math.ceil(len(leaves) / MAX_ROWS)
        rows = math.ceil(len(leaves) / cols)
        for c in range(cols):
            column = leaves[c * rows:(c + 1) * rows]
            for a, b in zip(column, column[1:]):
                edge(g, a, b, style="invis", weight="20")
    return stacked


def _legend(g: graphviz.Digraph, substitutes: bool, bottom: list[str]) -> None:
    # One plain node holding a table: compact, and it cannot tangle with the chart's edges.
    def swatch(fill: str, border: str, text: str, width: int = 1) -> str:
        return (f'<TR><TD BGCOLOR="{fill}" COLOR="{border}" BORDER="{width}" STYLE="rounded" WIDTH="28"> </TD>'
                f'<TD ALIGN="LEFT">{text}</TD></TR>')

    rows = [swatch(HEAD_FILL, "#555555", "<B>head of a unit</B>", 2), swatch("white", "#555555", "post")]
    rows += [swatch(fill, border, f"finding: {severity}", 2) for severity, (fill, border) in SEVERITY_STYLE.items()]
    rows.append('<TR><TD>———</TD><TD ALIGN="LEFT">line report (superior above)</TD></TR>')
    rows.append('<TR><TD><FONT COLOR="#37474f">– – ▸</FONT></TD><TD ALIGN="LEFT">secondary / accountability, '
                'arrow to the superior</TD></TR>')
    if substitutes:
        rows.append(f'<TR><TD><FONT COLOR="{EDGE_STYLE["substitution"]["color"]}">····▸</FONT></TD>'
                    '<TD ALIGN="LEFT">substitutes for (order)</TD></TR>')
    table = ('<TABLE BORDER="1" COLOR="#9aa5b1" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2" STYLE="rounded">'
             '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>' + "".join(rows) + "</TABLE>")
    g.node("legend", label=f"<{table}>", shape="plaintext", style="", fontsize="9", **{"class": "legend"})
    # rank=sink is ignored beside clusters; invisible weightless edges from every
    # bottom node put the legend under the chart without pulling anything sideways.
    for key in bottom:
        edge(g, key, "legend", style="invis", weight="0")
