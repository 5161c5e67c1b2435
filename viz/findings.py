"""Findings of the checks, reduced to what a chart marks: the worst severity per key.

Findings come from ``graph.checks.run_checks``; a chart only needs each
finding's severity, the keys it is about and its message, and reads them
leniently (objects or dicts, ``subjects`` or a single ``subject``).

Each message keeps its own finding's severity and rule (a tooltip must not show an info
finding as a warning because the post also has a warning); findings about the
organisation itself, which no box stands for, go to a banner over the chart.

>>> marks = marks_from([{"severity": "warning", "subjects": ["x/post/2"], "message": "odd"},
...                     {"severity": "error", "subject": "x/post/2", "message": "bad", "rule": "r"}])
>>> marks["x/post/2"].severity, marks["x/post/2"].messages
('error', ['warning: odd', 'error r: bad'])
>>> banner([{"severity": "error", "subjects": [], "rule": "r", "message": "83 declared, 84 found"}])
['Findings about the organisation (1): error r: 83 declared, 84 found']
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
        message = mark_text(f, severity)
        for key in subjects:
            mark = marks.setdefault(key, Mark(severity))
            if RANK.get(severity, 0) > RANK.get(mark.severity, 0):
                mark.severity = severity
            if message:
                mark.messages.append(message)
    return marks


#: A tooltip line's length: a finding about 10,000 posts names them all in its message, and each
#: of those posts carries the line (a chart of 100k posts would carry gigabytes of the same text).
MARK_CHARS = 400


def mark_text(f: Any, severity: str, most: int = MARK_CHARS) -> str:
    """A finding as one line of a tooltip: its own severity, its rule, its message, cut after
    ``most`` characters at a comma (``orgraph check`` shows it whole).

    >>> mark_text({"rule": "r", "message": "posts: " + ", ".join(["p"] * 300)}, "info", most=30)
    'info r: posts: p, p, p, p, p, … (cut; orgraph check shows it whole)'
    """
    text = _get(f, "message") or _get(f, "code") or ""
    if not text:
        return ""
    rule = _get(f, "rule")
    line = f"{severity} {rule}: {text}" if rule else f"{severity}: {text}"
    if len(line) > most:
        line = line[:most].rsplit(", ", 1)[0] + ", … (cut; orgraph check shows it whole)"
    return line


def banner(findings: Iterable[Any], drawn: Iterable[str] = (), width: int = 140) -> list[str]:
    """Lines for a banner over the chart: the findings that name no post or unit drawn (about
    the organisation as a whole, such as a declared total), worst first, wrapped at ``width``."""
    import textwrap

    drawn = set(drawn)
    loose = []
    for f in findings:
        subjects = _get(f, "subjects") or ([_get(f, "subject")] if _get(f, "subject") else [])
        if not any(k in drawn for k in subjects):
            severity = str(_get(f, "severity", "info"))
            loose.append((-RANK.get(severity, 0), mark_text(f, severity)))
    if not loose:
        return []
    lines = [f"Findings about the organisation ({len(loose)}):"]
    for _, text in sorted(loose, key=lambda x: x[0]):
        lines += textwrap.wrap(text, width) or [text]
    if len(loose) == 1 and len(lines) == 2:
        return [lines[0] + " " + lines[1]]
    return lines


def run_findings(org: OrgFile) -> list[Any] | None:
    """The checks' findings for ``org``, or None while the checks module is not there."""
    try:
        from graph.checks import run_checks
    except ImportError:
        return None
    return list(run_checks(org))
