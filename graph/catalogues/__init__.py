"""Title catalogues and rule sets kept as data under ``graph/catalogues/``.

``titles-<system>.yaml`` holds ``titles:``, a list of :class:`Title` records
(``rs`` Serbian titles and position groups, ``ge`` Georgian rank-category
codes, ``uk`` grades). ``rules-<system>.yaml`` holds the rules that checks
read (for ``rs``: the decree's Art. 18 head rules and Art. 38 quotas with the
exempt bodies). Facts carry the article they come from.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError
from graph.schema.model import Title

CATALOGUE_DIR = Path(__file__).resolve().parent


def _read(name: str) -> Any:
    path = CATALOGUE_DIR / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("catalogue file missing", file=str(path)) from None


@lru_cache(maxsize=None)
def load_titles(system: str) -> tuple[Title, ...]:
    """The titles of one system, most senior first."""
    data = _read(f"titles-{system}.yaml")
    titles = [Title.model_validate(t) for t in data["titles"]]
    return tuple(sorted(titles, key=lambda t: t.rank))


@lru_cache(maxsize=None)
def load_rules(system: str) -> dict[str, Any]:
    """The rule set of one system as plain data."""
    return _read(f"rules-{system}.yaml")


def rules_if_present(system: str) -> dict[str, Any] | None:
    """The rule set of one system, or None when its catalogue file is not there (checks then skip)."""
    try:
        return load_rules(system) or {}
    except InputError:
        return None


@lru_cache(maxsize=None)
def load_conventions(name: str) -> dict[str, Any]:
    """The conventions of one document type (``<name>.yaml``), as plain data (docs/conventions.md)."""
    return _read(f"{name}.yaml")
