"""Post references that almost match: the likely fix for an unknown superior.

A return that says a post reports to ``DfE-3024`` when the post is written
``DFE-3024``, or to ``609`` when it is ``00000609``, most likely means that
post. Such a fix is offered, never applied silently.

>>> idx = FixIndex(["DFE-3024", "00000609", "A1", "a1"])
>>> idx.candidates("DfE-3024"), idx.candidates("609"), idx.candidates("A-1")
(['DFE-3024'], ['00000609'], [])
>>> idx.candidates("A1 ")
['A1']
>>> idx.candidates("A01")
['A1', 'a1']
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")
_SPACE = re.compile(r"\s+")


def loose(ref: str) -> str:
    """The form in which near-identical references coincide: case, leading zeros
    of numbers and spacing ignored.

    >>> loose(" DfE-0324 "), loose("00000609")
    ('dfe-324', '609')
    """
    return _ZEROS.sub("", _SPACE.sub(" ", ref.strip()).casefold())


class FixIndex:
    def __init__(self, refs: Iterable[str]):
        self._by_loose: dict[str, list[str]] = defaultdict(list)
        for ref in refs:
            bucket = self._by_loose[loose(ref)]
            if ref not in bucket:
                bucket.append(ref)

    def candidates(self, ref: str) -> list[str]:
        """Known references equal to ``ref`` up to case, leading zeros and spacing;
        the closest tier only (spacing, then case, then zeros)."""
        found = [r for r in self._by_loose.get(loose(ref), []) if r != ref]
        for same in (_spaced, str.casefold):
            tier = [r for r in found if same(r) == same(ref)]
            if tier:
                return tier
        return found


def _spaced(ref: str) -> str:
    return _SPACE.sub(" ", ref.strip())


def describe(written: str, fix: str) -> str:
    """How two references differ, in words.

    >>> describe("DfE-3024", "DFE-3024"), describe("609", "00000609"), describe("a01", "A1")
    ('letter case', 'leading zeros', 'letter case and leading zeros')
    """
    w, f = _spaced(written), _spaced(fix)
    parts = []
    if w.casefold() != f.casefold() and _ZEROS.sub("", w) != _ZEROS.sub("", f):
        parts.append("letter case")
    elif w.casefold() == f.casefold() and w != f:
        parts.append("letter case")
    if _ZEROS.sub("", w.casefold()) == _ZEROS.sub("", f.casefold()) and w.casefold() != f.casefold():
        parts.append("leading zeros")
    return " and ".join(parts) or "spacing"
