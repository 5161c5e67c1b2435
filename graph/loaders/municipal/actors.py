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

from graph.text.names import fold_with_map


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


_OU = "opstinska-uprava"
_HEAD = "nacelnik-ou"
_STAFF = (("staff_group", True),)  # "all employees who ..." is a set of people, not one post

# Order matters where one pattern starts another: the head of the working
# group before the working group, the head of the administration with its
# qualifiers before the bare "Начелник".
RAZANJ: tuple[ActorSpec, ...] = (
    ActorSpec("skupstina-opstine", r"skupstin[ae] opstine", "Скупштина општине", kind="body"),
    ActorSpec("opstinsko-vece", r"opstinsk[oe] vece", "Општинско веће", kind="body"),
    ActorSpec(_OU, r"opstinsk[ae] uprav[ae]", "Општинска управа", kind="administration"),
    ActorSpec(_HEAD, r"nacelnik(?:a|u|om)? (?:opstinske uprave|ou|gu|uprave)\b|nacelnik\b",
              "Начелник ОУ", unit=_OU, heads=_OU, headcount=1),
    ActorSpec("rukovodilac-radne-grupe", r"rukovodilac radne grupe", "Руководилац Радне групе",
              unit="radna-grupa", heads="radna-grupa", headcount=1),
    ActorSpec("radna-grupa", r"radn(?:a|e|og) (?:grupa|grupe|tima|tim)\b", "Радна група", kind="body"),
    ActorSpec("konsultant", r"konsultant(?:i)? na projektu", "Консултант на пројекту",
              attributes=(("external", True),)),
    ActorSpec("sistem-administratori", r"sistem administratori ou", "Систем администратори ОУ", unit=_OU),
    ActorSpec("it-administrator", r"it administrator(?:i)?\b", "ИТ администратор", unit=_OU),
    ActorSpec("administrator-e-usluga", r"administrator\(i\) elektronskih usluga",
              "Администратор(и) електронских услуга", unit=_OU),
    ActorSpec("administrator-e-uprava", r"administrator e-uprava", "Администратор е-управа", unit=_OU),
    ActorSpec("administrator-e-zup", r"administrator e-zup-a", "Администратор е-ЗУП-а", unit=_OU),
    ActorSpec("administrator-veb-prezentacije", r"administrator veb prezentacije",
              "Администратор веб презентације", unit=_OU),
    ActorSpec("veb-dizajner", r"veb dizajner", "Веб дизајнер", unit=_OU),
    ActorSpec("sluzbenik-ljudski-resursi", r"sluzbenik za upravljanje ljudskim resursima",
              "Службеник за управљање људским ресурсима", unit=_OU),
    ActorSpec("zaposleni-e-zup", r"svi zaposleni koji rade u sistemu e-zup",
              "Сви запослени који раде у систему е-ЗУП", unit=_OU, attributes=_STAFF),
    ActorSpec("zaposleni-elektronske-baze",
              r"svi zaposleni koji rade sa elektronskim bazama podataka(?: \([^)]*\))?",
              "Сви запослени који раде са електронским базама података", unit=_OU, attributes=_STAFF),
    ActorSpec("zaposleni-it-e-uprava", r"svi zaposleni na poslovima it i e-uprava",
              "Сви запослени на пословима ИТ и е-управа", unit=_OU, attributes=_STAFF),
    ActorSpec("rukovodioci-oj", r"rukovodioci (?:nadleznih )?oj\b", "Руководиоци надлежних ОЈ",
              unit=_OU, supervisor=_HEAD),
    ActorSpec("rukovodilac-pisarnice", r"rukovodilac pisarnice", "Руководилац писарнице",
              unit="pisarnica", heads="pisarnica", supervisor=_HEAD, headcount=1),
    ActorSpec("rukovodilac-oj-urbanizam", r"rukovodilac oj za urbanizam", "Руководилац ОЈ за урбанизам",
              unit="oj-urbanizam", heads="oj-urbanizam", supervisor=_HEAD, headcount=1),
    ActorSpec("rukovodilac-oj-drustvene-delatnosti", r"rukovodilac oj za drustvene delatnosti",
              "Руководилац ОЈ за друштвене делатности", unit="oj-drustvene-delatnosti",
              heads="oj-drustvene-delatnosti", supervisor=_HEAD, headcount=1),
    ActorSpec("sluzbenici-pr", r"sluzbenici za pr i komunikacije", "Службеници за ПР и комуникације",
              unit="sluzba-pr"),
    ActorSpec("sluzba-pr", r"sluzba za pr i komunikacije(?: ou)?", "Служба за ПР и комуникације",
              kind="service", parent=_OU),
    ActorSpec("sluzba-ler", r"sluzba za ler", "Служба за ЛЕР", kind="service", parent=_OU),
    ActorSpec("kancelarija-msp", r"kancelarija msp", "Канцеларија МСП", kind="office", parent=_OU),
    ActorSpec("vladina-kancelarija-it", r"vladina kancelarija za it i e-upravu",
              "Владина канцеларија за ИТ и е-управу", kind="external",
              attributes=(("external", True),)),
)

# Units the roles imply but no cell names: a head of a unit implies the unit.
IMPLIED_UNITS: tuple[ActorSpec, ...] = (
    ActorSpec("pisarnica", r"(?!)", "Писарница", kind="unit", parent=_OU),
    ActorSpec("oj-urbanizam", r"(?!)", "ОЈ за урбанизам", kind="unit", parent=_OU),
    ActorSpec("oj-drustvene-delatnosti", r"(?!)", "ОЈ за друштвене делатности", kind="unit", parent=_OU),
)

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

    @property
    def complete(self) -> bool:
        """Only actors and separators, and at least one actor."""
        return bool(self.matches) and not self.residue


def _compile(specs: tuple[ActorSpec, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?P<g{i}>{s.pattern})" for i, s in enumerate(specs)))


_RAZANJ_RE = _compile(RAZANJ)


def scan(text: str, specs: tuple[ActorSpec, ...] = RAZANJ) -> Scan:
    """Find the actors named in ``text``, left to right."""
    text = re.sub(r"\s+", " ", text).strip()
    folded, index = fold_with_map(text)
    regex = _RAZANJ_RE if specs is RAZANJ else _compile(specs)
    result = Scan()
    leftovers: list[str] = []
    pos = 0
    for m in regex.finditer(folded):
        spec = specs[int(m.lastgroup[1:])]
        start, end = index[m.start()], index[m.end() - 1] + 1
        leftovers.append(text[index[pos]:start] if pos < len(index) else "")
        result.matches.append(Match(spec, text[start:end]))
        pos = m.end()
    leftovers.append(text[index[pos]:] if pos < len(index) else "")
    lost = [_EDGES.sub("", piece) for piece in leftovers if not _SEPARATORS.match(piece)]
    result.residue = " ".join(p for p in lost if p)
    return result
