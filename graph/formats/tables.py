"""An org model as tables (one per section) and back: the layout xlsx and csv share.

Every model field has a column named after it (``provenance`` becomes ``document`` and
``line``; dicts and lists are JSON text), so an exported table reads back into the same
model. Columns marked *derived* (a post's line superior, chain, span, a unit's path, a
declared figure's count) are there for people and ignored when read back.

>>> from graph.schema.model import Organisation, OrgFile, Post, Supervision
>>> org = OrgFile(organisation=Organisation(key="d", name="Demo"),
...               posts=[Post(key="d/post/1", name="Director"), Post(key="d/post/2", name="Clerk")],
...               supervision=[Supervision(post="d/post/2", superior="d/post/1")])
>>> t = {t.name: t for t in to_tables(org)}
>>> t["posts"].rows[1][t["posts"].index("chain")]
'Director'
>>> from_tables({n: Sheet(x.header, list(enumerate(x.rows, 2))) for n, x in t.items()}, "d.xlsx") == org
True
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from graph.errors import InputError
from graph.schema.integrity import problems
from graph.schema.model import (Activity, Declared, Holder, Organisation, OrgFile, Post, Provenance, Substitution,
                                Supervision, Title, Unit, Version, Warning)
from graph.text.dates import cell_day

CHAIN_SEP = " → "
PATH_SEP = " / "


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # str, int, num, bool, json, date
    meaning: str
    derived: Callable | None = None  # (ctx, item) -> value, for columns only people read


@dataclass
class Table:
    name: str
    meaning: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def index(self, name: str) -> int:
        return self.header.index(name)


@dataclass
class Sheet:
    """A table as read: its header and ``(row number, values)`` pairs (row 1 is the header)."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]


# ------------------------------------------------------------------ derived values

class Ctx:
    """Indexes the derived columns share."""

    def __init__(self, org: OrgFile):
        self.org = org
        self.posts = {p.key: p for p in org.posts}
        self.units = {u.key: u for u in org.units}
        self.line_superior: dict[str, str] = {}
        self.span: dict[str, int] = {}
        for s in org.supervision:
            if s.kind == "line" and s.post not in self.line_superior:
                self.line_superior[s.post] = s.superior
                self.span[s.superior] = self.span.get(s.superior, 0) + 1
        self.posts_in: dict[str, int] = {}
        self.head: dict[str, str] = {}
        for p in org.posts:
            if p.unit:
                self.posts_in[p.unit] = self.posts_in.get(p.unit, 0) + 1
            if p.heads and p.heads not in self.head:
                self.head[p.heads] = p.key
        self._counts: dict[int, Any] | None = None

    def name(self, key: str | None) -> str | None:
        if key is None:
            return None
        item = self.posts.get(key) or self.units.get(key)
        return item.name if item else None

    def chain(self, key: str) -> str:
        names, seen, cur = [], {key}, self.line_superior.get(key)
        while cur is not None and cur not in seen:
            seen.add(cur)
            names.append(self.name(cur) or cur)
            cur = self.line_superior.get(cur)
        return CHAIN_SEP.join(names)

    def path(self, key: str) -> str:
        names, seen, cur = [], set(), key
        while cur is not None and cur not in seen and cur in self.units:
            seen.add(cur)
            names.append(self.units[cur].name)
            cur = self.units[cur].parent
        return PATH_SEP.join(reversed(names))

    def counted(self, d: Declared) -> int | float | None:
        """What the graph has for a declared figure (the checks' own reading), None when it cannot be told."""
        if self._counts is None:
            from graph.checks.engine import Context
            from graph.checks.rules.declared import count_for

            ctx = Context(self.org)
            self._counts = {id(x): count_for(ctx, x) for x in self.org.declared}
        return self._counts.get(id(d))


def _difference(ctx: Ctx, d: Declared):
    n = ctx.counted(d)
    return None if n is None else d.value - n


# ------------------------------------------------------------------ the layout

DOC = Column("document", "str", "the document this row was read from")
LINE = Column("line", "int", "its line in that document (1-based)")
ARTICLE = Column("article", "str", "the document's article holding that line, where it is divided into articles")
ATTRS = Column("attributes", "json", "further facts the loader kept, as JSON")


def _d(name, type_, meaning, fn):
    return Column(name, type_, meaning, derived=fn)


