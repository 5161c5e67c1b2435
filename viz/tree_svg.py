"""A scene written as SVG directly: text stays text, every string escaped, one group per node and edge.

The groups follow Graphviz's SVG shape (``<g class="node post"><title>key</title>``,
``<g class="edge line"><title>tail->head</title>``), so :func:`viz.svg.read_svg`
reads either kind of chart back.

>>> from viz.scene import Scene, Group, Text
>>> s = Scene(100, 50, [Group("node post", "a<&>b", [Text(1, 10, "Ана & <Б>", 9)], (0, 0, 10, 10))])
>>> out = to_svg(s).decode()
>>> "<title>a&lt;&amp;&gt;b</title>" in out and "Ана &amp; &lt;Б&gt;" in out
True
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from viz.scene import DASHES, Path, Rect, Scene, Text

FONT_FAMILY = "'DejaVu Sans', 'Noto Sans Georgian', 'Noto Sans', sans-serif"


def _n(v: float) -> str:
    return "%.1f" % v


def _dash(dash: str | None) -> str:
    d = DASHES.get(dash)
    return f' stroke-dasharray="{_n(d[0])},{_n(d[1])}"' if d else ""


def to_svg(scene: Scene, progress=None) -> bytes:
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(scene.width)}pt" height="{_n(scene.height)}pt" '
        f'viewBox="0 0 {_n(scene.width)} {_n(scene.height)}">\n',
        f'<style>text {{ font-family: {FONT_FAMILY}; }} .b {{ font-weight: bold; }}</style>\n',
        f'<rect width="{_n(scene.width)}" height="{_n(scene.height)}" fill="white"/>\n',
        '<g class="graph">\n',
    ]
    w = out.append
    total = len(scene.groups)
    for done, g in enumerate(scene.groups):
        if progress and done % 50000 == 0:
            progress("svg", done, total)
        w(f'<g class={quoteattr(g.cls)}><title>{escape(g.title)}</title>')
        if g.tooltip and g.tooltip != g.title:
            w(f'<desc>{escape(g.tooltip)}</desc>')
        for it in g.items:
            if isinstance(it, Rect):
                fill = it.fill or "none"
                stroke = f' stroke="{it.stroke}" stroke-width="{_n(it.pen)}"' if it.stroke else ""
                w(f'<rect x="{_n(it.x)}" y="{_n(it.y)}" width="{_n(it.w)}" height="{_n(it.h)}" rx="{_n(it.radius)}" '
                  f'fill="{fill}"{stroke}{_dash(it.dash)}/>')
            elif isinstance(it, Text):
                anchor = ' text-anchor="middle"' if it.anchor == "middle" else ""
                bold = ' class="b"' if it.bold else ""
                w(f'<text x="{_n(it.x)}" y="{_n(it.y)}" font-size="{_n(it.size)}"{anchor}{bold} fill="{it.colour}">'
                  f'{escape(it.text)}</text>')
            elif isinstance(it, Path):
                d = "M" + " L".join(f"{_n(x)},{_n(y)}" for x, y in it.points)
                if it.closed_fill:
                    w(f'<path d="{d} Z" fill="{it.closed_fill}" stroke="none"/>')
                else:
                    w(f'<path d="{d}" fill="none" stroke="{it.colour}" stroke-width="{_n(it.pen)}"{_dash(it.dash)}/>')
        w("</g>\n")
    w("</g>\n</svg>\n")
    return "".join(out).encode("utf-8")
