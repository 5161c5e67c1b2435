"""Reporting chains upward, the common superior of two posts, and subordinates downward.

Plain functions over a :class:`graph.store.connection.Connection`, each taking post keys (see
:mod:`graph.queries.lookup` to turn a name into a key) and returning rows as dicts, so
the CLI, the benchmark and other modules call the same code.

Only ``line`` supervision makes the chain and the subordinate tree;
``chain(..., all_kinds=True)`` adds the secondary and accountability edges.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.analysis.cycles import until_repeat
from graph.errors import NotFound
from graph.queries import query
from graph.text.numbers import total

KIND_ORDER = {"line": 0, "secondary": 1, "accountability": 2}


def records(result) -> list[dict]:
    """A result's rows as dicts of plain values: much cheaper than ``Record.data()`` on big
    results, and the same for queries that return no nodes or relationships."""
    keys = result.keys()
    return [dict(zip(keys, rec)) for rec in result]


def chain(conn, post_key: str) -> list[dict]:
    """The post (depth 0) and its line superiors up to the root.

    Each row: depth, key, number, name, org, unit, unit_name, title, title_name,
    headcount, kind/basis of the edge that led to it, and ``root`` (true for a
    post with no line superior; a last row with ``root`` false means a cycle or
    more than 50 levels). Empty if the post does not exist.
    """
    return jointly(cut_cycle(conn.read(query("chain", "line_chain"), key=post_key, **conn.view())))


def jointly(rows: list[dict]) -> list[dict]:
    """The chain's joint superiors: a post supervised jointly by several line superiors of equal
    standing (``joint: true``) has one of them in the chain; that row keeps ``jointly_with``, the
    others (key, number, name), so the chain says the post reports to them together. Other rows
    lose the empty field.

    >>> jointly([{"key": "s", "jointly_with": None}, {"key": "a", "jointly_with": [{"key": "b"}]}])
    [{'key': 's'}, {'key': 'a', 'jointly_with': [{'key': 'b'}]}]
    """
    for row in rows:
        if not row.get("jointly_with"):
            row.pop("jointly_with", None)
    return rows


def cut_cycle(rows: list[dict]) -> list[dict]:
    """The chain rows up to (not including) the first post met a second time.

    >>> [r["key"] for r in cut_cycle([{"key": "a"}, {"key": "b"}, {"key": "a"}])]
    ['a', 'b']
    """
    return rows[:len(until_repeat(r["key"] for r in rows))]

def chain_all(conn, post_key: str) -> list[dict]:
    """Every superior reachable over any kind of supervision, one row per edge.

    Rows are in breadth-first order from the post: ``depth`` is the step at which
    the superior is first reached, ``from`` the post the edge leaves, ``kind`` and
    ``basis`` the edge's. A superior reached over two edges appears twice, once
    per edge, so a secondary line beside the primary one stays visible.
    """
    edges = conn.read(query("chain", "all_superior_edges"), key=post_key, **conn.view())
    out_of: dict[str, list[dict]] = defaultdict(list)
    for e in edges:
        out_of[e["from"]].append(e)
    for lst in out_of.values():
        lst.sort(key=lambda e: (KIND_ORDER.get(e["kind"], 9), e.get("seq") or 0))
    depth = {post_key: 0}
    frontier, rows = [post_key], []
    while frontier:
        nxt = []
        for src in frontier:
            for e in out_of.get(src, []):
                row = {k: v for k, v in e.items() if k != "seq"}
                if e["key"] not in depth:
                    depth[e["key"]] = depth[src] + 1
                    nxt.append(e["key"])
                row["depth"] = depth[src] + 1
                rows.append(row)
        frontier = nxt
    return rows


def common_superior(conn, a: str, b: str) -> dict[str, Any]:
    """The nearest post on both line chains (a post counts as its own superior here).

    Returns ``{"common": row or None, "a_steps": n, "b_steps": m, "a_chain": [...],
    "b_chain": [...]}`` where the steps count edges from each post up to the common one.
    """
    def work(tx):
        q, gens = query("chain", "line_chain"), conn.gens_in(tx)
        return (jointly(cut_cycle(records(tx.run(q, key=a, gens=gens, org=None)))),
                jointly(cut_cycle(records(tx.run(q, key=b, gens=gens, org=None)))))

    ca, cb = conn.execute_read(work)
    for key, rows in ((a, ca), (b, cb)):
        if not rows:
            raise NotFound(f"no post with key {key!r}")
    in_b = {r["key"]: r["depth"] for r in cb}
    for r in ca:
        if r["key"] in in_b:
            return {"common": r, "a_steps": r["depth"], "b_steps": in_b[r["key"]], "a_chain": ca, "b_chain": cb}
    return {"common": None, "a_steps": None, "b_steps": None, "a_chain": ca, "b_chain": cb}


def reports(conn, post_key: str, depth: int | None = None) -> list[dict]:
    """Direct and indirect line reports of a post, breadth-first, each once at its smallest depth.

    Each row: depth (1 = direct), superior (key of the post it reports to), basis, and the
    post's card (key, number, name, org, unit, unit_name, title, title_name, headcount).
    ``depth`` limits the levels; the walk runs in one read transaction, one query per level.
    """
    q = query("reports", "direct_reports")

    def work(tx):
        gens = conn.gens_in(tx)
        seen = {post_key}
        frontier, level, out = [post_key], 0, []
        while frontier and (depth is None or level < depth):
            level += 1
            nxt = []
            for row in records(tx.run(q, keys=frontier, gens=gens, org=None)):
                if row["key"] in seen:  # a second line superior, or a cycle
                    continue
                seen.add(row["key"])
                row["depth"] = level
                out.append(row)
                nxt.append(row["key"])
            frontier = nxt
        return out

    return conn.execute_read(work)


def levels(rows: list[dict]) -> list[dict]:
    """Posts and headcount per depth of a :func:`reports` result, with running totals.

    >>> levels([{"depth": 1, "headcount": 1}, {"depth": 2, "headcount": 2}, {"depth": 2, "headcount": None}])
    [{'depth': 1, 'posts': 1, 'headcount': 1, 'posts_cumulative': 1, 'headcount_cumulative': 1}, \
{'depth': 2, 'posts': 2, 'headcount': 2, 'posts_cumulative': 3, 'headcount_cumulative': 3}]
    """
    by: dict[int, list] = defaultdict(lambda: [0, []])
    for r in rows:
        by[r["depth"]][0] += 1
        by[r["depth"]][1].append(r.get("headcount"))
    out, posts, people = [], 0, []
    for d in sorted(by):
        posts += by[d][0]
        people += by[d][1]
        out.append({"depth": d, "posts": by[d][0], "headcount": total(by[d][1]),
                    "posts_cumulative": posts, "headcount_cumulative": total(people)})
    return out
