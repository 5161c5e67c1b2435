"""Span of control: for every post with line reports, how many and how many below.

One aggregate query gives each manager's direct reports (as posts and as
people, i.e. headcount) and which of those have reports themselves; the totals
below are then summed bottom-up here, once per manager, so the whole of a
100k-post organisation costs one query and a linear pass. A post with two line
superiors is counted under both; a cycle is cut where it closes.

The span of posts without reports is not listed (it is zero).
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from graph.analysis.cycles import post_order
from graph.queries.chain import records
from graph.queries import query
from graph.text.numbers import tidy

EXTREMES = 5


def span(conn, org: str | None = None, unit: str | None = None) -> dict[str, Any]:
    """Span rows and summary statistics for the whole database, one organisation or one unit.

    ``unit`` (a unit key) keeps the managers placed in that unit or its sub-units, and
    reads only them; their totals then count what lies below them inside the unit
    (a report placed outside it is counted as a direct report, not followed further).
    Returns ``{"rows": [...], "summary": {...}}``; each row has the manager's card plus
    direct_posts, direct_people, total_posts, total_people, sorted widest first.
    """
    if unit is not None:
        name, params = "managers_in_unit", {"unit": unit, **conn.view(org)}
    elif org is not None:
        name, params = "managers_in_org", {"gen": conn.gen(org)}
    else:
        name, params = "managers_all", conn.view()
    managers = conn.execute_read(lambda tx: records(tx.run(query("span", name), params)))
    totals(managers)
    managers.sort(key=lambda m: (-m["direct_posts"], m["org"] or "", m.get("seq") or 0))
    for m in managers:
        m.pop("superiors", None)
        m.pop("seq", None)
        m["direct_people"] = tidy(m["direct_people"])  # Neo4j's float sum: two decimals hide the noise
    return {"rows": managers, "summary": span_statistics(managers)}


def totals(managers: list[dict]) -> None:
    """Add total_posts / total_people (everything below) to each manager row, in place.

    A manager's total is its direct reports plus the totals of the managers
    reporting to it, summed from the bottom up.

    >>> ms = [{"key": "a", "direct_posts": 2, "direct_people": 3, "superiors": []},
    ...       {"key": "b", "direct_posts": 1, "direct_people": 2, "superiors": ["a"]}]
    >>> totals(ms); [(m["key"], m["total_posts"], m["total_people"]) for m in ms]
    [('a', 3, 5), ('b', 1, 2)]
    """
    by = {m["key"]: m for m in managers}
    below: dict[str, list[str]] = {}
    for m in managers:
        for sup in m["superiors"]:
            if sup in by:
                below.setdefault(sup, []).append(m["key"])
    done: dict[str, tuple] = {}
    # Bottom-up over the one cycle-safe walk: a report that closes a cycle is not counted again.
    for key in post_order(below, [m["key"] for m in managers]):
        m = by[key]
        posts, people = m["direct_posts"], m["direct_people"]
        for c in below.get(key, ()):
            if c in done:  # not done only when it closes a cycle
                posts += done[c][0]
                people += done[c][1]
        done[key] = (posts, people)
        m["total_posts"], m["total_people"] = posts, tidy(people)

def span_statistics(rows: list[dict]) -> dict[str, Any]:
    """Min, median, mean, max and the distribution of direct spans; widest and narrowest posts.

    >>> s = span_statistics([{"key": "a", "name": "A", "direct_posts": 4, "direct_people": 5},
    ...              {"key": "b", "name": "B", "direct_posts": 1, "direct_people": 1}])
    >>> s["posts"]["median"], s["distribution"], s["narrowest"][0]["key"]
    (2.5, {'1': 1, '4': 1}, 'b')
    """
    if not rows:
        return {"managers": 0, "posts": None, "people": None, "distribution": {}, "widest": [], "narrowest": []}

    def stats(values: list) -> dict[str, Any]:
        return {"min": min(values), "median": statistics.median(values),
                "mean": round(statistics.fmean(values), 2), "max": max(values)}

    def brief(m: dict) -> dict:
        return {k: m.get(k) for k in ("key", "name", "org", "unit_name", "direct_posts", "direct_people",
                                      "total_posts")}

    direct = [m["direct_posts"] for m in rows]
    ordered = sorted(rows, key=lambda m: (m["direct_posts"], m.get("total_posts") or 0))
    widest = sorted(rows, key=lambda m: (-m["direct_posts"], -(m.get("total_posts") or 0)))
    dist = Counter(direct)
    return {
        "managers": len(rows),
        "posts": stats(direct),
        "people": stats([m["direct_people"] for m in rows]),
        "distribution": {str(k): dist[k] for k in sorted(dist)},
        "widest": [brief(m) for m in widest[:EXTREMES]],
        "narrowest": [brief(m) for m in ordered[:EXTREMES]],
    }
