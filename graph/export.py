"""Read an organisation back from Neo4j into the org model.

The inverse of :mod:`graph.writer`: loading a model and exporting it gives the
same model (entities keep their order through the ``seq`` property). Checks
and charts use this to work on what is in the database.
"""

from __future__ import annotations

import gc
import json
from datetime import date
from typing import Any

from graph.errors import NotFound
from pydantic import TypeAdapter

from graph.schema.model import OrgFile, Post, Substitution, Supervision, Unit

# The big sections come back as lists of values, not property maps: the driver unpacks
# every map key in Python, so lists halve the read-back time of a large organisation.
UNIT_FIELDS = ("key", "number", "name", "kind", "doc", "line", "attributes")
POST_FIELDS = ("key", "number", "name", "title", "title_as_written", "partial", "declared_only", "description",
               "conditions", "headcount", "doc", "line", "attributes")
EDGE_FIELDS = ("kind", "basis", "note", "order", "doc", "line")


def _fields(var: str, names: tuple[str, ...]) -> str:
    return "[" + ", ".join(f"{var}.{n}" for n in names) + "]"


# The big sections come back as a few records holding CHUNK rows each: the driver spends
# ~20 us of Python per record whatever it holds (100k posts: 2.2 s as records, ~0.3 s as lists).
CHUNK = 10_000
CHUNKED = (" WITH collect(v) AS rows UNWIND range(0, size(rows) - 1, $chunk) AS i "
           "RETURN rows[i..i + $chunk] AS v")

READ = {
    "organisation": "MATCH (o:Organisation {key: $org}) RETURN properties(o) AS p",
    "titles": ("MATCH (:Post {org: $org})-[:HAS_TITLE]->(t:Title) WITH DISTINCT t "
               "RETURN properties(t) AS p ORDER BY t.rank, t.key"),
    # One list per row (keys are unpacked once per result, not once per row), in `seq` order.
    # Values are picked from properties(n) rather than read as n.x one by one: the server reads a
    # node's property chain once for the map, once per name for n.x (100k posts: 0.49 s -> 0.23 s).
    "units": ("MATCH (u:Unit {org: $org}) OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit) "
              f"WITH properties(u) AS m, parent WITH {_fields('m', UNIT_FIELDS)[:-1]}, parent.key] AS v "
              "ORDER BY m.seq" + CHUNKED),
    "posts": ("MATCH (p:Post {org: $org}) OPTIONAL MATCH (p)-[:IN]->(u:Unit) OPTIONAL MATCH (p)-[:HEADS]->(h:Unit) "
              f"WITH properties(p) AS m, u, h WITH {_fields('m', POST_FIELDS)[:-1]}, u.key, h.key] AS v "
              "ORDER BY m.seq" + CHUNKED),
    "supervision": ("MATCH (a:Post {org: $org})-[r:REPORTS_TO]->(b:Post) "
                    f"WITH properties(r) AS m, a, b WITH {_fields('m', EDGE_FIELDS)[:-1]}, a.key, b.key] AS v "
                    "ORDER BY m.seq" + CHUNKED),
    "substitution": ("MATCH (a)-[r:SUBSTITUTES]->(b:Post {org: $org}) "
                     f"WITH properties(r) AS m, a, b WITH {_fields('m', EDGE_FIELDS)[:-1]}, "
                     "CASE WHEN a:Post THEN a.key END, CASE WHEN a:Unresolved THEN a.text END, b.key] AS v "
                     "ORDER BY m.seq" + CHUNKED),
    "declared": "MATCH (d:Declared {org: $org}) RETURN properties(d) AS p ORDER BY d.seq",
    "activities": ("MATCH (a:Activity {org: $org}) "
                   "CALL (a) { OPTIONAL MATCH (x)-[r:RESPONSIBLE_FOR]->(a) WITH x, r ORDER BY r.seq "
                   "RETURN collect(x.key) AS responsible } "
                   "CALL (a) { OPTIONAL MATCH (y)-[s:APPROVES]->(a) WITH y, s ORDER BY s.seq "
                   "RETURN collect(y.key) AS approvers } "
                   "RETURN properties(a) AS p, responsible, approvers ORDER BY a.seq"),
    "warnings": "MATCH (w:Warning {org: $org}) RETURN properties(w) AS p ORDER BY w.seq",
}
LISTS = ("units", "posts", "supervision", "substitution")


