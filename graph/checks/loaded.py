"""The checks over organisations loaded in Neo4j: one, or every one (``orgraph check ORG | --all``).

Reads each organisation back, runs the rules over it and, when asked, stores
the findings on its nodes. Nothing here prints: :func:`check_all` reports
progress through a callback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from graph.checks import applicable, counts, run_checks, select_rules
from graph.checks.report import rules_fired
from graph.checks.engine import Finding, Limits
from graph.schema.model import OrgFile

# progress(done, total, org_key): called after each organisation
Progress = Callable[[int, int, str], None]


@dataclass
class Checked:
    """One organisation's findings, and what ``store`` wrote (None when not stored)."""

    model: OrgFile
    findings: list[Finding]
    stored: dict | None = None

    rules: list | None = None  # the rules that ran over it (for the report's list of rules)

    @property
    def section(self):
        """The organisation as graph.checks.report takes it: names, findings, documents, rules run."""
        from graph.checks.report import Checked as Section

        return Section(self.model.organisation.key, self.model.organisation.name, self.findings, self.model,
                       self.rules)


@dataclass
class AllChecked:
    """:func:`check_all`'s answer: a row of counts per organisation, and the findings when kept."""

    rows: list[dict] = field(default_factory=list)
    sections: list = field(default_factory=list)  # graph.checks.report.Checked, when kept

    @property
    def with_errors(self) -> list[str]:
        return [r["organisation"] for r in self.rows if r["errors"]]


def loaded_peers(conn):
    """The loaded organisations as the checks see them beside the one checked (part_of, reports_to, ...)."""
    from graph.checks.engine import Peers
    from graph.schema.model import Organisation
    from graph.store.orgrelations import relations

    return Peers({r["key"]: Organisation.model_validate({k: v for k, v in r.items() if v is not None})
                  for r in relations(conn)}, "loaded")


def check_loaded(conn, org: str, select: Iterable[str] | None = None, limits: Limits | dict | None = None,
                 store: bool = False, peers=None) -> Checked:
    """Check the organisation with key ``org`` as loaded; ``store`` writes the findings onto it.
    ``peers``: the other organisations (:func:`loaded_peers`, read when not given)."""
    from graph.store.reader import read_org

    # Pinned: the findings go on the version that was checked, even if a reload switches meanwhile.
    with conn.pinned():
        model = read_org(conn, org)
        found = run_checks(model, select=select, limits=limits,
                           peers=peers if peers is not None else loaded_peers(conn))
        ran = applicable(model, select_rules(select))
        stored = None
        if store:
            from graph.store.findings import store as store_findings

            stored = store_findings(conn, model, found)
    return Checked(model, found, stored, ran)


def check_all(conn, select: Iterable[str] | None = None, limits: Limits | dict | None = None, store: bool = False,
              keep_findings: bool = False, progress: Progress | None = None) -> AllChecked:
    """Every loaded organisation, one after the other: a row of counts each
    (organisation, name, posts, errors, warnings, info, and rules_fired: findings per rule
    that fired). ``keep_findings`` also
    keeps every finding (for a report file); otherwise only the counts stay, so
    a thousand bodies do not pile up in memory.
    """
    from graph.store.reader import list_orgs

    orgs = list_orgs(conn)
    select = list(select) if select is not None else None
    out = AllChecked()
    peers = loaded_peers(conn)
    for i, o in enumerate(orgs, 1):
        checked = check_loaded(conn, o["key"], select, limits, store, peers)
        c = counts(checked.findings)
        out.rows.append({"organisation": o["key"], "name": o["name"], "posts": o["posts"],
                         "errors": c["error"], "warnings": c["warning"], "info": c["info"],
                         "rules_fired": rules_fired(checked.findings)})
        if keep_findings:
            out.sections.append(checked.section)
        if progress:
            progress(i, len(orgs), o["key"])
    return out
