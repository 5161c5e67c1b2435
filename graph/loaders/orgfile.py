"""Org files (YAML or JSON): the interchange format, read with line numbers.

JSON is read by the YAML parser too (YAML 1.1 is a superset for our purposes),
so both get the same error messages: file, line, key.
"""

from __future__ import annotations

import gc
import json
import re
from pathlib import Path
from typing import Any

import pydantic_core
import yaml
from pydantic import ValidationError

from graph.errors import InputError
from graph.loaders import guard
from graph.loaders.base import Loader
from graph.schema import limits
from graph.schema.integrity import problems
from graph.schema.model import OrgFile, validate

SUFFIXES = {".yaml", ".yml", ".json"}
_JSON_START = re.compile(r"[ \t\r\n]*\{")


def _node_at(node: yaml.Node | None, loc: tuple) -> yaml.Node | None:
    """The deepest YAML node along ``loc`` (keys and list indexes)."""
    best = node
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == str(part):
                    nxt = v
                    break
            if nxt is None:
                return best
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return best
        best = node
    return best


def _line(root: yaml.Node | None, loc: tuple) -> int | None:
    node = _node_at(root, loc)
    return node.start_mark.line + 1 if node is not None else None


def _loc_text(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# libyaml when PyYAML has it (ten times faster on large files), with the guard's limits.
_Loader = guard.SafeLoader


def _decode(text: str | bytes, name: str) -> str:
    return text if isinstance(text, str) else guard.decode(text, name)


def _parse(data: str | bytes, name: str) -> Any:
    """Plain data from JSON or YAML text. JSON takes the fast path; YAML (and JSON
    the JSON parser rejects) goes through the YAML parser, which names the line.
    Both are screened first (guard): strict UTF-8, bounded nesting and aliases, no
    key twice in a mapping."""
    text = _decode(data, name)
    if _JSON_START.match(text):
        guard.check_json_keys(text, name)
        if isinstance(data, bytes):
            del text  # bytes need no decoded copy (a str of Cyrillic takes two bytes a character)
        try:
            # pydantic's JSON parser shares repeated short strings (keys, unit references).
            return pydantic_core.from_json(data, cache_strings=True)
        except ValueError:
            text = _decode(data, name)  # let the YAML parser say where
    guard.check_yaml(text, name)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise guard.yaml_error(exc, text, name) from None


def parse_text(text: str | bytes, name: str) -> OrgFile:
    """Parse and validate an org file's text holding one organisation; raise InputError naming line and key.

    The node tree that maps a key path to a line is built only when there is an
    error to report, so a good file costs one parse.
    """
    orgs = parse_all(text, name)
    if len(orgs) != 1:
        raise InputError(f"the file holds {len(orgs)} organisations, where one is expected", file=name, line=1)
    return orgs[0]


def parse_all(text: str | bytes, name: str) -> list[OrgFile]:
    """Every organisation an org file's text holds: one (``organisation:`` at the top), or several
    under ``organisations:`` (a list of whole org file bodies; see :class:`graph.schema.model.OrgFiles`).
    A bare list of org file bodies is read the same way.

    >>> [o.organisation.key for o in parse_all('organisations: [{organisation: {key: m, name: M}}, '
    ...                                        '{organisation: {key: a, name: A, part_of: m}}]', "x.yaml")]
    ['m', 'a']
    >>> [o.organisation.key for o in parse_all('[{organisation: {key: m, name: M}}]', "x.json")]
    ['m']
    """
    data = _parse(text, name)
    if isinstance(data, list):
        return _several(data, {}, (), text, name)
    if not isinstance(data, dict):
        raise InputError("an org file must be a mapping with an 'organisation' key (or an 'organisations' list)",
                         file=name, line=1)
    if "organisations" not in data or "organisation" in data:
        return [_validated(data, text, name, ())]
    extra = [k for k in data if k not in ("organisations", "format_version")]
    if extra:
        # Units, posts and the rest belong to one organisation: inside its item of the list.
        _fail(text, name, (extra[0],), "unknown field beside 'organisations' (each organisation's units, "
                                       "posts, ... go inside its own item)")
    return _several(data["organisations"], data, ("organisations",), text, name)


def _several(items: Any, top: dict, at: tuple, text: str | bytes, name: str) -> list[OrgFile]:
    """The organisations of a list of org file bodies found at ``at`` in the file."""
    if not isinstance(items, list) or not items:
        _fail(text, name, at, "the organisations must be a list of at least one organisation")
    out: list[OrgFile] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            _fail(text, name, (*at, i), "each organisation of the list is an org file body: a mapping "
                                        "with an 'organisation' key")
        if "format_version" not in item and "format_version" in top:
            item = {**item, "format_version": top["format_version"]}
        org = _validated(item, text, name, (*at, i))
        key = org.organisation.key
        if key in seen:
            _fail(text, name, (*at, i, "organisation", "key"),
                  f"organisation {key!r} is in the file twice (the first is {_loc_text((*at, seen[key]))})")
        seen[key] = i
        out.append(org)
    return out


def _fail(text: str | bytes, name: str, loc: tuple, message: str):
    root = yaml.compose(_decode(text, name), Loader=_Loader)
    raise InputError(message, file=name, line=_line(root, loc), key=_loc_text(loc))


def _validated(data: Any, text: str | bytes, name: str, prefix: tuple) -> OrgFile:
    """One organisation's body as a model; ``prefix`` is where it sits in the file (for the line)."""
    try:
        org = validate(data)
    except ValidationError as exc:
        root = yaml.compose(_decode(text, name), Loader=_Loader)
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        # Unions report the branch tried (e.g. 'int'); drop it from the key path.
        loc = prefix + tuple(p for p in loc if not (isinstance(p, str) and p in {"int", "float", "str"}))
        msg = {"extra_forbidden": "unknown field", "missing": "required field missing"}.get(
            err["type"], err["msg"])
        if err["type"] == "string_type" and not isinstance(err.get("input"), (dict, list)):
            # YAML reads 2020-01-01, 12 or yes as a date, number or boolean: say how to keep it text.
            msg = f"expected text, found {_what(err.get('input'))}; put the value in quotes"
        elif err["type"] == "value_error":
            msg = msg.removeprefix("Value error, ")
        more = f" (and {len(exc.errors()) - 1} more problem(s))" if len(exc.errors()) > 1 else ""
        if err["type"] == "missing":
            line = _line(root, loc[:-1])
        else:
            line = _line(root, loc)
        raise InputError(msg + more, file=name, line=line, key=_loc_text(loc)) from None
    found = list(problems(org)) or list(limits.problems(org))
    if found:
        loc, message = found[0]
        more = f" (and {len(found) - 1} more problem(s))" if len(found) > 1 else ""
        _fail(text, name, prefix + tuple(loc), message + more)
    return org


def _what(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    return "null" if value is None else type(value).__name__


def read(path: str | Path) -> OrgFile:
    """The one organisation of an org file (InputError when it holds several: :func:`read_all`)."""
    orgs = read_all(path)
    if len(orgs) != 1:
        raise InputError(f"the file holds {len(orgs)} organisations, where one is expected", file=str(path), line=1)
    return orgs[0]


def read_all(path: str | Path) -> list[OrgFile]:
    """Every organisation of an org file (one, or several under ``organisations``)."""
    path = Path(path)
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc}", file=str(path)) from None
    # A big org file is millions of acyclic objects: the cyclic collector only slows their birth.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return parse_all(text, str(path))
    finally:
        if enabled:
            gc.enable()


def write(org: OrgFile, path: str | Path, *, descriptions: bool = True) -> None:
    """Write an org file; ``.json`` as JSON, anything else as YAML. Deterministic."""
    path = Path(path)
    data = org.dump(descriptions=descriptions)
    if path.suffix == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def _sniff(path: Path, head: str) -> bool:
    if path.suffix.lower() not in SUFFIXES:
        return False
    return "organisation" in head


def _load(path: Path, **_options) -> list[OrgFile]:
    return read_all(path)


LOADER = Loader("orgfile", "org file (YAML or JSON) in orgraph's own format", _sniff, _load)
