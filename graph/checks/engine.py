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
from typing import Any, Callable, Iterable, NamedTuple

from graph.analysis.index import OrgIndex, seniority  # noqa: F401 - seniority: the rules' import
from graph.schema.model import OrgFile, Provenance, Title
from graph.text.names import fold

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
    #: The loader warnings that explain this finding (what the loader could not read or had to
    #: repair there): ``{"code", "message", "document", "line"}`` each.
    explained_by: list[dict[str, Any]] = field(default_factory=list)
    #: Findings of other rules folded into this one because they state the same cause on the
    #: same line: ``{"rule", "message"}`` each.
    also: list[dict[str, Any]] = field(default_factory=list)

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
            "explained_by": list(self.explained_by),
            "also": list(self.also),
        }


class Hit(NamedTuple):
    """What a rule yields; the engine makes a :class:`Finding` of it. Its severity is its rule's
    (one table: :data:`REGISTRY`); a case of another weight is a variant rule of its own (``rule``)."""

    message: str
    subjects: list[str]
    severity: str | None = None  # only for a rule whose findings carry their source's severity
    # (loader-warning: the loader's warning code's); anything else is an error in the rule
    data: dict | None = None
    provenance: list[Provenance | None] | None = None  # None: that of the subjects
    covered: list[str] | None = None  # a grouped finding: every post it stands for
    rule: str | None = None  # a variant of the yielding rule (registered with ``variant``)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # default severity
    theme: str
    summary: str
    source: str  # where the rule comes from
    fn: Callable[["Context"], Iterable[Hit]]
    systems: tuple[str, ...] | None = None  # only orgs whose titles are of these systems
    explained_by: tuple[str, ...] = ()  # loader warning codes that can explain its findings
    #: Rules whose finding, on the same source line, already states this rule's cause: this rule's
    #: finding there is folded into that one (named in its ``also``) instead of counted twice.
    folded_into: tuple[str, ...] = ()
    part_of: str | None = None  # a variant: found by that rule, with a severity of its own
    severity_from_source: bool = False  # loader-warning: each finding carries its warning's severity

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.id, "severity": self.severity, "theme": self.theme,
                "summary": self.summary, "source": self.source,
                "applies_to": list(self.systems) if self.systems else "all",
                **({"part_of": self.part_of} if self.part_of else {})}


REGISTRY: dict[str, Rule] = {}


def variant(id: str, severity: str, summary: str, source: str, *, of: str) -> None:
    """Register a variant of rule ``of``: the case of it that weighs differently (a post with no
    superior because its header was lost is a warning, not an error). ``of`` finds it and yields
    ``Hit(..., rule=id)``; the variant has its own id and its one severity, listed and selected
    with ``of`` (and ignorable on its own)."""
    assert severity in SEVERITIES and of in REGISTRY, (id, of)
    parent = REGISTRY[of]
    REGISTRY[id] = Rule(id, severity, parent.theme, summary, source, _finds_nothing, parent.systems,
                        parent.explained_by, (), of)


def _finds_nothing(ctx: "Context") -> Iterable[Hit]:
    return ()


def rule(id: str, severity: str, summary: str, source: str, *, systems: tuple[str, ...] | None = None,
         explained_by: tuple[str, ...] = (), folded_into: tuple[str, ...] = (),
         severity_from_source: bool = False) -> Callable:
    """Register the decorated function as a rule; ``explained_by`` names the loader warning codes
    (exactly) that say why the document led to one of its findings; ``folded_into`` the rules
    whose finding on the same line states the same cause (one cause, one finding)."""
    assert severity in SEVERITIES, severity

    def wrap(fn: Callable[["Context"], Iterable[Hit]]) -> Callable:
        theme = fn.__module__.rsplit(".", 1)[-1]
        REGISTRY[id] = Rule(id, severity, theme, summary, source, fn, systems, explained_by, folded_into,
                            None, severity_from_source)
        return fn

    return wrap