def _prov(p: dict[str, Any]) -> dict[str, Any] | None:
    return {"document": p["doc"], "line": p.get("line")} if p.get("doc") else None


def _attrs(p: dict[str, Any]) -> dict[str, Any]:
    return json.loads(p["attributes"]) if p.get("attributes") else {}


def _pick(p: dict[str, Any], *names: str) -> dict[str, Any]:
    return {n: p[n] for n in names if p.get(n) is not None}


def _prov_of(doc: str | None, line: int | None) -> dict[str, Any] | None:
    return {"document": doc, "line": line} if doc else None


def read_org(conn, key: str) -> OrgFile:
    """The organisation ``key`` as an org model; :class:`NotFound` if it is not loaded."""
    # Hundreds of thousands of new objects, none of them cyclic: the cyclic collector's passes
    # over them were 40% of a 100k-post read-back (4.4 s -> 2.7 s without them).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_org(conn, key)
    finally:
        if enabled:
            gc.enable()


def _units(rows: list[list]) -> list[dict]:
    out = []
    for key_, number, name, kind, doc, line, attributes, parent in rows:
        u = {"key": key_, "name": name, "parent": parent, "provenance": _prov_of(doc, line)}
        if number is not None:
            u["number"] = number
        if kind is not None:
            u["kind"] = kind
        if attributes:
            u["attributes"] = json.loads(attributes)
        out.append(u)
    return out


def _posts(rows: list[list]) -> list[dict]:
    out = []
    for (key_, number, name, title, as_written, partial, declared_only, description, conditions, headcount,
         doc, line, attributes, unit, heads) in rows:
        p = {"key": key_, "name": name, "number": number, "title": title, "title_as_written": as_written,
             "headcount": headcount, "unit": unit, "heads": heads, "description": description,
             "conditions": conditions, "provenance": _prov_of(doc, line)}
        if partial is not None:
            p["partial"] = partial
        if declared_only is not None:
            p["declared_only"] = declared_only
        if attributes:
            p["attributes"] = json.loads(attributes)
        out.append(p)
    return out


def _supervision(rows: list[list]) -> list[dict]:
    out = []
    for kind, basis, note, _order, doc, line, post, superior in rows:
        s = {"post": post, "superior": superior, "note": note, "provenance": _prov_of(doc, line)}
        if kind is not None:
            s["kind"] = kind
        if basis is not None:
            s["basis"] = basis
        out.append(s)
    return out


def _substitution(rows: list[list]) -> list[dict]:
    out = []
    for _kind, basis, _note, order, doc, line, substitute, text, principal in rows:
        s = {"principal": principal, "substitute": substitute, "substitute_text": text,
             "provenance": _prov_of(doc, line)}
        if order is not None:
            s["order"] = order
        if basis is not None:
            s["basis"] = basis
        out.append(s)
    return out


# Section -> (plain data of a chunk of rows, validator of a list of them).
_MODELS = {"units": (_units, TypeAdapter(list[Unit])), "posts": (_posts, TypeAdapter(list[Post])),
           "supervision": (_supervision, TypeAdapter(list[Supervision])),
           "substitution": (_substitution, TypeAdapter(list[Substitution]))}


def _in_transactions(conn, n: int, work, txs: tuple = ()):
    """``work(txs)`` with ``n`` managed read transactions open, each in a session of its own."""
    if len(txs) == n:
        return work(list(txs))
    return conn.execute_read(lambda tx: _in_transactions(conn, n, work, (*txs, tx)))


