"""A day in a table cell: a spreadsheet's own date, or text in ISO form (YYYY-MM-DD)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def cell_day(value: Any) -> date | None:
    """The day a cell holds; None for an empty cell; ValueError for anything else.

    >>> cell_day("2021-01-21"), cell_day(datetime(2020, 6, 26, 0, 0)), cell_day("")
    (datetime.date(2021, 1, 21), datetime.date(2020, 6, 26), None)
    """
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())
