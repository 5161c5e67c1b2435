"""The table of a municipal action plan, read row by row from tab-separated text.

The plan is a Word table converted to text: one line per table row, cells
split by tabs, but the columns drift (cells dropped or doubled from one block
to the next), some rows are broken over two or three lines, and one row's
number sits on its second line. So cells are read by what they hold (a date
is a deadline, a donor's name or ``/`` a budget source, a cell of role
names an actor cell) and, between the text and the budget/deadline, by order:
responsible first, approver second. A broken row's later lines are joined
field by field, each fragment going to the field it continues.

>>> kind_of("15.10. 2020."), kind_of("ABC/Donor XYZ"), kind_of("Радна група"), kind_of("Опремање")
('deadline', 'budget', 'actor', 'other')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.loaders.municipal.actors import is_budget_source, scan
from graph.text.names import fold

_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")
_DATE = re.compile(r"\d{1,2}\.\s*\d{1,2}\.\s*\d{4}")
_DEADLINE_WORDS = ("kontinuirano", "do kraja", "godisnje", "jednom godisnje")
_HEADINGS = ("oblast", "poseban cilj", "zadatak")
_HEADER_WORDS = ("aktivnosti", "odgovorna osoba", "nadlezni organ", "neophodan budzet",
                 "rok za realizaciju", "indikatori")
_HTML = re.compile(r"<[^>]+>")
# A field that ends like this is cut off: the next line carries on with it.
_OPEN_END = re.compile(r"(?:[,:\-–]|\b(?:и|као|који|за|са|на|у|о|од|до|се))$")

FIELDS = ("text", "responsible", "approver", "budget", "deadline", "indicator")


def clean(cell: str) -> str:
    """A cell's text without HTML debris and with single spaces."""
    return re.sub(r"\s+", " ", _HTML.sub(" ", cell)).strip()


def kind_of(cell: str) -> str:
    """``deadline``, ``budget``, ``actor`` (only role names) or ``other``."""
    f = fold(cell)
    if _DATE.search(f) or f.startswith(_DEADLINE_WORDS) or f.rstrip(",") in ("godisnje",):
        return "deadline"
    if is_budget_source(cell, f.rstrip(",")):
        return "budget"
    if scan(cell).complete:
        return "actor"
    return "other"


@dataclass
class Row:
    """One activity row as read: each field as written, joined across lines."""

    line: int
    number: str | None
    task: str | None  # the task (Задатак) heading's number the row sits under
    fields: dict[str, str] = field(default_factory=lambda: {f: "" for f in FIELDS})
    lines: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why the row is not fully read
    joins: list[str] = field(default_factory=list)  # doubtful joins, to report

    def add(self, name: str, text: str) -> None:
        old = self.fields[name]
        self.fields[name] = f"{old} {text}".strip() if old else text


def is_open(row: Row, name: str, fragment: str) -> bool:
    """Would ``fragment`` carry on field ``name`` of ``row``?"""
    value = row.fields[name]
    if not value:
        return name == "text"
    if name in ("responsible", "approver"):
        # a cell with text that names no role (cut mid-name) or a trailing comma
        return bool(scan(value).residue) or value.endswith(",")
    if fragment.startswith(("-", "•")) and f" {fragment[0]} " in f" {value}":
        return True  # a bulleted list goes on
    return bool(_OPEN_END.search(value))


def join_line(row: Row, cells: list[str], line: int) -> None:
    """Add a continuation line's fragments to ``row``, in column order."""
    row.lines.append(line)
    pointer = 0
    for fragment in (clean(c) for c in cells):
        if not fragment:
            continue
        kind = kind_of(fragment)
        target = None
        later = FIELDS[pointer:]
        if kind == "actor":
            target = next((f for f in later if f in ("responsible", "approver")), None)
            if target:
                before = {m.actor.id for m in scan(row.fields[target]).matches}
                new = [m.written for m in scan(fragment).matches if m.actor.id not in before]
                if not new:
                    pointer = FIELDS.index(target) + 1
                    continue  # the line repeats an actor the row already names
                if scan(row.fields[target]).complete:
                    row.joins.append(f"line {line} adds {', '.join(new)} to the {target} cell")
        elif kind in ("budget", "deadline"):
            target = kind if kind in later else None
        if target is None:
            target = next((f for f in later if is_open(row, f, fragment)), None)
        if target is None and (fragment[:1].islower() or fragment.startswith("(")):
            target = "text" if "text" in later else None
        if target is None:
            target = "indicator"
        row.add(target, fragment)
        pointer = max(pointer, FIELDS.index(target) + (0 if target == "indicator" else 1))


