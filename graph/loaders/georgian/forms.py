"""Georgian job-description forms as text: lines into forms and their fields.

The converted document is a run of table cells: a line that starts with a tab
(after optional spaces) opens a cell, lines without one continue it. Each form
ends with a signature block whose last line is the date (თარიღი). Some forms lost
their first fields in conversion, so a form is cut wherever the field order
restarts, at every form title (სამუშაოს აღწერილობა) and after every date line;
what comes before a form title on the line above it is a section heading (the
division whose forms follow, in the genitive).

>>> text = "სამუშაოს აღწერილობა\\n\\tუშუალო დაქვემდებარებაშია\\n\\tდეპარტამენტის უფროსი\\n"
>>> [c.fields["superior"].text for c in split(text)]
['დეპარტამენტის უფროსი']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.catalogues import load_conventions
from graph.loaders.georgian.ranks import squash

# (key, label, exact): in the order a complete form has them (catalogue data).
_CONV = load_conventions("georgian-forms")
LABELS = [(d["field"], d["label"], bool(d["exact"])) for d in _CONV["labels"]]
ORDER = {key: i for i, (key, _, _) in enumerate(LABELS)}
# Lines that belong to a label's cell, not to its value.
SUBLABELS = set(_CONV["sublabels"])
# Fields that identify a post: a chunk with none of them is an unattributable fragment.
POST_FIELDS = {"unit", "subunit", "title", "superior", "units", "staff", "substitute"}
_TAB_START = re.compile(r"^[ \u00a0]*\t")
# The signature block: anything else after it starts the next chunk, date or not.
_SIGNATURE_LINE = re.compile(r"^(ხელმოწერა|თანამშრომელი|უშუალო უფროსი|თარიღი|_)")


def label_of(line: str) -> str | None:
    text = squash(line).rstrip(":")
    if not text:
        return None
    for key, label, exact in LABELS:
        if text == label if exact else text.startswith(label):
            return key
    return None


@dataclass
class Field:
    key: str
    line: int  # the label's line, 1-based
    raw: list[tuple[int, str]] = field(default_factory=list)  # value lines as in the file

    @property
    def lines(self) -> list[tuple[int, str]]:
        """Non-empty value lines, squashed, without sub-labels."""
        out = []
        for n, raw in self.raw:
            text = squash(raw)
            if text and text not in SUBLABELS:
                out.append((n, text))
        return out

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.lines)

    @property
    def first_line(self) -> int:
        lines = self.lines
        return lines[0][0] if lines else self.line

    def cells(self) -> list[tuple[int, str]]:
        """Table cells: a tab opens one, a line without a tab continues it."""
        cells: list[list] = []
        open_cell = False
        for n, raw in self.raw:
            if squash(raw) in SUBLABELS:
                continue
            if _TAB_START.match(raw):
                cells.append([n, squash(raw)])
                open_cell = True
            elif squash(raw):
                if open_cell:
                    cells[-1][1] = squash(cells[-1][1] + " " + raw)
                else:
                    cells.append([n, squash(raw)])
                    open_cell = True
            else:
                open_cell = False
        return [(n, t) for n, t in cells]


@dataclass
class Chunk:
    """One form, or what is left of one: fields in document order."""

    start: int
    end: int = 0
    heading: tuple[int, str] | None = None  # section heading just above the form title
    leading: list[tuple[int, str]] = field(default_factory=list)  # text before the first field
    fields: dict[str, Field] = field(default_factory=dict)
    repeated: list[Field] = field(default_factory=list)

    @property
    def last_order(self) -> int:
        return max((ORDER[k] for k in self.fields), default=-1)

    def is_post(self) -> bool:
        return bool(POST_FIELDS & set(self.fields))

    def value(self, key: str) -> str:
        f = self.fields.get(key)
        return f.text if f else ""


def split(text: str) -> list[Chunk]:
    """Cut the document into chunks (forms and fragments), each with its fields."""
    lines = text.splitlines()
    chunks: list[Chunk] = []
    cur: Chunk | None = None
    current_field: Field | None = None
    after_date = False

    def close(end: int) -> None:
        nonlocal cur
        if cur is not None:
            cur.end = end
            if cur.fields or any(t.strip() for _, t in cur.leading) or cur.heading:
                chunks.append(cur)
        cur = None

    for i, raw in enumerate(lines, start=1):
        key = label_of(raw)
        if key is None:
            in_signature = current_field is not None and current_field.key in ("signature", "date")
            if in_signature and raw.strip() and not _SIGNATURE_LINE.match(raw.strip()):
                after_date = True
            if after_date or cur is None:
                close(i - 1)
                cur = Chunk(start=i)
                after_date = False
                current_field = None
            if current_field is not None:
                current_field.raw.append((i, raw))
            elif raw.strip():
                cur.leading.append((i, raw))
            continue
        restart = (cur is None or after_date or key == "form_title"
                   or (ORDER[key] <= cur.last_order and key in POST_FIELDS | {"institution", "address"}))
        if restart:
            heading = None
            if key == "form_title" and cur is not None and not cur.fields and cur.leading:
                n, last = cur.leading[-1]
                if n == i - 1 and not last.lstrip().startswith(("·", "-", "•")):
                    heading = (n, squash(last))
                    cur.leading.pop()
            if cur is not None and key == "form_title" and not cur.fields and not cur.leading:
                cur = None  # nothing but blank lines since the last form
            close(i - 1)
            cur = Chunk(start=heading[0] if heading else i, heading=heading)
            after_date = False
        if key in cur.fields:
            # A repeated label keeps adding to its first field: nothing is dropped.
            cur.repeated.append(Field(key, i))
            current_field = cur.fields[key]
        else:
            current_field = cur.fields[key] = Field(key, i)
        if key == "date":
            after_date = True
    close(len(lines))
    return chunks
