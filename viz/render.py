"""One call from an org model to chart files: :func:`render` (one file) or :func:`render_all`.

Post charts use the tidy tree layout (:mod:`viz.layout.tree`) by default: laid
out once, then written to SVG directly and to PDF/PNG with cairo, whatever the
number of outputs. ``layout="nested"`` draws units as nested Graphviz clusters
(good for a unit or a small body); ``dot`` always writes that Graphviz source,
unlaid, for editing. The unit overview (``units_only``) is a tree of units, sideways.
Graphviz runs with a time limit and stops with a clear message, never falling
back silently to another drawing.

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

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable


from graph.errors import InputError
from graph.schema.model import OrgFile
from viz.chart import build_chart
from viz.findings import banner, marks_from
from viz.index import OrgIndex
from viz.overview import build_overview
from viz.select import select

LAYOUTS = ("tree", "nested")
GRAPHVIZ_TIME_LIMIT = 60.0  # seconds; dot on a 2,000-post nested chart needs about 30
Progress = Callable[[str, int, int], None]

FORMATS = {  # --format -> (graphviz format, renderer) for the nested (Graphviz) charts
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
    """The output format: as given, else from the file's suffix, else SVG; a suffix that names
    another format than the one given is refused.

    >>> format_for("chart.PNG", None), format_for(None, None), format_for("x.out", "pdf")
    ('png', 'svg', 'pdf')
    >>> format_for("x.svg", "pdf")
    Traceback (most recent call last):
    graph.errors.InputError: x.svg: the file name says svg but the format asked for is pdf; make them agree
    """
    suffix = Path(path).suffix.lower().lstrip(".") if path is not None else ""
    if fmt:
        fmt = fmt.lower()
        if suffix in FORMATS and suffix != fmt:
            raise InputError(f"the file name says {suffix} but the format asked for is {fmt}; make them agree",
                             file=str(path))
    elif suffix in FORMATS:
        fmt = suffix
    else:
        fmt = "svg"
    if fmt not in FORMATS:
        raise InputError(f"unknown chart format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


def render(org: OrgFile, path: str | Path | None = None, *, fmt: str | None = None, **options: Any) -> Rendered:
    """Draw ``org`` (whole, one ``unit``, or ``around`` a post) and write it to ``path`` if given.

    Options as :func:`render_all`.
    """
    return render_all(org, [(path, fmt)], **options)[0]


def render_all(org: OrgFile, outputs: list[tuple[str | Path | None, str | None]], *, unit: str | None = None,
               around: str | None = None, depth: int | None = None, substitutes: bool = False,
               findings: Iterable[Any] | None = None, units_only: bool = False, title: str | None = None,
               layout: str = "tree", direction: str | None = None, overlays: bool = True, compact: bool = True,
               paper: str | None = None, landscape: bool = False, fit: bool = False, png_scale: float = 1.5,
               time_limit: float = GRAPHVIZ_TIME_LIMIT, progress: Progress | None = None,
               people: dict[str, str] | None = None) -> list[Rendered]:
    """Draw once, write every ``(path, format)`` in ``outputs``; nothing is written unless all succeed.

    ``findings`` (from the checks) colour the posts and units they name. ``paper``/``landscape``
    print a PDF over sheets (``fit``: on one sheet, if the text stays legible); ``progress(stage,
    done, total)`` hears about long steps.
    """
    if layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    formats = [format_for(path, fmt) for path, fmt in outputs]
    if (paper or fit) and "pdf" not in formats:
        raise InputError("--paper and --fit are for PDF output")
    ix = OrgIndex(org)
    gv_chart = tree = None
    graphviz_needed = layout == "nested" or "dot" in formats
    tree_needed = layout == "tree" and any(f != "dot" for f in formats)
    if people is not None and (graphviz_needed or units_only):
        raise InputError("holders are drawn on the post tree (svg, pdf, png), not the nested layout, "
                         "dot or the unit overview")
    if units_only:
        if around:
            raise InputError("--units-only draws units; it cannot be centred on a post")
        if graphviz_needed:
            gv_chart = build_overview(org, unit=unit, depth=depth, index=ix, title=title)
        if tree_needed:
            from viz.unit_tree import build_unit_tree

            tree = build_unit_tree(org, unit=unit, depth=depth, index=ix, title=[title] if title else None,
                                   direction=direction or "LR", progress=progress)
    else:
        sel = select(org, unit=unit, around=around, depth=depth, index=ix)
        marks = marks_from(findings) if findings is not None else None
        gv_title = title if title is not None else _title(org, ix, sel)
        if findings is not None:
            # Findings no box could stand for (about the organisation as a whole, such as a declared
            # total) are not lost: a banner under the title names them.
            lines = banner(findings, drawn=[*ix.posts, *ix.units])
            gv_title = "\\n".join([gv_title, *(line.replace("\\", "\\\\") for line in lines)])
        if graphviz_needed:
            gv_chart = build_chart(org, sel, substitutes=substitutes, marks=marks, index=ix, title=gv_title)
        if tree_needed:
            from viz.tree_chart import build_tree_chart

            tree = build_tree_chart(org, sel, substitutes=substitutes, overlays=overlays, marks=marks, index=ix,
                                    title=gv_title.split("\\n"), direction=direction or "TB", compact=compact,
                                    progress=progress, people=people)
    if tree is not None:
        from viz.scene import build_scene

        scene = build_scene(tree, progress)
    results: list[Rendered] = []
    for (path, _), fmt in zip(outputs, formats):
        if fmt == "dot" or layout == "nested":
            source = gv_chart.graph.source
            if fmt == "dot":
                data = source.encode("utf-8")
            else:
                if paper or fit:
                    raise InputError("--paper and --fit print the tree layout; the nested chart is one page")
                data = _pipe(source, fmt, time_limit)
            results.append(Rendered(None, fmt, gv_chart.nodes, gv_chart.edges, data, source))
            continue
        if fmt == "svg":
            from viz.tree_svg import to_svg

            data = to_svg(scene, progress)
        elif fmt == "pdf":
            from viz.tree_paint import to_pdf

            data = to_pdf(scene, paper=paper, landscape=landscape, fit=fit, title=" — ".join(tree.title),
                          progress=progress)
        else:
            from viz.tree_paint import to_png

            data = to_png(scene, scale=png_scale, progress=progress)
        results.append(Rendered(None, fmt, tree.nodes, tree.edges, data, ""))
    for (path, _), r in zip(outputs, results):
        if path is not None:
            Path(path).write_bytes(r.data)
            r.file = str(path)
    return results


def _pipe(source: str, fmt: str, time_limit: float) -> bytes:
    gv_format, renderer = FORMATS[fmt]
    cmd = ["dot", f"-T{gv_format}" + (f":{renderer}" if renderer else "")]
    try:
        proc = subprocess.run(cmd, input=source.encode("utf-8"), capture_output=True, timeout=time_limit)
    except subprocess.TimeoutExpired:
        raise InputError(f"Graphviz did not finish this chart in {time_limit:g} s; the tree layout draws any "
                         f"size (--layout tree), or chart a part (--unit, --depth)") from None
    except FileNotFoundError:
        raise InputError("Graphviz's dot is not installed (Debian: graphviz)") from None
    if proc.returncode != 0:
        # Graphviz 2.43's orthogonal router aborts on some cluster layouts (maze.c assertions).
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError("Graphviz could not draw this chart" + (f" ({detail[-1]})" if detail else "")
                         + "; the tree layout (--layout tree) draws it")
    return proc.stdout


def _title(org: OrgFile, ix: OrgIndex, sel) -> str:
    name = org.organisation.name
    if sel.scope:
        u = ix.units[sel.scope]
        return f"{name}\\n{(u.number.rstrip('.') + '. ') if u.number else ''}{u.name}"
    if sel.focus:
        p = ix.posts[sel.focus]
        return f"{name}\\n{(p.number.rstrip('.') + '. ') if p.number else ''}{p.name}"
    return name
