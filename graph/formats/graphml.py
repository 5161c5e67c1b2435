"""GraphML for yEd and networkx: the organisation, its units and posts as nodes, typed edges.

Each node carries yEd's node graphics (``y:ShapeNode`` with a ``y:NodeLabel``), so yEd shows the
names and lays the chart out (Layout > Hierarchical); every node and edge also has plain GraphML
attributes (``type``, ``key``, ``name``, ...), which networkx reads as node and edge data.

Edges (attribute ``type``): ``part_of`` (unit to its parent unit or the organisation), ``in`` (post to
its unit or the organisation), ``heads`` (post to the unit it heads), ``reports_to`` (post to superior,
with ``kind`` and ``basis``), ``substitutes`` (substitute to principal, with ``order``). Intended tops
have ``independent``; a post's holders are summed as ``held_fte`` (no names: a chart tool is no
place for personal data).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from graph.schema.model import OrgFile

NS = "http://graphml.graphdrawing.org/xmlns"
Y = "http://www.yworks.com/xml/graphml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = ("http://graphml.graphdrawing.org/xmlns "
          "http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd")

NODE_KEYS = [("type", "string"), ("key", "string"), ("name", "string"), ("number", "string"),
             ("kind", "string"), ("headcount", "double"), ("title", "string"), ("document", "string"),
             ("line", "int"), ("identifiers", "string"), ("part_of", "string"), ("reports_to", "string"),
             ("independent", "boolean"), ("held_fte", "double")]
EDGE_KEYS = [("type", "string"), ("kind", "string"), ("basis", "string"), ("order", "int"), ("joint", "boolean")]
# yEd look: (shape, fill) per node type; line style per edge.
SHAPES = {"organisation": ("hexagon", "#F6C667"), "unit": ("roundrectangle", "#CFE2F3"),
          "post": ("rectangle", "#FFFFFF")}
EDGE_STYLE = {"part_of": ("line", "#999999"), "in": ("dotted", "#BBBBBB"), "heads": ("dashed", "#6FA8DC"),
              "line": ("line", "#000000"), "secondary": ("dashed", "#CC0000"),
              "accountability": ("dashed_dotted", "#CC0000"), "substitutes": ("dotted", "#38761D")}


def _y(tag: str) -> str:
    return f"{{{Y}}}{tag}"


def _g(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def to_xml(org: OrgFile) -> ET.ElementTree:
    ET.register_namespace("", NS)
    ET.register_namespace("y", Y)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_g("graphml"), {f"{{{XSI}}}schemaLocation": SCHEMA})
    ids: dict[tuple[str, str], str] = {}
    for i, (name, type_) in enumerate(NODE_KEYS):
        ET.SubElement(root, _g("key"), {"id": f"n{i}", "for": "node", "attr.name": name, "attr.type": type_})
        ids[("node", name)] = f"n{i}"
    for i, (name, type_) in enumerate(EDGE_KEYS):
        ET.SubElement(root, _g("key"), {"id": f"e{i}", "for": "edge", "attr.name": name, "attr.type": type_})
        ids[("edge", name)] = f"e{i}"
    ET.SubElement(root, _g("key"), {"id": "ng", "for": "node", "yfiles.type": "nodegraphics"})
    ET.SubElement(root, _g("key"), {"id": "eg", "for": "edge", "yfiles.type": "edgegraphics"})
    graph = ET.SubElement(root, _g("graph"), {"id": org.organisation.key, "edgedefault": "directed"})

    def data(el, kind: str, values: dict) -> None:
        for name, _type in (NODE_KEYS if kind == "node" else EDGE_KEYS):
            v = values.get(name)
            if v is not None:
                ET.SubElement(el, _g("data"), {"key": ids[(kind, name)]}).text = (
                    str(v).lower() if isinstance(v, bool) else str(v))

    def node(key: str, type_: str, label: str, values: dict) -> None:
        el = ET.SubElement(graph, _g("node"), {"id": key})
        data(el, "node", {"type": type_, "key": key, **values})
        shape, fill = SHAPES[type_]
        lines = label.split("\n")
        width = min(max(max(len(x) for x in lines) * 7 + 16, 60), 360)
        gfx = ET.SubElement(ET.SubElement(el, _g("data"), {"key": "ng"}), _y("ShapeNode"))
        ET.SubElement(gfx, _y("Geometry"), {"x": "0", "y": "0", "width": str(width),
                                            "height": str(18 * len(lines) + 12)})
        ET.SubElement(gfx, _y("Fill"), {"color": fill, "transparent": "false"})
        ET.SubElement(gfx, _y("BorderStyle"), {"color": "#000000", "type": "line", "width": "1.0"})
        ET.SubElement(gfx, _y("NodeLabel"), {"alignment": "center", "autoSizePolicy": "content",
                                             "fontFamily": "Dialog", "fontSize": "12",
                                             "modelName": "internal", "modelPosition": "c"}).text = label
        ET.SubElement(gfx, _y("Shape"), {"type": shape})

    n_edges = 0

    def edge(source: str, target: str, type_: str, values: dict | None = None, label: str | None = None) -> None:
        nonlocal n_edges
        values = values or {}
        el = ET.SubElement(graph, _g("edge"), {"id": f"e{n_edges}", "source": source, "target": target})
        n_edges += 1
        data(el, "edge", {"type": type_, **values})
        style, color = EDGE_STYLE[values.get("kind") or type_]
        gfx = ET.SubElement(ET.SubElement(el, _g("data"), {"key": "eg"}), _y("PolyLineEdge"))
        ET.SubElement(gfx, _y("LineStyle"), {"color": color, "type": style, "width": "1.0"})
        ET.SubElement(gfx, _y("Arrows"), {"source": "none", "target": "standard"})
        if label:
            ET.SubElement(gfx, _y("EdgeLabel"), {"fontSize": "10"}).text = label

    def prov(item) -> dict:
        p = item.provenance
        ids = "; ".join(f"{k}:{v}" for k, v in item.identifiers.items()) or None
        return {"document": p.document, "line": p.line, "identifiers": ids} if p is not None else {"identifiers": ids}

    held: dict[str, float] = {}
    for h in org.holders:
        held[h.post] = held.get(h.post, 0) + h.fte
    o = org.organisation
    node(o.key, "organisation", o.name, {"name": o.name, "kind": o.kind, "part_of": o.part_of,
                                         "reports_to": o.reports_to, "independent": "true" if o.independent else None,
                                         **prov(o)})
    for u in org.units:
        node(u.key, "unit", f"{u.number} {u.name}" if u.number else u.name,
             {"name": u.name, "number": u.number, "kind": u.kind, "independent": "true" if u.independent else None,
              **prov(u)})
    for p in org.posts:
        node(p.key, "post", f"{p.number}. {p.name}" if p.number else p.name,
             {"name": p.name, "number": p.number, "headcount": p.headcount,
              "title": p.title_as_written or p.title, "independent": "true" if p.independent else None,
              "held_fte": held.get(p.key), **prov(p)})
    for u in org.units:
        edge(u.key, u.parent or o.key, "part_of")
    for p in org.posts:
        edge(p.key, p.unit or o.key, "in")
        if p.heads:
            edge(p.key, p.heads, "heads")
    for s in org.supervision:
        edge(s.post, s.superior, "reports_to", {"kind": s.kind, "basis": s.basis, "joint": s.joint or None},
             label="jointly" if s.joint else None if s.kind == "line" else s.kind)
    for s in org.substitution:
        if s.substitute is not None:
            edge(s.substitute, s.principal, "substitutes", {"order": s.order, "basis": s.basis},
                 label=f"acts for ({s.order})")
    ET.indent(root, space=" ")
    return ET.ElementTree(root)


def write_graphml(org: OrgFile, path: str | Path, findings: list | None = None) -> None:
    """Write GraphML with yEd graphics. (Findings are not drawn; charts do that.)"""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    to_xml(org).write(tmp, encoding="UTF-8", xml_declaration=True)
    tmp.replace(path)


def counts(org: OrgFile) -> tuple[int, int]:
    """(nodes, edges) :func:`write_graphml` writes for ``org``."""
    nodes = 1 + len(org.units) + len(org.posts)
    edges = (len(org.units) + len(org.posts) + sum(1 for p in org.posts if p.heads) + len(org.supervision)
             + sum(1 for s in org.substitution if s.substitute is not None))
    return nodes, edges
