"""Limits on what a model may hold, checked before anything is written.

Neo4j refuses a property too large for its index ("Property value is too large to
index") only at write, with no file or line; a headcount of 1e23 overflows there;
NaN makes ``--json`` print bare ``NaN``; control characters break every chart.
So the model is checked here, in the dry run, and each problem comes back like
:func:`graph.schema.integrity.problems` does, as ``(location, message)``, so the
org file reader names the line and other loaders the document line the item came
from.

Decisions (the issue left them open):

- short text (keys, names, numbers, references: anything indexed or shown in one
  line) at most :data:`SHORT_BYTES` UTF-8 bytes, its folded search form too (the
  range index takes ~8 KB; Georgian is 3 bytes a character); long text
  (descriptions, notes, messages) at most :data:`LONG_CHARS` characters;
- control characters are refused, not escaped: a name is data a person typed or a
  loader read, and a BEL or ESC in it is a conversion error to fix at the source;
  escaping would store a different name than the document's. Tab, newline and
  carriage return are allowed in long text only;
- headcounts finite, 0 to :data:`MAX_HEADCOUNT`; declared figures finite, 0 to
  :data:`MAX_DECLARED`; other integers (ranks, orders, lines) within
  ±:data:`MAX_INT`;
- attributes: plain JSON values (text, numbers, booleans, null, lists, mappings
  with text keys), nested at most :data:`ATTR_DEPTH` deep, at most
  :data:`ATTR_NODES` values per item, numbers finite and 64-bit.

>>> from graph.schema.model import OrgFile, Organisation, Post
>>> org = OrgFile(organisation=Organisation(key="x", name="X"),
...               posts=[Post(key="x/post/1", name="A", headcount=-2)])
>>> list(problems(org))
[(('posts', 0, 'headcount'), 'headcount must be a finite number from 0 to 1,000,000 (found -2)')]
"""

from __future__ import annotations

import math
import re
import types
import typing
from typing import Any, Iterator

from pydantic import BaseModel

from graph.schema.model import OrgFile, Provenance

SHORT_BYTES = 4_000
LONG_CHARS = 100_000
MAX_HEADCOUNT = 1_000_000
MAX_DECLARED = 100_000_000
MAX_INT = 1_000_000_000_000
ATTR_DEPTH = 10
ATTR_NODES = 10_000
_INT64 = 2 ** 63 - 1

#: Text fields that may be long and hold line breaks; every other text field is short.
LONG_FIELDS = {"description", "conditions", "text", "note", "message", "substitute_text", "label",
               "indicator", "budget_source"}

# C0 controls, DEL, C1 controls, lone surrogates (cannot be written as UTF-8) and the
# non-characters U+FFFE/U+FFFF. Long text keeps tab, newline and carriage return.
_BAD_SHORT = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BAD_LONG = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Characters whose folded (NFKD) form may be longer than they are: outside Latin,
# Cyrillic, Georgian and general punctuation.
_EXPANDS = re.compile(r"[^\x00-\u024f\u0400-\u052f\u10a0-\u10ff\u1c90-\u1cbf\u2000-\u206f]")

Location = tuple


def problems(org: OrgFile) -> Iterator[tuple[Location, str]]:
    """Yield every limit a model breaks, with its location in the org file."""
    yield from _items(("organisation",), [org.organisation], single=True)
    if "[" in org.organisation.key or "]" in org.organisation.key:
        # The key is a slug; progress lines of big loads show it through rich, which would read
        # brackets as markup.
        yield ("organisation", "key"), "the organisation key may not hold [ or ] (it is a slug, e.g. my-body)"
    yield from _texts(("sources",), org.sources, long=False)
    for section in ("titles", "units", "posts", "supervision", "substitution", "declared", "activities",
                    "warnings"):
        items = getattr(org, section)
        if items:
            yield from _items((section,), items)
    if not -_INT64 <= org.format_version <= _INT64:
        yield ("format_version",), "format_version is out of range"


def first(org: OrgFile) -> tuple[Location, str] | None:
    return next(problems(org), None)


# ------------------------------------------------------------------ per class

def _kinds(cls: type[BaseModel]) -> dict[str, str]:
    """Field name -> 'text', 'texts', 'int', 'number', 'attributes' or 'model'."""
    out = {}
    for name, field in cls.model_fields.items():
        ann = field.annotation
        args = set(typing.get_args(ann)) if typing.get_origin(ann) in (typing.Union, types.UnionType) else {ann}
        args.discard(type(None))
        if args == {str}:
            out[name] = "text"
        elif typing.get_origin(ann) is list and typing.get_args(ann) == (str,):
            out[name] = "texts"
        elif args <= {int, float} and float in args:
            out[name] = "number"
        elif args == {int}:
            out[name] = "int"
        elif name == "identifiers":
            out[name] = "identifiers"
        elif typing.get_origin(ann) is dict:
            out[name] = "attributes"
        elif args == {Provenance}:
            out[name] = "provenance"
    return out


_KINDS: dict[type, dict[str, str]] = {}


