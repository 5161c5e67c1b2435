"""Dated versions of an organisation, kept as generations (graph/store/generations.py).

A load whose model lists ``versions`` (or ``orgraph load --version-date``) writes a *dated*
generation: its ``OrgVersion`` node carries ``valid_from`` (the earliest of its versions,
ISO text so it sorts), ``valid_to`` (declared, or none) and the versions as JSON. A dated
generation is kept when a later load switches another one live; it is retired (and purged)
only when a load of the same ``valid_from`` replaces it or the organisation is deleted.

A generation stands for the span from its ``valid_from`` to the next kept generation's
(or to its own declared ``valid_to``). Reading *as of* a date picks, per organisation, the
kept generation with the latest ``valid_from`` on or before that date:
:meth:`graph.store.connection.Connection.gens` does it, so every pinned query follows.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from graph.errors import InputError, NotFound
from graph.schema.model import OrgFile, Provenance, Version

# Generations readable as versions: switched at least once (not pending), not retired.
KEPT = "v.pending IS NULL AND v.retired IS NULL"

AS_OF = (f"MATCH (v:OrgVersion) WHERE {KEPT} AND v.valid_from IS NOT NULL AND v.valid_from <= $day "
         "AND (v.valid_to IS NULL OR v.valid_to >= $day) "
         "WITH v ORDER BY v.valid_from DESC "
         "WITH v.key AS org, collect(v.gen)[0] AS gen RETURN org, gen")

LIST = (f"MATCH (v:OrgVersion {{key: $org}}) WHERE {KEPT} "
        "OPTIONAL MATCH (o:Organisation {key: $org}) "
        "RETURN v.gen AS gen, v.valid_from AS valid_from, v.valid_to AS valid_to, v.versions AS versions, "
        "v.name AS name, o.gen = v.gen AS live ORDER BY v.valid_from")


def version_props(org: OrgFile) -> dict[str, Any]:
    """What the ``OrgVersion`` node of a dated generation carries (empty for an undated one)."""
    if not org.versions:
        return {}
    declared_to = [v.valid_to for v in org.versions]
    return {"valid_from": min(v.valid_from for v in org.versions).isoformat(),
            # A declared end only when every version of the generation declares one.
            "valid_to": max(declared_to).isoformat() if all(declared_to) else None,
            "versions": json.dumps([v.model_dump(mode="json", exclude_defaults=True) for v in org.versions],
                                   ensure_ascii=False)}


def versions_of(props: dict[str, Any]) -> list[dict[str, Any]]:
    """The versions stored on an ``OrgVersion`` node, as plain data for :class:`Version`."""
    return json.loads(props["versions"]) if props.get("versions") else []


def with_date(org: OrgFile, day: date, document: str | None = None) -> OrgFile:
    """``org`` declared a dated version from ``day`` (``orgraph load --version-date``): added to the
    versions it lists, unless one already starts that day."""
    if any(v.valid_from == day for v in org.versions):
        return org
    extra = Version(valid_from=day, provenance=Provenance(document=document) if document else None)
    return org.model_copy(update={"versions": sorted([*org.versions, extra], key=lambda v: v.valid_from)})


def parse_day(text: str, what: str = "--as-of") -> date:
    """A date given on the command line: ``YYYY-MM-DD``.

    >>> parse_day("2020-06-26")
    datetime.date(2020, 6, 26)
    """
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


def list_versions(conn, org: str) -> list[dict[str, Any]]:
    """The kept versions of ``org``, oldest first: one row per version a generation stands for,
    with its generation's span (``in_force_from``..``in_force_to``), and which is live.

    An undated live generation (a plain load) is listed last, with no dates.
    """
    gens = conn.read(LIST, org=org)
    dated = [g for g in gens if g["valid_from"]]
    rows = []
    for i, g in enumerate(dated):
        ends = dated[i + 1]["valid_from"] if i + 1 < len(dated) else None
        for v in versions_of(g) or [{"valid_from": g["valid_from"]}]:
            rows.append({"organisation": org, "valid_from": v["valid_from"], "valid_to": v.get("valid_to"),
                         "title": v.get("title"),
                         "document": (v.get("provenance") or {}).get("document"), "number": v.get("number"), "issued": v.get("issued"),
                         "note": v.get("note"), "generation_from": g["valid_from"],
                         "generation_to": g["valid_to"] or ends, "live": bool(g["live"]), "gen": g["gen"]})
    for g in gens:
        if not g["valid_from"] and g["live"]:
            rows.append({"organisation": org, "valid_from": None, "valid_to": None, "title": None, "document": None,
                         "number": None, "issued": None, "note": "undated (loaded without a version date)",
                         "generation_from": None, "generation_to": None, "live": True, "gen": g["gen"]})
    return rows


def resolve(conn, org: str, version: str | None) -> int:
    """The generation of ``org`` standing for ``version`` (a date: the version in force that day;
    None: the live one). :class:`NotFound` naming what there is, otherwise."""
    if version is None:
        gen = conn.gen(org)
        if gen is None:
            raise NotFound(f"organisation {org!r} is not loaded; `orgraph orgs` lists what is")
        return gen
    day = parse_day(version, "version")
    rows = conn.read(AS_OF.replace("MATCH (v:OrgVersion)", "MATCH (v:OrgVersion {key: $org})"),
                     day=day.isoformat(), org=org)
    if rows:
        return rows[0]["gen"]
    have = sorted({r["valid_from"] for r in list_versions(conn, org) if r["valid_from"]})
    hint = f"its versions start {', '.join(have)}" if have else "it has no dated versions (orgraph versions ORG)"
    raise NotFound(f"no version of {org!r} is in force on {day.isoformat()}; {hint}")


def as_version(org: OrgFile) -> OrgFile:
    """A snapshot keyed ``ORG@DATE`` (the UK returns) as a dated version of ``ORG``: every key
    loses the ``@DATE`` and the snapshot date becomes a version, so snapshots of one body are
    versions of one organisation. A model without a dated key is given back as it is.

    >>> from graph.schema.model import Organisation, Post, Supervision
    >>> snap = OrgFile(organisation=Organisation(key="ho@2012-09-30", name="HO", snapshot="2012-09-30"),
    ...                posts=[Post(key="ho@2012-09-30/post/1", name="P"), Post(key="ho@2012-09-30/post/2", name="Q")],
    ...                supervision=[Supervision(post="ho@2012-09-30/post/2", superior="ho@2012-09-30/post/1")])
    >>> v = as_version(snap)
    >>> v.organisation.key, v.supervision[0].superior, str(v.versions[0].valid_from)
    ('ho', 'ho/post/1', '2012-09-30')
    """
    key = org.organisation.key
    base, _, day = key.rpartition("@")
    try:
        when = org.organisation.snapshot or date.fromisoformat(day)
    except ValueError:
        return org
    if not base:
        return org
    old, new = key + "/", base + "/"

    def rekey(value):
        if isinstance(value, str):
            return new + value[len(old):] if value.startswith(old) else (base if value == key else value)
        if isinstance(value, list):
            return [rekey(v) for v in value]
        if isinstance(value, dict):
            # Attributes and text are data, not keys: only the fields that hold keys change.
            return {k: (v if k in ("attributes", "name", "text", "message", "description", "provenance")
                        else rekey(v)) for k, v in value.items()}
        return value

    data = rekey(org.model_dump(mode="json"))
    data["organisation"]["key"] = base
    versioned = OrgFile.model_validate(data)
    return with_date(versioned, when, org.sources[0] if org.sources else None)
