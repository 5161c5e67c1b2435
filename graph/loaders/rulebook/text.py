"""Lines of a Serbian rulebook, cleaned, and the vocabulary that recognises them.

Every pattern works on the *folded* line (:func:`graph.text.names.fold`: Latin, lower
case, no diacritics, single spaces), so one pattern reads Cyrillic and Latin
alike; names are taken from the *clean* line, as written.

>>> ln = Line.of(7, "[bookmark: _x]\\t1.1.2.\\tОдсек за  пројектовање ")
>>> ln.clean, ln.folded
('1.1.2. Одсек за пројектовање', '1.1.2. odsek za projektovanje')
>>> unit_heading(ln)
('1.1.2', 'Одсек за пројектовање', 'section')
>>> post_heading(Line.of(1, "71a Радно место за финансије"))
('71a', 'Радно место за финансије')
>>> post_heading(Line.of(1, "1. СЕКТОР ЗА БЕЗБЕДНОСТ")) is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.text.names import fold, fold_by_table

# A script switch turns the tag into "[боокмарк: ...]"; both are debris.
_BOOKMARK = re.compile(r"\[(?:bookmark|боокмарк):[^\]]*\]?", re.I)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the document
    raw: str
    clean: str  # bookmarks gone, whitespace collapsed, as written otherwise
    folded: str

    @classmethod
    def of(cls, no: int, raw: str) -> "Line":
        clean = _SPACES.sub(" ", _BOOKMARK.sub("", raw)).strip()
        return cls(no, raw, clean, fold_by_table(clean))


def lines_of(text: str) -> list[Line]:
    return [Line.of(i, raw) for i, raw in enumerate(text.splitlines(), 1)]


# Unit kinds by the first word of a unit's name (folded), with the name of the post that
# heads such a unit (DOMAIN.md section 2; the rulebook's Art. 25-26).
UNIT_KINDS = {
    "sektor": "sector",
    "odeljenje": "department",
    "odsek": "section",
    "grupa": "group",
    "sluzba": "other",
    "kabinet": "other",
}
HEAD_NAMES = {  # folded head-post name prefix -> kind of unit it heads
    "pomocnik direktora": "sector",
    "nacelnik odeljenja": "department",
    "sef odseka": "section",
    "rukovodilac grupe": "group",
    "sef sluzbe": "other",
}
DIRECTOR = "direktor"
DEPUTY = "zamenik direktora"

_NUM = r"(\d{1,2}(?:\.\d{1,2}){0,3})"
_UNIT_RE = re.compile(_NUM + r"\.?\s+(.+)")
_POST_RE = re.compile(r"(\d{1,3}[a-zа-и]?)(?:\.\s*|\s+)(\S.*)")
_BULLETS = "-–—·•*"


def _strip_list_tail(name: str) -> str:
    """A name from a list item: no trailing ';', '.', ',' or the joining ' и'/' i'."""
    name = name.strip().rstrip(";.,: ").strip()
    name = re.sub(r"\s+(и|i)$", "", name)
    return name.rstrip(";.,: ").strip()


def unit_heading(line: Line) -> tuple[str, str, str] | None:
    """``(number, name, kind)`` when the line names a numbered unit, else None."""
    mf = _UNIT_RE.fullmatch(line.folded)
    if not mf or mf.group(2).split(" ", 1)[0] not in UNIT_KINDS:
        return None
    kind = UNIT_KINDS[mf.group(2).split(" ", 1)[0]]
    m = _UNIT_RE.fullmatch(line.clean)
    if not m:
        return None
    return m.group(1), _strip_list_tail(m.group(2)), kind


def post_heading(line: Line) -> tuple[str, str] | None:
    """``(number, name)`` when the line opens a numbered post, else None."""
    m = _POST_RE.fullmatch(line.clean)
    if not m or unit_heading(line) is not None:
        return None
    name = m.group(2).strip().rstrip(",;").strip()
    # A post's name is short and starts with a capital; long sentences are prose.
    if len(name) > 160 or not name[:1].isupper():
        return None
    number = m.group(1)
    number = number[:-1] + fold(number[-1]) if not number[-1].isdigit() else number
    return number, name


_COUNT_RE = re.compile(r"broj drzavnih sluzbenika(?P<pos> na polozaju)?\s*[:\-]?\s*(?P<n>\d+)?")


def count_line(line: Line) -> tuple[str, int | None, bool] | None:
    """``(title text folded, headcount or None, on a position)`` for a post's title line.

    >>> count_line(Line.of(1, "- виши светник -\\t\\t број државних службеника 1"))
    ('visi svetnik', 1, False)
    >>> count_line(Line.of(1, "· саветник -"))
    ('savetnik', None, False)
    """
    f = line.folded
    m = _COUNT_RE.search(f)
    if m:
        title = f[: m.start()]
        n = int(m.group("n")) if m.group("n") else None
        on_position = bool(m.group("pos"))
    elif f[:1] in _BULLETS and len(f) < 60:
        title, n, on_position = f, None, False
    else:
        return None
    title = title.strip(" " + _BULLETS).strip()
    if not title and n is None:
        return None
    return title, n, on_position


def label(line: Line) -> tuple[str, str] | None:
    """``("description"|"conditions", text after the label)`` for a labelled paragraph."""
    for prefix, what in (("opis poslova", "description"), ("uslovi", "conditions")):
        if line.folded.startswith(prefix):
            rest = line.clean.split(":", 1)[1].strip() if ":" in line.clean[:40] else ""
            return what, rest
    return None


_ARTICLE_RE = re.compile(r"(clan|член)\s+(\d+[a-z]?)\.?")
_SECTION_RE = re.compile(r"[ivx]+\s*[-–.]\s*\S")


def article_no(line: Line) -> str | None:
    """The number of an article heading (``Члан 28.``), else None."""
    m = _ARTICLE_RE.fullmatch(line.folded)
    return m.group(2) if m else None


def is_section_heading(line: Line) -> bool:
    """A part heading such as ``VI - ЗАВРШНЕ ОДРЕДБЕ`` (Roman numeral, dash)."""
    return bool(_SECTION_RE.match(line.folded)) and line.clean.split()[0].isupper()