def _items(prefix: tuple, items: list, single: bool = False) -> Iterator[tuple[Location, str]]:
    cls = type(items[0])
    kinds = _KINDS.get(cls) or _KINDS.setdefault(cls, _kinds(cls))
    # Field values straight from each instance's __dict__: a million posts are ~15M look-ups.
    dicts = [o.__dict__ for o in items]

    def loc(i: int, *rest) -> tuple:
        return (*prefix, *(() if single else (i,)), *rest)

    for name, kind in kinds.items():
        if kind == "text":
            for i, message in _bad_texts([d[name] for d in dicts], name in LONG_FIELDS, name):
                yield loc(i, name), message
        elif kind == "texts":
            for i, d in enumerate(dicts):
                if d[name]:
                    for j, message in _bad_texts(d[name], False, name):
                        yield loc(i, name, j), message
        elif kind in ("number", "int"):
            top = {"headcount": MAX_HEADCOUNT, "value": MAX_DECLARED}.get(name)
            low, high = (0, top) if top is not None else (-MAX_INT, MAX_INT)
            for i, d in enumerate(dicts):
                v = d[name]
                if v is not None and not low <= v <= high:  # also NaN and the infinities
                    if top is not None:
                        yield loc(i, name), f"{name} must be a finite number from 0 to {top:,} (found {v!r})"
                    else:
                        yield loc(i, name), f"{name} is out of range (found {v!r}; at most {MAX_INT:,})"
        elif kind == "attributes":
            for i, d in enumerate(dicts):
                if d[name]:
                    found = _bad_value(d[name], (), 0, [0])
                    if found:
                        path, message = found
                        yield loc(i, name, *path), message
        elif kind == "identifiers":
            # Short text both: a code is looked up (scheme:code) and shown in one line.
            for i, d in enumerate(dicts):
                for scheme, code in (d[name] or {}).items():
                    message = text_problem(scheme, False, "identifier scheme") or text_problem(
                        code, False, "identifier code")
                    if message:
                        yield loc(i, name, scheme), message
        elif kind == "provenance":
            provs = [d[name] for d in dicts]
            for i, message in _bad_texts([p.document if p is not None else None for p in provs], False,
                                         "document"):
                yield loc(i, name, "document"), message
            for i, p in enumerate(provs):
                if p is not None and p.line is not None and not 0 <= p.line <= MAX_INT:
                    yield loc(i, name, "line"), f"line is out of range (found {p.line!r})"


def _texts(loc: tuple, values: list, long: bool) -> Iterator[tuple[Location, str]]:
    for i, message in _bad_texts(values, long, loc[-1]):
        yield (*loc, i), message


def _bad_texts(values: list, long: bool, name: str) -> Iterator[tuple[int, str]]:
    """(index, message) for each value breaking the text limits; fast when none does."""
    present = [v for v in values if v is not None]
    if not present:
        return
    bad = _BAD_LONG if long else _BAD_SHORT
    joined = "".join(present)
    suspect_chars = bad.search(joined) is not None
    longest = max(map(len, present))
    suspect_size = longest > (LONG_CHARS if long else SHORT_BYTES // 4)
    suspect_fold = not long and _EXPANDS.search(joined) is not None
    if not (suspect_chars or suspect_size or suspect_fold):
        return
    for i, v in enumerate(values):
        if v is None:
            continue
        message = text_problem(v, long, name)
        if message:
            yield i, message


def text_problem(value: str, long: bool, name: str = "text") -> str | None:
    """Why ``value`` may not be stored, or None.

    >>> text_problem("Шеф\\x07", long=False, name="name")
    'the name has a control character (U+0007) at character 4; remove it'
    """
    m = (_BAD_LONG if long else _BAD_SHORT).search(value)
    if m:
        ch = m.group()
        what = "an unpaired surrogate" if "\ud800" <= ch <= "\udfff" else (
            "a non-character" if ch in "\ufffe\uffff" else "a control character")
        return f"the {name} has {what} (U+{ord(ch):04X}) at character {m.start() + 1}; remove it"
    if long:
        if len(value) > LONG_CHARS:
            return f"the {name} is {len(value):,} characters long (at most {LONG_CHARS:,})"
        return None
    size = len(value.encode("utf-8"))
    if size > SHORT_BYTES:
        return f"the {name} is {size:,} bytes long in UTF-8 (at most {SHORT_BYTES:,})"
    if _EXPANDS.search(value):
        from graph.text.names import fold  # only for the rare exotic name

        folded = len(fold(value).encode("utf-8"))
        if folded > SHORT_BYTES:
            return (f"the {name}'s search form is {folded:,} bytes long in UTF-8 (at most {SHORT_BYTES:,}); "
                    "it has characters that expand when folded")
    return None


def _bad_value(value: Any, path: tuple, depth: int, count: list) -> tuple[tuple, str] | None:
    """The first problem in an attribute value, as (path below the attributes, message)."""
    count[0] += 1
    if count[0] > ATTR_NODES:
        return path, f"attributes hold more than {ATTR_NODES:,} values"
    if isinstance(value, str):
        message = text_problem(value, True, "attribute")
        return (path, message) if message else None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if -_INT64 <= value <= _INT64 else (path, f"the number {value} does not fit in 64 bits")
    if isinstance(value, float):
        return None if math.isfinite(value) else (path, f"attributes hold {value!r}, which is not a finite number")
    if isinstance(value, (dict, list)):
        if depth >= ATTR_DEPTH:
            return path, f"attributes are nested more than {ATTR_DEPTH} levels deep"
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        for k, v in pairs:
            if isinstance(value, dict):
                if not isinstance(k, str):
                    return (*path, k), f"attribute names must be text (found {type(k).__name__} {k!r})"
                message = text_problem(k, False, "attribute name")
                if message:
                    return (*path, k), message
            found = _bad_value(v, (*path, k), depth + 1, count)
            if found:
                return found
        return None
    return path, f"attributes may hold text, numbers, true/false, lists and mappings (found {type(value).__name__})"
