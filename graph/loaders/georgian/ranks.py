"""Georgian rank-category codes and the post roles a form's references name.

A code ``(R-C)`` is rank R, category C (DOMAIN.md s.4). The forms write it in
brackets, in Roman numerals, in ordinal words, or in the header's category and
rank cells (category first), once as ``I I`` for II.

>>> read_code("მეორადი სტრუქტურული ერთეულის ხელმძღვანელი, სამმართველოს უფროსი (2-2) – 2;")
('2-2', '(2-2)')
>>> read_code("III რანგის II კატეგორიის უფროსი სპეციალისტი")
('3-2', 'III რანგის II კატეგორიის')
>>> read_code("მესამე რანგის მეორე კატეგორიის უფროსი სპეციალისტი")
('3-2', 'მესამე რანგის მეორე კატეგორიის')
>>> read_code("მესამე კატეგორიის უფროსი სპეციალისტი")
('3-3', 'მესამე კატეგორიის უფროსი სპეციალისტი')
>>> read_number("I I"), read_number("პირველი"), read_number("III")
(2, 1, 3)
>>> role("დეპარტამენტის უფროსის მოადგილის").kind, role("სამმართველოს უფროსი").kind
('dept_deputy', 'div_head')
>>> role("მინისტრის კურატორი მოადგილე").kind, role("სამმართველოს ერთ-ერთი თანამშრომელი").kind
('unknown', 'vague')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.catalogues import load_conventions

ORDINALS = {k: int(v) for k, v in load_conventions("georgian-forms")["ordinals"].items()}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_BY_N = {v: k for k, v in ROMAN.items()}

_NUM = r"(?:IV|I{1,3}|პირველი|მეორე|მესამე|მეოთხე)"
_CODE_RE = re.compile(r"\(\s*([1-4])\s*[-–]\s*([1-4])\s*\)")
_RANK_CAT_RE = re.compile(rf"({_NUM})\s*რანგის\s+({_NUM})\s*კატეგორიის")
_CAT_ONLY_RE = re.compile(rf"({_NUM})\s*კატეგორიის\s+უფროსი\s+სპეციალისტ\w*")
_SPACE_RE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Single spaces, no outer whitespace."""
    return _SPACE_RE.sub(" ", text).strip()


def read_number(text: str) -> int | None:
    """A rank or category cell: Roman (spaces inside tolerated) or an ordinal word."""
    word = squash(text)
    if not word:
        return None
    roman = word.replace(" ", "")
    if roman in ROMAN:
        return ROMAN[roman]
    for stem, n in ORDINALS.items():
        if word.startswith(stem):
            return n
    return None


def roman(n: int) -> str:
    return _ROMAN_BY_N.get(n, str(n))


def read_code(text: str) -> tuple[str, str] | None:
    """``(code, as written)`` from a title or a reference, or None.

    A category alone with "senior specialist" (უფროსი სპეციალისტი) means rank III,
    the only rank that title has.
    """
    m = _CODE_RE.search(text)
    if m:
        return f"{m.group(1)}-{m.group(2)}", m.group(0)
    m = _RANK_CAT_RE.search(text)
    if m:
        rank, cat = read_number(m.group(1)), read_number(m.group(2))
        if rank and cat:
            return f"{rank}-{cat}", m.group(0)
    m = _CAT_ONLY_RE.search(text)
    if m:
        cat = read_number(m.group(1))
        if cat:
            return f"3-{cat}", m.group(0)
    return None


@dataclass(frozen=True)
class Role:
    """What a reference names: a kind of post, not yet a post of the graph.

    kind: ``dept_head``, ``dept_deputy``, ``div_head``, ``title`` (a rank-category
    code, in ``code``), ``vague`` ("one of the division's employees") or ``unknown``.
    """

    kind: str
    code: str | None = None


def role(text: str) -> Role:
    """The post a reference names, by the fixed vocabulary of the forms."""
    t = squash(text)
    if "ერთ-ერთი" in t or "ერთერთი" in t:
        return Role("vague")
    primary = "დეპარტამენტ" in t or "პირველადი სტრუქტურული" in t
    if "მოადგილ" in t:
        return Role("dept_deputy") if primary else Role("unknown")
    if re.search(r"დეპარტამენტის\s+უფროს|პირველადი\s+სტრუქტურული\s+ერთეულის\s+ხელმძღვანელ", t):
        return Role("dept_head")
    if re.search(r"სამმართველოს\s+უფროს|მეორადი\s+სტრუქტურული\s+ერთეულის\s+ხელმძღვანელ", t):
        return Role("div_head")
    found = read_code(t)
    if found:
        return Role("title", found[0])
    return Role("unknown")


HEAD_CODES = {"dept_head": "1-1", "dept_deputy": "2-1", "div_head": "2-2"}