@dataclass
class Peers:
    """The other organisations a check can see (key -> their :class:`Organisation` record), and
    where they come from, for messages: ``loaded`` (the database), ``in the file``.

    >>> Peers.of(None).where
    'among the organisations checked'
    """

    orgs: dict[str, Any] = field(default_factory=dict)
    where: str = "among the organisations checked"

    @classmethod
    def of(cls, value: "Peers | None") -> "Peers":
        return cls() if value is None else value

    @classmethod
    def of_models(cls, models: Iterable[OrgFile], where: str) -> "Peers":
        return cls({m.organisation.key: m.organisation for m in models}, where)


class Context(OrgIndex):
    """An org's shared index (:class:`graph.analysis.index.OrgIndex`) plus what the rules need
    beyond it: the limits, the other organisations it may name, the findings so far and
    readable labels for messages."""

    def __init__(self, org: OrgFile, limits: Limits | dict | None = None, peers: Peers | None = None):
        super().__init__(org)
        self.limits = Limits.of(limits)
        self.peers = Peers.of(peers)
        self.findings: list[Finding] = []  # filled by the engine as rules run
        self.explained: set[int] = set()  # ids of the loader warnings a finding names as its explanation

    def warning_subject(self, w) -> str:
        """The post or unit a loader warning is about, '' for the organisation (or a key it lacks)."""
        return w.subject if w.subject in self.posts or w.subject in self.units else ""

    @cached_property
    def _warnings_at(self) -> tuple[dict, dict]:
        # Loader warnings by (code, subject) and by (code, document, line), built once.
        by_subject: dict[tuple, list] = defaultdict(list)
        by_line: dict[tuple, list] = defaultdict(list)
        for w in self.org.warnings:
            by_subject[(w.code, self.warning_subject(w))].append(w)
            if w.provenance is not None and w.provenance.line:
                by_line[(w.code, w.provenance.document, w.provenance.line)].append(w)
        return by_subject, by_line

    def explaining(self, f: Finding, codes: tuple[str, ...]) -> list:
        """Loader warnings of ``codes`` about a subject of ``f`` (or, for a finding about the
        organisation, about the organisation), or written on a line ``f`` points at; each once."""
        by_subject, by_line = self._warnings_at
        found: dict[int, Any] = {}
        for code in codes:
            for s in [*f.subjects, *f.covered] or [""]:
                for w in by_subject.get((code, s), ()):
                    found.setdefault(id(w), w)
            for p in f.provenance or ():
                if p is not None and p.line:
                    for w in by_line.get((code, p.document, p.line), ()):
                        found.setdefault(id(w), w)
        return list(found.values())

    @cached_property
    def head_names(self) -> set[str]:
        """Folded names of head posts in the organisation's rule set (``rs`` only), for hints."""
        if self.system != "rs":
            return set()
        # From the catalogue itself: the rule modules import this one, not the other way round.
        from graph.catalogues import rules_if_present

        rules = rules_if_present("rs") or {}
        return {fold(n) for n in (rules.get("head_rules") or {}).get("head_post_names") or ()}

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

    def labels(self, keys: Iterable[str], limit: int | None = None) -> str:
        """Labels of ``keys``, all of them unless ``limit`` (for a clause naming an example or two)."""
        keys = list(keys)
        limit = len(keys) if limit is None else limit
        shown = ", ".join(self.label(k) for k in keys[:limit])
        return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


def run(org: OrgFile, rules: Iterable[Rule], limits: Limits | dict | None = None,
        peers: Peers | None = None) -> list[Finding]:
    """Run ``rules`` over ``org`` (``peers``: the other organisations it may name); findings
    sorted by severity, then source line."""
    # The indexes allocate millions of small objects over a heap of model objects: the cyclic
    # collector would rescan that heap again and again (most of the time on 100k posts).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(org, rules, limits, peers)
    finally:
        if enabled:
            gc.enable()