LAYOUT: dict[str, tuple[str, type[BaseModel], str, list[Column]]] = {
    # sheet: (model section, model class, meaning, columns)
    "organisation": ("organisation", Organisation, "the organisation (one row)", [
        Column("key", "str", "slug of the organisation, e.g. my-body; every other key starts with it by convention"),
        Column("name", "str", "name in the original script"),
        Column("kind", "str", "kind of body, e.g. state body, ministry"),
        Column("parent", "str", "name or key of a parent body"),
        Column("part_of", "str", "key of the organisation this one is part of (a body within a ministry)"),
        Column("reports_to", "str", "key of the organisation this one reports to"),
        Column("independent", "bool", "independent by design: reports to no other organisation"),
        Column("identifiers", "json", "external identifiers, a JSON mapping scheme -> code, e.g. {\"uk-post-ref\": \"X1\"}"),
        Column("snapshot", "date", "date the organisation is described at (YYYY-MM-DD)"),
        DOC, LINE, ARTICLE, ATTRS,
        Column("sources", "json", "documents this was read from, a JSON list"),
        Column("documents", "json", "title, number and date of the documents as they state them, a JSON list"),
    ]),
    "versions": ("versions", Version, "dated versions this structure stands for (a rulebook and its amendments, "
                 "a return's date); none: undated", [
        Column("valid_from", "date", "first day in force (YYYY-MM-DD)"),
        Column("valid_to", "date", "last day in force; empty = until the next version"),
        Column("title", "str", "title of the document that made this version, as written"),
        Column("number", "str", "that document's number, as written"),
        Column("issued", "date", "that document's date (signed or published)"),
        Column("note", "str", "what the document states about this version"),
        DOC, LINE, ARTICLE,
    ]),
    "titles": ("titles", Title, "civil-service titles, position groups and grades", [
        Column("key", "str", "system/code, e.g. rs/savetnik"),
        Column("system", "str", "title system: rs, ge, uk"),
        Column("code", "str", "code within the system"),
        Column("name", "str", "name in the original script"),
        Column("rank", "int", "seniority, 1 the most senior within its system"),
        Column("kind", "str", "title, position_group or grade"),
        Column("junior", "bool", "a junior title (may not head a unit)"),
        ATTRS,
    ]),
    "units": ("units", Unit, "organisational units", [
        Column("key", "str", "unit key, e.g. my-body/1.2"),
        Column("number", "str", "the unit's number in the document"),
        Column("name", "str", "name in the original script"),
        Column("kind", "str", "sector, department, section, group, ... (other when not known)"),
        Column("parent", "str", "key of the unit it is part of; empty = directly in the organisation"),
        Column("independent", "bool", "an intended top: independent by design, its head reports to no post"),
        _d("path", "str", "derived: names from the top unit down to this one", lambda c, u: c.path(u.key)),
        _d("posts", "int", "derived: number of posts directly in the unit", lambda c, u: c.posts_in.get(u.key, 0)),
        _d("head", "str", "derived: key of the post that heads the unit", lambda c, u: c.head.get(u.key)),
        Column("identifiers", "json", "external identifiers, a JSON mapping scheme -> code, e.g. {\"uk-post-ref\": \"X1\"}"),
        DOC, LINE, ARTICLE, ATTRS,
    ]),
    "posts": ("posts", Post, "posts (job positions); who holds them: see holders", [
        Column("key", "str", "post key, e.g. my-body/post/12"),
        Column("number", "str", "the post's number in the document"),
        Column("name", "str", "name in the original script"),
        Column("unit", "str", "key of the unit the post is in; empty = directly in the organisation"),
        _d("unit_name", "str", "derived: name of that unit", lambda c, p: c.name(p.unit)),
        Column("headcount", "num", "number of people on the post; empty = unknown"),
        Column("title", "str", "key of the post's title (see titles)"),
        Column("title_as_written", "str", "the title as the document writes it"),
        Column("heads", "str", "key of the unit this post heads"),
        Column("partial", "bool", "only part of the post's description could be read"),
        Column("declared_only", "bool", "known only from another post's declaration"),
        Column("independent", "bool", "an intended top: reports to no post by design"),
        _d("line_superior", "str", "derived: key of the line superior (see reporting_lines)",
           lambda c, p: c.line_superior.get(p.key)),
        _d("line_superior_name", "str", "derived: name of the line superior",
           lambda c, p: c.name(c.line_superior.get(p.key))),
        _d("chain", "str", "derived: line superiors up to the top, nearest first", lambda c, p: c.chain(p.key)),
        _d("span", "int", "derived: number of posts whose line superior this post is",
           lambda c, p: c.span.get(p.key, 0)),
        Column("description", "str", "the post's description"),
        Column("conditions", "str", "conditions for the post (education, experience)"),
        Column("identifiers", "json", "external identifiers, a JSON mapping scheme -> code, e.g. {\"uk-post-ref\": \"X1\"}"),
        DOC, LINE, ARTICLE, ATTRS,
    ]),
    "holders": ("holders", Holder, "who holds which post, when, at what FTE (names are personal data)", [
        Column("post", "str", "key of the post held"),
        _d("post_name", "str", "derived: its name", lambda c, h: c.name(h.post)),
        Column("name", "str", "the holder's name; empty = not disclosed (or left out of the export)"),
        Column("fte", "num", "full-time equivalents the holder works on the post"),
        Column("valid_from", "date", "first day in office; empty = unknown"),
        Column("valid_to", "date", "last day in office; empty = still in office"),
        Column("reference", "str", "a personnel number or other identifier"),
        DOC, LINE, ARTICLE,
    ]),
    "reporting_lines": ("supervision", Supervision, "who reports to whom", [
        Column("post", "str", "key of the post that reports"),
        _d("post_name", "str", "derived: its name", lambda c, s: c.name(s.post)),
        Column("superior", "str", "key of the post it reports to"),
        _d("superior_name", "str", "derived: its name", lambda c, s: c.name(s.superior)),
        Column("kind", "str", "line, secondary or accountability"),
        Column("joint", "bool", "a line superior shared jointly, of equal standing, with the post's other joint ones"),
        Column("basis", "str", "stated (the document says so) or derived (inferred)"),
        Column("note", "str", "a remark"),
        DOC, LINE, ARTICLE,
    ]),
    "substitutions": ("substitution", Substitution, "who acts for whom when absent", [
        Column("principal", "str", "key of the post that is absent"),
        _d("principal_name", "str", "derived: its name", lambda c, s: c.name(s.principal)),
        Column("substitute", "str", "key of the post that acts for it"),
        _d("substitute_name", "str", "derived: its name", lambda c, s: c.name(s.substitute)),
        Column("substitute_text", "str", "the substitute as written, when no post could be named"),
        Column("order", "int", "1 first, 2 when the first is absent too, ..."),
        Column("basis", "str", "stated or derived"),
        DOC, LINE, ARTICLE,
    ]),
    "declared": ("declared", Declared, "figures the document claims, against what the graph counts", [
        Column("subject", "str", "key of the organisation, unit or post the figure is about"),
        Column("measure", "str", "posts, civil_servants, direct_subordinates, ..."),
        Column("value", "num", "the figure the document declares"),
        _d("counted", "num", "derived: what the graph has (empty when it cannot be told)",
           lambda c, d: c.counted(d)),
        _d("difference", "num", "derived: declared minus counted", _difference),
        Column("title", "str", "key of the title the figure is narrowed to"),
        Column("about", "str", "a post or kind named in the text"),
        Column("label", "str", "the figure as written"),
        DOC, LINE, ARTICLE,
    ]),
    "activities": ("activities", Activity, "a plan's activities, who is responsible and who approves", [
        Column("key", "str", "activity key"),
        Column("number", "str", "its number in the plan"),
        Column("text", "str", "what is to be done"),
        Column("deadline", "str", "deadline as written"),
        Column("budget_source", "str", "source of funding as written"),
        Column("indicator", "str", "indicator as written"),
        Column("responsible", "json", "keys of responsible posts or units, a JSON list"),
        Column("approvers", "json", "keys of approving posts or units, a JSON list"),
        DOC, LINE, ARTICLE,
    ]),
    "warnings": ("warnings", Warning, "what the loader repaired, doubted or could not resolve", [
        Column("code", "str", "warning code"),
        Column("message", "str", "what happened"),
        Column("severity", "str", "error, warning or info"),
        Column("subject", "str", "key of the post or unit concerned"),
        DOC, LINE, ARTICLE,
    ]),
}

