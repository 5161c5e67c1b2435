"""Snapshot dates as the returns write them: in file names, folder paths and label columns.

>>> date_in_text("home_office-2012-09-30-senior.csv"), date_in_text("/data/ho/2012_09_30/x.xls")
(datetime.date(2012, 9, 30), datetime.date(2012, 9, 30))
>>> date_in_text("organogram-senior.csv") is None
True
>>> parse_label("31/03/2011"), parse_label("March 2011"), parse_label("2011-09"), parse_label("30 Sep 2012")
(datetime.date(2011, 3, 31), datetime.date(2011, 3, 31), datetime.date(2011, 9, 30), datetime.date(2012, 9, 30))
>>> parse_label("soon") is None
True
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_ISO = re.compile(r"(?<!\d)(\d{4})[-_](\d{2})[-_](\d{2})(?!\d)")
_DMY = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
_YM = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WORDY = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?,?\s+(\d{4})$")


def _make(y: int, m: int, d: int | None) -> date | None:
    try:
        # A month without a day is the snapshot at its end (returns are as at 31 March / 30 September).
        return date(y, m, d if d else calendar.monthrange(y, m)[1])
    except ValueError:
        return None


def date_in_text(text: str) -> date | None:
    """The ISO date (``-`` or ``_`` separated) in a file name or path, if exactly one date is named."""
    found = {d for m in _ISO.finditer(text) if (d := _make(int(m[1]), int(m[2]), int(m[3])))}
    return found.pop() if len(found) == 1 else None


def parse_label(text: str) -> date | None:
    """A snapshot label from a data column: ISO, day/month/year, 'March 2011', '2011-09'."""
    text = " ".join(text.strip().split())
    if not text:
        return None
    m = _ISO.fullmatch(text) or None
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
        return _make(int(text[:4]), int(text[5:7]), int(text[8:10]))
    m = _DMY.match(text)
    if m:  # UK order: day first
        return _make(int(m[3]), int(m[2]), int(m[1]))
    m = _YM.match(text)
    if m:
        return _make(int(m[1]), int(m[2]), None)
    m = _WORDY.match(text)
    if m and m[2].lower() in _MONTHS:
        return _make(int(m[3]), _MONTHS[m[2].lower()], int(m[1]) if m[1] else None)
    return None
