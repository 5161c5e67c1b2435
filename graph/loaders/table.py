"""Any parent-child table (CSV, XLSX or JSON) of units, posts or organisations, with a column mapping.

Most people hold an org structure as a table (CSV, XLSX, or JSON: a list of objects) of
(id, name, parent id, kind, ...). A table of organisations (``--organisations``) makes one
organisation a row, ``parent`` the one it is part of (and ``reports_to``, ``independent``).
The mapping names the columns: ``id`` and ``name`` are needed, ``parent``, ``kind``, ``number``,
``independent`` (units: yes/true/1/x marks an intended top) and for posts ``unit`` and
``headcount`` are optional. Given on the command line
(``id=Code,name=Name,parent=Parent``) or as a small YAML file::

    organisation: {key: nyc, name: City of New York}
    units: {id: Code, name: Name, parent: Parent Code, kind: Type}

Units become ``<org>/<id>``, posts ``<org>/post/<id>``; nothing is invented (no heads, no
posts for units). A parent id that is not in the table, a repeated id, or a blank id or name is
refused with the file and row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError
from graph.loaders.holders import table_rows
from graph.schema.model import Organisation, OrgFile, Post, Provenance, Supervision, Unit

FIELDS = {"units": ("id", "name", "parent", "kind", "number", "independent"),
          "posts": ("id", "name", "parent", "unit", "number", "headcount"),
          "organisations": ("id", "name", "parent", "reports_to", "kind", "independent")}


def parse_mapping(text: str) -> dict[str, str]:
    """``id=Code,name=Name`` -> ``{"id": "Code", "name": "Name"}``.

    >>> parse_mapping("id=Code, name=Unit name,parent=Parent")
    {'id': 'Code', 'name': 'Unit name', 'parent': 'Parent'}
    """
    out = {}
    for part in text.split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise InputError(f"mapping {part.strip()!r} is not FIELD=COLUMN")
        field, column = part.split("=", 1)
        out[field.strip()] = column.strip()
    return out


def read_mapping(path: str | Path) -> dict[str, Any]:
    """A mapping file: ``organisation`` and ``units``, ``posts`` or ``organisations`` (field -> column)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the mapping ({type(exc).__name__})", file=str(path)) from None
    if not isinstance(data, dict) or not ({"units", "posts", "organisations"} & data.keys()):
        raise InputError("a mapping needs a units:, posts: or organisations: section (field: column)", file=str(path))
    return data


def load_table(path: str | Path, mapping: dict[str, str], org_key: str, org_name: str | None = None,
               what: str = "units") -> OrgFile:
    """The organisation ``org_key`` from the table at ``path``, its rows read as ``what`` (units or posts)."""
    path = Path(path)
    if what not in ("units", "posts"):
        raise InputError(f"a table of one organisation holds units or posts, not {what!r}")
    return _one(path, _items(path, mapping, what), org_key, org_name, what)


def load_org_table(path: str | Path, mapping: dict[str, str]) -> list[OrgFile]:
    """Organisations, one a row: ``parent`` is the one it is part of, ``reports_to`` one it reports
    to, ``independent`` marks a body independent by design; each without units or posts.

    The ids become the organisations' keys (a government, its ministries, their agencies)."""
    path = Path(path)
    items = _items(path, mapping, "organisations")
    ids = {it["id"] for it in items}
    for it in items:
        other = it.get("reports_to")
        if other and other not in ids:
            raise InputError(f"reports_to {other!r} is no id in the table", file=str(path), line=it["line"])
    return [OrgFile(organisation=Organisation(
        key=it["id"], name=it["name"], kind=it.get("kind"), part_of=it.get("parent"),
        reports_to=it.get("reports_to"), independent=_yes(it.get("independent")),
        provenance=Provenance(document=path.name, line=it["line"])), sources=[path.name]) for it in items]


