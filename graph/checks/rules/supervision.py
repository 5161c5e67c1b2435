"""Reporting lines: every post has a valid superior, one root, no cycles.

Annex 2 of the decree makes every post description name its directly superior
post, so a post without one (other than the body's head) is an error; W3C ORG
``reportsTo`` is acyclic. A *root* is a post without a superior that others
report to; a post with neither is an orphan (``no-superior``).
"""

from __future__ import annotations

from graph.analysis.cycles import cycle_order, cyclic_parts
from graph.checks.engine import Context, Hit, rule, variant

#: Loader warnings that say why a post was left without a superior: a superior named in the
#: text but not resolved, none written, or a form whose header (and superior) was lost.
SUPERIOR_NOT_READ = ("unresolved-superior", "ambiguous-superior", "suggested-fix", "blank-superior",
                     "self-reference", "junior-at-top", "form-header-lost")


def _duplicate_cause(ctx: Context, keys) -> tuple[str, dict]:
    """Message tail and data when a post reference used by several posts is behind a finding:
    a post of the cycle carries ``shared_reference``, or an orphan's superior was such a
    reference (``ambiguous_superior``); both set by the UK loader."""
    shared = sorted({r for k in keys if k in ctx.posts and (r := ctx.posts[k].attributes.get("shared_reference"))})
    unclear = sorted({r for k in keys if k in ctx.posts and (r := ctx.posts[k].attributes.get("ambiguous_superior"))})
    if shared:
        return (f"; cause: reference {', '.join(map(repr, shared))} is used by several posts "
                "(loader warning duplicate-reference)", {"duplicate_reference": shared})
    if unclear:
        return (f"; cause: its superior {', '.join(map(repr, unclear))} is a reference used by several posts "
                "(loader warning ambiguous-superior)", {"duplicate_reference": unclear})
    return "", {}


def intended_tops(ctx: Context) -> set[str]:
    """Posts marked independent by design, or heading a unit so marked: no superior is expected."""
    units = {u.key for u in ctx.org.units if u.independent}
    return {p.key for p in ctx.org.posts if p.independent or (p.heads is not None and p.heads in units)}


def _no_lines(ctx: Context) -> bool:
    """The document states no reporting lines at all (e.g. an action plan's bodies)."""
    return not ctx.with_superior and len(ctx.org.posts) > 1


@rule("no-reporting-lines", "info", "the organisation has several posts and no reporting lines at all",
      "Annex 2 of the decree (each post names its superior)")
def no_reporting_lines(ctx: Context):
    if _no_lines(ctx):
        yield Hit(f"{len(ctx.org.posts)} posts and no reporting line between them: the document does not "
                  "say who reports to whom, so the superior checks were not run", [])


@rule("no-superior", "error", "post without a superior (other than the root)",
      "Annex 2 of the decree: every post names its directly superior post", explained_by=SUPERIOR_NOT_READ)
def no_superior(ctx: Context):
    if _no_lines(ctx):
        return
    roots, orphans = ctx.tops
    if not roots and len(orphans) == 1 and len(ctx.org.posts) == 1:
        return  # a one-post organisation: that post is the root
    intended = intended_tops(ctx)
    for key in orphans:
        if key in intended:
            continue
        p = ctx.posts[key]
        if p.partial or p.declared_only:
            # Half-known posts lack a superior because the document lost it, not because it has none.
            how = "partly known (its header was lost)" if p.partial else "known only from another post's declaration"
            yield Hit(f"{ctx.label(key)} has no superior; the post is {how}", [key], rule="half-known-no-superior")
        elif ctx.org.activities:
            # A plan names bodies and roles by what they do; whom they report to is not its subject.
            yield Hit(f"{ctx.label(key)} is named in the plan, which does not say whom it reports to", [key],
                      rule="plan-no-superior")
        else:
            tail, data = _duplicate_cause(ctx, [key])
            yield Hit(f"{ctx.label(key)} has no superior and no one reports to it{tail}", [key], data=data)


