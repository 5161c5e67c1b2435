"""Workbooks and CSV tables in orgraph's column layout: what ``orgraph export`` writes as xlsx or
csv, and the filled-in ``orgraph template``. The layout is :mod:`graph.formats.tables`.

Provenance: an exported table keeps the original document and line of every row; a row of a
filled template (no ``document`` column) is its own source, ``FILE#SHEET`` and the row number.
"""

from __future__ import annotations

from pathlib import Path

from graph.loaders.base import Loader
from graph.schema.model import OrgFile


def _sniff_xlsx(path: Path, head: str) -> bool:
    return path.is_file() and path.suffix.lower() == ".xlsx"


def _load_xlsx(path: Path, **_options) -> list[OrgFile]:
    from graph.formats.xlsx import read_xlsx

    return [read_xlsx(path)]


def _sniff_csv(path: Path, head: str) -> bool:
    from graph.formats.csvs import is_orgraph_csv

    return is_orgraph_csv(path)


def _load_csv(path: Path, **_options) -> list[OrgFile]:
    from graph.formats.csvs import read_csv

    return [read_csv(path)]


LOADERS = [
    Loader("xlsx", "Excel workbook in orgraph's layout (orgraph export --format xlsx, orgraph template)",
           _sniff_xlsx, _load_xlsx),
    Loader("csv", "folder or .zip of CSV tables in orgraph's layout (orgraph export --format csv)",
           _sniff_csv, _load_csv),
]
