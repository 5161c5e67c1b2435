"""The one in-memory index of an organisation, shared by the checks, the charts and
the in-memory queries.

Every index is built on first use and kept (a check of 100k posts asks for a few
of them, a chart for others), each in one linear pass. Two views of the
reporting lines serve two purposes:

- *as stated* (``reporting_lines``, ``superiors``, ``subordinates``,
  ``line_subordinates``, ``with_superior``): every line and secondary edge, to
  posts that exist or not, so a check can judge them;
- *as drawn* (``line_reports``, ``line_superiors``, ``tree_children``,
  ``tree_posts``): line edges between existing posts, each pair once, and units
  under their parent when it exists (else at the top), so a chart never meets
  a dangling key.

networkx serves where it is the right tool (cycles, everything below a post);
it is imported only then.

>>> from graph.schema.model import OrgFile, Organisation, Post, Supervision, Unit
>>> org = OrgFile(organisation=Organisation(key="x", name="X"),
...               units=[Unit(key="x/1", name="A"), Unit(key="x/1.1", name="B", parent="x/1")],
...               posts=[Post(key="x/post/1", name="Boss", unit="x/1", heads="x/1"),
...                      Post(key="x/post/2", name="Clerk", unit="x/1.1")],
...               supervision=[Supervision(post="x/post/2", superior="x/post/1")])
>>> ix = OrgIndex(org)
>>> ix.unit_chain("x/1.1"), ix.units_bottom_up, ix.subtree_posts
(['x/1.1', 'x/1'], ['x/1.1', 'x/1'], {'x/1.1': 1, 'x/1': 2})
>>> ix.line_reports["x/post/1"], ix.line_superiors["x/post/2"], ix.tops
(['x/post/2'], ['x/post/1'], (['x/post/1'], []))
>>> ix.posts_under("x/1"), ix.posts_below("x/post/1"), ix.unit_depth
(['x/post/1', 'x/post/2'], ['x/post/2'], {'x/1': 0, 'x/1.1': 1})
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING

from graph.analysis import network
from graph.analysis.cycles import post_order
from graph.schema.model import OrgFile, Post, Title, Unit

if TYPE_CHECKING:
    import networkx as nx


def seniority(title: Title | None) -> tuple[int, int] | None:
    """Sort key, smaller = more senior: every position group above every title.

    >>> a = Title(key="rs/polozaj-4", system="rs", code="polozaj-4", name="g4", rank=4, kind="position_group")
    >>> b = Title(key="rs/visi-savetnik", system="rs", code="visi-savetnik", name="t1", rank=1)
    >>> seniority(a) < seniority(b)
    True
    """
    if title is None:
        return None
    return (0 if title.kind == "position_group" else 1, title.rank)


class OrgIndex:
    """Lookups over one :class:`OrgFile`, each built on first use."""

    def __init__(self, org: OrgFile):
        self.org = org

    # -- items by key and by place in the document ------------------------------------------
    @cached_property
    def posts(self) -> dict[str, Post]:
        return dict(zip(map(attrgetter("key"), self.org.posts), self.org.posts))

    @cached_property
    def units(self) -> dict[str, Unit]:
        return dict(zip(map(attrgetter("key"), self.org.units), self.org.units))

    @cached_property
    def titles(self) -> dict[str, Title]:
        return {t.key: t for t in self.org.titles}

    @cached_property
    def order(self) -> dict[str, int]:
        """post -> its place in the document."""
        return {p.key: i for i, p in enumerate(self.org.posts)}

    @cached_property
    def unit_order(self) -> dict[str, int]:
        return {u.key: i for i, u in enumerate(self.org.units)}

    @cached_property
    def system(self) -> str | None:
        """The title system most posts use (``rs``, ``ge``, ``uk``), else that of the catalogue."""
        # Posts counted per title first (in C), then titles per system, in the order posts first use them.
        used: Counter = Counter()
        for title, n in Counter(map(attrgetter("title"), self.org.posts)).items():
            if title in self.titles:
                used[self.titles[title].system] += n
        if not used:
            used = Counter(t.system for t in self.org.titles)
        return used.most_common(1)[0][0] if used else None

    @cached_property
    def seniorities(self) -> dict[str, tuple[int, int]]:
        """post -> seniority of its title (posts without a known title left out)."""
        by_title = {k: seniority(t) for k, t in self.titles.items()}
        return {p.key: by_title[p.title] for p in self.org.posts if p.title in by_title}

    @cached_property
    def counted_posts(self) -> list[str]:
        """Posts that count (not known only from another post's declaration), in document order."""
        return [p.key for p in self.org.posts if not p.declared_only]

    @cached_property
    def numbered(self) -> tuple[list[str], list[str]]:
        """Keys and numbers (spaces and trailing dots cut) of the posts whose number is a place
        in the document's numbering.

        A UK post's number is its reference (``attributes.reference``), an identifier
        chosen freely: gaps mean nothing and the loader reports shared references itself.
        """
        keys, numbers = [], []
        for p in self.org.posts:
            n = p.number
            if n and "reference" not in p.attributes:
                keys.append(p.key)
                numbers.append(n if n.isdecimal() else n.strip().rstrip("."))
        return keys, numbers

    # -- reporting lines as stated ----------------------------------------------------------
    @cached_property
    def reporting_lines(self) -> tuple[list[str], list[str], list[str]]:
        """post, superior and kind of every reporting line, as three lists (read in C)."""
        sup = self.org.supervision
        return (list(map(attrgetter("post"), sup)), list(map(attrgetter("superior"), sup)),
                list(map(attrgetter("kind"), sup)))

    @cached_property
    def _below(self) -> tuple[dict, dict]:
        # One pass over the reporting lines for both indexes (the slow part on big orgs).
        sub: dict[str, list[str]] = defaultdict(list)
        line: dict[str, list[str]] = defaultdict(list)
        posts, superiors, kinds = self.reporting_lines
        supervising = network.SUPERVISING
        # A pair stated twice counts once, by the kind it is first stated with; without repeated
        # pairs (the usual case, told by a set of them) no pair needs remembering.
        seen: set | None = None if len(set(zip(posts, superiors))) == len(posts) else set()
        for post, superior, kind in zip(posts, superiors, kinds):
            if kind not in supervising:
                continue
            if seen is not None:
                if (post, superior) in seen:
                    continue
                seen.add((post, superior))
            sub[superior].append(post)
            if kind == "line":
                line[superior].append(post)
        return sub, line

    @cached_property
    def superiors(self) -> dict[str, list[str]]:
        """post -> its superiors by line or secondary supervision (existing posts or not)."""
        sup: dict[str, list[str]] = defaultdict(list)
        supervising = network.SUPERVISING
        for post, superior, kind in zip(*self.reporting_lines):
            if kind in supervising:
                sup[post].append(superior)
        return sup

    @cached_property
    def with_superior(self) -> set[str]:
        """Posts with a superior by line or secondary supervision (the keys of ``superiors``)."""
        posts, _, kinds = self.reporting_lines
        if set(kinds) <= set(network.SUPERVISING):
            return set(posts)
        supervising = network.SUPERVISING
        return {post for post, kind in zip(posts, kinds) if kind in supervising}

    @cached_property
    def subordinates(self) -> dict[str, list[str]]:
        """superior -> posts directly under it (line or secondary), each once."""
        return self._below[0]

    @cached_property
    def line_subordinates(self) -> dict[str, list[str]]:
        """superior -> posts under it by line supervision only (the chain of command).

        Secondary lines (a rulebook's Art. 26 edge to the director, a form's second
        superior) make a post answerable, not part of the superior's span.
        """
        return self._below[1]

    @cached_property
    def spans(self) -> dict[str, tuple[float, int]]:
        """superior -> (people, posts) directly under it by line, for every post anyone reports to
        by line (posts that do not exist left out of the figures)."""
        posts = self.posts
        out: dict[str, tuple[float, int]] = {}
        for key, subs in self.line_subordinates.items():
            people = n = 0
            for k in subs:
                p = posts.get(k)
                if p is not None:
                    people += p.headcount or 0
                    n += 1
            out[key] = (people, n)
        return out

    @cached_property
    def tops(self) -> tuple[list[str], list[str]]:
        """(roots, orphans): posts without a superior, with and without subordinates."""
        roots, orphans = [], []
        answers, subordinates = self.with_superior, self.subordinates
        for key in map(attrgetter("key"), self.org.posts):
            if key not in answers:
                (roots if subordinates.get(key) else orphans).append(key)
        return roots, orphans

    def posts_below(self, post: str) -> list[str]:
        """Every existing post under ``post``, directly or not (line and secondary lines),
        in document order."""
        import networkx as nx

        if post not in self.posts:
            return []
        # Only through posts that exist; edges run post -> superior.
        below = nx.ancestors(self.supervision_graph.subgraph(self.posts.keys()), post)
        below.discard(post)
        return sorted((k for k in below if k in self.posts), key=self.order.__getitem__)

    # -- reporting lines as drawn -----------------------------------------------------------
    @cached_property
    def _drawn(self) -> tuple[dict, dict]:
        reports: dict[str, list[str]] = defaultdict(list)
        superiors: dict[str, list[str]] = defaultdict(list)
        posts = self.posts
        for s in self.org.supervision:
            if s.kind == "line" and s.post in posts and s.superior in posts:
                if s.post not in reports[s.superior]:
                    reports[s.superior].append(s.post)
                    superiors[s.post].append(s.superior)
        return reports, superiors

    @cached_property
    def line_reports(self) -> dict[str, list[str]]:
        """superior -> posts under it by line, both existing, each once."""
        return self._drawn[0]

    @cached_property
    def line_superiors(self) -> dict[str, list[str]]:
        """post -> its line superiors that exist, each once."""
        return self._drawn[1]

    # -- units and their heads --------------------------------------------------------------
    @cached_property
    def heading_posts(self) -> list[Post]:
        """Posts that head a unit, in the document's order."""
        return [p for p in self.org.posts if p.heads]

    @cached_property
    def heads(self) -> dict[str, list[str]]:
        """unit -> the posts that head it."""
        out: dict[str, list[str]] = defaultdict(list)
        for p in self.heading_posts:
            out[p.heads].append(p.key)
        return out

    @cached_property
    def head_of(self) -> dict[str, str]:
        """unit (existing) -> its first head post."""
        return {u: ks[0] for u, ks in self.heads.items() if u in self.units}

    @cached_property
    def head_keys(self) -> set[str]:
        """Posts that head a unit (existing or not)."""
        return {p.key for p in self.heading_posts}

    def heads_of(self, post_key: str) -> list[str]:
        """Units a post heads (a post heads at most one in the model)."""
        p = self.posts.get(post_key)
        return [p.heads] if p is not None and p.heads else []

    @cached_property
    def unit_posts(self) -> dict[str | None, list[str]]:
        """unit as written (None: the organisation itself) -> posts directly in it."""
        out: dict[str | None, list[str]] = defaultdict(list)
        for p in self.org.posts:
            out[p.unit].append(p.key)
        return out

    @cached_property
    def unit_children(self) -> dict[str | None, list[str]]:
        """parent as written (None: the organisation) -> units directly in it."""
        out: dict[str | None, list[str]] = defaultdict(list)
        for u in self.org.units:
            out[u.parent].append(u.key)
        return out

    @cached_property
    def tree_children(self) -> dict[str | None, list[str]]:
        """Like ``unit_children``, a parent that does not exist counting as the organisation."""
        out: dict[str | None, list[str]] = defaultdict(list)
        units = self.units
        for u in self.org.units:
            out[u.parent if u.parent in units else None].append(u.key)
        return out

    @cached_property
    def tree_posts(self) -> dict[str | None, list[str]]:
        """Like ``unit_posts``, a unit that does not exist counting as the organisation."""
        out: dict[str | None, list[str]] = defaultdict(list)
        units = self.units
        for p in self.org.posts:
            out[p.unit if p.unit in units else None].append(p.key)
        return out

    @cached_property
    def units_bottom_up(self) -> list[str]:
        """Unit keys, every unit after all units below it (units in a parent cycle left out)."""
        return list(post_order(self.unit_children, self.unit_children.get(None, [])))

    @cached_property
    def subtree_posts(self) -> dict[str, int]:
        """unit -> number of posts in it and in every unit below it."""
        out: dict[str, int] = {}
        for u in self.units_bottom_up:
            out[u] = len(self.unit_posts.get(u, ())) + sum(out[c] for c in self.unit_children.get(u, ()))
        return out

    @cached_property
    def unit_depth(self) -> dict[str, int]:
        """unit -> levels below the organisation (a top unit is 0; units in a parent cycle left out)."""
        depth: dict[str, int] = {}
        for u in reversed(self.units_bottom_up):  # every parent before its children
            parent = self.units[u].parent
            depth[u] = depth[parent] + 1 if parent in depth else 0
        return depth

    def unit_chain(self, unit: str | None) -> list[str]:
        """The unit and its ancestors, innermost first (cycles cut)."""
        chain: list[str] = []
        while unit in self.units and unit not in chain:
            chain.append(unit)
            unit = self.units[unit].parent
        return chain

    def units_under(self, unit: str) -> list[str]:
        """The unit and every unit nested in it, parents before children."""
        out, seen, todo = [], set(), [unit]
        while todo:
            u = todo.pop(0)
            if u in seen:
                continue
            seen.add(u)
            out.append(u)
            todo.extend(self.tree_children.get(u, []))
        return out

    def subtree_post_keys(self, unit: str) -> list[str]:
        """Posts in ``unit`` and every unit below it (each unit once, cycles cut)."""
        out: list[str] = []
        for u in self.units_under(unit):
            out.extend(self.unit_posts.get(u, ()))
        return out

    def posts_under(self, unit: str) -> list[str]:
        """Posts in the unit or its sub-units, and posts that head one of them, in document order."""
        inside = set(self.units_under(unit))
        keys = {p.key for p in self.org.posts if p.unit in inside or p.heads in inside}
        return sorted(keys, key=self.order.__getitem__)

    # -- graphs (networkx) ------------------------------------------------------------------
    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The whole org shaped like the Neo4j graph (:func:`graph.analysis.network.build`)."""
        return network.build(self.org)

    @cached_property
    def supervision_graph(self) -> nx.DiGraph:
        """post -> superior over line and secondary supervision."""
        return network.supervision(self.org)

    @cached_property
    def substitution_graph(self) -> nx.DiGraph:
        return network.substitution(self.org)
