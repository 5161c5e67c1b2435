"""A table of holders (CSV or XLSX): who holds which post, from when to when, at what FTE.

Columns, by header (any case; the first sheet of a workbook): ``post`` (a post key, its
number, or its reference), ``name`` (blank: not disclosed), ``fte`` (default 1), ``from`` and
``to`` (``YYYY-MM-DD``, blank: unknown / still in office), optionally ``reference``
(a personnel number). Every problem names the file and the row.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from graph.errors import InputError
from graph.schema.model import Holder, OrgFile, Provenance
from graph.text.dates import cell_day

HEADERS = {
    "post": ("post", "post_key", "post key", "position", "reference", "ref", "post reference"),
    "name": ("name", "holder", "holder name", "person"),
    "fte": ("fte", "share"),
    "valid_from": ("from", "valid_from", "start", "begin", "begda"),
    "valid_to": ("to", "valid_to", "end", "until", "endda"),
    "reference": ("personnel number", "personnel_number", "employee", "employee id", "person id"),
}


def table_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(line, cells) of a CSV, XLSX or JSON table, the header first. A JSON table is a list of
    objects, one per row: the header is every key met, in order; a row's line is its object's."""
    if path.suffix.lower() == ".json":
        yield from _json_rows(path)
        return
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise InputError(f"not a readable workbook ({type(exc).__name__})", file=str(path)) from None
        ws = wb.worksheets[0]
        for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
            yield i, list(row)
        return
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None
    except OSError as exc:
        raise InputError(exc.strerror or "cannot read", file=str(path)) from None
    for i, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        yield i, row


def _json_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    import json

    import yaml

    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None
    except OSError as exc:
        raise InputError(exc.strerror or "cannot read", file=str(path)) from None
    except ValueError as exc:
        raise InputError(f"not JSON ({exc.msg})", file=str(path), line=exc.lineno) from None
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise InputError("a JSON table is a list of objects, one per row", file=str(path), line=1)
    # JSON is YAML: the composed nodes know where each object starts.
    starts = [node.start_mark.line + 1 for node in yaml.compose(text, Loader=yaml.SafeLoader).value]
    header = list(dict.fromkeys(k for d in data for k in d))
    yield 1, header
    for line, d in zip(starts, data):
        yield line, [d.get(h) for h in header]


def _columns(header: list[Any], path: Path) -> dict[str, int]:
    names = [str(h or "").strip().lower() for h in header]
    cols = {}
    for field, aliases in HEADERS.items():
        for i, n in enumerate(names):
            if n in aliases and field not in cols:
                cols[field] = i
    if "post" not in cols:
        raise InputError(f"no post column in the header (one of: {', '.join(HEADERS['post'])})", file=str(path),
                         line=1)
    return cols


def _day(value: Any, path: Path, line: int, field: str) -> date | None:
    try:
        return cell_day(value)
    except ValueError:
        raise InputError(f"{field} {value!r} is not a date (YYYY-MM-DD)", file=str(path), line=line) from None


def post_index(org: OrgFile) -> dict[str, str]:
    """Every way a table may name a post (key, key without the organisation, number, reference) -> key.
    A number or reference shared by several posts names none of them."""
    index: dict[str, str] = {}
    ambiguous: set[str] = set()
    prefix = org.organisation.key + "/"
    for p in org.posts:
        for name in (p.number, p.attributes.get("reference"), p.key[len(prefix):]):
            if name:
                name = str(name)
                if name in index and index[name] != p.key:
                    ambiguous.add(name)
                index.setdefault(name, p.key)
    for name in ambiguous:
        index.pop(name, None)
    index.update({p.key: p.key for p in org.posts})
    return index


def read_holders(path: str | Path, org: OrgFile) -> list[Holder]:
    """The holders listed in the table at ``path``, their posts resolved in ``org``."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    index = post_index(org)
    rows = table_rows(path)
    first = next(rows, None)
    if first is None:
        raise InputError("the table is empty", file=str(path))
    cols = _columns(first[1], path)
    out = []
    for line, row in rows:
        cell = lambda f: row[cols[f]] if f in cols and cols[f] < len(row) else None  # noqa: E731
        if not any(v not in (None, "") for v in row):
            continue
        ref = str(cell("post") or "").strip()
        if not ref:
            raise InputError("the post is blank", file=str(path), line=line)
        if ref.endswith(".0") and ref[:-2].isdigit():  # a number a spreadsheet made a float
            ref = ref[:-2]
        key = index.get(ref)
        if key is None:
            raise InputError(f"no post {ref!r} in organisation {org.organisation.key!r} (by key, number or "
                             "reference)", file=str(path), line=line)
        fte_text = cell("fte")
        try:
            fte = 1 if fte_text in (None, "") else float(str(fte_text).replace(",", "."))
        except ValueError:
            raise InputError(f"FTE {fte_text!r} is not a number", file=str(path), line=line) from None
        if fte < 0 or fte != fte:
            raise InputError(f"FTE {fte_text!r} is negative", file=str(path), line=line)
        name = str(cell("name") or "").strip() or None
        holder = Holder(post=key, name=name, fte=int(fte) if fte.is_integer() else fte,
                        valid_from=_day(cell("valid_from"), path, line, "from"),
                        valid_to=_day(cell("valid_to"), path, line, "to"),
                        reference=str(cell("reference")).strip() if cell("reference") not in (None, "") else None,
                        provenance=Provenance(document=path.name, line=line))
        if holder.valid_from and holder.valid_to and holder.valid_to < holder.valid_from:
            raise InputError("to is before from", file=str(path), line=line)
        out.append(holder)
    return out
