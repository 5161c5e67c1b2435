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

from collections import Counter
from functools import cached_property
from itertools import compress, repeat
from operator import attrgetter, eq
from typing import Callable, Iterable

from graph.text.names import fold

#: Kinds of title a declared figure may be about (``about: position_groups``).
KINDS = ("position_group", "title", "grade")
#: Measures counted as posts; the others as people (the posts' headcount).
POSTS = ("posts",)
PEOPLE = ("civil_servants", "direct_subordinates")


class Tally:
    """Posts and people of a population, in all and per title (None: no title).

    Built from the posts themselves (each figure is then counted in C on first use, so a
    100k-post organisation costs a few passes, not one Python loop per post), or from counts
    already made (``by_title``: title -> ``[posts, people]``, as the roll-ups have them).
    """

    def __init__(self, posts: Iterable = (), *, lookup: dict | None = None,
                 by_title: dict[str | None, list] | None = None):
        # ``posts`` may be keys, with ``lookup`` to find each post: nothing is copied until needed.
        self._posts = posts if isinstance(posts, list) else list(posts)
        self._lookup = lookup
        self._given = by_title
        self._people: dict = {}

    def _items(self) -> Iterable:
        return map(self._lookup.__getitem__, self._posts) if self._lookup is not None else iter(self._posts)

    @cached_property
    def _titles(self) -> list:
        return list(map(attrgetter("title"), self._items()))

    @cached_property
    def posts_by_title(self) -> dict[str | None, int]:
        if self._given is not None:
            return {t: row[0] for t, row in self._given.items()}
        return dict(Counter(self._titles))

    def figure(self, col: int, title: str | None | type = all) -> float:
        """Posts (``col`` 0) or people (1), in all (``title`` ``all``) or for one title."""
        if self._given is not None:
            rows = self._given.values() if title is all else [self._given.get(title, [0, 0])]
            return sum(row[col] for row in rows)
        if col == 0:
            return len(self._posts) if title is all else self.posts_by_title.get(title, 0)
        if title not in self._people:
            chosen = self._items() if title is all else compress(self._items(), map(eq, self._titles,
                                                                                  repeat(title)))
            # The same sum as over `headcount or 0` (no headcount adds nothing), in C.
            self._people[title] = sum(filter(None, map(attrgetter("headcount"), chosen)))
        return self._people[title]


def tally(posts: Iterable) -> Tally:
    """Count posts (anything with ``title`` and ``headcount``), in all and per title."""
    return Tally(posts)


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
        return t.figure(col, title)
    if kind is not None:
        return sum(t.figure(col, k) for k in t.posts_by_title if k is not None and kind_of and kind_of(k) == kind)
    return t.figure(col)


def agrees(declared: float, count: float | None) -> bool | None:
    """Whether a declared figure equals its count (None: nothing to compare).

    >>> agrees(83, 84), agrees(3, 3.0), agrees(5, None)
    (False, True, None)
    """
    return None if count is None else count == declared