FINDINGS = ("findings", "problems the structural checks found (orgraph check)", [
    Column("rule", "str", "rule id (orgraph check --rules)"),
    Column("severity", "str", "error, warning or info"),
    Column("subjects", "str", "keys of the posts or units concerned, separated by ;"),
    Column("message", "str", "what is wrong"),
    Column("rule_source", "str", "where the rule comes from (the decree's or the rulebook's article)"),
    DOC, LINE, ARTICLE,
])

COLUMNS_SHEET = ("columns", "what every column of every sheet means", [
    Column("sheet", "str", "sheet (or CSV file)"),
    Column("column", "str", "column"),
    Column("type", "str", "text, whole number, number, true/false, JSON or date"),
    Column("read_back", "bool", "read by orgraph load (derived columns are not)"),
    Column("meaning", "str", "what it holds"),
])

TYPE_NAMES = {"str": "text", "int": "whole number", "num": "number", "bool": "true/false", "json": "JSON",
              "date": "date"}

# A hand-filled template names a post's line superior on the post's own row.
SUPERIOR = Column("superior", "str", "key of the post's line superior (more lines: reporting_lines)")


# ------------------------------------------------------------------ model -> tables

def _plain(value: Any, type_: str) -> Any:
    if type_ == "json":
        return None if value in ({}, [], None) else json.dumps(value, ensure_ascii=False)
    if type_ == "date" and value is not None:
        return value.isoformat()
    return value


