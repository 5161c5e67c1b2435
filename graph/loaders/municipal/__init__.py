"""Municipal documents: a department's quality-management procedure and an action plan.

Two loaders: ``municipal-procedure`` reads a quality-management procedure
that describes one department of a municipal administration (its head, its
executor, its work areas); ``action-plan`` reads a municipality's action plan,
a table of activities each with a responsible person/body and an approving
authority.

>>> sniff_plan(Path("x.txt"), "ОПШТИНА X\\nАкциони план\\nОдговорна особа\\tНадлежни орган за усвајање")
True
>>> sniff_procedure(Path("x.txt"), "ПРАВИЛНИК о унутрашњем уређењу и систематизацији")
False
"""

from __future__ import annotations

import re

from pathlib import Path

from graph.errors import InputError
from graph.loaders.base import Loader
from graph.text.names import fold
from graph.schema.model import OrgFile


def _text_file(path: Path) -> bool:
    return not path.is_dir() and path.suffix.lower() in {".txt", ".text", ""}


def sniff_procedure(path: Path, head: str) -> bool:
    f = fold(head)
    # a unit of a municipality, a city or a city municipality (municipal-procedure.yaml)
    return (_text_file(path) and "sistem menadzmenta kvalitetom" in f
            and re.search(r"\b(?:opstin\w*|grad)\b", f) is not None
            and re.search(r"odeljenj|odsek|sluzb", f) is not None and "pravilnik o unutrasnjem" not in f)


def sniff_plan(path: Path, head: str) -> bool:
    f = fold(head)
    return (_text_file(path) and "akcioni plan" in f and "odgovorna osoba" in f
            and "nadlezni organ" in f and "opstin" in f)


def _read(path: Path) -> None:
    if not path.is_file():
        raise InputError("expected a text file", file=str(path))


def load_procedure(path: Path, **options) -> list[OrgFile]:
    from graph.loaders.municipal.procedure import load

    _read(path)
    return [load(path)]


def load_plan(path: Path, **_options) -> list[OrgFile]:
    from graph.loaders.municipal.plan_org import load

    _read(path)
    return [load(path)]


LOADERS = [
    Loader("municipal-procedure", "a municipal department's quality-management procedure (Serbian)",
           sniff_procedure, load_procedure),
    Loader("action-plan", "a municipal action plan: activities with responsible and approving bodies (Serbian)",
           sniff_plan, load_plan),
]
