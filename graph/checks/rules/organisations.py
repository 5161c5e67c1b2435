"""Relations between organisations: part of, reporting to, independent by design.

An organisation names the organisation it is part of (W3C ORG ``subOrganizationOf``) or
reports to by key. The checks see the other organisations through ``ctx.peers``: those
loaded in the database, or those in the same file (see :class:`graph.checks.engine.Peers`).
A key naming none of them is a warning (the other body may simply not be loaded yet);
a circle of such relations, or a body independent by design that reports to another, is
an error.
"""

from __future__ import annotations

from graph.checks.engine import Context, Hit, rule

RELATIONS = (("part_of", "is part of"), ("reports_to", "reports to"))


def _edges(o) -> list[str]:
    return [k for k in (o.part_of, o.reports_to) if k]


@rule("unknown-organisation", "warning", "part_of or reports_to names an organisation that is not loaded",
      "W3C ORG subOrganizationOf (the superior organisation must exist)")
def unknown_organisation(ctx: Context):
    o = ctx.org.organisation
    for field, verb in RELATIONS:
        target = getattr(o, field)
        if target and target not in ctx.peers.orgs:
            yield Hit(f"the organisation {verb} {target!r} ({field}), which is not {ctx.peers.where}",
                      [], provenance=[o.provenance], data={"field": field, "organisation": target})


@rule("organisation-cycle", "error", "organisations part of or reporting to each other in a circle",
      "W3C ORG subOrganizationOf (a hierarchy of organisations has no cycles)")
def organisation_cycle(ctx: Context):
    own = ctx.org.organisation
    orgs = {**ctx.peers.orgs, own.key: own}
    # Depth-first from this organisation along both relations; a path back to it is the circle.
    path, stack, done = [own.key], [iter(_edges(own))], set()
    while stack:
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            done.add(path.pop())
            continue
        if nxt == own.key:
            shown = " -> ".join(repr(k) for k in path)
            yield Hit(f"organisations are part of or report to each other in a circle: {shown} -> back to "
                      f"{own.key!r}", [], provenance=[own.provenance], data={"organisations": list(path)})
            return
        if nxt in orgs and nxt not in done and nxt not in path:
            path.append(nxt)
            stack.append(iter(_edges(orgs[nxt])))


@rule("independent-reports-to", "error", "an organisation independent by design that reports to another",
      "independence by design (an audit institution, an ombudsman reports to no ministry)")
def independent_reports_to(ctx: Context):
    o = ctx.org.organisation
    if o.independent and o.reports_to:
        yield Hit(f"the organisation is marked independent, yet reports to {o.reports_to!r}: drop one of the two",
                  [], provenance=[o.provenance], data={"reports_to": o.reports_to})
