"""Substitution: who acts for a post when its holder is absent.

The Georgian forms name an ordered list of substitutes; a vague one ("one of
the division's employees") is kept as text and reported here, never guessed.
A first substitute should be able to lead the principal's people: one junior
to the most senior of them is reported.
"""

from __future__ import annotations

from graph.analysis.cycles import cyclic_parts
from graph.checks.engine import Context, Hit, rule


@rule("substitute-unknown", "error", "substitution names a post that does not exist",
      "Georgian forms (substitute must be a post of the body)")
def substitute_unknown(ctx: Context):
    for s in ctx.org.substitution:
        for role, ref in (("principal", s.principal), ("substitute", s.substitute)):
            if ref is not None and ref not in ctx.posts:
                other = s.substitute if role == "principal" else s.principal
                subjects = [other] if other in ctx.posts else []
                yield Hit(f"a substitution names {ref!r} as {role}, which is no post of this organisation",
                          subjects, provenance=[s.provenance or (ctx.prov(other) if other else None)],
                          data={role: ref})


@rule("substitute-unresolved", "warning", "substitute named only vaguely, not as a post",
      "Georgian forms (ordered substitutes)", explained_by=("unresolved-substitute", "ambiguous-substitute", "substitution-unresolved"))
def substitute_unresolved(ctx: Context):
    for s in ctx.org.substitution:
        if s.substitute is None:
            yield Hit(f"{ctx.label(s.principal)} is substituted (order {s.order}) by \"{s.substitute_text}\", "
                      "which names no particular post", [s.principal],
                      provenance=[s.provenance or ctx.prov(s.principal)],
                      data={"text": s.substitute_text, "order": s.order})


@rule("substitute-absent", "info", "head post with no substitute named (when the document names any)",
      "Georgian forms; Art. 24 of the rulebook (the deputy substitutes the director)")
def substitute_absent(ctx: Context):
    if not ctx.org.substitution:
        return  # the document does not deal with substitution at all
    covered = {s.principal for s in ctx.org.substitution}
    subordinates = ctx.subordinates
    missing = [p.key for p in ctx.org.posts
               if p.key not in covered and (p.heads or subordinates.get(p.key))]
    if missing:
        yield Hit(f"{len(missing)} post(s) that lead others have no substitute named: {ctx.labels(missing)}",
                  missing, data={"posts": len(missing)})


@rule("substitute-junior", "warning",
      "first substitute junior to a post the principal supervises",
      "Georgian forms; seniority of titles (decree Art. 5-6, rank-category order)")
def substitute_junior(ctx: Context):
    posts, seniorities, under = ctx.posts, ctx.seniorities, ctx.line_subordinates
    # A post has a seniority exactly when its title is in the catalogue; then it has a system too.
    system_of = {k: t.system for k, t in ctx.titles.items()}
    for s in ctx.org.substitution:
        if s.order != 1 or s.substitute not in posts or s.principal not in posts:
            continue
        mine = seniorities.get(s.substitute)
        if mine is None:
            continue
        system = system_of[posts[s.substitute].title]
        senior = [k for k in under.get(s.principal, ()) if k != s.substitute and (theirs := seniorities.get(k))
                  is not None and theirs < mine and system_of[posts[k].title] == system]
        if senior:
            yield Hit(f"{ctx.label(s.substitute)} ({ctx.title_name(s.substitute)}) substitutes "
                      f"{ctx.label(s.principal)} but is junior to {ctx.labels(senior, 3)} "
                      f"({ctx.title_name(senior[0])}), whom the principal supervises",
                      [s.substitute, s.principal, *senior], provenance=None if s.provenance is None else
                      [s.provenance, ctx.prov(s.principal)] + [ctx.prov(k) for k in senior])


@rule("substitution-cycle", "warning", "substitutes that substitute each other in a circle",
      "Georgian forms (ordered substitutes must end somewhere)")
def substitution_cycle(ctx: Context):
    named = [s for s in ctx.org.substitution if s.substitute]
    _, comps = cyclic_parts([s.substitute for s in named], [s.principal for s in named])
    for comp in comps:
        keys = sorted(comp)
        if len(keys) == 1:
            yield Hit(f"{ctx.label(keys[0])} is named as its own substitute", keys)
        else:
            yield Hit(f"{ctx.labels(keys)} substitute each other in a circle: when all are absent, "
                      "no one acts for them", keys, data={"length": len(keys)})
