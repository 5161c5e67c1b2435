"""Read an organisation back from Neo4j into the org model.

The inverse of :mod:`graph.store.writer`: loading a model and exporting it gives the
same model (entities keep their order through the ``seq`` property). Checks
and charts use this to work on what is in the database.
"""

from __future__ import annotations

import gc
import json
from datetime import date
from itertools import islice
from operator import itemgetter, le
from typing import Any

from graph.errors import NotFound
from pydantic import TypeAdapter

from graph.store.versions import resolve, versions_of
from graph.schema.model import Compactor, OrgFile, Post, Provenance, Substitution, Supervision, Unit
from graph.text.numbers import tidy

# The big sections come back as lists of values, not property maps: the driver unpacks
# every map key in Python, so lists halve the read-back time of a large organisation.
UNIT_FIELDS = ("key", "number", "name", "kind", "independent", "doc", "line", "article", "attributes", "identifiers")
POST_FIELDS = ("key", "number", "name", "title", "title_as_written", "partial", "declared_only", "independent",
               "description", "conditions", "headcount", "doc", "line", "article", "attributes", "identifiers")
EDGE_FIELDS = ("kind", "basis", "note", "order", "doc", "line", "article", "joint")


def _fields(var: str, names: tuple[str, ...]) -> str:
    return "[" + ", ".join(f"{var}.{n}" for n in names) + "]"


# The big sections come back as a few records holding CHUNK rows each: the driver spends
# ~20 us of Python per record whatever it holds (100k posts: 2.2 s as records, ~0.3 s as lists).
CHUNK = 10_000
CHUNKED = (" WITH collect(v) AS rows UNWIND range(0, size(rows) - 1, $chunk) AS i "
           "RETURN rows[i..i + $chunk] AS v")

READ = {
    "organisation": "MATCH (o:OrgVersion {gen: $gen}) RETURN properties(o) AS p",
    "titles": ("MATCH (:Post {gen: $gen})-[:HAS_TITLE]->(t:Title) WITH DISTINCT t "
               "RETURN properties(t) AS p ORDER BY t.rank, t.key"),
    # One list per row (keys are unpacked once per result, not once per row), its `seq` last: the
    # rows come in the store's order, nearly always `seq` order already, and Python puts them in it
    # (sorting on the server held and collected every row once more: 1M posts 9.8 s -> 7.7 s).
    # Values are picked from properties(n) rather than read as n.x one by one: the server reads a
    # node's property chain once for the map, once per name for n.x (100k posts: 0.49 s -> 0.23 s).
    "units": ("MATCH (u:Unit {gen: $gen}) OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit) "
              f"WITH properties(u) AS m, parent WITH {_fields('m', UNIT_FIELDS)[:-1]}, parent.key, m.seq] AS v"
              + CHUNKED),
    "posts": ("MATCH (p:Post {gen: $gen}) OPTIONAL MATCH (p)-[:IN]->(u:Unit) OPTIONAL MATCH (p)-[:HEADS]->(h:Unit) "
              f"WITH properties(p) AS m, u, h WITH {_fields('m', POST_FIELDS)[:-1]}, u.key, h.key, m.seq] AS v"
              + CHUNKED),
    "supervision": ("MATCH (a:Post {gen: $gen})-[r:REPORTS_TO]->(b:Post) "
                    f"WITH properties(r) AS m, a, b WITH {_fields('m', EDGE_FIELDS)[:-1]}, a.key, b.key, m.seq] AS v"
                    + CHUNKED),
    "substitution": ("MATCH (a)-[r:SUBSTITUTES]->(b:Post {gen: $gen}) "
                     f"WITH properties(r) AS m, a, b WITH {_fields('m', EDGE_FIELDS)[:-1]}, "
                     "CASE WHEN a:Post THEN a.key END, CASE WHEN a:Unresolved THEN a.text END, b.key, m.seq] AS v"
                     + CHUNKED),
    "declared": "MATCH (d:Declared {gen: $gen}) RETURN properties(d) AS p ORDER BY d.seq",
    "activities": ("MATCH (a:Activity {gen: $gen}) "
                   "CALL (a) { OPTIONAL MATCH (x)-[r:RESPONSIBLE_FOR]->(a) WITH x, r ORDER BY r.seq "
                   "RETURN collect(x.key) AS responsible } "
                   "CALL (a) { OPTIONAL MATCH (y)-[s:APPROVES]->(a) WITH y, s ORDER BY s.seq "
                   "RETURN collect(y.key) AS approvers } "
                   "RETURN properties(a) AS p, responsible, approvers ORDER BY a.seq"),
    "warnings": "MATCH (w:Warning {gen: $gen}) RETURN properties(w) AS p ORDER BY w.seq",
    "holders": ("MATCH (h:Holder {gen: $gen})-[:HOLDS]->(p:Post) RETURN properties(h) AS p, p.key AS post "
                "ORDER BY h.seq"),
}
LISTS = ("units", "posts", "supervision", "substitution")

