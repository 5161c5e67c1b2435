"""Reading one organogram CSV: rows with their line numbers, columns by meaning.

The returns come from spreadsheets, so cells may span lines, headers vary a
little, rows may have too many or too few cells, and files may hold only a
header. Nothing here stops: every oddity becomes a :class:`Problem` and the
rows that can be read are returned.

>>> sheet = read_text('"Post Unique Reference","Reports to Senior Post","FTE"\\n'
...                   '"A1","XX","1"\\n"A2","A1"\\n', "x-senior.csv")
>>> sheet.kind, [(r.line, r["ref"], r["fte"]) for r in sheet.rows]
('senior', [(2, 'A1', '1'), (3, 'A2', '')])
>>> [(p.code, p.line) for p in sheet.problems if p.code != "missing-column"]
[('column-mismatch', 3)]
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from graph.errors import InputError
from graph.loaders import guard

# Canonical field -> the header spellings that mean it (compared by _hkey).
SENIOR_COLUMNS = {
    "ref": ["Post Unique Reference"],
    "holder": ["Name"],
    "grade": ["Grade (or equivalent)", "Grade"],
    "title": ["Job Title"],
    "function": ["Job/Team Function"],
    "parent": ["Parent Department"],
    "org": ["Organisation"],
    "unit": ["Unit"],
    "phone": ["Contact Phone"],
    "email": ["Contact E-mail"],
    "reports_to": ["Reports to Senior Post"],
    "salary_cost": ["Salary Cost of Reports (£)", "Salary Cost of Reports"],
    "fte": ["FTE"],
    "pay_floor": ["Actual Pay Floor (£)", "Actual Pay Floor"],
    "pay_ceiling": ["Actual Pay Ceiling (£)", "Actual Pay Ceiling"],
    "profession": ["Professional/Occupational Group"],
    "notes": ["Notes"],
    "valid": ["Valid?"],
    "uri": ["URI"],
    "source_file": ["source_file"],
    "source_line": ["source_line"],
}
JUNIOR_COLUMNS = {
    "parent": ["Parent Department"],
    "org": ["Organisation"],
    "unit": ["Unit"],
    "reports_to": ["Reporting Senior Post"],
    "grade": ["Grade"],
    "pay_min": ["Payscale Minimum (£)", "Payscale Minimum"],
    "pay_max": ["Payscale Maximum (£)", "Payscale Maximum"],
    "title": ["Generic Job Title"],
    "fte": ["Number of Posts in FTE"],
    "profession": ["Professional/Occupational Group"],
    "source_file": ["source_file"],
    "source_line": ["source_line"],
}
# Without these a file cannot say what it should.
REQUIRED = {"senior": ["ref", "reports_to", "grade", "title", "unit", "fte"],
            "junior": ["reports_to", "grade", "title", "unit", "fte"]}


def _hkey(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def clean(value: str) -> str:
    """A cell as meant: outer spaces and the spreadsheet's wrapping quotes removed.

    >>> clean("  'Eliminated' "), clean("Eliminated'"), clean("O'Connor")
    ('Eliminated', 'Eliminated', "O'Connor")
    """
    value = value.strip()
    if "'" not in value:
        return value
    if value.startswith("'") and value.endswith("'") and len(value) >= 2:
        return value[1:-1].strip()
    # A lone quote at one end is the same artefact, half exported.
    if value.endswith("'") and value.count("'") == 1 and " " not in value:
        return value[:-1].strip()
    if value.startswith("'") and value.count("'") == 1:
        return value[1:].strip()
    return value


@dataclass
class Problem:
    code: str
    message: str
    line: int | None = None
    severity: str = "warning"


@dataclass
class Row:
    line: int  # where the row starts in the file, 1-based
    values: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class Sheet:
    name: str  # file name
    kind: str | None  # senior, junior, or None when the header says neither
    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)  # canonical fields present


def numbered_rows(reader) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """(line, cells) for each non-blank row after the header, or (line, the error) for a row the
    CSV reader cannot read; a quoted cell over several lines counts from its first line.

    >>> r = csv.reader(io.StringIO('h\\na\\n\\n"b\\nc"\\n'))
    >>> _ = next(r); list(numbered_rows(r))
    [(2, ['a']), (4, ['b\\nc'])]
    """
    last = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield last + 1, exc
            last = reader.line_num
            continue
        line, last = last + 1, reader.line_num
        if any(c.strip() for c in cells):
            yield line, cells


def kind_of_header(header: list[str]) -> str | None:
    keys = {_hkey(h) for h in header}
    if _hkey("Post Unique Reference") in keys:
        return "senior"
    if _hkey("Reporting Senior Post") in keys:
        return "junior"
    return None


def read_file(path: Path) -> Sheet:
    raw = path.read_bytes()
    problems = []
    wide = guard.wide_encoding(raw[:4096])
    if wide:
        raise InputError(f"the file is {wide}; save it as UTF-8", file=str(path))
    if b"\0" in raw:
        raise InputError("a NUL byte in the text (is this a binary file?)", file=str(path),
                         line=raw.count(b"\n", 0, raw.index(b"\0")) + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Spreadsheet exports from Windows: cp1252 decodes every byte that matters.
        text = raw.decode("cp1252", errors="replace")
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.append(Problem("encoding", f"file is not UTF-8 (first at line {line}); read as Windows-1252",
                                line, "info"))
    guard.check_controls(text, str(path))
    sheet = read_text(text, path.name)
    sheet.problems[:0] = problems
    return sheet


def read_text(text: str, name: str, kind: str | None = None) -> Sheet:
    """Parse a CSV text; ``kind`` forces senior/junior when the header is unclear."""
    reader = csv.reader(io.StringIO(text, newline=""))
    sheet = Sheet(name=name, kind=kind)
    if not text.strip():
        sheet.problems.append(Problem("empty-file", "the file is empty", None))
        return sheet
    try:
        header = next(reader)
    except csv.Error as exc:
        sheet.problems.append(Problem("unreadable", f"not readable as CSV: {exc}", 1, "error"))
        return sheet
    sheet.header = header
    sheet.kind = kind or kind_of_header(header)
    if sheet.kind is None:
        sheet.problems.append(Problem("unknown-header", "header has neither 'Post Unique Reference' nor "
                                      "'Reporting Senior Post'", 1, "error"))
        return sheet
    table = SENIOR_COLUMNS if sheet.kind == "senior" else JUNIOR_COLUMNS
    by_key = {_hkey(s): canon for canon, spellings in table.items() for s in spellings}
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        canon = by_key.get(_hkey(h))
        if canon and canon not in index:
            index[canon] = i
        elif h.strip() and not canon:
            sheet.problems.append(Problem("extra-column", f"column {h!r} is not an organogram column; ignored",
                                          1, "info"))
    sheet.columns = set(index)
    for canon in REQUIRED[sheet.kind]:
        if canon not in index:
            sheet.problems.append(Problem("missing-column", f"column {table[canon][0]!r} is missing; "
                                          "its values are taken as blank", 1, "error"))
    width = len(header)
    for line, cells in numbered_rows(reader):
        if isinstance(cells, csv.Error):
            sheet.problems.append(Problem("unreadable", f"row not readable as CSV: {cells}", line, "error"))
            continue
        if len(cells) != width:
            sheet.problems.append(Problem(
                "column-mismatch",
                f"row has {len(cells)} cells where the header has {width}; "
                + ("extra cells ignored" if len(cells) > width else "missing cells taken as blank"), line))
        values = {canon: clean(cells[i]) if i < len(cells) else "" for canon, i in index.items()}
        sheet.rows.append(Row(line, values))
    if not sheet.rows:
        sheet.problems.append(Problem("header-only", "the file has a header and no rows", None))
    return sheet
