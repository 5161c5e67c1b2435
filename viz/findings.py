"""Findings of the checks, reduced to what a chart marks: the worst severity per key.

Findings come from ``graph.checks.run_checks``; a chart only needs each
finding's severity, the keys it is about and its message, and reads them
leniently (objects or dicts, ``subjects`` or a single ``subject``).

>>> marks = marks_from([{"severity": "warning", "subjects": ["x/post/2"], "message": "odd"},
...                     {"severity": "error", "subject": "x/post/2", "message": "bad"}])
>>> marks["x/post/2"].severity, marks["x/post/2"].messages
('error', ['odd', 'bad'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from graph.schema.model import OrgFile

RANK = {"error": 3, "warning": 2, "info": 1}


@dataclass
class Mark:
    severity: str
    messages: list[str] = field(default_factory=list)


def _get(finding: Any, name: str, default: Any = None) -> Any:
    if isinstance(finding, dict):
        return finding.get(name, default)
    return getattr(finding, name, default)


def marks_from(findings: Iterable[Any]) -> dict[str, Mark]:
    marks: dict[str, Mark] = {}
    for f in findings:
        severity = str(_get(f, "severity", "info"))
        subjects = _get(f, "subjects") or ([_get(f, "subject")] if _get(f, "subject") else [])
        message = _get(f, "message") or _get(f, "code") or ""
        for key in subjects:
            mark = marks.setdefault(key, Mark(severity))
            if RANK.get(severity, 0) > RANK.get(mark.severity, 0):
                mark.severity = severity
            if message:
                mark.messages.append(str(message))
    return marks


def run_findings(org: OrgFile) -> list[Any] | None:
    """The checks' findings for ``org``, or None while the checks module is not there."""
    try:
        from graph.checks import run_checks
    except ImportError:
        return None
    return list(run_checks(org))
