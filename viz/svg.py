"""Read a chart's SVG back: which nodes it shows with what text, and which edges.

Graphviz's own SVG keeps each node's name in ``<title>`` and each label line
in a ``<text>``; the chart puts its meaning in the SVG ``class``. This lets a
test (or a curious user) check a drawing against the graph it came from.

>>> svg = '''<svg xmlns="http://www.w3.org/2000/svg"><g class="graph">
... <g id="node1" class="node post head"><title>x/post/1</title><text>1. Директор ·</text><text>×1</text></g>
... <g id="edge1" class="edge line"><title>x/post/1&#45;&gt;x/post/2</title></g></g></svg>'''
>>> read_svg(svg).nodes["x/post/1"].text
'1. Директор · ×1'
>>> read_svg(svg).edges
[('x/post/1', 'x/post/2', 'line')]
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

NS = "{http://www.w3.org/2000/svg}"
_PORT = re.compile(r":(n|ne|e|se|s|sw|w|nw|c|_)$")  # compass ports Graphviz appends to edge titles


@dataclass
class SvgNode:
    name: str
    classes: set[str]
    text: str  # label lines joined by single spaces


@dataclass
class SvgChart:
    nodes: dict[str, SvgNode] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (tail, head, first class after "edge")
    clusters: dict[str, SvgNode] = field(default_factory=dict)  # by cluster name (cluster_<unit key>)
    legend: str | None = None  # the text of a tree chart's legend


def read_svg(data: bytes | str) -> SvgChart:
    root = ET.fromstring(data.encode("utf-8") if isinstance(data, str) else data)
    out = SvgChart()
    for g in root.iter(f"{NS}g"):
        classes = (g.get("class") or "").split()
        title_el = g.find(f"{NS}title")
        if not classes or title_el is None:
            continue
        title = title_el.text or ""
        text = " ".join(" ".join("".join(t.itertext()).split()) for t in g.iter(f"{NS}text"))
        if classes[0] == "node":
            out.nodes[title] = SvgNode(title, set(classes[1:]), text)
        elif classes[0] == "edge" and "->" in title:
            tail, head = (_PORT.sub("", end) for end in title.split("->", 1))
            out.edges.append((tail, head, classes[1] if len(classes) > 1 else ""))
        elif classes[0] == "cluster":
            out.clusters[title] = SvgNode(title, set(classes[1:]), text)
        elif classes[0] == "legend":
            out.legend = text
    return out
