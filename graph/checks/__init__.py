"""Structural checks of an organisation: reporting lines, units and heads,
the Serbian decree's rules, declared versus parsed figures, substitution,
span and depth, action plans and document hygiene.

>>> from graph.schema.model import OrgFile, Organisation, Post, Supervision
>>> org = OrgFile(organisation=Organisation(key="d", name="Demo"),
...     posts=[Post(key="d/post/1", number="1", name="Director"),
...            Post(key="d/post/2", number="2", name="Analyst"),
...            Post(key="d/post/3", number="3", name="Clerk")],
...     supervision=[Supervision(post="d/post/2", superior="d/post/1")])
>>> [(f.rule, f.severity, f.subjects) for f in run_checks(org, select=["supervision"])]
[('no-superior', 'error', ['d/post/3'])]
"""

from __future__ import annotations

from typing import Iterable

from graph.checks.engine import Finding, Limits, counts
from graph.schema.model import OrgFile

__all__ = ["run_checks", "Finding", "Limits", "counts", "select_rules", "applicable"]


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None):
    """The rule catalogue (or the part ``select``/``ignore`` leave)."""
    from graph.checks import rules as catalogue

    return catalogue.select(select, ignore)


def run_checks(org: OrgFile, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
               limits: Limits | dict | None = None, peers=None) -> list[Finding]:
    """Run the checks over one org; findings sorted by severity, then source line.

    ``select``/``ignore`` take rule ids or theme names; ``limits`` a
    :class:`Limits` or a dict such as ``{"max_span": 10, "max_depth": 6}``; ``peers`` a
    :class:`graph.checks.engine.Peers`: the other organisations its ``part_of`` and
    ``reports_to`` may name (the loaded ones, or those of the same file).
    """
    from graph.checks import engine

    return engine.run(org, select_rules(select, ignore), limits, peers)


def applicable(org: OrgFile, rules) -> list:
    """The rules of ``rules`` that run over ``org`` (a rule for one system's titles runs only
    over organisations of that system): the report's list of rules run, passed or failed."""
    from graph.analysis.index import OrgIndex

    system = OrgIndex(org).system
    return [r for r in rules if r.systems is None or system in r.systems]