def _value(col: Column, ctx: Ctx, item: BaseModel) -> Any:
    if col.derived:
        return col.derived(ctx, item)
    if col.name in ("document", "line", "article"):
        prov = item.provenance
        return getattr(prov, col.name) if prov is not None else None
    return _plain(getattr(item, col.name), col.type)


def to_tables(org: OrgFile, findings: list | None = None, *, empty: bool = True) -> list[Table]:
    """The org as tables, in sheet order; ``findings`` (from :func:`graph.checks.run_checks`) adds
    a findings table; ``empty=False`` leaves out sections with no rows (but never organisation or posts)."""
    ctx = Ctx(org)
    out: list[Table] = []
    for name, (section, _cls, meaning, columns) in LAYOUT.items():
        items = [org.organisation] if section == "organisation" else getattr(org, section)
        if not items and not empty and name not in ("organisation", "posts"):
            continue
        table = Table(name, meaning, columns)
        for item in items:
            row = [_value(c, ctx, item) for c in columns if c.name not in ("sources", "documents")]
            if section == "organisation":
                row.append(_plain(list(org.sources), "json") or "[]")
                row.append(_plain([d.model_dump(exclude_none=True) for d in org.documents], "json") or "[]")
            table.rows.append(row)
        out.append(table)
    if findings is not None:
        name, meaning, columns = FINDINGS
        table = Table(name, meaning, columns)
        from graph.checks.engine import REGISTRY

        for f in findings:
            where, rule = f.where, REGISTRY.get(f.rule)
            table.rows.append([f.rule, f.severity, "; ".join(f.subjects), f.message,
                               rule.source if rule else None,
                               where.document if where else None, where.line if where else None,
                               where.article if where else None])
        out.append(table)
    out.append(columns_table(out))
    return out


def columns_table(tables: list[Table]) -> Table:
    name, meaning, columns = COLUMNS_SHEET
    table = Table(name, meaning, columns)
    for t in tables:
        for c in t.columns:
            table.rows.append([t.name, c.name, TYPE_NAMES[c.type], c.derived is None and t.name in LAYOUT,
                               c.meaning])
    return table


def template_tables() -> list[Table]:
    """Empty tables for a person to fill in: no derived, provenance or attribute columns, and the
    line superior on the post's row."""
    keep = {"organisation": ["key", "name", "kind", "parent", "snapshot", "part_of", "reports_to", "independent"],
            "units": ["key", "number", "name", "kind", "parent"],
            "posts": ["key", "number", "name", "unit", "headcount", "title_as_written", "heads"],
            "reporting_lines": ["post", "superior", "kind", "basis", "note", "joint"],
            "substitutions": ["principal", "substitute", "substitute_text", "order", "basis"],
            "declared": ["subject", "measure", "value", "about", "label"]}
    out = []
    for name, cols in keep.items():
        _section, _cls, meaning, columns = LAYOUT[name]
        by_name = {c.name: c for c in columns}
        chosen = [by_name[c] for c in cols] + ([SUPERIOR] if name == "posts" else [])
        out.append(Table(name, meaning, chosen))
    out.append(columns_table(out))
    return out


