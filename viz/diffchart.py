"""A chart of what changed between two versions: the later version's post tree, coloured.

Posts added are green, posts moved, retitled, regraded or with another headcount amber, and the
unit bands of units added (green) or renamed or moved (amber) likewise; the tooltip of each says
what changed. Removed units and posts are not in the later version: the legend lists them (up to
:data:`LISTED`, then how many more). Each box keeps its class (``added``, ``changed``), so the SVG
can be read back (:func:`viz.svg.read_svg`) and checked.

>>> from graph.analysis.diff import diff
>>> from graph.schema.model import Organisation, OrgFile, Post, Supervision
>>> a = OrgFile(organisation=Organisation(key="x", name="X"),
...             posts=[Post(key="x/post/1", name="Head"), Post(key="x/post/2", name="Clerk")],
...             supervision=[Supervision(post="x/post/2", superior="x/post/1")])
>>> b = a.model_copy(update={"posts": [a.posts[0], Post(key="x/post/3", name="Analyst")],
...                          "supervision": [Supervision(post="x/post/3", superior="x/post/1")]})
>>> chart = diff_chart(b, diff(a, b))
>>> [(box.key, box.classes[-1]) for box in chart.boxes]
[('x/post/1', 'post'), ('x/post/3', 'added')]
>>> [text for style, text in chart.legend if style == "box:removed"]
["removed: post post/2 'Clerk'"]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.analysis.diff import describe, relative
from graph.errors import InputError
from graph.schema.model import OrgFile
from viz.index import OrgIndex
from viz.select import select
from viz.tree_chart import CHANGE_STYLE, TreeChart, build_tree_chart

LISTED = 12  # removed items named in the legend; the rest are counted
POST_CHANGES = {"post-moved", "post-retitled", "post-regraded", "headcount"}
UNIT_CHANGES = {"unit-renamed", "unit-moved"}


def _side(result: dict[str, Any], side: str) -> str:
    version = result.get(side + "_version")
    return result[side] + (f" ({version})" if version else "")


def diff_chart(after: OrgFile, result: dict[str, Any], title: list[str] | None = None) -> TreeChart:
    """The tree chart of ``after`` with the changes of ``result`` (:func:`graph.analysis.diff.diff`,
    ``after`` being its later side) painted on it."""
    ix = OrgIndex(after)
    chart = build_tree_chart(after, select(after, index=ix), index=ix,
                             title=title or [f"{_side(result, 'before')} → {_side(result, 'after')}",
                                             f"{len(result['changes'])} changes"])
    by_key: dict[str, list[dict]] = {}
    for c in result["changes"]:
        by_key.setdefault(c["key"], []).append(c)

    def paint(kinds: list[str]) -> str | None:
        if any(k in ("post-added", "unit-added") for k in kinds):
            return "added"
        if any(k in POST_CHANGES | UNIT_CHANGES for k in kinds):
            return "changed"
        return None

    used: set[str] = set()
    for box in chart.boxes:
        if box.classes[0] != "post":
            continue
        changes = by_key.get(relative(after, box.key), [])
        style = paint([c["change"] for c in changes])
        if style:
            box.fill, box.stroke = CHANGE_STYLE[style]
            box.pen = 1.8
            box.classes.append(style)
            box.tooltip = "\n".join([box.tooltip, *(describe(c) for c in changes)]).strip()
            used.add(style)
        for unit in box.units:
            uchanges = by_key.get(relative(after, unit), [])
            ustyle = paint([c["change"] for c in uchanges])
            if ustyle:
                box.caption_fill, box.caption_stroke = CHANGE_STYLE[ustyle]
                box.tooltip = "\n".join([box.tooltip, *(describe(c) for c in uchanges)]).strip()
                used.add(ustyle)
    legend = [("box:added", "added"), ("box:changed", "moved, retitled, regraded, renamed or headcount changed")]
    chart.legend = [item for item in legend if item[0][4:] in used] + chart.legend
    removed = [c for c in result["changes"] if c["change"] in ("post-removed", "unit-removed")]
    for c in removed[:LISTED]:
        chart.legend.append(("box:removed", "removed: " + describe(c).replace(" removed:", "", 1)))
    if len(removed) > LISTED:
        chart.legend.append(("box:removed", f"and {len(removed) - LISTED} more removed (see the text or --json)"))
    return chart


def write_diff_chart(after: OrgFile, result: dict[str, Any], path: str | Path) -> dict[str, Any]:
    """Draw :func:`diff_chart` to ``path`` (SVG, PDF or PNG by its suffix); what was written."""
    from viz.render import format_for
    from viz.scene import build_scene

    fmt = format_for(path, None)
    if fmt == "dot":
        raise InputError("a diff chart is drawn as svg, pdf or png", file=str(path))
    chart = diff_chart(after, result)
    scene = build_scene(chart)
    if fmt == "svg":
        from viz.tree_svg import to_svg

        data = to_svg(scene)
    elif fmt == "pdf":
        from viz.tree_paint import to_pdf

        data = to_pdf(scene, title=" — ".join(chart.title))
    else:
        from viz.tree_paint import to_png

        data = to_png(scene)
    Path(path).write_bytes(data)
    return {"file": str(path), "format": fmt, "nodes": chart.nodes, "edges": chart.edges}
