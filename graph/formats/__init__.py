"""Writing an org model in other formats, and telling the format from a file name.

One module per format, each a plain function ``write_FORMAT(org, path, findings=None)``: pure (no
printing, no database), and the file appears whole or not at all. ``orgraph export`` and
``orgraph template`` are the command-line side; the readers are loaders
(:mod:`graph.loaders.spreadsheet`, :mod:`graph.loaders.w3c_org`).

>>> choose("kite.xlsx"), choose("out/kite.popolo.json"), choose("kite.zip", "csv")
('xlsx', 'popolo', 'csv')
>>> choose("kite.csv")
Traceback (most recent call last):
...
graph.formats.FormatRefused: kite.csv: the csv export writes one file per table: give a folder (-o kite-csv) or a .zip (-o kite.zip)
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from graph.errors import OrgraphError


class FormatRefused(OrgraphError):
    """The format and the file name do not go together (a usage problem: exit 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]  # "" = a folder
    writer: str  # module:function
    description: str
    text: bool = True  # can go to standard output
    findings: bool = False  # has a place for check findings

    def write(self, org, path, findings=None) -> None:
        module, func = self.writer.split(":")
        fn: Callable = getattr(importlib.import_module(module), func)
        fn(org, path, findings) if self.findings else fn(org, path)


FORMATS: dict[str, Format] = {f.name: f for f in [
    Format("yaml", (".yaml", ".yml"), "graph.loaders.orgfile:write", "orgraph's org file, YAML"),
    Format("json", (".json",), "graph.loaders.orgfile:write", "orgraph's org file, JSON"),
    Format("xlsx", (".xlsx",), "graph.formats.xlsx:write_xlsx",
           "Excel workbook: units, posts, reporting lines, substitutions, declared figures, findings, columns",
           text=False, findings=True),
    Format("csv", ("", ".zip"), "graph.formats.csvs:write_csv", "the workbook's tables as CSV files in a folder or .zip",
           text=False, findings=True),
    Format("graphml", (".graphml",), "graph.formats.graphml:write_graphml", "GraphML with yEd labels (yEd, networkx, Gephi)"),
    Format("ttl", (".ttl",), "graph.formats.rdf:write_ttl", "W3C ORG linked data, Turtle"),
    Format("jsonld", (".jsonld", ".json-ld"), "graph.formats.rdf:write_jsonld", "W3C ORG linked data, JSON-LD"),
    Format("popolo", (".popolo.json", ".json"), "graph.formats.popolo:write_popolo", "Popolo JSON: organizations, posts, memberships"),
]}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".popolo.json"):
        return ".popolo.json"
    return path.suffix.lower()


def _by_suffix(suffix: str) -> str | None:
    for f in FORMATS.values():  # first wins: .json is the org file unless --format popolo
        if suffix and suffix in f.suffixes:
            return f.name
    return None


def choose(path: str | Path | None, fmt: str | None = None) -> str:
    """The format to write ``path`` in: ``fmt`` when given (checked against the extension), else the
    extension's. Raises :class:`FormatRefused` for an unknown format or extension, or a mismatch."""
    if fmt is not None and fmt not in FORMATS:
        raise FormatRefused(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if path is None:
        return fmt or "json"
    path = Path(path)
    suffix = _suffix(path)
    if suffix == ".csv":
        stem = path.name[:-4]
        raise FormatRefused(f"{path}: the csv export writes one file per table: give a folder (-o {stem}-csv) "
            f"or a .zip (-o {stem}.zip)")
    known = ", ".join(sorted({s for f in FORMATS.values() for s in f.suffixes if s}))
    if fmt is None:
        if path.is_dir() or (suffix == "" and str(path).endswith(("/", "\\"))):
            return "csv"
        found = _by_suffix(suffix)
        if found is None:
            what = f"extension {suffix!r}" if suffix else "no extension"
            raise FormatRefused(f"{path}: {what}; name the format with --format ({', '.join(FORMATS)}) "
                                f"or use a known extension ({known}; a folder for csv)")
        return found
    f = FORMATS[fmt]
    # A folder name may hold dots (kite-2024.01): for csv anything that is not a known file extension is a folder.
    if fmt == "csv" and (suffix == ".zip" or _by_suffix(suffix) is None):
        return fmt
    if suffix in f.suffixes:
        return fmt
    want = " or ".join(repr(s) if s else "a folder" for s in f.suffixes)
    other = _by_suffix(suffix)
    hint = f" (that extension is {other})" if other else ""
    raise FormatRefused(f"{path}: --format {fmt} does not match the extension {suffix or '(none)'!r}{hint}; "
                        f"{fmt} files end in {want}")


def write(org, path: str | Path, fmt: str | None = None, findings: list | None = None) -> str:
    """Write ``org`` to ``path`` in ``fmt`` (or the extension's format); returns the format used."""
    name = choose(path, fmt)
    FORMATS[name].write(org, path, findings)
    return name