def read_row(cells: list[str], line: int, task: str | None) -> Row:
    """A row from its first line: number, text, actor cells, then budget/deadline/indicator."""
    number = clean(cells[0]) or None
    row = Row(line=line, number=number, task=task, lines=[line])
    rest = [clean(c) for c in cells[1:]]
    i = 0
    if rest and rest[0] and kind_of(rest[0]) == "other":
        row.fields["text"] = rest[0]
        i = 1
    # The actor cells run from here to the first budget or deadline cell.
    end = next((j for j in range(i, len(rest)) if rest[j] and kind_of(rest[j]) in ("budget", "deadline")),
               None)
    if end is None:  # no budget or deadline: the last filled cell is the indicator
        filled = [j for j in range(i, len(rest)) if rest[j]]
        end = filled[-1] if len(filled) > 1 else len(rest)
    actors = rest[i:end]
    while actors and not actors[-1]:
        actors.pop()
    if actors:
        row.fields["responsible"] = actors[0]
    if len(actors) > 1:
        row.fields["approver"] = actors[1]
    if len(actors) > 2:
        extra = [a for a in actors[2:] if a]
        if extra:
            row.add("approver", ", ".join(extra))
            row.notes.append(f"more actor cells than expected: {', '.join(extra)} read as approvers")
    for cell in rest[end:]:
        if not cell:
            continue
        kind = kind_of(cell)
        row.add(kind if kind in ("budget", "deadline") else "indicator", cell)
    return row


@dataclass
class Table:
    rows: list[Row]
    headings: list[tuple[int, str]]  # (line, heading text) for areas, goals and tasks
    prose: list[tuple[int, str]]  # lines outside the table


def _heading(first: str) -> bool:
    return fold(first).startswith(_HEADINGS)


def _header(first: str) -> bool:
    return fold(first).startswith(_HEADER_WORDS)


def _task_number(heading: str) -> str | None:
    m = re.match(r"^\S+\s+(\d+(?:\.\d+)*)", heading)
    return m.group(1).rstrip(".") if m and fold(heading).startswith("zadatak") else None


def read_table(lines: list[str]) -> Table:
    """Split the document into table rows, headings and the prose around them."""
    rows: list[Row] = []
    headings: list[tuple[int, str]] = []
    prose: list[tuple[int, str]] = []
    last: Row | list | None = None  # what a continuation line continues: a row or a heading
    task: str | None = None
    for n, raw in enumerate(lines, 1):
        cells = raw.rstrip("\n").split("\t")
        filled = [clean(c) for c in cells if clean(c)]
        if not filled:
            continue
        first = clean(cells[0])
        if "\t" not in raw and not _heading(first):
            prose.append((n, first))
            last = None  # the table has ended (or not begun)
            continue
        if first and _heading(first):
            headings.append((n, first))
            last = headings[-1:]
            task = _task_number(first) or task
            continue
        if _header(filled[0]):
            continue
        if first and not _NUMBER.match(first):
            if isinstance(last, Row):
                join_line(last, cells, n)
            elif isinstance(last, list):
                line, text = headings[-1]
                headings[-1] = (line, f"{text} {' '.join(filled)}")
                task = _task_number(headings[-1][1]) or task
            else:
                prose.append((n, " ".join(filled)))
            continue
        row = read_row(cells, n, task)
        kinds = [kind_of(c) for c in filled[1 if first else 0:]]
        starts_row = (bool(first) or (filled[0][:1].isupper() and "actor" in kinds
                                      and ("deadline" in kinds or "budget" in kinds)))
        if isinstance(last, Row) and first and last.number is None and "actor" not in kinds \
                and "deadline" not in kinds:
            # The number of a row sits on that row's second line (row 4.2).
            last.number = first
            last.notes.append(f"its number {first} is on line {n}, the row's second line")
            join_line(last, [""] + cells[1:], n)
            continue
        if not starts_row and isinstance(last, Row):
            join_line(last, cells, n)
            continue
        rows.append(row)
        last = row
    return Table(rows, headings, prose)
