"""A municipal action plan as an org model: its bodies and roles, and its activities.

Each role or body the plan names becomes one Unit (the assembly, the
council, the working group, services) or one Post (the head of the municipal
administration, the IT administrator...), however many ways it is written:
each other way is reported as a merge. Heads of organisational units answer
to the head of the municipal administration (the administration is one body
under one head), a supervision the plan implies rather than states, so it is
recorded with ``basis: derived``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.loaders.municipal.actors import IMPLIED_UNITS, RAZANJ, ActorSpec, scan
from graph.loaders.municipal.plan import Row, Table, read_table
from graph.text.names import fold, slug
from graph.loaders import guard
from graph.schema.model import (Activity, Organisation, OrgFile, Post, Provenance, Supervision, Unit,
                                Warning)

_SPECS = {s.id: s for s in RAZANJ + IMPLIED_UNITS}
_DATE = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")


def org_key(name: str) -> str:
    """The organisation's key from its name: the place, without "(градска) општина".

    >>> org_key("ОПШТИНА РАЖАЊ"), org_key("ГРАДСКА ОПШТИНА СТАРИ ГРАД")
    ('razanj', 'stari-grad')
    """
    return re.sub(r"^(?:gradska-)?opstina-", "", slug(name))


def org_name(prose: list[tuple[int, str]]) -> tuple[str, int] | None:
    """The municipality's name and line: a line that is only "Општина X", in mixed case
    when the document has it so (the heading is often in capitals)."""
    found = [(text, n) for n, text in prose if re.fullmatch(r"(?:градска\s+)?општина\s+\S.*", text, re.I)
             and len(text.split()) <= 4]
    if not found:
        return None
    mixed = [f for f in found if not f[0].isupper()]
    return (mixed[0][0] if mixed else found[0][0]), found[0][1]


@dataclass
class Seen:
    """How one actor is written in the document, and where first."""

    spec: ActorSpec
    forms: Counter = field(default_factory=Counter)  # written form -> count
    first_line: dict[str, int] = field(default_factory=dict)

    def add(self, written: str, line: int) -> None:
        written = written.strip(" .,;")
        self.forms[written] += 1
        self.first_line.setdefault(written, line)

    @property
    def line(self) -> int:
        return min(self.first_line.values())

    def name(self) -> str:
        """The most used form (first seen on a tie), with a capital first letter."""
        order = sorted(self.forms, key=lambda f: (-self.forms[f], self.first_line[f]))
        best = order[0]
        return best[:1].upper() + best[1:]

    def variants(self) -> list[tuple[str, int]]:
        """Other ways of writing it (case aside), each with the line it first appears on."""
        canonical = fold(self.name())
        out: dict[str, tuple[str, int]] = {}
        for form in sorted(self.forms, key=lambda f: self.first_line[f]):
            f = fold(form)
            if f != canonical and f not in out:
                out[f] = (form, self.first_line[form])
        return list(out.values())


class _Builder:
    def __init__(self, document: str, key: str):
        self.document, self.key = document, key
        self.seen: dict[str, Seen] = {}
        self.warnings: list[Warning] = []

    def prov(self, line: int | None) -> Provenance:
        return Provenance(document=self.document, line=line)

    def actor_key(self, spec: ActorSpec) -> str:
        return f"{self.key}/{'post' if spec.is_post else 'u'}/{spec.id}"

    def actors(self, cell: str, line: int) -> tuple[list[str], str]:
        """Keys of the actors a cell names, in order, and the text it names nothing by."""
        result = scan(cell)
        keys: list[str] = []
        for m in result.matches:
            self.seen.setdefault(m.actor.id, Seen(m.actor)).add(m.written, line)
            k = self.actor_key(m.actor)
            if k not in keys:
                keys.append(k)
        return keys, result.residue

    def warn(self, code: str, message: str, line: int | None, subject: str | None = None,
             severity: str = "warning") -> None:
        self.warnings.append(Warning(code=code, message=message, severity=severity, subject=subject,
                                     provenance=self.prov(line)))


def _activity_number(number: str | None) -> str | None:
    return re.sub(r"\s+", "", number).rstrip(".") if number else None


def _deadline_problem(deadline: str) -> str | None:
    m = _DATE.search(deadline)
    if not m:
        return None
    d, mth, y = map(int, m.groups())
    try:
        date(y, mth, d)
    except ValueError:
        return f"its deadline {deadline!r} is not a calendar date"
    return None


def _activity(b: _Builder, row: Row, key: str, number: str | None) -> Activity:
    f = row.fields
    notes = list(row.notes)
    responsible, res_lost = b.actors(f["responsible"], row.line)
    approvers, app_lost = b.actors(f["approver"], row.line)
    if not f["text"]:
        notes.append("the activity's text is missing")
    if not responsible:
        notes.append("no responsible person/body")
    if not approvers:
        notes.append("no approving authority (the row has no cell for it)" if not f["approver"]
                     else "no approving authority")
    for lost, cell in ((res_lost, "responsible"), (app_lost, "approver")):
        if lost:
            notes.append(f"the {cell} cell holds text that names no known role: {lost!r}")
    if f[("responsible")].endswith(","):
        notes.append("the responsible cell ends with a comma: a name may be lost")
    for name, label in (("budget", "budget source"), ("deadline", "deadline"), ("indicator", "indicator")):
        if not f[name]:
            notes.append(f"no {label}")
    if number is None:
        notes.append("the row has no number")
    elif row.task and number.split(".")[0] != row.task.split(".")[0]:
        notes.append(f"its number {number} does not belong to task {row.task} (kept as written)")
    problem = _deadline_problem(f["deadline"])
    if problem:
        notes.append(problem)
    label = number or f"{key.rsplit('/activity/', 1)[1]} (unnumbered)"
    if notes:
        b.warn("municipal/partial-row", f"activity {label} ({_span(row.lines)}) not read fully: "
               + "; ".join(notes), row.line, key)
    for join in row.joins:
        b.warn("municipal/doubtful-join", f"activity {label}: {join}; the line may belong to the next row",
               row.line, key)
    if len(row.lines) > 1:
        b.warn("municipal/row-joined", f"activity {label} is broken over {_span(row.lines)}; joined",
               row.line, key, severity="info")
    return Activity(key=key, number=number, text=f["text"], deadline=f["deadline"] or None,
                    budget_source=f["budget"] or None, indicator=f["indicator"] or None,
                    responsible=responsible, approvers=approvers, provenance=b.prov(row.line))


def _span(lines: list[int]) -> str:
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"


def _keys(rows: list[Row], org: str, b: _Builder) -> list[tuple[str, str | None]]:
    """A key per row: ``<org>/activity/<number>``; ``<task>.u<n>`` for an unnumbered row."""
    out, used, unnumbered = [], set(), Counter()
    for row in rows:
        number = _activity_number(row.number)
        if number is None:
            unnumbered[row.task] += 1
            local = f"{row.task or '0'}.u{unnumbered[row.task]}"
        else:
            local = number
        key = f"{org}/activity/{local}"
        if key in used:
            n = 2
            while f"{key}-{n}" in used:
                n += 1
            b.warn("municipal/duplicate-number", f"two activities are numbered {number}; the second is keyed "
                   f"{local}-{n}", row.line, f"{key}-{n}")
            key = f"{key}-{n}"
        used.add(key)
        out.append((key, number))
    return out


def _structure(b: _Builder) -> tuple[list[Unit], list[Post], list[Supervision]]:
    """Units and posts for every actor seen, with the units they imply."""
    wanted: dict[str, ActorSpec] = {}

    def need(spec_id: str | None) -> None:
        if spec_id and spec_id not in wanted and spec_id in _SPECS:
            spec = _SPECS[spec_id]
            wanted[spec_id] = spec
            for ref in (spec.unit, spec.heads, spec.parent):
                need(ref)

    for spec_id in list(b.seen):
        need(spec_id)
    first_use = {sid: s.line for sid, s in b.seen.items()}

    def line_of(spec: ActorSpec) -> int | None:
        if spec.id in first_use:
            return first_use[spec.id]
        users = [line for sid, line in first_use.items()
                 if spec.id in (_SPECS[sid].unit, _SPECS[sid].heads, _SPECS[sid].parent)]
        return min(users) if users else None

    order = [s for s in RAZANJ + IMPLIED_UNITS if s.id in wanted]
    units, posts, sup = [], [], []
    for spec in order:
        seen = b.seen.get(spec.id)
        name = seen.name() if seen else spec.name
        attributes = dict(spec.attributes)
        if seen and seen.variants():
            attributes["aliases"] = [form for form, _ in seen.variants()]
        if not seen:
            attributes["implied"] = True
        key = b.actor_key(spec)
        prov = b.prov(line_of(spec))
        if spec.is_post:
            posts.append(Post(key=key, name=name, headcount=spec.headcount,
                              unit=b.actor_key(_SPECS[spec.unit]) if spec.unit else None,
                              heads=b.actor_key(_SPECS[spec.heads]) if spec.heads else None,
                              provenance=prov, attributes=attributes))
            if spec.supervisor and spec.supervisor in b.seen:
                sup.append(Supervision(post=key, superior=b.actor_key(_SPECS[spec.supervisor]),
                                       basis="derived", provenance=prov,
                                       note="heads of units of the municipal administration answer to its head"))
        else:
            units.append(Unit(key=key, name=name, kind=spec.kind,
                              parent=b.actor_key(_SPECS[spec.parent]) if spec.parent else None,
                              provenance=prov, attributes=attributes))
        if seen:
            for form, line in seen.variants():
                b.warn("municipal/name-merged", f"{form!r} read as {name!r} (the same "
                       f"{'role' if spec.is_post else 'body'} written another way)", line, key)
    return units, posts, sup


def build(table: Table, document: str) -> OrgFile:
    found = org_name(table.prose)
    if not found:
        from graph.errors import InputError
        raise InputError("no line naming the municipality (\"Општина ...\")", file=document)
    name, name_line = found
    key = org_key(name)
    b = _Builder(document, key)
    attributes: dict = {}
    for n, text in table.prose:
        # The body that adopted the plan is named in the preamble ("... донела је").
        if "donela" in fold(text) or "doneo" in fold(text):
            adopted_by, _ = b.actors(text, n)
            if adopted_by:
                attributes["adopted_by"] = adopted_by[0]
        if fold(text).startswith("akcioni plan"):
            attributes.setdefault("title", text)
        m = re.match(r"^Број:\s*(\S+)", text)
        if m:
            attributes["number"] = m.group(1)
    activities = [_activity(b, row, k, num) for row, (k, num) in zip(table.rows, _keys(table.rows, key, b))]
    units, posts, sup = _structure(b)
    org = Organisation(key=key, name=name, kind="municipality", provenance=b.prov(name_line),
                       attributes=attributes)
    warnings = sorted(b.warnings, key=lambda w: (w.provenance.line or 0) if w.provenance else 0)
    return OrgFile(organisation=org, sources=[document], units=units, posts=posts, supervision=sup,
                   activities=activities, warnings=warnings)


def load(path: Path) -> OrgFile:
    lines = guard.read_text(path).splitlines()
    return build(read_table(lines), path.name)