def _stamp(r: Rule, hit: Hit, chosen: set[str]) -> Rule | None:
    """The rule a hit is a finding of (``r`` or its variant), None when that variant is left out."""
    if hit.severity is not None and not r.severity_from_source:
        raise ValueError(f"rule {r.id} gave a finding its own severity; register a variant instead")
    if hit.rule is None:
        return r if r.id in chosen else None
    v = REGISTRY.get(hit.rule)
    if v is None or v.part_of != r.id:
        raise ValueError(f"rule {r.id} yielded a finding of {hit.rule!r}, which is not its variant")
    return v if v.id in chosen else None


def _run(org: OrgFile, rules: Iterable[Rule], limits: Limits | dict | None, peers: Peers | None) -> list[Finding]:
    ctx = Context(org, limits, peers)
    rules = list(rules)
    chosen = {r.id for r in rules}
    # A variant chosen alone is found by its rule, whose own findings are then left out.
    runners = list(dict.fromkeys(REGISTRY[r.part_of] if r.part_of else r for r in rules))
    for r in runners:
        if r.systems is not None and ctx.system not in r.systems:
            continue
        for hit in r.fn(ctx):
            v = _stamp(r, hit, chosen)
            if v is None:
                continue
            prov = hit.provenance if hit.provenance is not None else [ctx.prov(k) for k in hit.subjects]
            f = Finding(v.id, hit.severity or v.severity, hit.message, list(hit.subjects), prov,
                        dict(hit.data or {}), list(hit.covered or ()))
            if r.explained_by and org.warnings:
                found = ctx.explaining(f, r.explained_by)
                ctx.explained.update(map(id, found))
                f.explained_by = [_explanation(w) for w in found]
            ctx.findings.append(f)
    return sorted(fold_causes(ctx.findings, rules), key=_sort_key)


def _lines(f: Finding) -> set[tuple[str, int]]:
    return {(p.document, p.line) for p in f.provenance or () if p is not None and p.line}


def fold_causes(findings: list[Finding], rules: Iterable[Rule]) -> list[Finding]:
    """One cause, one finding: a finding of a rule with ``folded_into`` is dropped when a finding
    of one of those rules points at the same source line; that finding names it in ``also``
    (with its message) so nothing is lost.

    >>> from graph.schema.model import Provenance
    >>> at = [Provenance(document="d.txt", line=7)]
    >>> a = Finding("total", "error", "83 declared, 84 found", [], at)
    >>> b = Finding("parts", "error", "83 declared, parts add up to 84", [], at)
    >>> r = Rule("total", "error", "t", "s", "x", lambda c: (), folded_into=("parts",))
    >>> [(f.rule, f.also) for f in fold_causes([a, b], [r])]
    [('parts', [{'rule': 'total', 'message': '83 declared, 84 found'}])]
    """
    into = {r.id: set(r.folded_into) for r in rules if r.folded_into}
    if not into:
        return findings
    by_line: dict[tuple[str, tuple[str, int]], Finding] = {}
    for f in findings:
        for line in _lines(f):
            by_line.setdefault((f.rule, line), f)
    out = []
    for f in findings:
        target = next((by_line[(r, line)] for r in sorted(into.get(f.rule, ())) for line in sorted(_lines(f))
                       if (r, line) in by_line), None)
        if target is None:
            out.append(f)
        else:
            target.also.append({"rule": f.rule, "message": f.message})
            target.explained_by += [w for w in f.explained_by if w not in target.explained_by]
    return out


def _explanation(w) -> dict[str, Any]:
    p = w.provenance
    return {"code": w.code, "message": w.message, "document": p.document if p else None,
            "line": p.line if p else None}


def _sort_key(f: Finding) -> tuple:
    w = f.where
    return (_SEVERITY_ORDER[f.severity], w.document if w else "\uffff", (w.line or 0) if w else 0, f.rule)


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity.

    >>> counts([Finding("x", "error", "m"), Finding("y", "info", "m")])
    {'error': 1, 'warning': 0, 'info': 1}
    """
    c = Counter(f.severity for f in findings)
    return {s: c.get(s, 0) for s in SEVERITIES}
