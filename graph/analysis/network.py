"""An org model as a networkx graph, shaped like the Neo4j graph.

Nodes are the organisation, its units, posts and activities, keyed by their
model keys and labelled like the Neo4j nodes (attribute ``label``: ``Post``,
``Unit``, ``Organisation``, ``Activity``). Edges carry the Neo4j relationship
type as their multigraph key: ``REPORTS_TO`` (post -> superior, with ``kind``
and ``basis``), ``SUBSTITUTES`` (substitute -> principal, with ``order``),
``PART_OF`` (unit -> parent unit or organisation), ``IN`` (post -> unit or
organisation), ``HEADS`` (post -> unit), ``RESPONSIBLE_FOR`` and ``APPROVES``
(actor -> activity). A reference to a key the model does not hold still gets
its node, with ``label`` ``Missing``, so a check can name it.

>>> from graph.schema.model import OrgFile, Organisation, Post, Supervision, Title
>>> org = OrgFile(organisation=Organisation(key="d", name="Demo"),
...     titles=[Title(key="rs/savetnik", system="rs", code="savetnik", name="саветник", rank=8)],
...     posts=[Post(key="d/post/1", name="Director"),
...            Post(key="d/post/2", name="Analyst", title="rs/savetnik")],
...     supervision=[Supervision(post="d/post/2", superior="d/post/1")])
>>> g = build(org)
>>> g.nodes["d/post/2"]["label"], g.nodes["d/post/2"]["title_rank"]
('Post', 8)
>>> sorted((u, v, k) for u, v, k in g.edges(keys=True))
[('d/post/1', 'd', 'IN'), ('d/post/2', 'd', 'IN'), ('d/post/2', 'd/post/1', 'REPORTS_TO')]
>>> list(supervision(org).edges())
[('d/post/2', 'd/post/1')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from graph.schema.model import OrgFile, Provenance

# networkx (a tenth of a second to import) is imported where a graph is built: the checks
# import this module for SUPERVISING and need a graph only for an org with a cycle.
if TYPE_CHECKING:
    import networkx as nx

#: Supervision kinds that make a post's superior (accountability lines do not).
SUPERVISING = ("line", "secondary")


def _prov(p: Provenance | None) -> dict:
    return {"doc": p.document, "line": p.line} if p else {}


def _ensure(g: nx.MultiDiGraph, key: str) -> None:
    if key not in g:
        g.add_node(key, label="Missing")


def build(org: OrgFile) -> nx.MultiDiGraph:
    """The whole org as a MultiDiGraph (see the module docstring for its shape)."""
    import networkx as nx

    g = nx.MultiDiGraph(org=org.organisation.key, name=org.organisation.name)
    o = org.organisation
    g.add_node(o.key, label="Organisation", name=o.name, kind=o.kind, **_prov(o.provenance))
    titles = {t.key: t for t in org.titles}
    for u in org.units:
        g.add_node(u.key, label="Unit", name=u.name, number=u.number, kind=u.kind, **_prov(u.provenance))
    for p in org.posts:
        t = titles.get(p.title) if p.title else None
        g.add_node(p.key, label="Post", name=p.name, number=p.number, unit=p.unit, headcount=p.headcount,
                   title=p.title, title_rank=t.rank if t else None, title_kind=t.kind if t else None,
                   title_junior=t.junior if t else None, heads=p.heads, partial=p.partial,
                   declared_only=p.declared_only, **_prov(p.provenance))
    for a in org.activities:
        g.add_node(a.key, label="Activity", text=a.text, number=a.number, **_prov(a.provenance))
    for u in org.units:
        parent = u.parent or o.key
        _ensure(g, parent)
        g.add_edge(u.key, parent, key="PART_OF")
    for p in org.posts:
        where = p.unit or o.key
        _ensure(g, where)
        g.add_edge(p.key, where, key="IN")
        if p.heads:
            _ensure(g, p.heads)
            g.add_edge(p.key, p.heads, key="HEADS")
    for s in org.supervision:
        _ensure(g, s.post)
        _ensure(g, s.superior)
        # Several edges of one kind between the same pair collapse: a MultiDiGraph key is the type.
        g.add_edge(s.post, s.superior, key="REPORTS_TO", kind=s.kind, basis=s.basis)
    for s in org.substitution:
        if s.substitute:
            _ensure(g, s.substitute)
            _ensure(g, s.principal)
            g.add_edge(s.substitute, s.principal, key="SUBSTITUTES", order=s.order)
    for a in org.activities:
        for ref in a.responsible:
            _ensure(g, ref)
            g.add_edge(ref, a.key, key="RESPONSIBLE_FOR")
        for ref in a.approvers:
            _ensure(g, ref)
            g.add_edge(ref, a.key, key="APPROVES")
    return g


def supervision(org: OrgFile, kinds: Iterable[str] | None = SUPERVISING) -> nx.DiGraph:
    """Posts and their reporting lines as a DiGraph, post -> superior.

    ``kinds=None`` keeps every kind, accountability included.

    >>> from graph.schema.model import OrgFile, Organisation, Post, Supervision
    >>> org = OrgFile(organisation=Organisation(key="d", name="D"),
    ...     posts=[Post(key="a", name="A"), Post(key="b", name="B")],
    ...     supervision=[Supervision(post="b", superior="a", kind="accountability")])
    >>> supervision(org).number_of_edges(), supervision(org, kinds=None).number_of_edges()
    (0, 1)
    """
    import networkx as nx

    keep = None if kinds is None else set(kinds)
    g = nx.DiGraph()
    g.add_nodes_from(p.key for p in org.posts)
    g.add_edges_from((s.post, s.superior) for s in org.supervision if keep is None or s.kind in keep)
    return g


def substitution(org: OrgFile) -> nx.DiGraph:
    """Resolved substitutions as a DiGraph, substitute -> principal (``order`` on the edge).

    >>> from graph.schema.model import OrgFile, Organisation, Post, Substitution
    >>> org = OrgFile(organisation=Organisation(key="d", name="D"),
    ...     posts=[Post(key="a", name="A"), Post(key="b", name="B")],
    ...     substitution=[Substitution(principal="a", substitute="b"),
    ...                   Substitution(principal="a", substitute_text="someone")])
    >>> list(substitution(org).edges(data="order"))
    [('b', 'a', 1)]
    """
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(p.key for p in org.posts)
    g.add_edges_from((s.substitute, s.principal, {"order": s.order})
                     for s in org.substitution if s.substitute)
    return g


def unit_tree(org: OrgFile) -> nx.DiGraph:
    """Units as a DiGraph, unit -> parent unit (top units have no out-edge).

    >>> from graph.schema.model import OrgFile, Organisation, Unit
    >>> org = OrgFile(organisation=Organisation(key="d", name="D"),
    ...     units=[Unit(key="d/1", name="S"), Unit(key="d/1.1", name="D", parent="d/1")])
    >>> list(unit_tree(org).edges())
    [('d/1.1', 'd/1')]
    """
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(u.key for u in org.units)
    g.add_edges_from((u.key, u.parent) for u in org.units if u.parent)
    return g
