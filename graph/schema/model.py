"""The org model: one pydantic model, validated at the edge.

Every loader produces an :class:`OrgFile`; the writer stores it in Neo4j; the
exporter reads it back. An org file on disk (YAML or JSON) is this model
serialised, so a person can write one by hand.

Keys are stable and readable: the organisation's slug, then the unit number
(``kite/1.1.2``) or ``post/`` and the post number (``kite/post/71a``).

>>> org = OrgFile(organisation=Organisation(key="demo", name="Demo"),
...               posts=[Post(key="demo/post/1", name="Director")])
>>> org.posts[0].headcount
1
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, WithJsonSchema

FORMAT_VERSION = 1

SupervisionKind = Literal["line", "secondary", "accountability"]
Basis = Literal["stated", "derived"]
Severity = Literal["error", "warning", "info"]


class _Strict(BaseModel):
    # Unknown fields are an error in a hand-written file: a typo must not vanish.
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Provenance(_Strict):
    """Where a fact came from: the document (file name), its line (1-based) and, where the
    document is divided into articles, the article that holds the line."""

    document: str
    line: int | None = None
    article: str | None = Field(default=None, description="the document's article (or section) holding the line, "
                                                          "as numbered there, e.g. 28")


class SourceDocument(_Strict):
    """A document an organisation was read from, identified as it identifies itself."""

    document: str = Field(description="file name, as in provenance")
    title: str | None = Field(default=None, description="the document's title as written")
    number: str | None = Field(default=None, description="its reference number as written, e.g. 110-00-1/2019-01")
    date: str | None = Field(default=None, description="its date as written, e.g. 11. фебруар 2019. године")
    provenance: Provenance | None = None


class Warning(_Strict):  # noqa: A001 - the model's own vocabulary
    """Something a loader repaired, doubted or could not resolve."""

    code: str
    message: str
    severity: Severity = "warning"
    subject: str | None = Field(default=None, description="key of the post/unit concerned")
    provenance: Provenance | None = None


class Title(_Strict):
    """A civil-service title, position group or grade, with its seniority.

    ``rank`` 1 is the most senior within its ``system`` (``rs``, ``ge``, ``uk``).
    Position groups rank above every title: their ranks are lower numbers.
    """

    key: str = Field(description="system/code, e.g. rs/savetnik")
    system: str
    code: str
    name: str = Field(description="name in the original script")
    rank: int
    kind: Literal["title", "position_group", "grade"] = "title"
    junior: bool = Field(default=False, description="a junior title (may not head a unit)")
    attributes: dict[str, Any] = Field(default_factory=dict)


def _scheme(value: str) -> str:
    if not value or any(c.isspace() or c == ":" for c in value):
        raise ValueError(f"an identifier's scheme is one word without spaces or ':' (e.g. uk-post-ref), "
                         f"not {value!r}")
    return value


def _code(value: str) -> str:
    if not value.strip():
        raise ValueError("an identifier's code may not be empty")
    return value


#: An identifier's scheme: one word, no spaces, no ':' (``scheme:code`` is how a reference names it).
Scheme = Annotated[str, AfterValidator(_scheme),
                   WithJsonSchema({"type": "string", "minLength": 1, "pattern": "^[^\\s:]+$"})]
Code = Annotated[str, AfterValidator(_code), WithJsonSchema({"type": "string", "minLength": 1, "pattern": "\\S"})]


def _identifiers() -> Any:
    # additionalProperties: a scheme that is not one word (the pattern of the keys) is refused.
    return Field(default_factory=dict, description="external identifiers, scheme -> code (a register's number, "
                 "a return's unique reference, a position code); `scheme:code` names the item in every command",
                 json_schema_extra={"additionalProperties": False})


class Organisation(_Strict):
    key: str = Field(description="slug, e.g. my-body; a snapshot may add @YYYY-MM-DD")
    name: str
    kind: str | None = None
    parent: str | None = Field(default=None, description="name or key of a parent body, as written (free text)")
    part_of: str | None = Field(default=None, description="key of the organisation this one is part of "
                                                          "(W3C ORG subOrganizationOf: a body within a ministry)")
    reports_to: str | None = Field(default=None, description="key of the organisation this one reports to "
                                                             "(an agency to its ministry) without being part of it")
    independent: bool = Field(default=False, description="independent by design: reports to no other "
                                                         "organisation (an audit office, an ombudsman)")
    identifiers: dict[Scheme, Code] = _identifiers()
    snapshot: date | None = None
    provenance: Provenance | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)


class Version(_Strict):
    """A dated version of an organisation: from when (to when) a structure is in force, and the
    document that made it (a rulebook, an amendment, a return). An org file may list several:
    a consolidated text lists its amendments, each a version, with ``note`` saying what the text
    states about it (e.g. no structure earlier than the consolidated one is given).

    >>> Version(valid_from="2020-06-26", number="110-01-1/2019-01/1").valid_from.year
    2020
    """

    valid_from: date
    valid_to: date | None = Field(default=None, description="last day in force; none = until the next version")
    title: str | None = Field(default=None, description="title of the document that made this version, as written")
    number: str | None = Field(default=None, description="the document's number, as written")
    issued: date | None = Field(default=None, description="the date of the document (signed or published)")
    note: str | None = None
    provenance: Provenance | None = None


class Unit(_Strict):
    key: str
    number: str | None = None
    name: str
    kind: str = "other"
    parent: str | None = Field(default=None, description="unit key; none = directly in the organisation")
    independent: bool = Field(default=False, description="an intended top: independent by design, its head "
                                                           "reports to no post of the organisation")
    identifiers: dict[Scheme, Code] = _identifiers()
    provenance: Provenance | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)


class Post(_Strict):
    key: str
    number: str | None = None
    name: str
    unit: str | None = Field(default=None, description="unit key; none = directly in the organisation")
    headcount: int | float | None = 1
    title: str | None = Field(default=None, description="Title key")
    title_as_written: str | None = None
    heads: str | None = Field(default=None, description="key of the unit this post heads")
    partial: bool = False
    declared_only: bool = Field(default=False, description="known only from another post's declaration")
    independent: bool = Field(default=False, description="an intended top: reports to no post by design")
    description: str | None = None
    conditions: str | None = None
    identifiers: dict[Scheme, Code] = _identifiers()
    provenance: Provenance | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)


class Holder(_Strict):
    """A person holding ``post`` for a period, at ``fte`` (full-time equivalents).

    ``name`` is personal data: none when it is not disclosed (the post is held, by someone).
    A post's vacancy on a day is its headcount less the FTE of the holders in office that day.
    """

    post: str = Field(description="key of the post held")
    name: str | None = Field(default=None, description="the holder's name; none = not disclosed")
    fte: int | float = 1
    valid_from: date | None = Field(default=None, description="first day in office; none = unknown")
    valid_to: date | None = Field(default=None, description="last day in office; none = still in office")
    reference: str | None = Field(default=None, description="a personnel number or other identifier")
    provenance: Provenance | None = None


class Supervision(_Strict):
    """``post`` reports to ``superior``. ``joint``: one of several line superiors of equal standing
    to whom the post reports together (a secretary of two co-heads); every one of them says so."""

    post: str
    superior: str
    kind: SupervisionKind = "line"
    joint: bool = Field(default=False, description="a line superior shared jointly with the post's other "
                                                   "joint line superiors (equal standing)")
    basis: Basis = "stated"
    note: str | None = None
    provenance: Provenance | None = None


class Substitution(_Strict):
    """``substitute`` acts for ``principal`` when absent, in ``order`` (1 first).

    A substitute the document names only vaguely stays ``substitute_text`` with
    ``substitute`` unset: kept and reported, never guessed.
    """

    principal: str
    substitute: str | None = None
    substitute_text: str | None = None
    order: int = 1
    basis: Basis = "stated"
    provenance: Provenance | None = None


class Declared(_Strict):
    """A figure a document claims about itself, to be reconciled, never trusted.

    ``subject`` is the key of the organisation, unit or post it is about;
    ``measure`` is e.g. ``posts``, ``civil_servants`` or ``direct_subordinates``;
    ``title`` narrows it to one title (a Title key), ``about`` to a post named in text.
    """

    subject: str
    measure: str
    value: int | float
    title: str | None = None
    about: str | None = None
    label: str | None = Field(default=None, description="the figure as written")
    provenance: Provenance | None = None


class Activity(_Strict):
    """A plan's activity: who is responsible for it and who approves it."""

    key: str
    number: str | None = None
    text: str
    deadline: str | None = None
    budget_source: str | None = None
    indicator: str | None = None
    responsible: list[str] = Field(default_factory=list, description="post or unit keys")
    approvers: list[str] = Field(default_factory=list, description="post or unit keys")
    provenance: Provenance | None = None


