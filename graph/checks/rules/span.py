"""Span of control and depth of the hierarchy (management practice, not law).

Span counts people: the headcount of the posts directly under a post by line
supervision (secondary and accountability lines make a post answerable, they
do not put it in the superior's span); depth follows line supervision too. Limits are configurable
(``--max-span``, ``--max-depth``); the root is level 1.
"""

from __future__ import annotations

from graph.checks.engine import Context, Hit, rule


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


@rule("span-narrow", "warning", "head with 0 or 1 people under it",
      "management practice (a unit of one is no unit)")
def span_narrow(ctx: Context):
    if not ctx.with_superior:
        return  # no reporting lines at all: reported once by no-reporting-lines
    roots, _ = ctx.tops
    leaders = [p.key for p in ctx.heading_posts] + [r for r in roots if not ctx.posts[r].heads]
    spans = ctx.spans
    for key in leaders:
        people, posts = spans.get(key, (0, 0))
        if people <= 1:
            what = "nobody reports" if posts == 0 else f"only {ctx.labels(ctx.line_subordinates[key], 1)} reports"
            if posts == 1 and people == 0:
                what = f"only {ctx.labels(ctx.line_subordinates[key], 1)} (with no headcount) reports"
            yield Hit(f"{ctx.label(key)} leads others but {what} to it", [key],
                      data={"people": _num(people), "posts": posts})


@rule("span-wide", "warning", "post with more people directly under it than --max-span",
      "management practice (span of control)")
def span_wide(ctx: Context):
    limit = ctx.limits.max_span
    for key, (people, posts) in ctx.spans.items():
        if people > limit and key in ctx.posts:
            yield Hit(f"{_num(people)} people in {posts} posts report directly to {ctx.label(key)}; "
                      f"the maximum span is {limit}", [key],
                      data={"people": _num(people), "posts": posts, "max_span": limit})


@rule("depth", "warning", "chain of command deeper than --max-depth levels",
      "management practice (depth of hierarchy)")
def depth(ctx: Context):
    limit = ctx.limits.max_depth
    roots, _ = ctx.tops
    # Breadth first, a level at a time: each post gets the level it is first reached at.
    frontier, seen, level = list(roots), set(roots), 1
    deepest = 1
    too_deep: dict[str, list[str]] = {}  # superior at the last allowed level -> posts below it
    under = ctx.line_subordinates
    while frontier:
        below: list[str] = []
        for k in frontier:
            subs = under.get(k)
            if subs:
                new = [s for s in subs if s not in seen]  # a post is under a superior once
                if new:
                    seen.update(new)
                    below += new
                    if level == limit:
                        too_deep.setdefault(k, []).extend(new)
        if below:
            deepest = level + 1
        frontier, level = below, level + 1
    # One finding per post whose subordinates go past the limit, not one per post below.
    for boss, keys in too_deep.items():
        yield Hit(f"{len(keys)} post(s) under {ctx.label(boss)} are {limit + 1} levels down from the top "
                  f"({ctx.labels(keys, 3)}); the maximum depth is {limit}", [boss, *keys],
                  data={"level": limit + 1, "max_depth": limit, "deepest": deepest, "posts": len(keys)})
