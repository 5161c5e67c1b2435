"""Figures a document declares about itself, reconciled with what was parsed.

Art. 28 of a Serbian rulebook gives posts and civil servants per title and
overall; a Georgian form gives its post's direct subordinates by title. Every
mismatch is reported, whether the document contradicts itself (its parts do
not add up to its total) or the graph (it declares 83 posts and lists 84).
"""

from __future__ import annotations

from graph.text.numbers import tidy

from collections import defaultdict
from operator import attrgetter

from graph.checks.engine import Context, Hit, iter_subtree_posts, rule
from graph.text.names import fold
from graph.schema.model import Declared

KINDS = ("position_group", "title", "grade")
COUNTED = ("posts", "civil_servants")  # measured over an organisation or unit
SUBORDINATES = ("direct_subordinates",)  # measured under one post


def _num(x: float) -> int | float:
    return tidy(x)  # whole numbers without ".0", at most two decimals


def _subjects(ctx: Context, d: Declared) -> list[str]:
    return [d.subject] if d.subject in ctx.posts or d.subject in ctx.units else []


def _kind_of(about: str | None) -> str | None:
    """``about`` naming a kind of title (``position_group``), else None."""
    if about is None:
        return None
    a = fold(about).replace(" ", "_").rstrip("s")
    return a if a in KINDS else None


def _counted(ctx: Context) -> list[str]:
    """Keys of the organisation's posts that count (not known only from a declaration); not to be changed."""
    cached = ctx.__dict__.get("_counted")
    if cached is None:
        cached = ctx.__dict__["_counted"] = [p.key for p in ctx.org.posts if not p.declared_only]
    return cached


def _population(ctx: Context, d: Declared) -> list[str] | None:
    """Post keys a declared figure counts over, or None when it cannot be told."""
    if d.measure in SUBORDINATES:
        if d.subject not in ctx.posts:
            return None
        keys = list(ctx.subordinates.get(d.subject, ()))
    elif d.measure in COUNTED:
        if d.subject == ctx.org.organisation.key:
            keys = _counted(ctx)
        elif d.subject in ctx.units:
            keys = [k for k in iter_subtree_posts(ctx, d.subject) if not ctx.posts[k].declared_only]
        else:
            return None
    else:
        return None
    if d.title:
        posts = ctx.posts
        keys = [k for k in keys if posts[k].title == d.title]
    if d.about and not d.title:  # with a title, 'about' is only that title as written
        kind = _kind_of(d.about)
        if kind:
            keys = [k for k in keys if (t := ctx.title_of(k)) is not None and t.kind == kind]
        else:
            name = fold(d.about)
            named = [k for k in keys if fold(ctx.posts[k].name) == name]
            if not named and d.measure not in SUBORDINATES:
                return None  # an 'about' we cannot interpret: do not guess
            keys = named
    return keys


def _below(ctx: Context, post: str) -> list[str]:
    """Every post under ``post``, directly or not (line and secondary lines)."""
    seen, stack = {post}, [post]
    while stack:
        for k in ctx.subordinates.get(stack.pop(), ()):
            if k not in seen and k in ctx.posts:
                seen.add(k)
                stack.append(k)
    seen.discard(post)
    return list(seen)


def _direct_units(ctx: Context, post: str) -> set[str]:
    """Units directly under a post: inner units of the units it heads, and units its
    direct subordinates head."""
    own = {u for u in ctx.heads_of(post)}
    out = {c for u in own for c in ctx.unit_children.get(u, ())}
    for k in ctx.subordinates.get(post, ()):
        if k in ctx.posts:
            out.update(u for u in ctx.heads_of(k) if u not in own)
    return out


def _actual(ctx: Context, d: Declared, keys: list[str]) -> float:
    if d.measure == "posts":
        return len(keys)
    # The same sum as over `headcount or 0` (no headcount adds nothing), in C.
    return sum(filter(None, map(attrgetter("headcount"), map(ctx.posts.__getitem__, keys))))


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
      covers=("declared", "total"))
def declared_mismatch(ctx: Context):
    for d in ctx.org.declared:
        if d.measure == "direct_units" and d.subject in ctx.posts:
            actual = len(_direct_units(ctx, d.subject))
            if actual != d.value:
                yield Hit(f"the document declares {_num(d.value)} units directly under {ctx.label(d.subject)}, "
                          f"the graph has {actual}", _subjects(ctx, d), severity="warning",
                          provenance=[d.provenance], data={"measure": d.measure, "declared": _num(d.value),
                                                           "actual": actual})
            continue
        keys = _population(ctx, d)
        if keys is None:
            continue
        actual = _actual(ctx, d, keys)
        if actual != d.value and d.measure in SUBORDINATES:
            # A form may declare everyone below the post (a department's staffing), not only
            # those directly under it: that reading is accepted when it matches.
            everyone = [k for k in _below(ctx, d.subject) if not d.title or ctx.posts[k].title == d.title]
            if _actual(ctx, d, everyone) == d.value:
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
      "Art. 28 of the rulebook (per-title figures and the overall totals)", covers=("declared", "total"))
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
            kind = _kind_of(d.about) if not d.title else None
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
