"""What a chart shows: the whole body, one unit's subtree, or the neighbourhood of a post.

``depth`` counts levels of line reports below the top of the chart (the posts
with no line superior inside the selection, or the post itself for ``around``);
posts further down are folded into their lowest visible superior as a count.

>>> from graph.loaders.orgfile import parse_text
>>> org = parse_text('''
... organisation: {key: x, name: X}
... posts: [{key: x/post/1, name: A}, {key: x/post/2, name: B}, {key: x/post/3, name: C}]
... supervision: [{post: x/post/2, superior: x/post/1}, {post: x/post/3, superior: x/post/2}]
... ''', "doc")
>>> s = select(org, depth=1)
>>> s.posts, s.collapsed
(['x/post/1', 'x/post/2'], {'x/post/2': ['x/post/3']})
>>> select(org, around="x/post/2", depth=0).collapsed
{'x/post/2': ['x/post/3']}
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from graph.errors import Ambiguous, InputError, NotFound
from graph.text.names import fold
from graph.schema.model import OrgFile
from viz.index import OrgIndex

AROUND_DEPTH = 1  # an around-chart shows the post's direct reports unless told otherwise


@dataclass
class Selection:
    posts: list[str]  # visible posts, document order
    collapsed: dict[str, list[str]] = field(default_factory=dict)  # visible post -> posts folded under it
    top: list[str] = field(default_factory=list)
    focus: str | None = None  # the post of an around-chart
    scope: str | None = None  # the unit of a unit chart


def select(org: OrgFile, *, unit: str | None = None, around: str | None = None,
           depth: int | None = None, index: OrgIndex | None = None) -> Selection:
    """Choose the posts to draw; ``unit`` and ``around`` take keys, numbers or names."""
    ix = index or OrgIndex(org)
    if unit and around:
        raise InputError("choose either a unit or a post to chart around, not both")
    if depth is not None and depth < 0:
        raise InputError("--depth must be 0 or more")
    if around:
        focus = resolve_post(org, around, ix)
        return _around(ix, focus, AROUND_DEPTH if depth is None else depth)
    scope = resolve_unit(org, unit, ix) if unit else None
    candidates = ix.posts_under(scope) if scope else [p.key for p in org.posts]
    sel = _levels(ix, candidates, depth)
    sel.scope = scope
    return sel


def _levels(ix: OrgIndex, candidates: list[str], depth: int | None) -> Selection:
    inside = set(candidates)
    top = [k for k in candidates if not any(s in inside for s in ix.line_superiors.get(k, []))]
    level, via = _bfs(ix, top, inside)
    # Posts caught in a supervision cycle have a superior inside but no top above them.
    for k in candidates:
        if k not in level:
            top.append(k)
            more_level, more_via = _bfs(ix, [k], inside - set(level))
            level.update(more_level)
            via.update(more_via)
    return _fold(ix, candidates, level, via, depth, top)


def _around(ix: OrgIndex, focus: str, depth: int) -> Selection:
    up: list[str] = []
    todo = list(ix.line_superiors.get(focus, []))
    # Secondary superiors are part of a post's neighbourhood too.
    todo += [s.superior for s in ix.org.supervision
             if s.post == focus and s.kind != "line" and s.superior in ix.posts]
    while todo:
        k = todo.pop(0)
        if k in up or k == focus:
            continue
        up.append(k)
        todo.extend(ix.line_superiors.get(k, []))
    level, via = _bfs(ix, [focus], set(ix.posts) - set(up))
    sel = _fold(ix, list(level), level, via, depth, [focus])
    shown = set(sel.posts) | set(up)
    sel.posts = sorted(shown, key=ix.order.__getitem__)
    sel.top = [k for k in sel.posts if not any(s in shown for s in ix.line_superiors.get(k, []))]
    sel.focus = focus
    return sel


def _bfs(ix: OrgIndex, start: list[str], inside: set[str]) -> tuple[dict[str, int], dict[str, str]]:
    level = {k: 0 for k in start}
    via: dict[str, str] = {}
    todo = deque(start)  # a list's pop(0) made 100k posts quadratic
    while todo:
        k = todo.popleft()
        for r in ix.line_reports.get(k, []):
            if r in inside and r not in level:
                level[r] = level[k] + 1
                via[r] = k
                todo.append(r)
    return level, via


def _fold(ix: OrgIndex, candidates: list[str], level: dict[str, int], via: dict[str, str],
          depth: int | None, top: list[str]) -> Selection:
    if depth is None:
        posts = sorted(candidates, key=ix.order.__getitem__)
        return Selection(posts=posts, top=top)
    visible = [k for k in candidates if level[k] <= depth]
    collapsed: dict[str, list[str]] = {}
    for k in sorted(candidates, key=ix.order.__getitem__):
        if level[k] <= depth:
            continue
        anchor = k
        while level[anchor] > depth:
            anchor = via[anchor]
        collapsed.setdefault(anchor, []).append(k)
    return Selection(posts=sorted(visible, key=ix.order.__getitem__), collapsed=collapsed, top=top)


def _number(text: str) -> str:
    return text.strip().rstrip(".")


def resolve_unit(org: OrgFile, text: str, index: OrgIndex | None = None) -> str:
    """A unit by key, number (``1.1`` or ``1.1.``) or name (any script, or a unique part of it)."""
    ix = index or OrgIndex(org)
    return _resolve(text, "unit", list(ix.units.values()))


def resolve_post(org: OrgFile, text: str, index: OrgIndex | None = None) -> str:
    """A post by key, number (``13``, ``71a``) or name (any script)."""
    ix = index or OrgIndex(org)
    return _resolve(text, "post", list(ix.posts.values()))


def _resolve(text: str, what: str, items: list) -> str:
    text = text.strip()
    for item in items:
        if item.key == text:
            return item.key
    if re.fullmatch(r"[\w.]*\d[\w.]*", text):
        hits = [i for i in items if i.number and _number(i.number) == _number(text)]
        if len(hits) == 1:
            return hits[0].key
    wanted = fold(text)
    exact = [i for i in items if fold(i.name) == wanted]
    hits = exact or [i for i in items if wanted and wanted in fold(i.name)]
    if len(hits) == 1:
        return hits[0].key
    if not hits:
        raise NotFound(f"no {what} matches {text!r}; give its key or number")
    shown = ", ".join(f"{i.key} ({i.name})" for i in hits[:8])
    more = f" and {len(hits) - 8} more" if len(hits) > 8 else ""
    raise Ambiguous(f"{len(hits)} {what}s match {text!r}: {shown}{more}; give the key or number",
                    [{"key": i.key, "name": i.name} for i in hits])