def _results(txs: list, names: tuple[str, ...], key: str):
    """(name, result) for each query in ``names``; the caller reads each result to its end before the next.

    Query ``i + len(txs)`` is sent on the transaction of query ``i`` once that one is read.
    """
    n = len(txs)
    running = [txs[i % n].run(READ[name], org=key, chunk=CHUNK) for i, name in enumerate(names[:n])]
    for i, name in enumerate(names):
        yield name, running[i]
        running[i] = None
        if i + n < len(names):
            running.append(txs[i % n].run(READ[names[i + n]], org=key, chunk=CHUNK))


def _read_sections(txs: list, key: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for name, result in _results(txs, ORDER, key):
        if name in LISTS:
            # A chunk at a time, from rows to plain data to models: the raw rows and dicts of
            # one chunk are all that exist besides the models (a 1M-post org would hold three copies).
            plain, adapter = _MODELS[name]
            out[name] = section = []
            for record in result:
                section += adapter.validate_python(plain(record[0]))
        else:
            out[name] = [r.data() for r in result]
        if name == "organisation" and not out[name]:
            break  # not loaded: read_org says so
    return out


# The order sections are turned into models in. Each query is sent as soon as a transaction is free,
# so the server computes the next sections while Python validates this one: posts, the slowest to
# compute, are sent right after the organisation and consumed after units and supervision.
ORDER = ("organisation", "units", "supervision", "posts", "substitution", "titles", "declared", "activities",
         "warnings")
# Read transactions open at once, each in its own session: a transaction runs one query at a time,
# and a second query sent on it makes the driver hold the whole unread result of the first in memory.
SESSIONS = 3


def _read_org(conn, key: str) -> OrgFile:
    # Several transactions are no weaker than one: Neo4j reads are read-committed, so the queries of
    # a single transaction could see a concurrent commit between them just as well.
    data = _in_transactions(conn, SESSIONS, lambda txs: _read_sections(txs, key))
    if not data["organisation"]:
        raise NotFound(f"organisation {key!r} is not loaded; `orgraph orgs` lists what is")
    o = data["organisation"][0]["p"]
    # Plain data validated in one call per section: one call into pydantic's core, not one per
    # record. Models already built (units, posts, edges) are taken as they are.
    organisation = {"key": o["key"], "name": o["name"], **_pick(o, "kind", "parent"),
                    "snapshot": date.fromisoformat(o["snapshot"]) if o.get("snapshot") else None,
                    "provenance": _prov(o), "attributes": _attrs(o)}
    titles = [{**_pick(r["p"], "key", "system", "code", "name", "rank", "kind", "junior"),
               "attributes": _attrs(r["p"])} for r in data["titles"]]
    declared = [{**_pick(r["p"], "subject", "measure", "value", "title", "about", "label"),
                 "provenance": _prov(r["p"])} for r in data["declared"]]
    activities = [{**_pick(r["p"], "key", "number", "text", "deadline", "budget_source", "indicator"),
                   "responsible": r["responsible"], "approvers": r["approvers"], "provenance": _prov(r["p"])}
                  for r in data["activities"]]
    warnings = [{**_pick(r["p"], "code", "message", "severity", "subject"), "provenance": _prov(r["p"])}
                for r in data["warnings"]]
    return OrgFile.model_validate({
        "format_version": o.get("format_version", 1), "organisation": organisation,
        "sources": o.get("sources") or [], "titles": titles, "units": data["units"], "posts": data["posts"],
        "supervision": data["supervision"], "substitution": data["substitution"], "declared": declared,
        "activities": activities, "warnings": warnings})


def list_orgs(conn) -> list[dict[str, Any]]:
    """Every loaded organisation with its post and headcount totals."""
    return conn.read(
        "MATCH (o:Organisation) "
        "CALL (o) { MATCH (p:Post {org: o.key}) RETURN count(p) AS posts, sum(p.headcount) AS headcount } "
        "RETURN o.key AS key, o.name AS name, o.snapshot AS snapshot, posts, headcount ORDER BY key")
