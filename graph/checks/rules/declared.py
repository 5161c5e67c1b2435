"""Figures a document declares about itself, reconciled with what was parsed.

Art. 28 of a Serbian rulebook gives posts and civil servants per title and
overall; a Georgian form gives its post's direct subordinates by title. Every
mismatch is reported, whether the document contradicts itself (its parts do
not add up to its total) or the graph (it declares 83 posts and lists 84).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from graph.analysis.declared import Tally, about_kind, counted
from graph.checks.engine import Context, Hit, rule
from graph.text.names import fold
from graph.schema.model import Declared

#: Loader warnings about declared figures it could not read (so a total may lack a part).
FIGURE_NOT_READ = ("declared-unreadable", "declared-unknown-title", "declaration-unreadable")
COUNTED = ("posts", "civil_servants")  # measured over an organisation or unit
SUBORDINATES = ("direct_subordinates",)  # measured under one post


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _subjects(ctx: Context, d: Declared) -> list[str]:
    return [d.subject] if d.subject in ctx.posts or d.subject in ctx.units else []


def _population(ctx: Context, d: Declared) -> tuple[tuple, list[str], str | None] | None:
    """The posts a declared figure counts over before its title or kind of title is applied
    (a name in 'about' already is), with a key to share their count and that kind; None when
    it cannot be told."""
    if d.measure in SUBORDINATES:
        if d.subject not in ctx.posts:
            return None
        keys = list(ctx.subordinates.get(d.subject, ()))
    elif d.measure in COUNTED:
        if d.subject == ctx.org.organisation.key:
            keys = ctx.counted_posts
        elif d.subject in ctx.units:
            keys = [k for k in ctx.subtree_post_keys(d.subject) if not ctx.posts[k].declared_only]
        else:
            return None
    else:
        return None
    share = (d.subject, d.measure in SUBORDINATES, None)
    kind = None
    if d.about and not d.title:  # with a title, 'about' is only that title as written
        kind = about_kind(d.about)
        if not kind:
            name = fold(d.about)
            named = [k for k in keys if fold(ctx.posts[k].name) == name]
            if not named and d.measure not in SUBORDINATES:
                return None  # an 'about' we cannot interpret: do not guess
            keys, share = named, (*share[:2], name)
    return share, keys, kind


def _direct_units(ctx: Context, post: str) -> set[str]:
    """Units directly under a post: inner units of the units it heads, and units its
    direct subordinates head."""
    own = {u for u in ctx.heads_of(post)}
    out = {c for u in own for c in ctx.unit_children.get(u, ())}
    for k in ctx.subordinates.get(post, ()):
        if k in ctx.posts:
            out.update(u for u in ctx.heads_of(k) if u not in own)
    return out


def _count(ctx: Context, d: Declared, t: Tally, kind: str | None = None) -> float:
    kinds = ctx.titles
    return counted(d.measure, t, title=d.title, kind=kind,
                   kind_of=lambda k: kinds[k].kind if k in kinds else None)


def count_for(ctx: Context, d: Declared) -> int | float | None:
    """What the organisation has for a declared figure, read as the checks read it; None when it
    cannot be told (an exporter shows it beside the figure)."""
    found = _population(ctx, d)
    if found is None:
        return None
    _, keys, kind = found
    value = _count(ctx, d, Tally(keys, lookup=ctx.posts), kind)
    return None if value is None else _num(value)


def _what(ctx: Context, d: Declared) -> str:
    measure = {"posts": "posts", "civil_servants": "civil servants",
               "direct_subordinates": "direct subordinates"}.get(d.measure, d.measure)
    bits = [measure]
    if d.title:
        t = ctx.titles.get(d.title)
        bits.append(f"in {t.name if t else d.title}")
    if d.about and not d.title:
        bits.append(f"({d.about})")
    where = "" if d.subject == ctx.org.organisation.key else f" of {ctx.label(d.subject)}"
    return " ".join(bits) + where


@rule("declared-mismatch", "error", "declared figure differs from the parsed graph",
      "Art. 28 of the rulebook (totals); Annex 2 / Georgian forms (direct subordinates)",
      explained_by=FIGURE_NOT_READ)
def declared_mismatch(ctx: Context):
    tallies: dict[tuple, Tally] = {}  # one count per population, however many figures are about it
    for d in ctx.org.declared:
        if d.measure == "direct_units" and d.subject in ctx.posts:
            actual = len(_direct_units(ctx, d.subject))
            if actual != d.value:
                yield Hit(f"the document declares {_num(d.value)} units directly under {ctx.label(d.subject)}, "
                          f"the graph has {actual}", _subjects(ctx, d), severity="warning",
                          provenance=[d.provenance], data={"measure": d.measure, "declared": _num(d.value),
                                                           "actual": actual})
            continue
        found = _population(ctx, d)
        if found is None:
            continue
        share, keys, kind = found
        if share not in tallies:
            tallies[share] = Tally(keys, lookup=ctx.posts)
        actual = _count(ctx, d, tallies[share], kind)
        if actual != d.value and d.measure in SUBORDINATES:
            # A form may declare everyone below the post (a department's staffing), not only
            # those directly under it: that reading is accepted when it matches.
            everyone = Tally(ctx.posts_below(d.subject), lookup=ctx.posts)
            if _count(ctx, d, everyone) == d.value:
                continue
        if actual != d.value:
            said = f" (\"{d.label}\")" if d.label else ""
            # A form's declared subordinates may describe a whole department's staffing: a warning.
            severity = "warning" if d.measure in SUBORDINATES else None
            yield Hit(f"the document declares {_num(d.value)} {_what(ctx, d)}{said}, the graph has "
                      f"{_num(actual)}", _subjects(ctx, d), severity=severity, provenance=[d.provenance],
                      data={"measure": d.measure, "title": d.title, "about": d.about,
                            "declared": _num(d.value), "actual": _num(actual)})


@rule("declared-self-contradiction", "error", "declared figures that do not add up among themselves",
      "Art. 28 of the rulebook (per-title figures and the overall totals)", explained_by=FIGURE_NOT_READ)
def declared_self_contradiction(ctx: Context):
    groups: dict[tuple[str, str], list[Declared]] = defaultdict(list)
    for d in ctx.org.declared:
        groups[(d.subject, d.measure)].append(d)
    for (subject, measure), items in groups.items():
        parts: dict[str, Declared] = {}
        for d in items:
            if d.title and not d.about:
                if d.title in parts and parts[d.title].value != d.value:
                    yield _contradiction(ctx, [parts[d.title], d],
                                         f"{_what(ctx, d)} is declared twice, as {_num(parts[d.title].value)} "
                                         f"and {_num(d.value)}")
                parts.setdefault(d.title, d)
        totals = [d for d in items if not d.title and not d.about]
        for other in totals[1:]:
            if other.value != totals[0].value:
                yield _contradiction(ctx, [totals[0], other],
                                     f"the total of {_what(ctx, other)} is declared as both "
                                     f"{_num(totals[0].value)} and {_num(other.value)}")
        # Subtotals by kind of title ("of whom 8 on positions") against their parts.
        for d in items:
            kind = about_kind(d.about) if not d.title else None
            if kind is None:
                continue
            of_kind = [p for t, p in parts.items() if (ti := ctx.titles.get(t)) is not None and ti.kind == kind]
            if of_kind and sum(p.value for p in of_kind) != d.value:
                yield _contradiction(ctx, [d, *of_kind],
                                     f"the document declares {_num(d.value)} {_what(ctx, d)}, but its figures "
                                     f"per {kind.replace('_', ' ')} add up to {_num(sum(p.value for p in of_kind))}")
        if totals and parts:
            added, note, used = _parts_sum(ctx, subject, measure, parts, groups)
            # Parts below the total are a contradiction only when they name every title in use:
            # otherwise the document may simply not break the total down completely.
            in_use = {p.title for p in ctx.org.posts if p.title and not p.declared_only}
            named = set(parts) | {d.title for d in used}
            if added > totals[0].value or (added < totals[0].value and in_use <= named):
                yield _contradiction(ctx, [totals[0], *used],
                                     f"the document declares {_num(totals[0].value)} {_what(ctx, totals[0])} "
                                     f"in all, but its figures per title add up to {_num(added)}{note}")
    yield from _posts_above_servants(ctx, groups)


def _parts_sum(ctx: Context, subject: str, measure: str, parts: dict[str, Declared],
               groups: dict) -> tuple[float, str, list[Declared]]:
    """Sum of the per-title parts; for posts, position groups counted from their civil servants.

    A position (položaj) is one post held by one civil servant, so when a
    rulebook gives position groups only as civil servants, those figures are
    also the number of position posts.
    """
    added = sum(p.value for p in parts.values())
    used = list(parts.values())
    note = ""
    if measure == "posts":
        kinds = {ctx.titles[t].kind for t in parts if t in ctx.titles}
        if "position_group" not in kinds:
            servants = [d for d in groups.get((subject, "civil_servants"), ())
                        if d.title and not d.about and (t := ctx.titles.get(d.title)) is not None
                        and t.kind == "position_group"]
            if servants:
                extra = sum(d.value for d in servants)
                added += extra
                used += servants
                note = (f" ({_num(added - extra)} in titles and {_num(extra)} position posts, "
                        "one per civil servant on a position)")
    return added, note, used


def _posts_above_servants(ctx: Context, groups: dict):
    """A title cannot have more posts than civil servants: each post has at least one."""
    for (subject, measure), items in groups.items():
        if measure != "posts":
            continue
        servants = {d.title: d for d in groups.get((subject, "civil_servants"), ()) if d.title and not d.about}
        for d in items:
            s = servants.get(d.title) if d.title and not d.about else None
            if s is not None and d.value > s.value:
                yield _contradiction(ctx, [d, s], f"the document declares {_num(d.value)} {_what(ctx, d)} "
                                     f"but only {_num(s.value)} civil servants on them")


def _contradiction(ctx: Context, decls: list[Declared], message: str) -> Hit:
    subjects = sorted({k for d in decls for k in _subjects(ctx, d)})
    return Hit(message, subjects, provenance=[d.provenance for d in decls],
               data={"figures": [{"measure": d.measure, "title": d.title, "about": d.about,
                                  "value": _num(d.value), "label": d.label} for d in decls]})


def _fig(counts: dict, titles: list) -> str:
    return ", ".join(f"({t.split('/')[-1]}) {counts.get(t, 0)}" for t in titles)


@rule("declared-breakdown", "warning",
      "a head's declared subordinates differ from what the heads below declare plus the posts outside "
      "their units, or a post's from its unit head's",
      "Georgian forms (every head declares its direct subordinates by title)", explained_by=FIGURE_NOT_READ)
def declared_breakdown(ctx: Context):
    decl: dict[str, list[Declared]] = defaultdict(list)
    for d in ctx.org.declared:
        if d.measure in SUBORDINATES and d.title and d.subject in ctx.posts:
            decl[d.subject].append(d)
    if not decl:
        return
    posts = ctx.posts
    for u in ctx.org.units:
        heads = [k for k in ctx.heads.get(u.key, ()) if k in posts and not posts[k].declared_only]
        for head in heads:
            if head in decl:
                yield from _against_units_below(ctx, u.key, head, decl)
        # A post of the unit that declares subordinates too: its figures against its head's.
        head_decl = {d.title: d.value for h in heads for d in decl.get(h, ())}
        for k in ctx.unit_posts.get(u.key, ()):
            p = posts[k]
            if head_decl and k in decl and p.heads is None and not p.declared_only:
                titles = [d.title for d in decl[k]]
                if any(head_decl.get(d.title) != d.value for d in decl[k]):
                    own = {d.title: _num(d.value) for d in decl[k]}
                    yield Hit(f"{ctx.label(k)} declares direct subordinates ({_fig(own, titles)}) that differ "
                              f"from its unit head's ({_fig(head_decl, titles)})",
                              [k, *heads], provenance=[decl[k][0].provenance],
                              data={"declared": {d.title: _num(d.value) for d in decl[k]},
                                    "head_declared": {t: _num(head_decl.get(t, 0)) for t in titles}})


def _against_units_below(ctx: Context, unit: str, head: str, decl: dict[str, list[Declared]]):
    """A head's declared subordinates per title against the heads of the units directly below
    (their own declared figures) plus the posts in its unit outside those units."""
    children = ctx.unit_children.get(unit, ())
    child_heads = {c: [k for k in ctx.heads.get(c, ()) if not ctx.posts[k].declared_only] for c in children}
    if not any(h in decl for hs in child_heads.values() for h in hs):
        return
    declared: Counter = Counter()
    for d in decl[head]:
        declared[d.title] += d.value
    covered: set[str] = set()
    below: Counter = Counter()
    for c, hs in child_heads.items():
        for h in hs:
            if h in decl:
                covered.update(k for k in ctx.subtree_post_keys(c) if k != h)
                for d in decl[h]:
                    below[d.title] += d.value
    for k in ctx.subtree_post_keys(unit):
        p = ctx.posts[k]
        if k != head and k not in covered and p.title and not p.declared_only:
            below[p.title] += int(p.headcount or 0)
    titles = list(dict.fromkeys([*declared, *below]))
    if any(declared[t] != below[t] for t in titles):
        names = ", ".join(ctx.units[c].name for c in children)
        figures = ", ".join(f"({t.split('/')[-1]}) {_num(declared[t])} vs {_num(below[t])}" for t in titles)
        yield Hit(f"{ctx.label(head)} declares direct subordinates that differ from what the units below "
                  f"({names}) declare plus the posts outside them: {figures}", [head],
                  provenance=[decl[head][0].provenance],
                  data={"declared": {t: _num(declared[t]) for t in titles},
                        "below": {t: _num(below[t]) for t in titles}})
