"""The tree of organisations: which body is part of, or reports to, which (``orgraph hierarchy``).

Each organisation hangs under the one it is ``part_of``, else under the one it
``reports_to``; one naming an organisation that is not loaded, or none, is a root (the
key it names is kept as ``names``); organisations in a circle (an error the checks
report) are put at the top once each, so nothing is left out.

>>> rows = [{"key": "gov", "name": "Government"},
...         {"key": "min", "name": "Ministry", "part_of": "gov"},
...         {"key": "agency", "name": "Agency", "reports_to": "min"},
...         {"key": "audit", "name": "Audit Office", "independent": True}]
>>> print(text(forest(rows)))
Government (gov)
└── Ministry (min)  part of
    └── Agency (agency)  reports to
Audit Office (audit)  independent
>>> print(text(forest(rows, "agency")))
Government (gov)
└── Ministry (min)  part of
    └── Agency (agency)  reports to
"""

from __future__ import annotations

from typing import Any

from graph.errors import NotFound

VERBS = {"part_of": "part of", "reports_to": "reports to"}


def _parent(row: dict, known: dict) -> tuple[str | None, str | None]:
    for field in ("part_of", "reports_to"):
        target = row.get(field)
        if target and target != row["key"]:
            return (target, field) if target in known else (None, field)
    return None, None


def forest(rows: list[dict], root: str | None = None) -> Any:
    """Nested nodes ``{key, name, relation, independent, names, children}`` for ``rows`` (every
    organisation's key, name, part_of, reports_to, independent); with ``root`` (a key), its
    subtree and the organisations above it: ``{"above": [...nearest last...], "tree": node}``."""
    known = {r["key"]: r for r in rows}
    children: dict[str | None, list[str]] = {}
    relation: dict[str, str | None] = {}
    for r in rows:
        parent, field = _parent(r, known)
        relation[r["key"]] = field
        children.setdefault(parent, []).append(r["key"])

    def node(key: str, seen: set) -> dict:
        seen.add(key)
        r = known[key]
        field = relation[key]
        out = {"key": key, "name": r.get("name"), "relation": field, "independent": bool(r.get("independent"))}
        if field and r.get(field) not in known:
            out["names"] = r.get(field)  # a body not loaded
        out["children"] = [node(c, seen) for c in children.get(key, []) if c not in seen]
        return out

    if root is not None:
        if root not in known:
            raise NotFound(f"organisation {root!r} is not loaded; `orgraph orgs` lists what is")
        above, cur = [], _parent(known[root], known)[0]
        while cur is not None and cur != root and cur not in [a["key"] for a in above]:
            above.append({"key": cur, "name": known[cur].get("name"), "relation": relation[cur]})
            cur = _parent(known[cur], known)[0]
        return {"above": list(reversed(above)), "tree": node(root, set())}
    seen: set = set()
    out = [node(k, seen) for k in children.get(None, [])]
    # Organisations in a circle have no root above them: each circle is shown from its first member.
    for r in rows:
        if r["key"] not in seen:
            out.append(node(r["key"], seen))
    return out


def _label(n: dict) -> str:
    notes = []
    if n.get("relation"):
        notes.append(VERBS[n["relation"]] + (f" {n['names']} (not loaded)" if n.get("names") else ""))
    if n.get("independent"):
        notes.append("independent")
    return f"{n['name']} ({n['key']})" + ("  " + ", ".join(notes) if notes else "")


def text(tree: Any) -> str:
    """The forest (or a subtree under the organisations above it) as indented lines."""
    if isinstance(tree, dict):
        top = tree["tree"]
        for a in reversed(tree["above"]):
            top = {**a, "independent": False, "children": [top]}
        tree = [top]
    return "\n".join(_lines(tree, "", top=True))


def _lines(nodes: list[dict], prefix: str, top: bool) -> list[str]:
    out: list[str] = []
    for i, n in enumerate(nodes):
        last = i == len(nodes) - 1
        if top:
            out.append(_label(n))
            out += _lines(n["children"], "", top=False)
        else:
            out.append(prefix + ("└── " if last else "├── ") + _label(n))
            out += _lines(n["children"], prefix + ("    " if last else "│   "), top=False)
    return out


def hierarchy(conn, org: str | None = None) -> Any:
    """:func:`forest` of every loaded organisation, or the subtree of ``org`` (a key)."""
    from graph.store.orgrelations import relations

    return forest(relations(conn), org)
