"""Compiled files: one CSV holding many returns, told apart by a snapshot label column
and a Senior/Junior column (as the Institute for Government publishes them).

Each (organisation, snapshot) in the file becomes one senior and one junior
:class:`Sheet`, rows keeping their line in the compiled file, so the usual
builder makes one organisation per snapshot. A label that is no date refuses
the file with one message naming the file, the line and the column.

>>> text = ('"Snapshot","Senior/Junior","Organisation","Post Unique Reference","Reports to Senior Post",'
...         '"Reporting Senior Post","Grade","Job Title","Unit","FTE"\\n'
...         '"2011-03-31","Senior","Body","1","XX","","SCS2","Chief","Top","1"\\n'
...         '"2011-03-31","Junior","Body","","","1","EO","Clerk","Top","2.5"\\n'
...         '"March 2012","Senior","Body","1","XX","","SCS2","Chief","Top","1"\\n')
>>> parts = split_text(text, "all.csv")
>>> [(str(p.snapshot), p.label, len(p.senior.rows), len(p.junior.rows)) for p in parts]
[('2011-03-31', '2011-03-31', 1, 1), ('2012-03-31', 'March 2012', 1, 0)]
>>> parts[0].junior.rows[0]["reports_to"], parts[0].junior.rows[0]["fte"], parts[0].junior.rows[0].line
('1', '2.5', 3)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from graph.errors import InputError
from graph.loaders.uk.csvfiles import (JUNIOR_COLUMNS, SENIOR_COLUMNS, Problem, Row, Sheet, _hkey, clean,
                                    numbered_rows)
from graph.loaders.uk.dates import parse_label

# Header spellings of the two columns that make a file a compilation (compared by _hkey).
SNAPSHOT_COLUMNS = ["Snapshot", "Snapshot Date", "Snapshot Label", "Organogram Date", "Date", "Period",
                    "As At", "As Of", "Data Date", "Publication Date"]
KIND_COLUMNS = ["Senior/Junior", "Junior/Senior", "Senior or Junior", "Senior Junior", "Post Type", "Seniority"]
# In a compilation senior and junior rows share columns; each kind also reads the other's spelling.
_ALSO = {"senior": {"reports_to": ["Reporting Senior Post"], "fte": ["Number of Posts in FTE"],
                    "title": ["Generic Job Title"]},
         "junior": {"reports_to": ["Reports to Senior Post"], "fte": ["FTE"], "title": ["Job Title"],
                    "grade": ["Grade (or equivalent)"]}}


@dataclass
class Part:
    body: str  # the organisation column's value ('' when blank)
    label: str  # the snapshot label as written
    snapshot: date
    senior: Sheet
    junior: Sheet


def _columns(header: list[str], names: list[str]) -> int | None:
    keys = {_hkey(n) for n in names}
    return next((i for i, h in enumerate(header) if _hkey(h) in keys), None)


def is_compiled(header: list[str]) -> bool:
    """A header with a Senior/Junior column, or a snapshot label column beside the organogram ones."""
    return _columns(header, KIND_COLUMNS) is not None or _columns(header, SNAPSHOT_COLUMNS) is not None


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def header_of(path: Path) -> list[str]:
    with open(path, "rb") as fh:
        first = fh.readline(65536)
    try:
        return next(csv.reader(io.StringIO(_decode(first))), [])
    except csv.Error:
        return []


def _index(header: list[str], kind: str) -> dict[str, list[int]]:
    table = SENIOR_COLUMNS if kind == "senior" else JUNIOR_COLUMNS
    out: dict[str, list[int]] = {}
    for canon, spellings in table.items():
        keys = [_hkey(s) for s in spellings + _ALSO[kind].get(canon, [])]
        cols = sorted((keys.index(_hkey(h)), i) for i, h in enumerate(header) if _hkey(h) in keys)
        if cols:
            out[canon] = [i for _, i in cols]
    return out


def split_file(path: Path) -> list[Part]:
    return split_text(_decode(path.read_bytes()), path.name)


def split_text(text: str, name: str) -> list[Part]:
    """The snapshots of a compiled file, in the order they first appear."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise InputError("a compiled organogram file with no readable header", file=name, line=1) from None
    snap_col = _columns(header, SNAPSHOT_COLUMNS)
    kind_col = _columns(header, KIND_COLUMNS)
    if snap_col is None:
        raise InputError(f"column {header[kind_col]!r} marks senior and junior rows of several returns, but no "
                         "column says which snapshot a row belongs to (e.g. 'Snapshot')", file=name, line=1)
    index = {k: _index(header, k) for k in ("senior", "junior")}
    parts: dict[tuple[str, str], Part] = {}
    for line, cells in numbered_rows(reader):
        if isinstance(cells, csv.Error):
            raise InputError(f"row not readable as CSV: {cells}", file=name, line=line)
        cell = lambda i: clean(cells[i]) if i is not None and i < len(cells) else ""  # noqa: E731
        label = cell(snap_col)
        when = parse_label(label)
        if when is None:
            raise InputError(f"column {header[snap_col]!r} holds {label!r}, which is no date: the file looks like "
                             "a compilation of several snapshots and cannot be split", file=name, line=line)
        if kind_col is not None:
            kind = cell(kind_col).lower()
            if kind not in ("senior", "junior"):
                raise InputError(f"column {header[kind_col]!r} holds {cell(kind_col)!r}; expected Senior or Junior",
                                 file=name, line=line)
        else:  # no kind column: a row with a post reference is a senior post
            ref = index["senior"].get("ref")
            kind = "senior" if ref and any(cell(i) for i in ref) else "junior"
        values = {canon: next((v for i in cols if (v := cell(i))), "") for canon, cols in index[kind].items()}
        org = values.get("org", "")
        part = parts.get((org, label))
        if part is None:
            part = parts[(org, label)] = Part(org, label, when, Sheet(name, "senior", header),
                                              Sheet(name, "junior", header))
            for s in (part.senior, part.junior):
                s.columns = set(index[s.kind])
        sheet = part.senior if kind == "senior" else part.junior
        if len(cells) != len(header):
            sheet.problems.append(Problem("column-mismatch", f"row has {len(cells)} cells where the header has "
                                          f"{len(header)}", line))
        sheet.rows.append(Row(line, values))
    if not parts:
        raise InputError("the compiled file has a header and no rows", file=name, line=1)
    return list(parts.values())