class OrgFile(_Strict):
    """One organisation, as every loader produces it and a person can write it."""

    format_version: int = FORMAT_VERSION
    organisation: Organisation
    sources: list[str] = Field(default_factory=list, description="documents this was read from")
    documents: list[SourceDocument] = Field(default_factory=list,
                                            description="title, number and date of the documents, where they state them")
    versions: list[Version] = Field(default_factory=list,
                                    description="dated versions this structure stands for (none: undated)")
    titles: list[Title] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    posts: list[Post] = Field(default_factory=list)
    supervision: list[Supervision] = Field(default_factory=list)
    substitution: list[Substitution] = Field(default_factory=list)
    declared: list[Declared] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    holders: list[Holder] = Field(default_factory=list, description="who holds which post, when (personal data)")
    warnings: list[Warning] = Field(default_factory=list)

    def dump(self, *, descriptions: bool = True) -> dict[str, Any]:
        """Plain data, defaults left out, for YAML/JSON. ``descriptions=False``
        drops the long description paragraphs (the committed seed files)."""
        data = self.model_dump(mode="json", exclude_defaults=True)
        data["format_version"] = self.format_version
        if not descriptions:
            for post in data.get("posts", []):
                post.pop("description", None)
                post.pop("conditions", None)
        return data


class OrgFiles(_Strict):
    """Several organisations in one file (a ministry and the bodies within it): each item of
    ``organisations`` is a whole org file body, loaded as an organisation of its own.

    >>> both = OrgFiles(organisations=[OrgFile(organisation=Organisation(key="m", name="Ministry")),
    ...     OrgFile(organisation=Organisation(key="a", name="Agency", part_of="m"))])
    >>> [o.organisation.part_of for o in both.organisations]
    [None, 'm']
    """

    format_version: int = FORMAT_VERSION
    organisations: list[OrgFile] = Field(min_length=1, description="the organisations, each a whole org file "
                                                                   "body (organisation, units, posts, ...)")

    def dump(self, *, descriptions: bool = True) -> dict[str, Any]:
        return {"format_version": self.format_version,
                "organisations": [o.dump(descriptions=descriptions) for o in self.organisations]}


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of the org file (``graph/schema/orgfile.schema.json``): one
    organisation, several under ``organisations``, or a bare list of them."""
    schema = TypeAdapter(OrgFile | OrgFiles | list[OrgFile]).json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://orgraph.invalid/schema/orgfile.schema.json",
            "title": "orgraph org file", **{k: v for k, v in schema.items() if k != "title"}}


# ---------------------------------------------------------------- big organisations
#
# A million-post org file is millions of model instances. pydantic gives each one its own
# ``__pydantic_fields_set__`` set (~0.2-0.7 KB, more than the instance's own fields); nothing here
# uses it (dumps use ``exclude_defaults``), so identical sets are shared, and repeated key strings
# (a post's unit, a supervision's post and superior) become one object. The big sections are
# validated a chunk at a time so the shared copies replace the fresh ones before the next chunk.

#: Sections validated in chunks (the ones that grow with the number of posts).
BIG_SECTIONS: dict[str, type[BaseModel]] = {"units": Unit, "posts": Post, "supervision": Supervision,
                                            "substitution": Substitution}
CHUNK = 10_000
# Posts above which validate() compacts: below, the memory saved is small and the sharing costs
# ~0.4 s per 100k posts.
COMPACT_ABOVE = 200_000
_ADAPTERS = {name: TypeAdapter(list[model]) for name, model in BIG_SECTIONS.items()}
# Fields holding keys of other entities, per section.
_REFS = {"units": ("parent",), "posts": ("unit", "title", "heads"), "supervision": ("post", "superior"),
         "substitution": ("principal", "substitute")}


class Compactor:
    """Shares what model instances repeat: fields-set sets and key strings.

    Instances must then be treated as read-only (an assignment would add to a set other
    instances share); every reader of an org file or of the database works on them that way.
    """

    def __init__(self) -> None:
        self.sets: dict[frozenset, set] = {}
        self.strings: dict[str, str] = {}

    def fields_set(self, names) -> set:
        """The one shared fields-set holding ``names``."""
        return self.sets.setdefault(frozenset(names), set(names))

    def share_fields_set(self, obj: BaseModel) -> None:
        """Give ``obj`` (and its provenance) the shared set equal to its own fields-set."""
        for o in (obj, obj.__dict__.get("provenance")):
            if o is not None:
                fs = o.__pydantic_fields_set__
                kept = self.sets.setdefault(frozenset(fs), fs)
                if kept is not fs:
                    object.__setattr__(o, "__pydantic_fields_set__", kept)

    def compact(self, section: str, items: list[BaseModel]) -> list[BaseModel]:
        strings, refs = self.strings, _REFS.get(section, ())
        for obj in items:
            self.share_fields_set(obj)
            d = obj.__dict__
            if "key" in d:
                d["key"] = strings.setdefault(d["key"], d["key"])
            for name in refs:
                v = d[name]
                if v is not None:
                    d[name] = strings.setdefault(v, v)
            prov = d.get("provenance")
            if prov is not None:
                pd = prov.__dict__
                pd["document"] = strings.setdefault(pd["document"], pd["document"])
        return items


def validate(data: Any) -> OrgFile:
    """``OrgFile.model_validate(data)`` for plain data, lighter on memory for big organisations.

    Above :data:`COMPACT_ABOVE` posts the big sections are validated ``CHUNK`` items at a time
    and compacted (see :class:`Compactor`): the model takes ~45% less memory (a 1M-post org file
    ~3 GB peak instead of ~4.2 GB). Invalid data raises the same :class:`ValidationError` as
    ``model_validate`` (with its usual locations).

    >>> org = validate({"organisation": {"key": "d", "name": "D"},
    ...                 "posts": [{"key": "d/post/1", "name": "Director"}]})
    >>> org.posts[0].key, org.posts[0].headcount
    ('d/post/1', 1)
    """
    if (not isinstance(data, dict) or any(not isinstance(data.get(s, []), list) for s in BIG_SECTIONS)
            or len(data.get("posts", [])) <= COMPACT_ABOVE):
        return OrgFile.model_validate(data)
    try:
        org = OrgFile.model_validate({k: v for k, v in data.items() if k not in BIG_SECTIONS})
        compactor = Compactor()
        for section, adapter in _ADAPTERS.items():
            items = data.get(section) or []
            out: list = []
            for i in range(0, len(items), CHUNK):
                out += compactor.compact(section, adapter.validate_python(items[i:i + CHUNK]))
            setattr(org, section, out)
    except ValidationError:
        # Validated again whole, so the error names its place as usual (section, index, field).
        return OrgFile.model_validate(data)
    return org