# The order sections are turned into models in. Each query is sent as soon as a transaction is
# free, so the server computes the next sections while Python turns this one into models: posts,
# the slowest to compute, are sent right after the organisation and used after units and supervision.
ORDER = ("organisation", "units", "supervision", "posts", "substitution", "titles", "declared", "activities",
         "warnings", "holders")
# Read transactions open at once, each in its own session: a transaction runs one query at a time,
# and a second query sent on it makes the driver hold the whole unread result of the first in memory.
SESSIONS = 3


def _prov(p: dict[str, Any]) -> dict[str, Any] | None:
    return {"document": p["doc"], "line": p.get("line"), "article": p.get("article")} if p.get("doc") else None


def _attrs(p: dict[str, Any]) -> dict[str, Any]:
    return json.loads(p["attributes"]) if p.get("attributes") else {}


def _pick(p: dict[str, Any], *names: str) -> dict[str, Any]:
    return {n: p[n] for n in names if p.get(n) is not None}


def _prov_of(doc: str | None, line: int | None, article: str | None = None) -> dict[str, Any] | None:
    return {"document": doc, "line": line, "article": article} if doc else None


def read_org(conn, key: str, gen: int | None = None) -> OrgFile:
    """The organisation ``key`` as an org model; :class:`NotFound` if it is not loaded.

    Every section is read from one generation: ``gen``, or the one live when the read starts
    (graph/store/generations.py), so a concurrent reload cannot mix two versions.
    """
    # Hundreds of thousands of new objects, none of them cyclic: the cyclic collector's passes
    # over them were 40% of a 100k-post read-back (4.4 s -> 2.7 s without them).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_org(conn, key, gen)
    finally:
        if enabled:
            gc.enable()


# The big sections' plain data: every item of a section gets the same fields (defaults written out),
# so all its models have equal fields-sets, and one set object is kept for all of them (pydantic gives
# each instance its own, often bigger than the instance). Strings that repeat (keys referred to, the
# document of every provenance) become one object through ``share`` (``dict.setdefault``, None kept).
# Both are a :class:`~graph.schema.model.Compactor`'s, as for a big org file. The shared set holds
# every field, so an assignment to a model (which adds to it) leaves it as it is.

def identifiers(stored: list[str] | None) -> dict[str, str]:
    """The ``scheme:code`` texts the writer stores, as the model's mapping.

    >>> identifiers(["uk-post-ref:DFE-3014", "x:a:b"]), identifiers(None)
    ({'uk-post-ref': 'DFE-3014', 'x': 'a:b'}, {})
    """
    return dict(s.split(":", 1) for s in stored) if stored else {}


def _units(rows: list[list], share) -> list[dict]:
    return [{"key": share(key_, key_), "number": number, "name": name, "kind": "other" if kind is None else kind,
             "parent": share(parent, parent), "independent": independent or False,
             "identifiers": identifiers(ids),
             "provenance": _prov_of(share(doc, doc), line, article),
             "attributes": json.loads(attributes) if attributes else {}}
            for key_, number, name, kind, independent, doc, line, article, attributes, ids, parent, _seq in rows]


