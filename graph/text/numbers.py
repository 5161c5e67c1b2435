"""Headcounts and FTE as people read them: summed exactly, shown with at most two decimals.

UK returns give FTE in fractions (0.6, 0.8, 2.246); adding thousands of them
as floats one by one leaves noise such as ``10607.659999999993``. Sums here use
:func:`math.fsum` (correctly rounded), and every figure shown is rounded to two
decimals, whole numbers without a decimal point.

>>> total([0.1] * 10), total([1, 2, None]), total([])
(1, 3, 0)
>>> tidy(55.730000000000004), tidy(2.0), tidy(2.246), tidy(None)
(55.73, 2, 2.25, None)
>>> show(10607.659999999993), show(3), show(0.5), show(None)
('10607.66', '3', '0.5', '')
"""

from __future__ import annotations

import math
from typing import Iterable

DECIMALS = 2


def tidy(value):
    """A number for output: floats rounded to two decimals, whole ones as int; others unchanged."""
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    if not math.isfinite(value):
        return value
    value = round(value, DECIMALS) + 0.0  # + 0.0: no "-0.0"
    return int(value) if value.is_integer() else value


def total(values: Iterable[int | float | None]):
    """The exact sum of the known values (None adds nothing), tidied for output."""
    vals = [v for v in values if v is not None]
    if all(isinstance(v, int) for v in vals):
        return sum(vals)
    return tidy(math.fsum(vals))


def show(value) -> str:
    """A number as text with at most two decimals ('' for None)."""
    if value is None:
        return ""
    return str(tidy(value))


def tidy_tree(data):
    """``data`` (dicts, lists, numbers) with every float tidied: for JSON of sums and totals.

    >>> tidy_tree({"fte": [0.1 + 0.2, 1.0], "n": 3})
    {'fte': [0.3, 1], 'n': 3}
    """
    if isinstance(data, dict):
        return {k: tidy_tree(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [tidy_tree(v) for v in data]
    return tidy(data)
