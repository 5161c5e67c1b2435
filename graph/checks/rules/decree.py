"""The Serbian decree's rules (Uredba o razvrstavanju radnih mesta), read as data.

The rule set is ``graph/catalogues/rules-rs.yaml`` (:func:`graph.catalogues.load_rules`):
Art. 18 (titles a unit head may not hold; a head not below the posts in the
unit) and Art. 38 (quotas of senior titles, with the bodies exempt by name).
These rules run only for organisations whose titles are of the ``rs`` system.
"""

from __future__ import annotations

from typing import Any

from graph.checks.engine import Context, Hit, rule, seniority
from graph.errors import InputError
from graph.text.names import fold
from graph.text.stems import stems


def rs_rules() -> dict[str, Any] | None:
    """The ``rs`` rule set, or None when the catalogue file is not there."""
    from graph.catalogues import load_rules

    try:
        return load_rules("rs") or {}
    except InputError:
        return None


def _share(value: float | int | None) -> float | None:
    """Shares may be written as 0.1 or as 10 (per cent).

    >>> _share(10), _share(0.15), _share(None)
    (0.1, 0.15, None)
    """
    if value is None:
        return None
    return value / 100 if value > 1 else float(value)


def _stem(name: str) -> tuple[str, ...]:
    """Words cut to five letters, so case endings do not matter (:func:`graph.text.stems.stems`).

    >>> _stem("Канцеларији за информационе технологије") == _stem("Kancelarija za informacione tehnologije")
    True
    """
    return tuple(stems(name))


def exempt_body(org_name: str, rules: dict[str, Any]) -> dict | None:
    """The Art. 38 exempt-list entry matching the organisation's name, if any."""
    target, stem = fold(org_name), _stem(org_name)
    for body in (rules.get("quotas") or {}).get("exempt_bodies") or ():
        for name in (body.get("name"), body.get("name_cyrillic")):
            if name and (fold(name) == target or _stem(name) == stem):
                return body
    return None


def exempt_post_names(rules: dict[str, Any]) -> list[tuple[str, ...]]:
    """Stems of the post names Art. 38 para 2 exempts (``quotas.exempt_posts``)."""
    out = []
    for post in (rules.get("quotas") or {}).get("exempt_posts") or ():
        for name in (post.get("name"), post.get("name_cyrillic")):
            if name and _stem(name) not in out:
                out.append(_stem(name))
    return out


def is_exempt_post(name: str, exempt: list[tuple[str, ...]]) -> bool:
    """Whether a post's name holds one of the exempt names (any script, any case ending).

    >>> ex = [_stem("sudijski pomoćnik")]
    >>> is_exempt_post("Судијски помоћник", ex), is_exempt_post("Sudijski pomoćnik za krivične predmete", ex)
    (True, True)
    >>> is_exempt_post("Viši sudijski saradnik", ex)
    False
    """
    words = _stem(name)
    return any(words[i:i + len(e)] == e for e in exempt for i in range(len(words) - len(e) + 1))


def _forbidden(ctx: Context) -> set[str]:
    rules = rs_rules()
    listed = ((rules or {}).get("head_rules") or {}).get("forbidden_titles")
    if listed:
        return set(listed)
    return {t.key for t in ctx.org.titles if t.junior}


@rule("art18-junior-head", "error", "unit head in a junior title (mlađi savetnik/saradnik/referent)",
      "Art. 18 of the decree", systems=("rs",))
def art18_junior_head(ctx: Context):
    forbidden = _forbidden(ctx)
    for p in ctx.heading_posts:
        if p.title in forbidden:
            yield Hit(f"{ctx.label(p.key)} heads {ctx.label(p.heads)} in the title "
                      f"{ctx.title_name(p.key)}, which may not head a unit", [p.key, p.heads],
                      data={"title": p.title})


@rule("art18-head-below-member", "error", "unit head in a lower title than a post in the unit",
      "Art. 18 of the decree", systems=("rs",))
def art18_head_below_member(ctx: Context):
    rules = rs_rules()
    if rules is not None and (rules.get("head_rules") or {}).get("head_not_below_unit_posts") is False:
        return
    # Most senior title in each unit's subtree, built bottom-up; the unit's own heads are left out.
    best: dict[str, tuple] = {}  # unit -> (seniority, [posts]) over its whole subtree
    seniorities, heads, unit_posts, children = ctx.seniorities, ctx.heads, ctx.unit_posts, ctx.unit_children
    for u in ctx.units_bottom_up:
        # In document order: a set's order varies from run to run, and so would the findings'.
        head_list = heads.get(u, ())
        own_heads = set(head_list)
        members: tuple | None = None
        for k in unit_posts.get(u, ()):
            s = seniorities.get(k)
            # Only a post at least as senior as the best so far can change it (most are not).
            if s is not None and (members is None or s <= members[0]) and k not in own_heads:
                members = _better(members, s, k)
        for c in children.get(u, ()):
            if c in best:
                members = _merge(members, best[c])
        for h in head_list:
            s = ctx.seniority_of(h)
            if s is None or members is None:
                continue
            if members[0] < s:
                above = members[1]
                yield Hit(f"{ctx.label(h)} heads {ctx.label(u)} as {ctx.title_name(h)}, below "
                          f"{ctx.labels(above, 3)} in the unit ({ctx.title_name(above[0])})",
                          [h, *above], data={"unit": u})
        whole = members
        for h in head_list:
            whole = _better(whole, ctx.seniority_of(h), h)
        if whole is not None:
            best[u] = whole


