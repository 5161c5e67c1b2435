"""CSV: the workbook's tables (see :mod:`graph.formats.tables`), one ``SHEET.csv`` each, in a folder
or a ``.zip``. UTF-8 with a byte-order mark, so spreadsheet programs show Cyrillic and Georgian.

Values: empty = none; ``true``/``false``; numbers as written by Python; lists and dicts as JSON.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.formats.tables import Sheet, from_tables, to_tables
from graph.schema.model import OrgFile

ENCODING = "utf-8-sig"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _tables_text(org: OrgFile, findings: list | None) -> dict[str, str]:
    out = {}
    for table in to_tables(org, findings):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(table.header)
        w.writerows([_text(v) for v in row] for row in table.rows)
        out[table.name + ".csv"] = buf.getvalue()
    return out


def write_csv(org: OrgFile, path: str | Path, findings: list | None = None) -> None:
    """Write the tables into folder ``path`` (created; its existing CSVs of the same names replaced),
    or into a zip when ``path`` ends in ``.zip``. Built beside the target and moved into place."""
    path = Path(path)
    files = _tables_text(org, findings)
    tmp = path.with_name(path.name + ".part")
    if tmp.is_dir():
        shutil.rmtree(tmp)
    tmp.unlink(missing_ok=True)
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
                for name, text in files.items():
                    zf.writestr(name, text.encode(ENCODING))
            tmp.replace(path)
        else:
            tmp.mkdir(parents=True)
            for name, text in files.items():
                (tmp / name).write_bytes(text.encode(ENCODING))
            path.mkdir(parents=True, exist_ok=True)
            for name in files:
                (tmp / name).replace(path / name)
    finally:
        if tmp.is_dir():
            shutil.rmtree(tmp)
        else:
            tmp.unlink(missing_ok=True)


def _sheet(text: str) -> Sheet:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0] if rows else []
    return Sheet(header, [(i, r) for i, r in enumerate(rows[1:], 2)])


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode(ENCODING)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason} at byte {exc.start}", file=name) from None


def read_sheets(path: str | Path) -> dict[str, Sheet]:
    """The tables of a folder or zip of orgraph CSVs, by sheet name (the file name without .csv)."""
    path = Path(path)
    out: dict[str, Sheet] = {}
    if path.is_dir():
        for f in sorted(path.glob("*.csv")):
            out[f.stem] = _sheet(_decode(f.read_bytes(), str(f)))
        return out
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                name = Path(info.filename)
                if name.suffix.lower() == ".csv" and len(name.parts) == 1:
                    out[name.stem] = _sheet(_decode(zf.read(info), f"{path}!{info.filename}"))
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"cannot read the zip: {exc}", file=str(path)) from None
    return out


def read_csv(path: str | Path) -> OrgFile:
    """An org from a folder or zip of CSVs in orgraph's layout. Messages name the CSV as the sheet."""
    path = Path(path)
    return from_tables(read_sheets(path), path.name, str(path))


def is_orgraph_csv(path: Path) -> bool:
    """A folder or zip holding ``organisation.csv`` and ``posts.csv`` (what :func:`write_csv` writes)."""
    need = {"organisation.csv", "posts.csv"}
    if path.is_dir():
        return all((path / n).is_file() for n in need)
    if path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            return need <= set(zf.namelist())
    return False
