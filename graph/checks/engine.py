"""The check engine: rules, findings, and the indexes every rule shares.

A rule is a small function over a :class:`Context` that yields :class:`Hit`
records; the engine stamps each with the rule's id and severity and the
provenance of the posts or units it names. Rules register themselves with
:func:`rule`; :mod:`graph.checks.rules` imports the theme modules in order.

Everything here is linear in the size of the org: the indexes are built once,
lazily, and no rule compares posts pairwise.

>>> from graph.schema.model import OrgFile, Organisation, Post
>>> ctx = Context(OrgFile(organisation=Organisation(key="d", name="D"),
...                       posts=[Post(key="d/post/1", number="1", name="Director")]))
>>> ctx.label("d/post/1")
'post 1 "Director"'
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, NamedTuple

from graph.analysis import network
from graph.schema.model import OrgFile, Post, Provenance, Title

if TYPE_CHECKING:
    import networkx as nx

SEVERITIES = ("error", "warning", "info")
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass
class Limits:
    """Configurable thresholds (management practice, not law)."""

    max_span: int = 15
    max_depth: int = 8

    @classmethod
    def of(cls, value: "Limits | dict | None") -> "Limits":
        """``Limits``, a dict of overrides (``None`` values ignored), or the defaults.

        >>> Limits.of({"max_span": 4, "max_depth": None})
        Limits(max_span=4, max_depth=8)
        """
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        return cls(**{k: v for k, v in dict(value).items() if v is not None})


@dataclass
class Finding:
    """One problem found: which rule, how bad, what it concerns and where it was written."""

    rule: str
    severity: str
    message: str
    subjects: list[str] = field(default_factory=list)
    provenance: list[Provenance | None] | None = None
    data: dict[str, Any] = field(default_factory=dict)
    #: Further posts a grouped finding speaks for, beyond the few it names (marked by --store,
    #: and their loader warnings are not repeated); left out of the JSON to keep it small.
    covered: list[str] = field(default_factory=list, repr=False, compare=False)

    @property
    def where(self) -> Provenance | None:
        """The first known source line of the finding."""
        for p in self.provenance or ():
            if p is not None:
                return p
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "subjects": list(self.subjects),
            "provenance": [p.model_dump() if p else None for p in (self.provenance or [])],
            "data": self.data,
        }


class Hit(NamedTuple):
    """What a rule yields; the engine makes a :class:`Finding` of it."""

    message: str
    subjects: list[str]
    severity: str | None = None  # None: the rule's default
    data: dict | None = None
    provenance: list[Provenance | None] | None = None  # None: that of the subjects
    covered: list[str] | None = None  # a grouped finding: every post it stands for


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # default severity
    theme: str
    summary: str
    source: str  # where the rule comes from
    fn: Callable[["Context"], Iterable[Hit]]
    systems: tuple[str, ...] | None = None  # only orgs whose titles are of these systems
    covers: tuple[str, ...] = ()  # loader warning codes (substrings) this rule reports better

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.id, "severity": self.severity, "theme": self.theme,
                "summary": self.summary, "source": self.source,
                "applies_to": list(self.systems) if self.systems else "all"}


REGISTRY: dict[str, Rule] = {}


def rule(id: str, severity: str, summary: str, source: str, *, systems: tuple[str, ...] | None = None,
         covers: tuple[str, ...] = ()) -> Callable:
    """Register the decorated function as a rule."""
    assert severity in SEVERITIES, severity

    def wrap(fn: Callable[["Context"], Iterable[Hit]]) -> Callable:
        theme = fn.__module__.rsplit(".", 1)[-1]
        REGISTRY[id] = Rule(id, severity, theme, summary, source, fn, systems, covers)
        return fn

    return wrap


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


class Context:
    """An org plus the indexes the rules share, each built on first use."""

    def __init__(self, org: OrgFile, limits: Limits | dict | None = None):
        self.org = org
        self.limits = Limits.of(limits)
        self.findings: list[Finding] = []  # filled by the engine as rules run

    # -- plain indexes -------------------------------------------------------------------
    @cached_property
    def posts(self) -> dict[str, Post]:
        return dict(zip(map(attrgetter("key"), self.org.posts), self.org.posts))

    @cached_property
    def units(self) -> dict:
        return dict(zip(map(attrgetter("key"), self.org.units), self.org.units))

    @cached_property
    def titles(self) -> dict[str, Title]:
        return {t.key: t for t in self.org.titles}

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
    def reporting_lines(self) -> tuple[list[str], list[str], list[str]]:
        """post, superior and kind of every reporting line, as three lists (read in C)."""
        sup = self.org.supervision
        return (list(map(attrgetter("post"), sup)), list(map(attrgetter("superior"), sup)),
                list(map(attrgetter("kind"), sup)))

    @cached_property
    def _lines(self) -> tuple[dict, dict]:
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
        return self._lines[0]

    @cached_property
    def line_subordinates(self) -> dict[str, list[str]]:
        """superior -> posts under it by line supervision only (the chain of command).

        Secondary lines (a rulebook's Art. 26 edge to the director, a form's second
        superior) make a post answerable, not part of the superior's span.
        """
        return self._lines[1]

    @cached_property
    def seniorities(self) -> dict[str, tuple[int, int]]:
        """post -> seniority of its title (posts without a known title left out)."""
        by_title = {k: seniority(t) for k, t in self.titles.items()}
        return {p.key: by_title[p.title] for p in self.org.posts if p.title in by_title}

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
    def unit_posts(self) -> dict[str | None, list[str]]:
        """unit (None: the organisation itself) -> posts directly in it."""
        out: dict[str | None, list[str]] = defaultdict(list)
        for p in self.org.posts:
            out[p.unit].append(p.key)
        return out

    @cached_property
    def unit_children(self) -> dict[str | None, list[str]]:
        out: dict[str | None, list[str]] = defaultdict(list)
        for u in self.org.units:
            out[u.parent].append(u.key)
        return out

    @cached_property
    def units_bottom_up(self) -> list[str]:
        """Unit keys, every unit after all units below it (units in a parent cycle left out)."""
        order: list[str] = []
        stack = [(k, False) for k in self.unit_children.get(None, [])]
        while stack:
            key, done = stack.pop()
            if done:
                order.append(key)
                continue
            stack.append((key, True))
            stack.extend((c, False) for c in self.unit_children.get(key, []))
        return order

    @cached_property
    def subtree_posts(self) -> dict[str, int]:
        """unit -> number of posts in it and in every unit below it."""
        out: dict[str, int] = {}
        for u in self.units_bottom_up:
            out[u] = len(self.unit_posts.get(u, ())) + sum(out[c] for c in self.unit_children.get(u, ()))
        return out

    # -- graphs --------------------------------------------------------------------------
    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        return network.build(self.org)

    @cached_property
    def supervision_graph(self) -> nx.DiGraph:
        return network.supervision(self.org, kinds=None)

    @cached_property
    def substitution_graph(self) -> nx.DiGraph:
        return network.substitution(self.org)

    def heads_of(self, post_key: str) -> list[str]:
        """Units a post heads (a post heads at most one in the model)."""
        p = self.posts.get(post_key)
        return [p.heads] if p is not None and p.heads else []

    # -- helpers for messages ------------------------------------------------------------
    def title_of(self, post_key: str) -> Title | None:
        p = self.posts.get(post_key)
        return self.titles.get(p.title) if p and p.title else None

    def seniority_of(self, post_key: str) -> tuple[int, int] | None:
        return self.seniorities.get(post_key)

    def title_name(self, post_key: str) -> str:
        t = self.title_of(post_key)
        if t:
            return t.name
        p = self.posts.get(post_key)
        return (p.title_as_written or p.title or "no title") if p else "unknown"

    def prov(self, key: str) -> Provenance | None:
        item = self.posts.get(key) or self.units.get(key)
        if item is None and key == self.org.organisation.key:
            item = self.org.organisation
        return getattr(item, "provenance", None)

    def label(self, key: str) -> str:
        """A readable name for a post or unit key, for messages."""
        p = self.posts.get(key)
        if p is not None:
            return f'post {p.number} "{p.name}"' if p.number else f'post "{p.name}"'
        u = self.units.get(key)
        if u is not None:
            return f'unit {u.number} "{u.name}"' if u.number else f'unit "{u.name}"'
        if key == self.org.organisation.key:
            return f'the organisation "{self.org.organisation.name}"'
        return repr(key)

    def labels(self, keys: Iterable[str], limit: int = 5) -> str:
        keys = list(keys)
        shown = ", ".join(self.label(k) for k in keys[:limit])
        return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


def run(org: OrgFile, rules: Iterable[Rule], limits: Limits | dict | None = None) -> list[Finding]:
    """Run ``rules`` over ``org``; findings sorted by severity, then source line."""
    # The indexes allocate millions of small objects over a heap of model objects: the cyclic
    # collector would rescan that heap again and again (most of the time on 100k posts).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(org, rules, limits)
    finally:
        if enabled:
            gc.enable()


def _run(org: OrgFile, rules: Iterable[Rule], limits: Limits | dict | None) -> list[Finding]:
    ctx = Context(org, limits)
    for r in rules:
        if r.systems is not None and ctx.system not in r.systems:
            continue
        for hit in r.fn(ctx):
            prov = hit.provenance if hit.provenance is not None else [ctx.prov(k) for k in hit.subjects]
            ctx.findings.append(Finding(r.id, hit.severity or r.severity, hit.message, list(hit.subjects),
                                        prov, dict(hit.data or {}), list(hit.covered or ())))
    return sorted(ctx.findings, key=_sort_key)


def _sort_key(f: Finding) -> tuple:
    w = f.where
    return (_SEVERITY_ORDER[f.severity], w.document if w else "\uffff", (w.line or 0) if w else 0, f.rule)


def cycles(starts: list[str], ends: list[str]) -> tuple[nx.DiGraph | None, list[set[str]]]:
    """Strongly connected parts that hold a cycle (a self-loop counts), and the graph of them
    (None when there is no cycle), for the edges ``starts[i] -> ends[i]``.

    A node on a cycle has an edge in and an edge out among the nodes on cycles, so edges
    touching a node without both are dropped until none is left to drop (a tree loses its
    leaves, then the next level, and so on, in set operations); networkx only sees the rest.

    >>> g, comps = cycles(["a", "b", "c", "d", "e"], ["b", "c", "b", "d", "a"])
    >>> sorted(sorted(c) for c in comps)
    [['b', 'c'], ['d']]
    >>> cycles(["a", "b"], ["b", "c"])
    (None, [])
    """
    while starts:
        both = set(starts).intersection(ends)
        keep = [a in both and b in both for a, b in zip(starts, ends)]
        if all(keep):
            break
        starts, ends = list(compress(starts, keep)), list(compress(ends, keep))
    if not starts:
        return None, []
    # networkx (a tenth of a second to import) only for an org that has a cycle to report.
    import networkx as nx

    g = nx.DiGraph()
    g.add_edges_from(zip(starts, ends))
    comps = [c for c in nx.strongly_connected_components(g)
             if len(c) > 1 or g.has_edge(next(iter(c)), next(iter(c)))]
    return g, comps


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity.

    >>> counts([Finding("x", "error", "m"), Finding("y", "info", "m")])
    {'error': 1, 'warning': 0, 'info': 1}
    """
    c = Counter(f.severity for f in findings)
    return {s: c.get(s, 0) for s in SEVERITIES}


def iter_subtree_posts(ctx: Context, unit: str) -> Iterator[str]:
    """Posts in ``unit`` and every unit below it."""
    stack = [unit]
    seen = set()
    while stack:
        u = stack.pop()
        if u in seen:
            continue
        seen.add(u)
        yield from ctx.unit_posts.get(u, ())
        stack.extend(ctx.unit_children.get(u, ()))
