"""Findings written back to Neo4j (``orgraph check ORG --store``).

Each post, unit or activity a finding names gets ``findings`` (a list of
``"severity rule: message"``), ``finding_rules``, ``finding_severity`` (the
worst) and the labels :HasError / :HasWarning / :HasInfo; findings that name
nothing go on the organisation. The old ones are cleared in the same
transaction, so a re-run replaces them.

>>> from graph.checks.engine import Finding
>>> rows = node_rows([Finding("two-heads", "error", "two heads", ["x/1", "x/post/2"]),
...                   Finding("span-narrow", "warning", "span 1", ["x/post/2"])])
>>> rows["x/post/2"]["severity"], rows["x/post/2"]["rules"], rows["x/post/2"]["warning"]
('error', ['two-heads', 'span-narrow'], True)
"""

from __future__ import annotations

from typing import Any, Iterable

from graph.checks.engine import SEVERITIES, Finding
from graph.errors import NotFound
from graph.queries import query


def _row(key: str) -> dict[str, Any]:
    return {"key": key, "findings": [], "rules": [], "severity": "info", "error": False, "warning": False,
            "info": False}


def _add(row: dict[str, Any], f: Finding) -> None:
    row["findings"].append(f"{f.severity} {f.rule}: {f.message}")
    if f.rule not in row["rules"]:
        row["rules"].append(f.rule)
    row[f.severity] = True
    if SEVERITIES.index(f.severity) < SEVERITIES.index(row["severity"]):
        row["severity"] = f.severity


def node_rows(findings: Iterable[Finding]) -> dict[str, dict[str, Any]]:
    """key -> what to store on that node ('' for the organisation)."""
    rows: dict[str, dict[str, Any]] = {}
    for f in findings:
        for key in dict.fromkeys([*f.subjects, *f.covered] or [""]):
            _add(rows.setdefault(key, _row(key)), f)
    return rows


def store(conn, org, findings: list[Finding], gen: int | None = None) -> dict[str, int]:
    """Replace the stored findings of ``org`` (an OrgFile); counts of nodes marked.

    They go on generation ``gen`` (default: the live one, or the pinned one inside
    ``conn.pinned()``): the version of the organisation the checks judged.
    """
    rows = node_rows(findings)
    posts = {p.key for p in org.posts}
    units = {u.key for u in org.units}
    activities = {a.key for a in org.activities}
    groups = {"posts": [r for k, r in rows.items() if k in posts],
              "units": [r for k, r in rows.items() if k in units],
              "activities": [r for k, r in rows.items() if k in activities]}
    org_row = rows.get("") or rows.get(org.organisation.key)
    gen = gen or conn.gen(org.organisation.key)
    if gen is None:
        raise NotFound(f"organisation {org.organisation.key!r} is not loaded; `orgraph orgs` lists what is")

    def work(tx):
        tx.run(query("findings", "clear_findings"), gen=gen).consume()
        out = {}
        for name, q in (("posts", "set_post_findings"), ("units", "set_unit_findings"),
                        ("activities", "set_activity_findings")):
            rows = groups[name]
            out[name] = tx.run(query("findings", q), rows=rows, gen=gen).single()["stored"] if rows else 0
        if org_row:
            tx.run(query("findings", "set_org_findings"), gen=gen, findings=org_row["findings"],
                   rules=org_row["rules"], severity=org_row["severity"], error=org_row["error"],
                   warning=org_row["warning"], info=org_row["info"]).consume()
        out["organisation"] = 1 if org_row else 0
        return out

    return conn.execute_write(work)