def _items(path: Path, mapping: dict[str, str], what: str) -> list[dict[str, Any]]:
    """The table's rows as dicts of the mapped fields (plus ``line``), ids unique, parents in the table."""
    if what not in FIELDS:
        raise InputError(f"a table holds units, posts or organisations, not {what!r}")
    unknown = set(mapping) - set(FIELDS[what])
    if unknown:
        raise InputError(f"unknown mapping field(s) {', '.join(sorted(unknown))}; known for {what}: "
                         f"{', '.join(FIELDS[what])}")
    for need in ("id", "name"):
        if need not in mapping:
            raise InputError(f"the mapping needs {need}=COLUMN")
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    rows = table_rows(path)
    head = next(rows, None)
    if head is None:
        raise InputError("the table is empty", file=str(path))
    header = [str(h or "").strip() for h in head[1]]
    cols = {}
    for field, column in mapping.items():
        if column not in header:
            raise InputError(f"no column {column!r} (for {field}); the columns are: {', '.join(header)}",
                             file=str(path), line=1)
        cols[field] = header.index(column)
    items: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        if not any(v not in (None, "") for v in row):
            continue
        cell = lambda f: _text(row[cols[f]]) if f in cols and cols[f] < len(row) else None  # noqa: E731
        ident, name = cell("id"), cell("name")
        if not ident or not name:
            raise InputError(f"the {'id' if not ident else 'name'} is blank", file=str(path), line=line)
        if ident in seen:
            raise InputError(f"id {ident!r} is also on row {seen[ident]}", file=str(path), line=line)
        seen[ident] = line
        items.append({"id": ident, "name": name, "line": line, **{f: cell(f) for f in cols if f not in ("id", "name")}})
    for it in items:
        parent = it.get("parent")
        if parent and parent not in seen:
            raise InputError(f"parent {parent!r} is no id in the table", file=str(path), line=it["line"])
        if parent == it["id"]:
            raise InputError(f"{it['id']!r} is its own parent", file=str(path), line=it["line"])
    return items


def _one(path: Path, items: list[dict[str, Any]], org_key: str, org_name: str | None, what: str) -> OrgFile:
    doc = path.name
    org = Organisation(key=org_key, name=org_name or org_key, provenance=Provenance(document=doc, line=None))
    prov = lambda it: Provenance(document=doc, line=it["line"])  # noqa: E731
    if what == "units":
        units = [Unit(key=f"{org_key}/{it['id']}", number=it.get("number") or it["id"], name=it["name"],
                      kind=it.get("kind") or "other", independent=_yes(it.get("independent")),
                      parent=f"{org_key}/{it['parent']}" if it.get("parent") else None, provenance=prov(it))
                 for it in items]
        return OrgFile(organisation=org, sources=[doc], units=units)
    units = sorted({it["unit"] for it in items if it.get("unit")})
    posts = [Post(key=f"{org_key}/post/{it['id']}", number=it.get("number") or it["id"], name=it["name"],
                  unit=f"{org_key}/{it['unit']}" if it.get("unit") else None,
                  headcount=_headcount(it, path), provenance=prov(it)) for it in items]
    sup = [Supervision(post=f"{org_key}/post/{it['id']}", superior=f"{org_key}/post/{it['parent']}",
                       provenance=prov(it)) for it in items if it.get("parent")]
    return OrgFile(organisation=org, sources=[doc], units=[Unit(key=f"{org_key}/{u}", name=u) for u in units],
                   posts=posts, supervision=sup)


def _yes(text: str | None) -> bool:
    """A mark column: yes, true, 1, x (any case) mark the row; anything else does not."""
    return (text or "").strip().lower() in ("yes", "y", "true", "1", "x")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number used as an id
    text = str(value).strip()
    return text or None


def _headcount(it: dict, path: Path) -> int | float:
    text = it.get("headcount")
    if not text:
        return 1
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"headcount {text!r} is not a number", file=str(path), line=it["line"]) from None
    return int(value) if value.is_integer() else value
