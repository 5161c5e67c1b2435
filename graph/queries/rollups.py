"""Unit roll-ups: posts and civil servants (headcount) per unit and title, sub-units included.

One query counts posts by (unit, title); the sums up the unit tree are done
here. The organisation's own row covers every post, including those placed
directly in it. The figures the documents declare (Article 28 of a Serbian
rulebook: posts and civil servants per title and in total) are set beside the
counted ones, so a mismatch is visible rather than hidden.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.analysis.declared import Tally, about_kind, agrees, counted
from graph.errors import NotFound
from graph.queries import query

MEASURES = ("posts", "civil_servants")


def rollup(conn, org: str) -> dict[str, Any]:
    """``{"org", "units": [...], "organisation": {...}, "titles": {...}, "declared": [...]}``.

    Each unit row: key, number, name, kind, parent, depth, own_posts, own_civil_servants,
    posts, civil_servants (with sub-units) and ``by_title`` {title key: {posts,
    civil_servants}} with sub-units. ``declared`` compares each declared figure with the
    count (``counted`` None when the figure is about something not countable here).
    """
    gen = conn.gen(org)

    def work(tx):
        exists = tx.run("MATCH (o:OrgVersion {gen: $gen}) RETURN o.name AS name", gen=gen).single()
        return (exists and exists["name"],
                [r.data() for r in tx.run(query("units", "units_of_org"), gen=gen)],
                [r.data() for r in tx.run(query("units", "post_counts"), gen=gen)],
                [r.data() for r in tx.run(query("units", "declared_counts"), gen=gen)])

    name, units, counts, declared = conn.execute_read(work)
    if name is None:
        raise NotFound(f"organisation {org!r} is not loaded; `orgraph orgs` lists what is")

    titles: dict[str, dict] = {}
    own: dict[str | None, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for c in counts:
        t = c["title"] or "-"
        titles.setdefault(t, {"key": t, "name": c["title_name"], "rank": c["rank"], "kind": c["title_kind"]})
        own[c["unit"]][t][0] += c["posts"]
        own[c["unit"]][t][1] += c["civil_servants"]

    by_key = {u["key"]: u for u in units}
    children: dict[str | None, list[str]] = defaultdict(list)
    for u in units:
        children[u["parent"] if u["parent"] in by_key else None].append(u["key"])

    def fill(key: str, depth: int, seen: frozenset) -> dict[str, list]:
        u = by_key[key]
        agg: dict[str, list] = defaultdict(lambda: [0, 0])
        for t, (p, c) in own[key].items():
            agg[t][0] += p
            agg[t][1] += c
        u["depth"] = depth
        u["own_posts"] = sum(v[0] for v in own[key].values())
        u["own_civil_servants"] = sum(v[1] for v in own[key].values())
        for ch in children.get(key, []):
            if ch in seen:  # a PART_OF cycle: count once
                continue
            for t, (p, c) in fill(ch, depth + 1, seen | {ch}).items():
                agg[t][0] += p
                agg[t][1] += c
        u["posts"] = sum(v[0] for v in agg.values())
        u["civil_servants"] = sum(v[1] for v in agg.values())
        u["by_title"] = {t: {"posts": p, "civil_servants": c} for t, (p, c) in _ordered(agg, titles)}
        return agg

    org_agg: dict[str, list] = defaultdict(lambda: [0, 0])
    for t, (p, c) in own[None].items():
        org_agg[t][0] += p
        org_agg[t][1] += c
    for top in children.get(None, []):
        for t, (p, c) in fill(top, 0, frozenset({top})).items():
            org_agg[t][0] += p
            org_agg[t][1] += c
    # Units never reached (their parent chain is cyclic) still get a row of their own.
    for u in units:
        if "depth" not in u:
            fill(u["key"], 0, frozenset({u["key"]}))

    organisation = {
        "key": org, "name": name,
        "own_posts": sum(v[0] for v in own[None].values()),
        "own_civil_servants": sum(v[1] for v in own[None].values()),
        "posts": sum(v[0] for v in org_agg.values()),
        "civil_servants": sum(v[1] for v in org_agg.values()),
        "by_title": {t: {"posts": p, "civil_servants": c} for t, (p, c) in _ordered(org_agg, titles)},
    }
    unit_totals = {u["key"]: u for u in units}
    return {"org": org, "organisation": organisation, "units": units,
            "titles": dict(_ordered(titles, titles)),
            "declared": compare(declared, org, organisation, unit_totals, titles)}


def _ordered(d: dict, titles: dict) -> list[tuple]:
    return sorted(d.items(), key=lambda kv: (titles.get(kv[0], {}).get("rank") or 999, kv[0]))


def compare(declared: list[dict], org: str, organisation: dict, units: dict[str, dict],
            titles: dict[str, dict]) -> list[dict]:
    """Each declared figure with the counted one and whether they agree.

    ``about: position_groups`` is the sum over titles of kind ``position_group``;
    other ``about`` texts name things this roll-up cannot count (counted None).

    >>> org = {"posts": 3, "civil_servants": 4, "by_title": {"rs/a": {"posts": 2, "civil_servants": 3},
    ...        "rs/g": {"posts": 1, "civil_servants": 1}}}
    >>> titles = {"rs/g": {"kind": "position_group"}, "rs/a": {"kind": "title"}}
    >>> rows = compare([{"subject": "x", "measure": "posts", "title": None, "about": None, "value": 3},
    ...                 {"subject": "x", "measure": "civil_servants", "title": "rs/a", "about": None, "value": 2},
    ...                 {"subject": "x", "measure": "civil_servants", "title": None,
    ...                  "about": "position_groups", "value": 1}], "x", org, {}, titles)
    >>> [(r["counted"], r["agrees"]) for r in rows]
    [(3, True), (3, False), (1, True)]
    """
    out = []
    kind_of = lambda t: titles.get(t, {}).get("kind")  # noqa: E731
    for d in declared:
        subject = organisation if d["subject"] == org else units.get(d["subject"])
        count = None
        # The one reconciliation (graph.analysis.declared), over the roll-up's own counts.
        kind = about_kind(d.get("about")) if d.get("title") is None else None
        if subject is not None and d["measure"] in MEASURES and (d.get("about") is None or kind):
            t = Tally(by_title={k: [v["posts"], v["civil_servants"]] for k, v in subject["by_title"].items()})
            count = counted(d["measure"], t, title=d.get("title"), kind=kind, kind_of=kind_of)
        out.append({**d, "counted": count, "agrees": agrees(d["value"], count)})
    return out