variant("half-known-no-superior", "warning", "a post known only in part (its header lost, or only from "
        "another post's declaration) has no superior", "Annex 2 of the decree: every post names its directly "
        "superior post (the document lost it)", of="no-superior")
variant("plan-no-superior", "info", "a body or role named in an action plan, which does not say whom it reports to",
        "municipal action plan (names who acts, not who reports to whom)", of="no-superior")


@rule("several-roots", "error", "more than one post at the top of the hierarchy",
      "acyclic single-rooted reporting (W3C ORG reportsTo)", explained_by=SUPERIOR_NOT_READ)
def several_roots(ctx: Context):
    if _no_lines(ctx):
        return
    roots, _ = ctx.tops
    # Independent-by-design tops are roots of their own on purpose; one more root is the body's head.
    roots = [k for k in roots if k not in intended_tops(ctx)]
    if len(roots) > 1:
        yield Hit(f"{len(roots)} posts have no superior but head a hierarchy of their own: "
                  f"{ctx.labels(roots)}; only the body's head should", roots, data={"roots": len(roots)})


@rule("unknown-superior", "error", "reporting line to a post that does not exist",
      "Annex 2 of the decree: the superior must be a post of the body")
def unknown_superior(ctx: Context):
    starts, ends, _ = ctx.reporting_lines
    if ctx.posts.keys() >= set(ends) and ctx.posts.keys() >= set(starts):
        return  # every line joins two posts (the usual case, checked in set operations)
    for s in ctx.org.supervision:
        if s.superior not in ctx.posts:
            yield Hit(f"{ctx.label(s.post)} reports to {s.superior!r}, which is no post of this organisation",
                      [s.post], provenance=[s.provenance or ctx.prov(s.post)], data={"superior": s.superior})
        if s.post not in ctx.posts:
            yield Hit(f"a reporting line starts at {s.post!r}, which is no post of this organisation",
                      [s.superior], provenance=[s.provenance or ctx.prov(s.superior)], data={"post": s.post})


@rule("supervision-cycle", "error", "cycle in the reporting lines",
      "acyclic reporting (W3C ORG reportsTo)")
def supervision_cycle(ctx: Context):
    starts, ends, _ = ctx.reporting_lines
    g, comps = cyclic_parts(starts, ends)
    for comp in comps:
        if len(comp) == 1:
            post = next(iter(comp))
            yield Hit(f"{ctx.label(post)} reports to itself", [post])
            continue
        keys = cycle_order(g, comp)
        chain = " -> ".join(ctx.label(k) for k in keys[:6]) + (" -> ..." if len(keys) > 6 else "")
        tail, data = _duplicate_cause(ctx, keys)
        yield Hit(f"reporting lines go round in a circle: {chain} -> back to the first{tail}",
                  keys, data={"length": len(keys), **data})



@rule("several-line-superiors", "warning", "post with more than one line superior, not marked joint",
      "unity of command (one line superior); joint superiors of equal standing say so (joint: true)")
def several_line_superiors(ctx: Context):
    # Joint superiors of equal standing (a secretary of two co-heads) are stated as such on every
    # line: only lines a post has beside a non-joint one are a finding.
    lines: dict[str, list] = {}
    for s in ctx.org.supervision:
        if s.kind == "line":
            lines.setdefault(s.post, []).append(s)
    for post, edges in lines.items():
        superiors = list(dict.fromkeys(s.superior for s in edges))
        if len(superiors) < 2 or all(s.joint for s in edges):
            continue
        yield Hit(f"{ctx.label(post)} has {len(superiors)} line superiors: {ctx.labels(superiors)}; "
                  "if they supervise it jointly, mark each line joint: true, else make one of them secondary",
                  [post], provenance=[s.provenance or ctx.prov(post) for s in edges[:1]],
                  data={"superiors": superiors})
