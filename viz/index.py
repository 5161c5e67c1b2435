"""An org model indexed for drawing: who is where, who reports to whom.

Charts ask the same few questions many times (the units above a unit, the line
reports of a post); answering them from dictionaries keeps a 2,000-post chart fast.

>>> from graph.schema.model import OrgFile, Organisation, Post, Supervision, Unit
>>> org = OrgFile(organisation=Organisation(key="x", name="X"),
...               units=[Unit(key="x/1", name="A"), Unit(key="x/1.1", name="B", parent="x/1")],
...               posts=[Post(key="x/post/1", name="Boss", unit="x/1"),
...                      Post(key="x/post/2", name="Clerk", unit="x/1.1")],
...               supervision=[Supervision(post="x/post/2", superior="x/post/1")])
>>> ix = OrgIndex(org)
>>> ix.unit_chain("x/1.1")
['x/1.1', 'x/1']
>>> ix.reports["x/post/1"], ix.superiors["x/post/2"]
(['x/post/2'], ['x/post/1'])
>>> sorted(ix.posts_under("x/1"))
['x/post/1', 'x/post/2']
"""

from __future__ import annotations

from collections import defaultdict

from graph.schema.model import OrgFile, Post, Title, Unit


class OrgIndex:
    """Lookups over one :class:`OrgFile`; line edges only in ``reports``/``superiors``."""

    def __init__(self, org: OrgFile):
        self.org = org
        self.units: dict[str, Unit] = {u.key: u for u in org.units}
        self.unit_order: dict[str, int] = {u.key: i for i, u in enumerate(org.units)}
        self.posts: dict[str, Post] = {p.key: p for p in org.posts}
        self.order: dict[str, int] = {p.key: i for i, p in enumerate(org.posts)}
        self.titles: dict[str, Title] = {t.key: t for t in org.titles}
        self.child_units: dict[str | None, list[str]] = defaultdict(list)
        for u in org.units:
            parent = u.parent if u.parent in self.units else None
            self.child_units[parent].append(u.key)
        self.unit_posts: dict[str | None, list[str]] = defaultdict(list)
        for p in org.posts:
            self.unit_posts[p.unit if p.unit in self.units else None].append(p.key)
        self.head_of: dict[str, str] = {}
        for p in org.posts:
            if p.heads in self.units:
                self.head_of.setdefault(p.heads, p.key)
        self.heads: set[str] = {p.key for p in org.posts if p.heads}
        self.reports: dict[str, list[str]] = defaultdict(list)
        self.superiors: dict[str, list[str]] = defaultdict(list)
        for s in org.supervision:
            if s.kind == "line" and s.post in self.posts and s.superior in self.posts:
                if s.post not in self.reports[s.superior]:
                    self.reports[s.superior].append(s.post)
                    self.superiors[s.post].append(s.superior)

    def unit_chain(self, unit: str | None) -> list[str]:
        """The unit and its ancestors, innermost first (cycles cut)."""
        chain: list[str] = []
        while unit in self.units and unit not in chain:
            chain.append(unit)
            unit = self.units[unit].parent
        return chain

    def units_under(self, unit: str) -> list[str]:
        """The unit and every unit nested in it, parents before children."""
        out, todo = [], [unit]
        while todo:
            u = todo.pop(0)
            if u in out:
                continue
            out.append(u)
            todo.extend(self.child_units.get(u, []))
        return out

    def posts_under(self, unit: str) -> list[str]:
        """Posts in the unit or its sub-units, and posts that head one of them, in document order."""
        inside = set(self.units_under(unit))
        keys = {p.key for p in self.org.posts if p.unit in inside or p.heads in inside}
        return sorted(keys, key=self.order.__getitem__)

    def title_name(self, post: Post) -> str | None:
        """The title's name in the original script; the catalogue, then the code, as fallbacks."""
        if not post.title:
            return post.title_as_written
        if post.title in self.titles:
            return self.titles[post.title].name
        return _catalogue_title(post.title) or post.title_as_written or post.title.split("/", 1)[-1]


def _catalogue_title(key: str) -> str | None:
    # Org files may leave titles out and rely on the shared catalogue.
    system = key.split("/", 1)[0]
    try:
        from graph.catalogues import load_titles

        for t in load_titles(system):
            if t.key == key:
                return t.name
    except Exception:  # noqa: BLE001 - a missing catalogue only costs the nicer name
        return None
    return None
