"""The one cycle detector: reporting lines, substitutes and units that go round in a circle.

Every walk over an org's directed edges (post -> superior, substitute ->
principal, unit -> parent) uses this module to find cycles or to stop at them:

- :func:`cyclic_parts`: the strongly connected parts that hold a cycle, for a
  check to report;
- :func:`cycle_order`: one part's nodes in the order of a cycle through it, for
  a readable message;
- :func:`post_order`: a walk from the top down that lists every node after
  those below it and never follows an edge that closes a cycle (roll-ups and
  spans sum bottom-up over it);
- :func:`until_repeat`: a chain of superiors cut before the first node it meets
  a second time.

>>> g, parts = cyclic_parts(["a", "b", "c", "d", "e"], ["b", "c", "b", "d", "a"])
>>> sorted(sorted(p) for p in parts)
[['b', 'c'], ['d']]
>>> cycle_order(g, {"b", "c"})
['b', 'c']
>>> list(post_order({None: ["a"], "a": ["b", "c"], "b": ["a"]}, [None]))
['c', 'b', 'a', None]
>>> until_repeat(["x", "y", "z", "y"])
['x', 'y', 'z']
"""

from __future__ import annotations

from itertools import compress
from typing import TYPE_CHECKING, Hashable, Iterable, Iterator, Mapping, Sequence, TypeVar

if TYPE_CHECKING:
    import networkx as nx

N = TypeVar("N", bound=Hashable)


def cyclic_parts(starts: Sequence[str], ends: Sequence[str]) -> tuple[nx.DiGraph | None, list[set[str]]]:
    """Strongly connected parts that hold a cycle (a self-loop counts), and the graph of them
    (None when there is no cycle), for the edges ``starts[i] -> ends[i]``.

    A node on a cycle has an edge in and an edge out among the nodes on cycles, so edges
    touching a node without both are dropped until none is left to drop (a tree loses its
    leaves, then the next level, and so on, in set operations); networkx only sees the rest.

    >>> cyclic_parts(["a", "b"], ["b", "c"])
    (None, [])
    >>> cyclic_parts(["a"], ["a"])[1]
    [{'a'}]
    """
    starts, ends = list(starts), list(ends)
    while starts:
        both = set(starts).intersection(ends)
        keep = [a in both and b in both for a, b in zip(starts, ends)]
        if all(keep):
            break
        starts, ends = list(compress(starts, keep)), list(compress(ends, keep))
    if not starts:
        return None, []
    # networkx (a tenth of a second to import) only for an org that has a cycle to report.
    import networkx as nx

    g = nx.DiGraph()
    g.add_edges_from(zip(starts, ends))
    parts = [c for c in nx.strongly_connected_components(g)
             if len(c) > 1 or g.has_edge(next(iter(c)), next(iter(c)))]
    return g, parts


def cycle_order(g: nx.DiGraph, part: set[str]) -> list[str]:
    """The part's nodes in the order of one cycle through it (from its smallest key), then the rest.

    >>> import networkx as nx
    >>> cycle_order(nx.DiGraph([("c", "a"), ("a", "b"), ("b", "c"), ("b", "d"), ("d", "b")]), {"a", "b", "c", "d"})
    ['a', 'b', 'c', 'd']
    """
    import networkx as nx

    start = min(part)
    try:
        cycle = [u for u, _ in nx.find_cycle(g.subgraph(part), source=start)]
    except nx.NetworkXNoCycle:  # pragma: no cover - a part of 2+ always has one
        cycle = []
    return cycle + sorted(part.difference(cycle))


def post_order(children: Mapping[N, Iterable[N]], roots: Iterable[N]) -> Iterator[N]:
    """Nodes reachable from ``roots``, each once and after every node below it; an edge back
    onto the current path (a cycle) is not followed, and nodes only on a cycle are never met.

    Iterative, so a hierarchy thousands of levels deep does not hit the recursion limit.

    >>> list(post_order({"r": ["a", "b"], "a": ["c"], "b": ["c"]}, ["r"]))
    ['c', 'b', 'a', 'r']
    >>> list(post_order({"x": ["y"], "y": ["x"]}, []))
    []
    """
    done: set = set()
    for root in roots:
        if root in done:
            continue
        stack: list[tuple[N, bool]] = [(root, False)]
        on_path: set = set()
        while stack:
            node, expanded = stack.pop()
            if node in done:
                continue
            if expanded:
                on_path.discard(node)
                done.add(node)
                yield node
                continue
            on_path.add(node)
            stack.append((node, True))
            stack.extend((c, False) for c in children.get(node, ()) if c not in done and c not in on_path)


def until_repeat(keys: Iterable[N]) -> list[N]:
    """The walk up to (not including) the first node it meets a second time.

    >>> until_repeat("abc")
    ['a', 'b', 'c']
    """
    seen: set = set()
    out: list[N] = []
    for k in keys:
        if k in seen:
            break
        seen.add(k)
        out.append(k)
    return out


def loops(parent: Mapping[N, N | None]) -> list[list[N]]:
    """Cycles of a graph in which each node has at most one parent (a unit tree, a single
    line superior), each once, in the order it is walked from its first node met.

    >>> loops({"a": "b", "b": "c", "c": "a", "d": "a", "e": None})
    [['a', 'b', 'c']]
    """
    out: list[list[N]] = []
    done: set = set()
    for start in parent:
        path: list[N] = []
        at: dict = {}
        k = start
        while k in parent and k not in done and k not in at:
            at[k] = len(path)
            path.append(k)
            k = parent[k]
        if k in at:
            out.append(path[at[k]:])
        done.update(path)
    return out