# ------------------------------------------------------------------ tables -> model

class _Cell(Exception):
    def __init__(self, message: str):
        self.message = message


def _is_nullable(annotation: Any) -> bool:
    return type(None) in typing.get_args(annotation) or annotation is type(None) or (
        isinstance(annotation, types.UnionType) and type(None) in annotation.__args__)


def _convert(value: Any, type_: str) -> Any:
    """A cell's value (typed from xlsx, text from csv) as the model wants it; None for an empty cell."""
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if type_ == "str":
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value) if not isinstance(value, str) else value
    if type_ in ("int", "num"):
        if isinstance(value, bool):
            raise _Cell(f"{value!r} is not a number")
        if isinstance(value, str):
            text = value.strip()
            try:
                value = int(text)
            except ValueError:
                try:
                    value = float(text)
                except ValueError:
                    raise _Cell(f"{value!r} is not a number") from None
        if type_ == "int":
            if isinstance(value, float):
                if not value.is_integer():
                    raise _Cell(f"{value!r} is not a whole number")
                value = int(value)
        return value
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1", "да", "da"):
            return True
        if text in ("false", "no", "0", "не", "ne"):
            return False
        raise _Cell(f"{value!r} is not true or false")
    if type_ == "json":
        try:
            return json.loads(value) if isinstance(value, str) else value
        except ValueError as exc:
            raise _Cell(f"not valid JSON ({exc.msg})") from None
    if type_ == "date":
        try:
            return cell_day(value)
        except ValueError:
            raise _Cell(f"{value!r} is not a date (YYYY-MM-DD)") from None
    raise AssertionError(type_)


def _where(name: str, sheet: str, row: int | None = None, column: str | None = None) -> InputError:
    def build(message: str) -> InputError:
        key = f"sheet {sheet}" + (f", row {row}" if row is not None else "") + (
            f", column {column}" if column else "")
        return InputError(message, file=name, key=key)
    return build


