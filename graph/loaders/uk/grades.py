"""UK grades as written in organogram returns, matched to the ``uk`` catalogue.

The catalogue (``graph/catalogues/titles-uk.yaml``) holds the codes and their
aliases; this module only compares spellings. Departments write delegated
grades many ways (``HEO (London)``, ``A2 (G7)``, ``Grade 7 - Scientific``):
an exact alias wins, else a known code inside the text (parenthesised first,
since ``A2 (G7)`` names a local band and then the Whitehall grade).

>>> match_grade("SCS1").key, match_grade(" scs 1a ").key
('uk/SCS1', 'uk/SCS1A')
>>> match_grade("A2 (G7)").key, match_grade("HEO-B").key, match_grade("Grade 7 London").key
('uk/G7', 'uk/HEO', 'uk/G7')
>>> match_grade("Band D") is None, match_grade("SEO/HEO or equivalent") is None
(True, True)
>>> match_grade("All staff below SCS2", band="delegated") is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.catalogues import load_titles
from graph.schema.model import Title

_PUNCT = re.compile(r"[^A-Z0-9]+")
_PAREN = re.compile(r"\(([^()]*)\)")


def norm(text: str) -> str:
    """Upper case, punctuation to single spaces: the form aliases are compared in.

    >>> norm("of-6"), norm(" Grade  7 (L) ")
    ('OF 6', 'GRADE 7 L')
    """
    return _PUNCT.sub(" ", text.upper()).strip()


@lru_cache(maxsize=1)
def _aliases() -> dict[str, Title]:
    table: dict[str, Title] = {}
    for t in load_titles("uk"):
        for spelling in [t.code, *t.attributes.get("aliases", [])]:
            table.setdefault(norm(spelling), t)
    return table


@lru_cache(maxsize=1)
def _alias_re() -> re.Pattern:
    # Longest first, so "SENIOR EXECUTIVE OFFICER" wins over "EXECUTIVE OFFICER".
    names = sorted(_aliases(), key=len, reverse=True)
    return re.compile(r"(?<![A-Z0-9])(" + "|".join(map(re.escape, names)) + r")(?![A-Z0-9])")


def titles() -> dict[str, Title]:
    """Catalogue titles by key."""
    return {t.key: t for t in load_titles("uk")}


def _single(text: str) -> Title | None:
    # Two different grades in one cell ("SEO/HEO") name neither: no guessing.
    found = {_aliases()[m.group(1)].key: _aliases()[m.group(1)] for m in _alias_re().finditer(text)}
    return next(iter(found.values())) if len(found) == 1 else None


@lru_cache(maxsize=8192)
def match_grade(text: str, band: str | None = None) -> Title | None:
    """The catalogue grade ``text`` names, or None when it names none (or two).

    ``band`` (``senior`` or ``delegated``) limits the answer to that band.
    """
    whole = norm(text)
    if not whole:
        return None
    hit = _aliases().get(whole)
    if hit is None:
        for inner in _PAREN.findall(text.upper()):
            hit = _single(norm(inner))
            if hit:
                break
        else:
            hit = _single(whole)
    if hit is not None and band and hit.attributes.get("band") != band:
        return None
    return hit