def _posts(rows: list[list], share) -> list[dict]:
    return [{"key": share(key_, key_), "number": number, "name": share(name, name), "unit": share(unit, unit),
             "headcount": headcount, "title": share(title, title), "title_as_written": as_written,
             "heads": share(heads, heads), "partial": partial or False, "declared_only": declared_only or False,
             "independent": independent or False, "description": description, "conditions": conditions,
             "identifiers": identifiers(ids),
             "provenance": _prov_of(share(doc, doc), line, article),
             "attributes": json.loads(attributes) if attributes else {}}
            for (key_, number, name, title, as_written, partial, declared_only, independent, description, conditions,
                 headcount, doc, line, article, attributes, ids, unit, heads, _seq) in rows]


def _supervision(rows: list[list], share) -> list[dict]:
    return [{"post": share(post, post), "superior": share(superior, superior),
             "kind": "line" if kind is None else kind, "joint": joint or False,
             "basis": "stated" if basis is None else basis,
             "note": note, "provenance": _prov_of(share(doc, doc), line, article)}
            for kind, basis, note, _order, doc, line, article, joint, post, superior, _seq in rows]


def _substitution(rows: list[list], share) -> list[dict]:
    return [{"principal": share(principal, principal), "substitute": share(substitute, substitute),
             "substitute_text": text, "order": 1 if order is None else order,
             "basis": "stated" if basis is None else basis, "provenance": _prov_of(share(doc, doc), line, article)}
            for _kind, basis, _note, order, doc, line, article, _joint, substitute, text, principal, _seq in rows]


# Section -> (plain data of a chunk of rows, model class).
_MODELS = {"units": (_units, Unit), "posts": (_posts, Post), "supervision": (_supervision, Supervision),
           "substitution": (_substitution, Substitution)}
_ADAPTERS = {cls: TypeAdapter(list[cls]) for _, cls in _MODELS.values()}


def _plain_model(cls: type) -> bool:
    """Whether an instance of ``cls`` is all there in its fields: nothing runs on validation."""
    d = cls.__pydantic_decorators__
    return not (cls.__pydantic_post_init__ or cls.__pydantic_root_model__ or cls.model_config.get("extra") == "allow"
                or d.validators or d.field_validators or d.root_validators or d.model_validators)


_CONSTRUCT = {cls: _plain_model(cls) and _plain_model(Provenance) for cls in _ADAPTERS}


def _models(cls: type, items: list[dict], compactor: Compactor) -> list:
    """``items`` as ``cls`` instances sharing the compactor's fields-set objects.

    Data read back was validated when it was written: it is taken as it is, which is what
    ``cls.model_construct(**item)`` leaves, without that method's Python loop over the fields
    (100k posts: 0.6 s validated, 0.3 s this way). A model that validation would change (a
    validator, a field this module does not fill) is validated as usual.
    """
    if not items or not _CONSTRUCT[cls] or tuple(items[0]) != tuple(cls.model_fields):
        models = _ADAPTERS[cls].validate_python(items)
        for m in models:
            compactor.share_fields_set(m)
        return models
    new, put = object.__new__, object.__setattr__
    fields_set = compactor.fields_set(cls.model_fields)
    prov_set = compactor.fields_set(Provenance.model_fields)
    out = []
    for values in items:
        prov = values["provenance"]
        if prov is not None:
            values["provenance"] = p = new(Provenance)
            put(p, "__dict__", prov)
            put(p, "__pydantic_fields_set__", prov_set)
            put(p, "__pydantic_extra__", None)
            put(p, "__pydantic_private__", None)
        m = new(cls)
        put(m, "__dict__", values)
        put(m, "__pydantic_fields_set__", fields_set)
        put(m, "__pydantic_extra__", None)
        put(m, "__pydantic_private__", None)
        out.append(m)
    return out


def _in_transactions(conn, n: int, work, txs: tuple = ()):
    """``work(txs)`` with ``n`` managed read transactions open, each in a session of its own."""
    if len(txs) == n:
        return work(list(txs))
    return conn.execute_read(lambda tx: _in_transactions(conn, n, work, (*txs, tx)))