def from_tables(sheets: dict[str, Sheet], name: str, shown: str | None = None) -> OrgFile:
    """The org model from tables in orgraph's layout (as :func:`to_tables` writes them or the template
    holds them). ``name`` is the file's name, for messages and for the provenance of rows that have no
    ``document`` column (a filled template): ``name#sheet`` and the row number.

    Every problem raises one :class:`InputError` naming the file (``shown``, default ``name``),
    sheet, row and column.
    """
    prov_name, name = name, shown or name
    if "organisation" not in sheets:
        raise InputError("no organisation sheet: this is not an orgraph workbook (orgraph template -o FILE "
                         "writes one to fill in)", file=name)
    data: dict[str, Any] = {}
    # Where each item came from: (sheet, row, {model field: column}), to name the cell of a problem.
    origin: dict[str, list[tuple[str, int, dict[str, str]]]] = {}
    known = set(LAYOUT) | {FINDINGS[0], COLUMNS_SHEET[0]}
    for sheet in sheets:
        if sheet not in known:
            raise _where(name, sheet)(f"unknown sheet; known: {', '.join(LAYOUT)}")
    for sheet_name, (section, cls, _meaning, columns) in LAYOUT.items():
        sheet = sheets.get(sheet_name)
        if sheet is None:
            continue
        by_name = {c.name: c for c in columns}
        if sheet_name == "posts":
            by_name["superior"] = SUPERIOR
        header = [h.strip() if isinstance(h, str) else h for h in sheet.header]
        for i, h in enumerate(header):
            if h is None or h == "":
                continue
            if h not in by_name:
                raise _where(name, sheet_name, 1, str(h))(
                    f"unknown column; known: {', '.join(by_name)}")
            if h in header[:i]:
                raise _where(name, sheet_name, 1, h)("this column appears twice")
        has_doc = "document" in header
        items, where = [], []
        for row_no, values in sheet.rows:
            cells = {h: v for h, v in zip(header, values) if h}
            if all(v is None or (isinstance(v, str) and not v.strip()) for h, v in cells.items()
                   if by_name[h].derived is None):
                continue  # an empty row
            item: dict[str, Any] = {}
            for h, raw in cells.items():
                col = by_name[h]
                if col.derived is not None or h in ("document", "line", "article"):
                    continue
                try:
                    value = _convert(raw, col.type)
                except _Cell as exc:
                    raise _where(name, sheet_name, row_no, h)(exc.message) from None
                if h in ("sources", "superior", "documents"):
                    item[h] = value
                    continue
                info = cls.model_fields[h]
                if value is None:
                    if has_doc and col.type == "str" and info.is_required():
                        item[h] = ""  # an export wrote an empty text; a hand-filled sheet must say it
                    elif info.default is not None and _is_nullable(info.annotation):
                        item[h] = None  # e.g. headcount: empty means unknown, not the default 1
                    continue
                item[h] = value
            try:
                doc, line = (_convert(cells.get("document"), "str"), _convert(cells.get("line"), "int"))
                article = _convert(cells.get("article"), "str")
            except _Cell as exc:
                raise _where(name, sheet_name, row_no, "line")(exc.message) from None
            if not has_doc:
                doc, line = f"{prov_name}#{sheet_name}", row_no
            if doc is not None and "provenance" in cls.model_fields:
                item["provenance"] = {"document": doc, "line": line, "article": article if has_doc else None}
            items.append(item)
            where.append((sheet_name, row_no, {f: f for f in item}))
        if section == "organisation":
            if len(items) != 1:
                raise _where(name, sheet_name)(f"needs exactly one row (the organisation); it has {len(items)}")
            item = items[0]
            sources = item.pop("sources", "absent")
            data["sources"] = [prov_name] if sources == "absent" else (sources or [])
            documents = item.pop("documents", None)
            if documents:
                data["documents"] = documents
            data["organisation"] = item
            origin["organisation"] = where
        else:
            if sheet_name == "posts":
                lines = []
                keys = {item.get("key") for item in items}
                for item, (s, r, _cols) in zip(items, where):
                    superior = item.pop("superior", None)
                    if superior is not None and superior not in keys:
                        raise _where(name, s, r, "superior")(
                            f"unknown superior {superior!r}: no row of the posts sheet has that key")
                    if superior is not None:
                        lines.append(({"post": item.get("key"), "superior": superior,
                                       **({"provenance": item["provenance"]} if "provenance" in item else {})},
                                      (s, r, {"post": "key", "superior": "superior"})))
                data["_lines"] = lines
            data[section] = items
            origin[section] = where
    # Lines named on the posts' rows come first, then those of the reporting_lines sheet.
    lines = data.pop("_lines", [])
    if lines:
        data["supervision"] = [x for x, _ in lines] + data.get("supervision", [])
        origin["supervision"] = [w for _, w in lines] + origin.get("supervision", [])
    try:
        from graph.loaders.override import owned_keys

        org = OrgFile.model_validate(owned_keys(data))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in {"int", "float", "str"}))
        raise _locate(name, origin, loc, _message(err, len(exc.errors()))) from None
    found = list(problems(org))
    if found:
        loc, message = found[0]
        more = f" (and {len(found) - 1} more problem(s))" if len(found) > 1 else ""
        raise _locate(name, origin, loc, message + more)
    return org


def _message(err: dict, n: int) -> str:
    msg = {"extra_forbidden": "unknown field", "missing": "required value missing"}.get(err["type"], err["msg"])
    return msg + (f" (and {n - 1} more problem(s))" if n > 1 else "")


def _locate(name: str, origin: dict, loc: tuple, message: str) -> InputError:
    section = loc[0] if loc else None
    if section == "organisation":
        sheet, row, cols = origin["organisation"][0]
        field_ = loc[1] if len(loc) > 1 else None
        return _where(name, sheet, row, cols.get(field_, field_))(message)
    if section in origin and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(origin[section]):
        sheet, row, cols = origin[section][loc[1]]
        field_ = loc[2] if len(loc) > 2 else None
        if field_ == "provenance":
            field_ = "document"
        return _where(name, sheet, row, cols.get(field_, field_) if field_ else None)(message)
    sheet = next((s for s, (sec, *_r) in LAYOUT.items() if sec == section), str(section))
    return _where(name, sheet)(message)
