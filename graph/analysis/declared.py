"""The one declared-versus-counted reconciliation: what a document says it holds, counted.

A declared figure (:class:`graph.schema.model.Declared`) gives a measure (posts,
civil servants, direct subordinates) over all titles, one title, or one kind of
title (``about: position_groups``). :func:`tally` counts a population of posts
once; :func:`counted` reads the figure a declaration is about from it. The checks
(``declared-mismatch``), the unit roll-ups and the Georgian loader's derived posts
all count through these two functions.

>>> from graph.schema.model import Post
>>> t = tally([Post(key="a", name="A", title="rs/savetnik", headcount=2),
...            Post(key="b", name="B", title="rs/polozaj-4", headcount=1),
...            Post(key="c", name="C", headcount=None)])
>>> counted("posts", t), counted("civil_servants", t), counted("civil_servants", t, title="rs/savetnik")
(3, 3, 2)
>>> kinds = {"rs/polozaj-4": "position_group", "rs/savetnik": "title"}
>>> counted("posts", t, kind=about_kind("position_groups"), kind_of=kinds.get)
1
>>> counted("posts", t, title="rs/viši-savetnik"), counted("activities", t)
(0, None)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from graph.text.names import fold

#: Kinds of title a declared figure may be about (``about: position_groups``).
KINDS = ("position_group", "title", "grade")
#: Measures counted as posts; the others as people (the posts' headcount).
POSTS = ("posts",)
PEOPLE = ("civil_servants", "direct_subordinates")


@dataclass
class Tally:
    """Posts and people of a population, in all and per title (None: no title)."""

    posts: int = 0
    people: float = 0
    by_title: dict[str | None, list] = field(default_factory=dict)  # title -> [posts, people]


def tally(posts: Iterable) -> Tally:
    """Count posts (anything with ``title`` and ``headcount``) once, in all and per title."""
    t = Tally()
    by = t.by_title
    for p in posts:
        people = p.headcount or 0
        t.posts += 1
        t.people += people
        row = by.get(p.title)
        if row is None:
            by[p.title] = [1, people]
        else:
            row[0] += 1
            row[1] += people
    return t


def about_kind(about: str | None) -> str | None:
    """``about`` naming a kind of title (``position_groups`` -> ``position_group``), else None.

    >>> about_kind("Position groups"), about_kind("the director")
    ('position_group', None)
    """
    if about is None:
        return None
    a = fold(about).replace(" ", "_").rstrip("s")
    return a if a in KINDS else None


def counted(measure: str, t: Tally, title: str | None = None, kind: str | None = None,
            kind_of: Callable[[str], str | None] | None = None) -> float | None:
    """The figure ``measure`` counted over ``t``: for one ``title``, else for the titles of one
    ``kind`` (``kind_of`` tells a title's kind), else in all; None for a measure not counted."""
    if measure in POSTS:
        col = 0
    elif measure in PEOPLE:
        col = 1
    else:
        return None
    if title is not None:
        row = t.by_title.get(title)
        return row[col] if row else 0
    if kind is not None:
        return sum(row[col] for k, row in t.by_title.items() if k is not None and kind_of and kind_of(k) == kind)
    return t.posts if col == 0 else t.people


def agrees(declared: float, count: float | None) -> bool | None:
    """Whether a declared figure equals its count (None: nothing to compare).

    >>> agrees(83, 84), agrees(3, 3.0), agrees(5, None)
    (False, True, None)
    """
    return None if count is None else count == declared
