"""Units and their heads: one head post per unit, inside that unit.

Articles 25-26 of the rulebook: an assistant director heads each sector, a
head (начелник, шеф, руководилац) each inner unit.
"""

from __future__ import annotations

from operator import attrgetter

from graph.analysis.cycles import loops
from graph.checks.engine import Context, Hit, rule
from graph.text.names import fold


def _head_named(ctx: Context, unit: str) -> list[str]:
    """Posts in ``unit`` whose name is a head's name in the rule set (a hint for the message)."""
    names = ctx.head_names
    return [k for k in ctx.unit_posts.get(unit, ()) if names and fold(ctx.posts[k].name) in names]


@rule("unit-without-head", "warning", "unit without a head post",
      "Art. 25-26 of the rulebook (every unit is headed)", explained_by=("head-kind-mismatch",))
def unit_without_head(ctx: Context):
    if ctx.org.units and not ctx.heads:
        # A source that names no unit head at all (a UK organogram has units, never heads) says
        # nothing about heads: one note for the organisation, not a warning per unit.
        n = len(ctx.org.units)
        yield Hit(f"the source names no unit head at all ({n} unit{'s' if n != 1 else ''}); "
                  "heads of units were not checked", [], severity="info", data={"units": n},
                  provenance=[ctx.org.organisation.provenance])
        return
    for u in ctx.org.units:
        if ctx.heads.get(u.key):
            continue
        hint = _head_named(ctx, u.key)
        more = f"; {ctx.labels(hint, 2)} is named like a head but not marked as heading it" if hint else ""
        empty = "" if ctx.subtree_posts.get(u.key) else " (and holds no posts)"
        yield Hit(f"{ctx.label(u.key)} has no head post{empty}{more}", [u.key, *hint])


@rule("two-heads", "error", "unit with more than one head post",
      "Art. 25-26 of the rulebook (one head per unit)")
def two_heads(ctx: Context):
    for unit, heads in ctx.heads.items():
        if len(heads) > 1:
            yield Hit(f"{ctx.label(unit)} has {len(heads)} head posts: {ctx.labels(heads)}",
                      [unit, *heads], data={"heads": len(heads)})


@rule("head-outside-unit", "error", "head post that is not in the unit it heads",
      "Art. 25-26 of the rulebook")
def head_outside_unit(ctx: Context):
    for p in ctx.heading_posts:
        if p.heads in ctx.units and p.unit != p.heads:
            where = ctx.label(p.unit) if p.unit else "directly in the organisation"
            yield Hit(f"{ctx.label(p.key)} heads {ctx.label(p.heads)} but sits in {where}",
                      [p.key, p.heads])


@rule("unknown-unit", "error", "reference to a unit that does not exist",
      "integrity of the org model")
def unknown_unit(ctx: Context):
    for u in ctx.org.units:
        if u.parent is not None and u.parent not in ctx.units:
            yield Hit(f"{ctx.label(u.key)} is part of {u.parent!r}, which is no unit of this organisation",
                      [u.key], data={"unit": u.parent})
    refs = set(map(attrgetter("unit"), ctx.org.posts)).union(map(attrgetter("heads"), ctx.org.posts))
    refs.discard(None)
    if refs <= ctx.units.keys():
        return  # every post is in and heads units that exist (the usual case, checked in set operations)
    for p in ctx.org.posts:
        for field in ("unit", "heads"):
            ref = getattr(p, field)
            if ref is not None and ref not in ctx.units:
                verb = "is in" if field == "unit" else "heads"
                yield Hit(f"{ctx.label(p.key)} {verb} {ref!r}, which is no unit of this organisation",
                          [p.key], data={"unit": ref})


@rule("unit-cycle", "error", "unit that is part of itself", "units nest as a tree")
def unit_cycle(ctx: Context):
    placed = set(ctx.units_bottom_up)
    stuck = [u.key for u in ctx.org.units if u.key not in placed and u.parent in ctx.units]
    if not stuck:
        return
    # Units not reachable from the top are in a parent cycle or hang below one: report each cycle once.
    for cycle in loops({u.key: u.parent for u in ctx.org.units}):
        yield Hit(f"units are parts of each other in a circle: {ctx.labels(cycle)}", cycle)