def _better(cur: tuple | None, s: tuple | None, key: str) -> tuple | None:
    if s is None:
        return cur
    if cur is None or s < cur[0]:
        return (s, [key])
    if s == cur[0] and len(cur[1]) < 5:
        cur[1].append(key)
    return cur


def _merge(cur: tuple | None, other: tuple) -> tuple:
    if cur is None or other[0] < cur[0]:
        return (other[0], list(other[1]))
    if other[0] == cur[0]:
        cur[1].extend(other[1][: max(0, 5 - len(cur[1]))])
    return cur


@rule("art38-quota", "error", "share of civil servants in viši / samostalni savetnik above the quota",
      "Art. 38 of the decree (exempt bodies listed in rules-rs.yaml)", systems=("rs",))
def art38_quota(ctx: Context):
    rules = rs_rules()
    quotas = (rules or {}).get("quotas") or {}
    if not quotas.get("limits"):
        yield Hit("the Art. 38 quotas are not in the rule set (graph/catalogues/rules-rs.yaml); not checked",
                  [], severity="info")
        return
    article = str(quotas.get("article", "38"))
    article = article if article.lower().startswith("art") else f"Art. {article}"
    # Para 2 also exempts posts (judicial and prosecutorial assistants): out of the base and the counts.
    names = exempt_post_names(rules or {})
    counted, exempt = [], []
    base = 0
    per_title: dict[str, float] = {}
    # Names repeat (a big body has thousands of posts of a few names): each is folded once.
    verdict: dict[str, bool] = {}
    for p in ctx.org.posts:
        if p.declared_only:
            continue
        is_exempt = verdict.get(p.name)
        if is_exempt is None:
            is_exempt = verdict[p.name] = bool(names) and is_exempt_post(p.name, names)
        if is_exempt:
            exempt.append(p)
            continue
        counted.append(p)
        people = p.headcount or 0
        base += people
        if p.title:
            per_title[p.title] = per_title.get(p.title, 0) + people
    if not base:
        return
    left_out = {"exempt_posts": len(exempt), "exempt_civil_servants": _num(sum(p.headcount or 0 for p in exempt))}
    note = (f" ({left_out['exempt_civil_servants']} civil servants in {len(exempt)} exempt post(s), "
            f"{ctx.labels([p.key for p in exempt], 2)}, left out)") if exempt else ""
    figures = []
    for lim in quotas["limits"]:
        key = lim["title"]
        count = per_title.get(key, 0)
        title = ctx.titles.get(key)
        figures.append({"title": key, "name": title.name if title else key, "civil_servants": _num(count),
                        "share": round(count / base, 4), "max_share": _share(lim.get("max_share")),
                        "max_share_with_approval": _share(lim.get("max_share_with_approval"))})
    body = exempt_body(ctx.org.organisation.name, rules or {})
    text = "; ".join(f"{f['name']}: {f['civil_servants']} of {_num(base)} civil servants "
                     f"({f['share']:.1%}, limit {f['max_share']:.0%})" for f in figures)
    if body:
        yield Hit(f"{ctx.org.organisation.name} is exempt from the {article} quotas "
                  f"(listed as {body.get('name') or body.get('name_cyrillic')}); figures: {text}{note}", [],
                  severity="info", data={"exempt": True, "base": _num(base), "figures": figures, **left_out},
                  provenance=[ctx.org.organisation.provenance])
        return
    for f in figures:
        hard = f["max_share_with_approval"]
        if f["max_share"] is None or f["share"] <= f["max_share"]:
            continue
        posts = [p.key for p in counted if p.title == f["title"]]
        over = hard is None or f["share"] > hard
        limit = f"{f['max_share']:.0%}" + ("" if hard is None else f" ({hard:.0%} with the Government's approval)")
        yield Hit(f"{f['civil_servants']} of {_num(base)} civil servants ({f['share']:.1%}) are in the title "
                  f"{f['name']}; {article} allows {limit}" +
                  ("" if over else ": allowed only with approval for a changed remit") + note,
                  posts, severity=None if over else "warning",
                  data={"exempt": False, "base": _num(base), **f, **left_out})


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x
