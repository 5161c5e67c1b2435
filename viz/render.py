"""One call from an org model to a chart file: :func:`render`.

SVG is Graphviz's own (text stays text, so labels can be searched and
checked); PNG and PDF go through cairo, which shapes Cyrillic and Georgian
with the chart font. ``dot`` writes the Graphviz source, unlaid, for editing.

>>> from graph.loaders.orgfile import parse_text
>>> org = parse_text('''
... organisation: {key: x, name: X}
... posts: [{key: x/post/1, name: დეპარტამენტის უფროსი}]
... ''', "doc")
>>> out = render(org, fmt="svg")
>>> (out.nodes, out.edges, "დეპარტამენტის უფროსი" in out.data.decode())
(1, 0, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import graphviz

from graph.errors import InputError
from graph.schema.model import OrgFile
from viz.chart import build_chart
from viz.findings import marks_from
from viz.index import OrgIndex
from viz.overview import build_overview
from viz.select import select

FORMATS = {  # --format -> (graphviz format, renderer)
    "svg": ("svg", None),
    "png": ("png", "cairo"),
    "pdf": ("pdf", "cairo"),
    "dot": (None, None),
}


@dataclass
class Rendered:
    file: str | None
    format: str
    nodes: int
    edges: int
    data: bytes
    source: str

    def output_figures(self) -> dict[str, Any]:
        return {"file": self.file, "format": self.format, "nodes": self.nodes, "edges": self.edges}


def format_for(path: str | Path | None, fmt: str | None) -> str:
    """The output format: as given, else from the file's suffix, else SVG.

    >>> format_for("chart.PNG", None), format_for(None, None), format_for("x.svg", "pdf")
    ('png', 'svg', 'pdf')
    """
    if fmt:
        fmt = fmt.lower()
    elif path is not None and Path(path).suffix.lower().lstrip(".") in FORMATS:
        fmt = Path(path).suffix.lower().lstrip(".")
    else:
        fmt = "svg"
    if fmt not in FORMATS:
        raise InputError(f"unknown chart format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


def render(org: OrgFile, path: str | Path | None = None, *, fmt: str | None = None,
           unit: str | None = None, around: str | None = None, depth: int | None = None,
           substitutes: bool = False, findings: Iterable[Any] | None = None,
           units_only: bool = False, title: str | None = None) -> Rendered:
    """Draw ``org`` (whole, one ``unit``, or ``around`` a post) and write it to ``path`` if given.

    ``findings`` (from the checks) colour the posts and units they name and add a legend.
    """
    fmt = format_for(path, fmt)
    ix = OrgIndex(org)
    if units_only:
        if around:
            raise InputError("--units-only draws units; it cannot be centred on a post")
        chart = build_overview(org, unit=unit, depth=depth, index=ix, title=title)
    else:
        sel = select(org, unit=unit, around=around, depth=depth, index=ix)
        marks = marks_from(findings) if findings is not None else None
        chart = build_chart(org, sel, substitutes=substitutes, marks=marks, index=ix,
                            title=title if title is not None else _title(org, ix, sel))
    source = chart.graph.source
    gv_format, renderer = FORMATS[fmt]
    data = source.encode("utf-8") if gv_format is None else _pipe(chart.graph, gv_format, renderer)
    if path is not None:
        Path(path).write_bytes(data)
    return Rendered(file=str(path) if path is not None else None, format=fmt, nodes=chart.nodes,
                    edges=chart.edges, data=data, source=source)


def _pipe(graph: graphviz.Digraph, fmt: str, renderer: str | None) -> bytes:
    try:
        return graph.pipe(format=fmt, renderer=renderer, quiet=True)
    except graphviz.CalledProcessError as exc:
        # Graphviz 2.43's orthogonal router aborts on some cluster layouts (maze.c
        # assertions); curved edges always lay out, so the chart falls back to them.
        if "splines=ortho" not in graph.source:
            raise _failed(exc) from None
    fallback = graph.copy()
    fallback.attr(splines="spline")
    try:
        return fallback.pipe(format=fmt, renderer=renderer, quiet=True)
    except graphviz.CalledProcessError as exc:
        raise _failed(exc) from None


def _failed(exc: Exception) -> InputError:
    detail = (getattr(exc, "stderr", b"") or b"").decode("utf-8", "replace").strip().splitlines()
    return InputError("Graphviz could not draw this chart" + (f": {detail[-1]}" if detail else ""))


def _title(org: OrgFile, ix: OrgIndex, sel) -> str:
    name = org.organisation.name
    if sel.scope:
        u = ix.units[sel.scope]
        return f"{name}\\n{(u.number.rstrip('.') + '. ') if u.number else ''}{u.name}"
    if sel.focus:
        p = ix.posts[sel.focus]
        return f"{name}\\n{(p.number.rstrip('.') + '. ') if p.number else ''}{p.name}"
    return name