def _results(txs: list, names: tuple[str, ...], gen: int):
    """(name, result) for each query in ``names``; the caller reads each result to its end before the next.

    Query ``i + len(txs)`` is sent on the transaction of query ``i`` once that one is read.
    """
    n = len(txs)
    running = [txs[i % n].run(READ[name], gen=gen, chunk=CHUNK) for i, name in enumerate(names[:n])]
    for i, name in enumerate(names):
        yield name, running[i]
        running[i] = None
        if i + n < len(names):
            running.append(txs[i % n].run(READ[names[i + n]], gen=gen, chunk=CHUNK))


def _in_seq_order(items: list, seqs: list) -> list:
    """``items`` sorted by ``seqs`` (one each), stably; a missing seq last, as ORDER BY puts nulls."""
    if None in seqs:
        key = lambda i: (seqs[i] is None, seqs[i] or 0)  # noqa: E731
    elif all(map(le, seqs, islice(seqs, 1, None))):
        return items  # the usual case: the store gave them in order
    else:
        key = seqs.__getitem__
    return [items[i] for i in sorted(range(len(items)), key=key)]


def _read_sections(txs: list, gen: int) -> dict[str, list]:
    out: dict[str, list] = {}
    compactor = Compactor()
    share = compactor.strings.setdefault
    for name, result in _results(txs, ORDER, gen):
        if name in LISTS:
            # A chunk at a time, from rows to plain data to models: the raw rows and dicts of
            # one chunk are all that exist besides the models (a 1M-post org would hold three copies).
            plain, cls = _MODELS[name]
            section, seqs = [], []
            for record in result:
                rows = record[0]
                seqs += map(itemgetter(-1), rows)
                section += _models(cls, plain(rows, share), compactor)
            out[name] = _in_seq_order(section, seqs)
        else:
            out[name] = [r.data() for r in result]
        if name == "organisation" and not out[name]:
            break  # not loaded: read_org says so
    return out


def _read_org(conn, key: str, gen: int | None) -> OrgFile:
    # Several transactions are no weaker than one: every query names the generation.
    gen = gen or conn.gen(key)
    data = _in_transactions(conn, SESSIONS, lambda txs: _read_sections(txs, gen)) if gen else {"organisation": []}
    if not data["organisation"]:
        raise NotFound(f"organisation {key!r} is not loaded; `orgraph orgs` lists what is")
    o = data["organisation"][0]["p"]
    # Plain data validated in one call per section: one call into pydantic's core, not one per
    # record. Models already built (units, posts, edges) are taken as they are.
    organisation = {"key": o["key"], "name": o["name"], **_pick(o, "kind", "parent", "part_of", "reports_to"),
                    "independent": o.get("independent") or False, "identifiers": identifiers(o.get("identifiers")),
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
    holders = [{"post": r["post"], **_pick(r["p"], "name", "fte", "valid_from", "valid_to", "reference"),
                "provenance": _prov(r["p"])} for r in data["holders"]]
    return OrgFile.model_validate({
        "format_version": o.get("format_version", 1), "organisation": organisation,
        "sources": o.get("sources") or [], "documents": json.loads(o["documents"]) if o.get("documents") else [],
        "versions": versions_of(o), "titles": titles, "units": data["units"], "posts": data["posts"],
        "supervision": data["supervision"], "substitution": data["substitution"], "declared": declared,
        "activities": activities, "holders": holders, "warnings": warnings})


def list_orgs(conn) -> list[dict[str, Any]]:
    """Every loaded organisation with its post and headcount totals."""
    rows = conn.read(
        "MATCH (o:Organisation) "
        "CALL (o) { MATCH (p:Post {gen: o.gen}) RETURN count(p) AS posts, sum(p.headcount) AS headcount } "
        "RETURN o.key AS key, o.name AS name, o.snapshot AS snapshot, o.part_of AS part_of, "
        "o.reports_to AS reports_to, coalesce(o.independent, false) AS independent, posts, headcount ORDER BY key")
    for r in rows:  # Neo4j adds floats one by one: two decimals hide the noise
        r["headcount"] = tidy(r["headcount"])
    return rows


def read_version(conn, org: str, version: str | None) -> OrgFile:
    """The org model of ``org`` as in force on ``version`` (a date, YYYY-MM-DD), or the live one (None)."""
    return read_org(conn, org, resolve(conn, org, version))
