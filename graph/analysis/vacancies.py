"""Vacancies: a post's headcount less the FTE of its holders in office on a day, rolled up per unit.

A pure function over an org model (from a file, or read back from Neo4j, any version).
Posts with no headcount are counted as unknown, not vacant; aggregate posts (a count of
staff, not a post a person holds: UK junior rows) have no vacancy, and FTE a return marks
eliminated (post attribute ``eliminated_fte``) is taken off the headcount.

>>> from graph.schema.model import Holder, Organisation, OrgFile, Post, Unit
>>> org = OrgFile(organisation=Organisation(key="x", name="X"), units=[Unit(key="x/1", name="Ops")],
...               posts=[Post(key="x/post/1", name="Head"), Post(key="x/post/2", name="Clerk", unit="x/1", headcount=3)],
...               holders=[Holder(post="x/post/1", name="A"), Holder(post="x/post/2", name="B", fte=0.5)])
>>> v = vacancies(org)
>>> v["totals"]["vacancies"], [(u["key"], u["vacancies"]) for u in v["units"]]
(2.5, [('x/1', 2.5)])
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.schema.model import Holder, OrgFile


def in_office(h: Holder, day: date) -> bool:
    return (h.valid_from is None or h.valid_from <= day) and (h.valid_to is None or h.valid_to >= day)


def _num(x: float) -> float | int:
    x = round(x, 4)
    return int(x) if float(x).is_integer() else x


def vacancies(org: OrgFile, day: date | None = None, names: bool = True) -> dict[str, Any]:
    """Per post and per unit (with its sub-units): headcount, FTE held, vacancies, on ``day`` (today)."""
    day = day or date.today()
    held: dict[str, list[Holder]] = {}
    for h in org.holders:
        if in_office(h, day):
            held.setdefault(h.post, []).append(h)
    posts, unknown = [], 0
    for p in org.posts:
        if p.attributes.get("aggregate"):
            continue
        hs = held.get(p.key, [])
        if p.headcount is None:
            unknown += 1
            continue
        establishment = max(0.0, p.headcount - float(p.attributes.get("eliminated_fte") or 0))
        if not establishment and not hs:
            continue  # eliminated
        fte = sum(h.fte for h in hs)
        row = {"key": p.key, "number": p.number, "name": p.name, "unit": p.unit, "headcount": _num(establishment),
               "held": _num(fte), "vacancies": _num(max(0.0, establishment - fte)),
               "over": _num(max(0.0, fte - establishment))}
        if names:
            row["holders"] = [h.name or "(not disclosed)" for h in hs]
        posts.append(row)
    parent = {u.key: u.parent for u in org.units}
    sums: dict[str, list[float]] = {u.key: [0.0, 0.0, 0.0, 0] for u in org.units}
    for row in posts:
        unit, seen = row["unit"], set()
        while unit is not None and unit in sums and unit not in seen:
            seen.add(unit)
            s = sums[unit]
            s[0] += row["headcount"]
            s[1] += row["held"]
            s[2] += row["vacancies"]
            s[3] += 1 if row["vacancies"] else 0
            unit = parent.get(unit)
    units = [{"key": u.key, "number": u.number, "name": u.name, "parent": u.parent, "headcount": _num(sums[u.key][0]),
              "held": _num(sums[u.key][1]), "vacancies": _num(sums[u.key][2]), "vacant_posts": sums[u.key][3]}
             for u in org.units]
    return {
        "organisation": org.organisation.key, "day": day.isoformat(),
        "holders_recorded": len(org.holders),
        "totals": {"posts": len(posts), "headcount": _num(sum(r["headcount"] for r in posts)),
                   "held": _num(sum(r["held"] for r in posts)),
                   "vacancies": _num(sum(r["vacancies"] for r in posts)),
                   "vacant_posts": sum(1 for r in posts if r["vacancies"]), "headcount_unknown": unknown},
        "posts": posts, "units": units,
    }
