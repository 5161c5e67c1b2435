"""The catalogue of rules, in the order they run and are listed.

Importing the theme modules registers their rules; ``loader-warning`` runs
last because it leaves out what the other rules already report.

>>> [r.id for r in RULES][:3]
['no-reporting-lines', 'no-superior', 'half-known-no-superior']
>>> [r.id for r in select(select=["units"], ignore=["unit-cycle"])]
['unit-without-head', 'no-unit-heads', 'two-heads', 'head-outside-unit', 'unknown-unit']
"""

from __future__ import annotations

from typing import Iterable

from graph.checks.rules import declared
from graph.checks.rules import decree
from graph.checks.rules import hygiene
from graph.checks.rules import organisations
from graph.checks.rules import plans
from graph.checks.rules import span
from graph.checks.rules import substitution
from graph.checks.rules import supervision
from graph.checks.rules import units  # noqa: F401
from graph.checks.engine import REGISTRY, Rule
from graph.errors import InputError

THEMES = ["supervision", "units", "substitution", "decree", "declared", "span", "plans", "organisations", "hygiene"]

RULES: list[Rule] = sorted(REGISTRY.values(), key=lambda r: (THEMES.index(r.theme), r.id == "loader-warning"))


def _resolve(names: Iterable[str]) -> set[str]:
    """Rule ids for rule ids or theme names; an unknown name is an input error."""
    out: set[str] = set()
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if name in REGISTRY:
            out.add(name)
        elif name in THEMES:
            out.update(r.id for r in RULES if r.theme == name)
        else:
            known = ", ".join(THEMES)
            raise InputError(f"no rule or theme named {name!r} (themes: {known}; `orgraph check --rules` "
                             "lists the rules)")
    return out


def select(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    """The rules to run: ``select`` (ids or themes; None = all) minus ``ignore``."""
    chosen = _resolve(select) if select else {r.id for r in RULES}
    chosen |= {r.id for r in RULES if r.part_of in chosen}  # a rule comes with its variants
    ignored = _resolve(ignore or ())
    chosen -= ignored | {r.id for r in RULES if r.part_of in ignored}
    return [r for r in RULES if r.id in chosen]
