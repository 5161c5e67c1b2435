"""Excel workbooks: an org as one sheet per table (see :mod:`graph.formats.tables`), and back.

Header rows are frozen and filtered, columns sized to their contents, numbers stored as
numbers, text as text (a name starting with ``=`` stays a name, never a formula).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.formats.tables import Sheet, Table, from_tables, template_tables, to_tables
from graph.schema.model import OrgFile

MAX_WIDTH = 60
# Validation lists of the template: (sheet, column) -> allowed values.
CHOICES = {("reporting_lines", "kind"): ["line", "secondary", "accountability"],
           ("reporting_lines", "basis"): ["stated", "derived"],
           ("substitutions", "basis"): ["stated", "derived"],
           ("declared", "measure"): ["posts", "civil_servants", "direct_subordinates", "direct_units"],
           ("units", "kind"): ["sector", "department", "section", "group", "division", "office", "other"]}
# Lists that only suggest: other values are allowed (the model leaves these open).
SUGGESTIONS = {("declared", "measure"), ("units", "kind")}
# Template columns whose values must name a row of another sheet: (sheet, column) -> (sheet, column).
REFERENCES = {("posts", "unit"): ("units", "A"), ("posts", "heads"): ("units", "A"),
              ("posts", "superior"): ("posts", "A"), ("units", "parent"): ("units", "A"),
              ("reporting_lines", "post"): ("posts", "A"), ("reporting_lines", "superior"): ("posts", "A"),
              ("substitutions", "principal"): ("posts", "A"), ("substitutions", "substitute"): ("posts", "A")}
TEMPLATE_ROWS = 2000


def _width(value: Any) -> int:
    if value is None:
        return 0
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _safe_text(value: Any) -> Any:
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        # Control characters cannot be stored in a workbook; they never carry meaning in our text.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _sheet(wb, table: Table, *, template: bool = False):
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(table.name)
    ws.append(table.header)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
    derived_fill = PatternFill("solid", fgColor="EEEEEE")
    for i, col in enumerate(table.columns, 1):
        cell = ws.cell(row=1, column=i)
        cell.font = bold
        cell.fill = derived_fill if col.derived else fill
        if table.name != "columns":
            cell.comment = Comment(col.meaning, "orgraph", width=300, height=80)
    for row in table.rows:
        ws.append([_safe_text(v) for v in row])
    # A text cell starting with '=' would become a formula: mark such cells as text again.
    text_cols = [i for i, c in enumerate(table.columns, 1) if c.type in ("str", "json", "date")]
    for r, row in enumerate(table.rows, 2):
        for i in text_cols:
            v = row[i - 1]
            if isinstance(v, str) and v.startswith("="):
                ws.cell(row=r, column=i).data_type = "s"
    widths = [_width(h) for h in table.header]
    for row in table.rows:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], _width(v))
    for i, (w, col) in enumerate(zip(widths, table.columns), 1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = min(max(w, 6) + 2, MAX_WIDTH) if not template else max(14, len(col.name) + 4)
        if col.type in ("str", "date") and template:
            # Typed numbers such as 1.10 must stay text, as written (a column style: no empty rows made).
            ws.column_dimensions[letter].number_format = "@"
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(table.columns), 1))
    ws.auto_filter.ref = f"A1:{last}{max(len(table.rows) + 1, 2) if not template else TEMPLATE_ROWS + 1}"
    return ws


def _validations(ws, table: Table) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for i, col in enumerate(table.columns, 1):
        letter = get_column_letter(i)
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        choices = CHOICES.get((table.name, col.name))
        if choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                showErrorMessage=(table.name, col.name) not in SUGGESTIONS,
                                error=f"one of: {', '.join(choices)}", errorTitle=col.name)
        elif (table.name, col.name) in REFERENCES:
            sheet, ref = REFERENCES[(table.name, col.name)]
            dv = DataValidation(type="list", formula1=f"{sheet}!${ref}$2:${ref}${TEMPLATE_ROWS + 1}",
                                allow_blank=True, showErrorMessage=False)
        elif col.type == "bool":
            dv = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=True)
        elif col.type in ("int", "num"):
            dv = DataValidation(type="decimal" if col.type == "num" else "whole", operator="greaterThanOrEqual",
                                formula1="0", allow_blank=True, error="a number", errorTitle=col.name)
        else:
            continue
        dv.promptTitle, dv.prompt = col.name[:32], col.meaning[:255]
        dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(cells)


def _save(wb, path: Path) -> None:
    # Written beside the target and moved into place: a failed write leaves no half a workbook.
    tmp = path.with_name(path.name + ".part")
    try:
        wb.save(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_xlsx(org: OrgFile, path: str | Path, findings: list | None = None) -> None:
    """Write ``org`` as a workbook; ``findings`` (from :func:`graph.checks.run_checks`) adds their sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for table in to_tables(org, findings):
        _sheet(wb, table)
    _save(wb, Path(path))


def write_template(path: str | Path) -> None:
    """An empty workbook to describe an organisation by hand, read by ``orgraph load``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for table in template_tables():
        ws = _sheet(wb, table, template=table.name != "columns")
        if table.name != "columns":
            _validations(ws, table)
    _save(wb, Path(path))


def read_sheets(path: str | Path) -> dict[str, Sheet]:
    """Every sheet of a workbook as header and numbered rows (cell values as stored)."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"cannot read the workbook: {exc}", file=str(path)) from None
    out: dict[str, Sheet] = {}
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = list(next(rows, ()) or ())
            while header and header[-1] is None:
                header.pop()
            body = [(i, list(r)) for i, r in enumerate(rows, 2)]
            out[ws.title] = Sheet(header, body)
    finally:
        wb.close()
    return out


def read_xlsx(path: str | Path) -> OrgFile:
    """An org from a workbook in orgraph's layout (an export or a filled template)."""
    path = Path(path)
    return from_tables(read_sheets(path), path.name, str(path))
