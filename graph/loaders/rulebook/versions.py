"""A rulebook's versions: the document itself and the amendments it lists after its signature.

A consolidated rulebook (пречишћен текст) carries the structure after its last amendment and
names the amendments at its end, each with its number and date ("број: … од 26.06.2020.").
Each becomes a dated :class:`~graph.schema.model.Version`; since the text gives no structure as
it was before an amendment, every version stands for the same structure, and the note says so.

>>> from graph.text.names import fold
>>> parse_date(fold("У Београду, 11. фебруар 2019. године"))
datetime.date(2019, 2, 11)
>>> parse_date("broj: 110-01-1/2019-01/1 od 26.06.2020. godine")
datetime.date(2020, 6, 26)
"""

from __future__ import annotations

import re
from datetime import date

from graph.schema.model import Provenance, Version
from graph.text.names import fold

# Serbian month names, folded to Latin (nominative and genitive start the same way).
MONTHS = {"januar": 1, "februar": 2, "mart": 3, "april": 4, "maj": 5, "jun": 6, "jul": 7, "avgust": 8,
          "septembar": 9, "septemb": 9, "oktobar": 10, "oktob": 10, "novembar": 11, "novemb": 11,
          "decembar": 12, "decemb": 12}
_NUMERIC = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_WORDS = re.compile(r"\b(\d{1,2})\.?\s+([a-zčćžšđ]+)\s+(\d{4})\b")
_NUMBER = re.compile(r"\bbroj:?\s*([0-9][^\s,]*)")

NO_EARLIER = ("the text is consolidated: it gives the structure after its last amendment only, "
              "so this version shows that structure")


def parse_date(folded: str) -> date | None:
    """The first date in a folded line: ``26.06.2020.`` or ``11. februar 2019.``; None if none."""
    found = []
    for m in _NUMERIC.finditer(folded):
        found.append((m.start(), (int(m.group(3)), int(m.group(2)), int(m.group(1)))))
    for m in _WORDS.finditer(folded):
        month = next((n for name, n in MONTHS.items() if m.group(2).startswith(name[:3]) and
                      (m.group(2).startswith(name) or name.startswith(m.group(2)[:len(name)]))), None)
        if month:
            found.append((m.start(), (int(m.group(3)), month, int(m.group(1)))))
    for _pos, (y, mo, d) in sorted(found):
        try:
            return date(y, mo, d)
        except ValueError:
            continue
    return None


def rulebook_versions(doc: str, number: str | None, signed: tuple[int, str] | None,
                      amendments: list[tuple[int, str]], title: str | None = None,
                      ) -> tuple[list[Version], list[tuple[str, str, int]]]:
    """The versions a rulebook states, and notes (code, message, line) for what could not be dated.
    ``signed``: the line and text of its date of signing; ``title``: its own title, if read."""
    versions: list[Version] = []
    notes: list[tuple[str, str, int]] = []
    base_day = parse_date(fold(signed[1])) if signed else None
    if base_day:
        versions.append(Version(valid_from=base_day, issued=base_day, number=number, title=title,
                                note=NO_EARLIER if amendments else None,
                                provenance=Provenance(document=doc, line=signed[0])))
    for line, text in amendments:
        folded = fold(text)
        day = parse_date(folded)
        if day is None:
            notes.append(("amendment-undated", f"amendment without a date I can read: {text[:80]!r}", line))
            continue
        found = _NUMBER.search(folded)
        # The number as written (Cyrillic or Latin): cut from the original text at the same place.
        num = text[found.start(1):found.end(1)] if found and len(text) == len(folded) else (found.group(1) if found else None)
        named = re.split(r",?\s*(?:број|broj|БРОЈ|BROJ)\b", text, maxsplit=1)[0].strip(" ,")
        versions.append(Version(valid_from=day, issued=day, number=num, title=named,
                                note="amendment listed by the document; " + NO_EARLIER,
                                provenance=Provenance(document=doc, line=line)))
    versions.sort(key=lambda v: v.valid_from)
    return versions, notes
