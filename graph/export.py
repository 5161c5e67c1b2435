"""Read an organisation back from Neo4j into the org model.

The inverse of :mod:`graph.writer`: loading a model and exporting it gives the
same model (entities keep their order through the ``seq`` property). Checks
and charts use this to work on what is in the database.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from graph.errors import NotFound
from graph.schema.model import (Activity, Declared, Organisation, OrgFile, Post, Provenance, Substitution,
                                Supervision, Title, Unit, Warning)

# The big sections come back as lists of values, not property maps: the driver unpacks
# every map key in Python, so lists halve the read-back time of a large organisation.
UNIT_FIELDS = ("key", "number", "name", "kind", "doc", "line", "attributes")
POST_FIELDS = ("key", "number", "name", "title", "title_as_written", "partial", "declared_only", "description",
               "conditions", "headcount", "doc", "line", "attributes")
EDGE_FIELDS = ("kind", "basis", "note", "order", "doc", "line")


def _fields(var: str, names: tuple[str, ...]) -> str:
    return "[" + ", ".join(f"{var}.{n}" for n in names) + "]"


READ = {
    "organisation": "MATCH (o:Organisation {key: $org}) RETURN properties(o) AS p",
    "titles": ("MATCH (:Post {org: $org})-[:HAS_TITLE]->(t:Title) WITH DISTINCT t "
               "RETURN properties(t) AS p ORDER BY t.rank, t.key"),
    "units": ("MATCH (u:Unit {org: $org}) OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit) "
              f"RETURN {_fields('u', UNIT_FIELDS)} AS v, parent.key AS parent ORDER BY u.seq"),
    "posts": ("MATCH (p:Post {org: $org}) OPTIONAL MATCH (p)-[:IN]->(u:Unit) OPTIONAL MATCH (p)-[:HEADS]->(h:Unit) "
              f"RETURN {_fields('p', POST_FIELDS)} AS v, u.key AS unit, h.key AS heads ORDER BY p.seq"),
    "supervision": ("MATCH (a:Post {org: $org})-[r:REPORTS_TO]->(b:Post) "
                    f"RETURN a.key AS post, b.key AS superior, {_fields('r', EDGE_FIELDS)} AS v ORDER BY r.seq"),
    "substitution": ("MATCH (a)-[r:SUBSTITUTES]->(b:Post {org: $org}) "
                     "RETURN CASE WHEN a:Post THEN a.key END AS substitute, "
                     "CASE WHEN a:Unresolved THEN a.text END AS text, b.key AS principal, "
                     f"{_fields('r', EDGE_FIELDS)} AS v ORDER BY r.seq"),
    "declared": "MATCH (d:Declared {org: $org}) RETURN properties(d) AS p ORDER BY d.seq",
    "activities": ("MATCH (a:Activity {org: $org}) "
                   "CALL (a) { OPTIONAL MATCH (x)-[r:RESPONSIBLE_FOR]->(a) WITH x, r ORDER BY r.seq "
                   "RETURN collect(x.key) AS responsible } "
                   "CALL (a) { OPTIONAL MATCH (y)-[s:APPROVES]->(a) WITH y, s ORDER BY s.seq "
                   "RETURN collect(y.key) AS approvers } "
                   "RETURN properties(a) AS p, responsible, approvers ORDER BY a.seq"),
    "warnings": "MATCH (w:Warning {org: $org}) RETURN properties(w) AS p ORDER BY w.seq",
}


def _prov(p: dict[str, Any]) -> Provenance | None:
    return Provenance(document=p["doc"], line=p.get("line")) if p.get("doc") else None


def _attrs(p: dict[str, Any]) -> dict[str, Any]:
    return json.loads(p["attributes"]) if p.get("attributes") else {}


def _pick(p: dict[str, Any], *names: str) -> dict[str, Any]:
    return {n: p[n] for n in names if p.get(n) is not None}


def read_org(conn, key: str) -> OrgFile:
    """The organisation ``key`` as an org model; :class:`NotFound` if it is not loaded."""

    as_lists = {"units": UNIT_FIELDS, "posts": POST_FIELDS, "supervision": EDGE_FIELDS,
                "substitution": EDGE_FIELDS}

    def work(tx):
        out = {}
        for name, q in READ.items():
            result = tx.run(q, org=key)
            if name in as_lists:
                cols, names = result.keys(), as_lists[name]
                at = cols.index("v")
                # Rows as dicts again, with the property list under "p" as before.
                out[name] = [{**dict(zip(cols, row)), "p": dict(zip(names, row[at]))} for row in result.values()]
            else:
                out[name] = [r.data() for r in result]
        return out

    data = conn.execute_read(work)
    if not data["organisation"]:
        raise NotFound(f"organisation {key!r} is not loaded; `orgraph orgs` lists what is")
    o = data["organisation"][0]["p"]
    organisation = Organisation(
        key=o["key"], name=o["name"], **_pick(o, "kind", "parent"),
        snapshot=date.fromisoformat(o["snapshot"]) if o.get("snapshot") else None,
        provenance=_prov(o), attributes=_attrs(o))
    titles = [Title(**_pick(r["p"], "key", "system", "code", "name", "rank", "kind", "junior"),
                    attributes=_attrs(r["p"])) for r in data["titles"]]
    units = [Unit(**_pick(r["p"], "key", "number", "name", "kind"), parent=r["parent"],
                  provenance=_prov(r["p"]), attributes=_attrs(r["p"])) for r in data["units"]]
    posts = [Post(**_pick(r["p"], "key", "number", "name", "title", "title_as_written", "partial",
                          "declared_only", "description", "conditions"),
                  headcount=r["p"].get("headcount"), unit=r["unit"], heads=r["heads"],
                  provenance=_prov(r["p"]), attributes=_attrs(r["p"])) for r in data["posts"]]
    supervision = [Supervision(post=r["post"], superior=r["superior"], **_pick(r["p"], "kind", "basis", "note"),
                               provenance=_prov(r["p"])) for r in data["supervision"]]
    substitution = [Substitution(principal=r["principal"], substitute=r["substitute"], substitute_text=r["text"],
                                 **_pick(r["p"], "order", "basis"), provenance=_prov(r["p"]))
                    for r in data["substitution"]]
    declared = [Declared(**_pick(r["p"], "subject", "measure", "value", "title", "about", "label"),
                         provenance=_prov(r["p"])) for r in data["declared"]]
    activities = [Activity(**_pick(r["p"], "key", "number", "text", "deadline", "budget_source", "indicator"),
                           responsible=r["responsible"], approvers=r["approvers"],
                           provenance=_prov(r["p"])) for r in data["activities"]]
    warnings = [Warning(**_pick(r["p"], "code", "message", "severity", "subject"), provenance=_prov(r["p"]))
                for r in data["warnings"]]
    return OrgFile(format_version=o.get("format_version", 1), organisation=organisation,
                   sources=o.get("sources") or [], titles=titles, units=units, posts=posts,
                   supervision=supervision, substitution=substitution, declared=declared,
                   activities=activities, warnings=warnings)


def list_orgs(conn) -> list[dict[str, Any]]:
    """Every loaded organisation with its post and headcount totals."""
    return conn.read(
        "MATCH (o:Organisation) "
        "CALL (o) { MATCH (p:Post {org: o.key}) RETURN count(p) AS posts, sum(p.headcount) AS headcount } "
        "RETURN o.key AS key, o.name AS name, o.snapshot AS snapshot, posts, headcount ORDER BY key")
