"""The roles and bodies a municipal document names, and how to find them in a cell.

An action-plan cell such as ``Руководилац писарнице ИТ администратор`` or
``Радна група, служба за ПР и комуникације ОУ`` names several actors with or
without separators, and the same role is written several ways
(``Начелник ОУ``, ``Начелник управе``, ``Начелник општинске управе``). A
lexicon of patterns over folded text (Latin, lower case, no diacritics) finds
them; whatever a cell holds beyond actors and separators is its *residue*,
which the loader reports instead of guessing.

>>> [(m.actor.id, m.written) for m in scan("Руководилац писарнице ИТ администратор").matches]
[('rukovodilac-pisarnice', 'Руководилац писарнице'), ('it-administrator', 'ИТ администратор')]
>>> scan("Начелник ОУ и ИТ администратори").residue
''
>>> scan("Сви запослени који").residue
'Сви запослени који'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.catalogues import load_conventions
from graph.text.names import fold, fold_with_map, slug


@dataclass(frozen=True)
class ActorSpec:
    """One role or body: ``kind`` is ``post`` or a unit kind (``body``, ``service``...)."""

    id: str
    pattern: str  # regex over folded text
    name: str  # fallback name when the document's own forms are not usable
    kind: str = "post"
    unit: str | None = None  # id of the unit a post sits in
    heads: str | None = None  # id of the unit a post heads
    parent: str | None = None  # id of a unit's parent unit
    supervisor: str | None = None  # id of a post this post answers to (implied: basis derived)
    headcount: int | None = None  # None: the document does not say how many
    attributes: tuple[tuple[str, object], ...] = ()

    @property
    def is_post(self) -> bool:
        return self.kind == "post"


def _spec(d: dict) -> ActorSpec:
    return ActorSpec(d["id"], d["pattern"], d["name"], kind=d.get("kind", "post"), unit=d.get("unit"),
                     heads=d.get("heads"), parent=d.get("parent"), supervisor=d.get("supervisor"),
                     headcount=d.get("headcount"), attributes=tuple((d.get("attributes") or {}).items()))


_DATA = load_conventions("municipal-actors")
# The lexicon of roles and bodies, and the units its heads imply (catalogue data).
LEXICON: tuple[ActorSpec, ...] = tuple(_spec(d) for d in _DATA["actors"])
IMPLIED_UNITS: tuple[ActorSpec, ...] = tuple(_spec(d) for d in _DATA["implied_units"])
# Office words for actors the lexicon does not know: (compiled start pattern, kind, attributes).
GRAMMAR: tuple[tuple[re.Pattern, str, tuple], ...] = tuple(
    (re.compile(rf"(?:{g['words']})"), g["kind"], tuple((g.get("attributes") or {}).items()))
    for g in _DATA["grammar"])
# How long a piece of a cell no rule knows may be and still be kept as an actor as written.
MAX_UNKNOWN_WORDS: int = int(_DATA.get("max_unknown_words", 4))
_BUDGET = re.compile("^(?:" + "|".join(_DATA["budget_sources"]["patterns"]) + ")$")
_DONOR = re.compile(r"[A-Z][A-Za-z]*(?:[ /&+-]+[A-Z][A-Za-z]*)*")


def is_budget_source(cell: str, folded: str) -> bool:
    """A budget-source cell, by the catalogue's patterns or as a donor's/programme's name.

    >>> is_budget_source("ABC/Donor XYZ", "abc/donor xyz"), is_budget_source("Радна група", "radna grupa")
    (True, False)
    """
    if _BUDGET.match(folded):
        return True
    return bool(_DATA["budget_sources"].get("donor_names")) and len(cell) <= 40 \
        and bool(_DONOR.fullmatch(cell.strip(" ,")))


def grammar_spec(written: str) -> ActorSpec | None:
    """An actor the lexicon does not know, by the office word it starts with (None: no such word).

    >>> spec = grammar_spec("Одсек за финансије")
    >>> spec.id, spec.kind, spec.name
    ('odsek-za-finansije', 'section', 'Одсек за финансије')
    >>> grammar_spec("Мистериозни") is None
    True
    """
    folded = fold(written)
    if len(folded.split()) > 8:  # a sentence, not a name
        return None
    for rx, kind, attrs in GRAMMAR:
        if rx.match(folded):
            return ActorSpec(slug(written)[:60] or "actor", r"(?!)", written, kind=kind,
                             headcount=None, attributes=attrs + (("by_grammar", True),))
    return None


def unknown_spec(written: str) -> ActorSpec:
    """An actor named by text no rule knows: kept as written, of kind ``unknown``."""
    return ActorSpec(slug(written)[:60] or "actor", r"(?!)", written, kind="unknown",
                     attributes=(("unknown", True),))


# What may stand between actors in a cell without being lost text.
_SEPARATORS = re.compile(r"^[\s,.;/]*(?:\b(?:и|i)\b[\s,.;/]*)*$")
_EDGES = re.compile(r"^(?:[\s,.;/]|\b(?:и|i)\b)+|(?:[\s,.;/]|\b(?:и|i)\b)+$")


@dataclass(frozen=True)
class Match:
    actor: ActorSpec
    written: str  # the matched text as the document writes it


@dataclass
class Scan:
    matches: list[Match] = field(default_factory=list)
    residue: str = ""  # text that names no known actor (separators removed)
    pieces: list[str] = field(default_factory=list)  # the residue, piece by piece

    @property
    def complete(self) -> bool:
        """Only actors and separators, and at least one actor."""
        return bool(self.matches) and not self.residue


def _compile(specs: tuple[ActorSpec, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?P<g{i}>{s.pattern})" for i, s in enumerate(specs)))


_LEXICON_RE = _compile(LEXICON)
_PIECES = re.compile(r"\s*[,;/]\s*")
# "и" joins two actors only when the next word starts with a capital ("Одсек за X и Служба за Y");
# "Одељење за општу управу и заједничке послове" is one name.
_AND = re.compile(r"\s+(?:и|i)\s+(?=[A-ZА-ЯЂЈЉЊЋЏŠĐČĆŽ])")


def by_grammar(piece: str) -> tuple[list[Match], list[str]]:
    """Split residue at separators; parts that start with an office word are actors, the rest
    is returned as written.

    >>> found, rest = by_grammar("Одсек за финансије, Мистериозни")
    >>> [(m.actor.kind, m.written) for m in found], rest
    ([('section', 'Одсек за финансије')], ['Мистериозни'])
    """
    found, lost = [], []
    parts = [p for chunk in _PIECES.split(piece) for p in _AND.split(chunk)]
    for part in parts:
        part = re.sub(r"^(?:и|i)\s+|\s+(?:и|i)$", "", part.strip(" ."))
        if not part:
            continue
        spec = grammar_spec(part)
        if spec is None:
            lost.append(part)
        else:
            found.append(Match(spec, part))
    return found, lost


def scan(text: str, specs: tuple[ActorSpec, ...] = LEXICON) -> Scan:
    """Find the actors the lexicon names in ``text``, left to right; the rest is the residue
    (which :func:`by_grammar` reads by office words)."""
    text = re.sub(r"\s+", " ", text).strip()
    folded, index = fold_with_map(text)
    regex = _LEXICON_RE if specs is LEXICON else _compile(specs)
    result = Scan()
    lost: list[str] = []
    pos = 0

    def leftover(piece: str) -> None:
        if not _SEPARATORS.match(piece):
            lost.append(_EDGES.sub("", piece))

    for m in regex.finditer(folded):
        spec = specs[int(m.lastgroup[1:])]
        start, end = index[m.start()], index[m.end() - 1] + 1
        leftover(text[index[pos]:start] if pos < len(index) else "")
        result.matches.append(Match(spec, text[start:end]))
        pos = m.end()
    leftover(text[index[pos]:] if pos < len(index) else "")
    result.pieces = [p for p in lost if p]
    result.residue = " ".join(result.pieces)
    return result
