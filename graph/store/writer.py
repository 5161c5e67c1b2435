"""The one writer: an org model into Neo4j, all or nothing.

Every load writes the organisation as a new generation (graph/store/generations.py) in
batched ``UNWIND ... CREATE`` statements, in one managed write transaction (or, staged, in
many), and switches it live at the end. If anything fails, or the process is killed
half-way, the previous generation stays live exactly as it was. Re-loading replaces the
organisation: readers see the old generation or the new one, never a mix; the old one is
purged after a grace period. Titles are shared between organisations and merged.
"""

from __future__ import annotations

import gc
import json
from functools import lru_cache
from pathlib import Path
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from graph.errors import InputError
from graph.schema.integrity import problems, source_of
from graph.schema.model import OrgFile, Provenance
from graph.store import generations, orgrelations, staging
from graph.store.lease import Lease
from graph.store.versions import version_props
from graph.text.names import fold
from graph.text.numbers import total

# progress(stage, done, total): rows written so far of total (0: a step of unknown length).
Progress = Callable[[str, int, int], None]

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "constraints.cypher"
BATCH = 10_000


def schema_statements() -> list[str]:
    text = "\n".join(line for line in SCHEMA_FILE.read_text().splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in text.split(";") if s.strip()]


def apply_schema(conn) -> int:
    """Create constraints and indexes (idempotent). Returns the number of statements."""
    statements = schema_statements()
    with conn.driver.session(database=conn.settings.database) as s:
        for stmt in statements:
            s.run(stmt).consume()
        s.run("CALL db.awaitIndexes(300)").consume()
    generations.migrate(conn)
    return len(statements)


def _prov(p: Provenance | None) -> dict[str, Any]:
    return {"doc": p.document, "line": p.line, "article": p.article} if p else {}


def _attrs(attributes: dict) -> dict[str, Any]:
    # Neo4j properties are flat; nested attributes travel as JSON text.
    return {"attributes": json.dumps(attributes, ensure_ascii=False, sort_keys=True)} if attributes else {}


# Names repeat a great deal (every "Шеф одсека"); folding each once saves most of the row building's time.
_fold = lru_cache(maxsize=1 << 16)(fold)


def identifiers(ids: dict[str, str]) -> list[str] | None:
    """External identifiers as the graph keeps them: ``scheme:code`` texts, found by
    ``$ref IN n.identifiers`` (a scheme holds no ':', so the first one splits them).

    >>> identifiers({"uk-post-ref": "DFE-3014"}), identifiers({})
    (['uk-post-ref:DFE-3014'], None)
    """
    return [f"{k}:{v}" for k, v in ids.items()] or None


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def summary(org: OrgFile) -> dict[str, Any]:
    """Counts of what an org model holds: the line `load` prints per organisation."""
    return {
        "organisation": org.organisation.key,
        "units": len(org.units),
        "posts": len(org.posts),
        "headcount": total(p.headcount for p in org.posts),
        "supervision": len(org.supervision),
        "substitution": len(org.substitution),
        "declared": len(org.declared),
        "activities": len(org.activities),
        "warnings": len(org.warnings),
    }


# ---------------------------------------------------------------- the fast path (write_org)
#
# Nodes are created (a fresh load) or merged by key (a reload) in statements that return each
# node's internal id, in row order; every relationship is then made between two nodes found
# by id (a direct store read) instead of two unique-index look-ups by key. Rows are built a
# batch at a time from the model, so a million posts never exist twice as parameter maps.

def org_props(org: OrgFile) -> dict[str, Any]:
    o = org.organisation
    return _clean({
        "key": o.key, "name": o.name, "name_norm": _fold(o.name), "kind": o.kind, "parent": o.parent,
        "part_of": o.part_of, "reports_to": o.reports_to, "independent": o.independent or None,
        "identifiers": identifiers(o.identifiers),
        "snapshot": o.snapshot.isoformat() if o.snapshot else None, "sources": org.sources,
        "documents": json.dumps([d.model_dump(exclude_none=True) for d in org.documents], ensure_ascii=False)
        if org.documents else None,
        "format_version": org.format_version, **_prov(o.provenance), **_attrs(o.attributes),
        **version_props(org)})


def title_props(t) -> dict[str, Any]:
    return _clean({"key": t.key, "system": t.system, "code": t.code, "name": t.name, "name_norm": _fold(t.name),
                   "rank": t.rank, "kind": t.kind, "junior": t.junior, **_attrs(t.attributes)})


def post_props(key: str, i: int, p) -> dict[str, Any]:
    return _clean({
        "key": p.key, "org": key, "seq": i, "number": p.number, "name": p.name, "name_norm": _fold(p.name),
        "headcount": p.headcount, "title": p.title, "title_as_written": p.title_as_written,
        "partial": p.partial, "declared_only": p.declared_only, "independent": p.independent or None,
        "description": p.description,
        "conditions": p.conditions, "identifiers": identifiers(p.identifiers) if p.identifiers else None,
        **_prov(p.provenance), **_attrs(p.attributes)})


def unit_props(key: str, i: int, u) -> dict[str, Any]:
    return _clean({"key": u.key, "org": key, "seq": i, "number": u.number, "name": u.name,
                   "name_norm": _fold(u.name), "kind": u.kind, "independent": u.independent or None,
                   "identifiers": identifiers(u.identifiers), **_prov(u.provenance), **_attrs(u.attributes)})


def activity_props(key: str, i: int, a) -> dict[str, Any]:
    return _clean({"key": a.key, "org": key, "seq": i, "number": a.number, "text": a.text,
                   "text_norm": fold(a.text), "deadline": a.deadline, "budget_source": a.budget_source,
                   "indicator": a.indicator, **_prov(a.provenance)})


def supervision_props(i: int, s) -> dict[str, Any]:
    return _clean({"seq": i, "kind": s.kind, "joint": s.joint or None, "basis": s.basis, "note": s.note,
                   **_prov(s.provenance)})


def substitution_props(i: int, s) -> dict[str, Any]:
    return _clean({"seq": i, "order": s.order, "basis": s.basis, **_prov(s.provenance)})


def unresolved_props(key: str, s) -> dict[str, Any]:
    return _clean({"org": key, "text": s.substitute_text, **_prov(s.provenance)})


def declared_props(key: str, i: int, d) -> dict[str, Any]:
    return _clean({"org": key, "seq": i, "subject": d.subject, "measure": d.measure, "value": d.value,
                   "title": d.title, "about": d.about, "label": d.label, **_prov(d.provenance)})


def holder_props(key: str, i: int, h) -> dict[str, Any]:
    return _clean({"org": key, "seq": i, "name": h.name, "fte": h.fte, "reference": h.reference,
                   "valid_from": h.valid_from.isoformat() if h.valid_from else None,
                   "valid_to": h.valid_to.isoformat() if h.valid_to else None, **_prov(h.provenance)})


def warning_props(key: str, i: int, w) -> dict[str, Any]:
    return _clean({"org": key, "seq": i, "code": w.code, "message": w.message, "severity": w.severity,
                   "subject": w.subject, **_prov(w.provenance)})


# Every load creates a complete new generation (graph/store/generations.py): CREATE only, never a
# MERGE or a delete of the organisation's nodes in the load's transaction (in Neo4j 5 every uniqueness
# check scans the nodes deleted earlier in the transaction: replacing in place was quadratic).
# The statements return the new nodes' ids in row order, as one list (a record per node would cost
# a network message and a Python object each).
NODES = {
    label: f"UNWIND $rows AS row CREATE (n:{label}) SET n = row, n.gen = $gen RETURN collect(id(n)) AS ids"
    for label in ("Unit", "Post", "Activity")}
# The organisation node of a generation: ``OrgVersion``, and ``Organisation`` once switched live.
ORG_NODE = "CREATE (n:OrgVersion) SET n = $row, n.pending = timestamp() RETURN id(n) AS id"
# Nodes without a key, made with their one relationship: rows [target id or null, node props(, rel props)].
UNRESOLVED = ("UNWIND $rows AS row MATCH (b) WHERE id(b) = row[0] "
              "CREATE (a:Unresolved)-[r:SUBSTITUTES]->(b) SET a = row[1], a.gen = $gen, r = row[2]")
DECLARED = ("UNWIND $rows AS row CREATE (d:Declared) SET d = row[1], d.gen = $gen "
            "WITH d, row WHERE row[0] IS NOT NULL MATCH (s) WHERE id(s) = row[0] CREATE (d)-[:ABOUT]->(s)")
HOLDERS = ("UNWIND $rows AS row MATCH (p) WHERE id(p) = row[0] CREATE (h:Holder)-[:HOLDS]->(p) "
           "SET h = row[1], h.gen = $gen")
WARNINGS = ("UNWIND $rows AS row MATCH (o) WHERE id(o) = row[0] CREATE (w:Warning)-[:OF]->(o) "
            "SET w = row[1], w.gen = $gen")
# Titles are shared by organisations and generations: merged, never deleted by a load or a purge.
# `+=`, not `=`: a reader must never catch a shared title with its properties cleared.
TITLES = "UNWIND $rows AS row MERGE (t:Title {key: row.key}) SET t += row RETURN collect(id(t)) AS ids"
TITLE_IDS = "UNWIND $keys AS k MATCH (t:Title {key: k}) RETURN k AS key, id(t) AS id"
# Relationships between nodes known by id: rows [from, to] or [from, to, props].
_BY_ID = "UNWIND $rows AS row MATCH (a) WHERE id(a) = row[0] MATCH (b) WHERE id(b) = row[1] "
RELS: dict[str, str] = {
    "PART_OF": _BY_ID + "CREATE (a)-[:PART_OF]->(b)",
    "IN": _BY_ID + "CREATE (a)-[:IN]->(b)",
    "HAS_TITLE": _BY_ID + "CREATE (a)-[:HAS_TITLE]->(b)",
    "HEADS": _BY_ID + "CREATE (a)-[:HEADS]->(b)",
    "REPORTS_TO": _BY_ID + "CREATE (a)-[r:REPORTS_TO]->(b) SET r = row[2]",
    "SUBSTITUTES": _BY_ID + "CREATE (a)-[r:SUBSTITUTES]->(b) SET r = row[2]",
    "RESPONSIBLE_FOR": _BY_ID + "CREATE (a)-[r:RESPONSIBLE_FOR]->(b) SET r = row[2]",
    "APPROVES": _BY_ID + "CREATE (a)-[r:APPROVES]->(b) SET r = row[2]",
    "OF": _BY_ID + "CREATE (a)-[:OF]->(b)",
}


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def write_org(conn, org: OrgFile, progress: Progress | None = None, batch_size: int | None = None,
              staged: bool | None = None) -> dict[str, Any]:
    """Load organisation ``org`` into Neo4j as a new generation and switch it live; a summary of counts.

    The load holds the organisation's lease (graph/store/lease.py): a second load of the same
    organisation waits for it, loads of other organisations run in parallel. An organisation is
    written in one transaction; one of more than :func:`graph.store.staging.threshold` posts (or
    any, with ``staged=True``) in many (see :mod:`graph.store.staging`). Either way the new
    generation is switched live by a tiny transaction, readers pinned to the old one keep reading
    it, and it is purged after the grace period (graph/store/generations.py).

    ``progress(stage, done, total)`` is called as rows are written (the CLI draws a bar).
    Raises :class:`InputError` (nothing written) when the model's references do not hold together.
    """
    found = list(problems(org))
    if found:
        loc, message = found[0]
        src = source_of(org, loc)  # the file and line the bad item came from, when known
        raise InputError(message, file=src.document if src else None, line=src.line if src else None,
                         key=".".join(map(str, loc)))
    # Once per connection: a folder of hundreds of bodies need not re-check the schema each time.
    if not conn.schema_applied:
        apply_schema(conn)
        conn.schema_applied = True
    if staged is None:
        staged = len(org.posts) > staging.threshold()
    key = org.organisation.key
    gen = generations.new_gen()
    report = progress or (lambda stage, done, total: None)
    # The rows are many small acyclic objects; the cyclic GC's passes over them (and over the
    # whole model, at each full collection) are pure overhead here.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with Lease(conn, key) as lease:
            # Generations a dead load of this organisation left behind: nobody can have pinned them.
            conn.execute_write(generations.abandon_pending, key, gen)
            work, total = rows_work(org, gen, batch_size or BATCH)
            if staged:
                staging.write_staged(conn, work, total, key, gen, lease, report)
            else:
                def one_transaction(tx):
                    done = [0]

                    def advance(n: int) -> None:
                        done[0] += n
                        report(f"loading {key}", done[0], total)

                    report(f"loading {key}", 0, total)  # a retried transaction starts again
                    work(tx, advance)

                def switch(tx):
                    lease.check(tx)
                    generations.switch(tx, key, gen)
                    orgrelations.link(tx, key)

                conn.execute_write(one_transaction)
                # Its own transaction, after the commit: a reader can see part of a commit being
                # applied, so the pointer must not move until every node of the version is there.
                try:
                    conn.execute_write(switch)
                except BaseException:
                    conn.execute_write(generations.abandon_pending, key, -1)
                    generations.purge_gen(conn, gen)
                    raise
    finally:
        if enabled:
            gc.enable()
    # The previous generation stays readable for the grace period; older ones (of any
    # organisation) whose time is up go now, in their own transactions.
    purged = [0]

    def deleted(n: int) -> None:
        purged[0] += n
        report("deleting replaced versions", purged[0], 0)

    generations.purge(conn, progress=deleted)
    return summary(org)


def rows_work(org: OrgFile, gen: int, size: int):
    """The function that writes ``org`` as generation ``gen`` (``work(tx, advance)``) and its number of rows.

    It only calls ``tx.run(...)``, so it runs in one transaction (:func:`write_org`) or a
    statement per transaction (graph/store/staging.py). It leaves the generation pending: the
    caller switches it live.
    """
    key = org.organisation.key
    total = (1 + len(org.titles) + 2 * len(org.units) + 3 * len(org.posts) + len(org.supervision)
             + len(org.substitution) + len(org.declared) + 2 * len(org.activities) + len(org.warnings)
             + len(org.holders))

    def work(tx, advance):
        # The driver keeps every result of the transaction, with its parameters, until the commit:
        # each batch's rows are cleared once sent, or a 1M-post load would hold all of them at once.
        def nodes(label: str, props: Iterable[dict]) -> list[int]:
            out: list[int] = []
            for chunk in _batches(props, size):
                out += tx.run(NODES[label], rows=chunk, gen=gen).single()[0]
                advance(len(chunk))
                chunk.clear()
            return out

        def run(cypher: str, rows: Iterable[list]) -> None:
            for chunk in _batches(rows, size):
                tx.run(cypher, rows=chunk, gen=gen).consume()
                advance(len(chunk))
                chunk.clear()

        ids: dict[str, int] = {}
        org_id = tx.run(ORG_NODE, row={**org_props(org), "org": key, "gen": gen}).single()[0]
        advance(1)
        ids[key] = org_id
        titles: dict[str, int] = {}
        for chunk in _batches(org.titles, size):
            got = tx.run(TITLES, rows=[title_props(t) for t in chunk]).single()[0]
            titles.update(zip((t.key for t in chunk), got))
            advance(len(chunk))
        # Titles not listed in the file (an empty list) are linked when the database has them.
        missing = list({p.title for p in org.posts if p.title is not None and p.title not in titles})
        if missing:
            titles.update((r[0], r[1]) for r in tx.run(TITLE_IDS, keys=missing).values())

        ids.update(zip((u.key for u in org.units),
                       nodes("Unit", (unit_props(key, i, u) for i, u in enumerate(org.units)))))
        ids.update(zip((p.key for p in org.posts),
                       nodes("Post", (post_props(key, i, p) for i, p in enumerate(org.posts)))))
        acts = dict(zip((a.key for a in org.activities),
                        nodes("Activity", (activity_props(key, i, a) for i, a in enumerate(org.activities)))))

        run(RELS["PART_OF"], ([ids[u.key], ids[u.parent or key]] for u in org.units))
        run(RELS["IN"], ([ids[p.key], ids[p.unit or key]] for p in org.posts))
        run(RELS["HAS_TITLE"], ([ids[p.key], titles[p.title]] for p in org.posts if p.title in titles))
        run(RELS["HEADS"], ([ids[p.key], ids[p.heads]] for p in org.posts if p.heads))
        run(RELS["REPORTS_TO"], ([ids[s.post], ids[s.superior], supervision_props(i, s)]
                                 for i, s in enumerate(org.supervision)))
        subs = list(enumerate(org.substitution))
        run(RELS["SUBSTITUTES"], ([ids[s.substitute], ids[s.principal], substitution_props(i, s)]
                                  for i, s in subs if s.substitute))
        run(UNRESOLVED, ([ids[s.principal], unresolved_props(key, s), substitution_props(i, s)]
                         for i, s in subs if not s.substitute))
        run(DECLARED, ([ids.get(d.subject), declared_props(key, i, d)] for i, d in enumerate(org.declared)))
        run(RELS["OF"], ([acts[a.key], org_id] for a in org.activities))
        for rel, field in (("RESPONSIBLE_FOR", "responsible"), ("APPROVES", "approvers")):
            # Actors are posts or units; other names stay text on the activity only.
            run(RELS[rel], ([ids[k], acts[a.key], {"seq": i}] for a in org.activities
                            for i, k in enumerate(getattr(a, field)) if k in ids and k != key))
        run(HOLDERS, ([ids[h.post], holder_props(key, i, h)] for i, h in enumerate(org.holders)))
        run(WARNINGS, ([org_id, warning_props(key, i, w)] for i, w in enumerate(org.warnings)))

    return work, total


def delete_org(conn, key: str) -> bool:
    """Remove one organisation: taken out of sight in one tiny transaction (under its lease), its
    nodes purged once the grace period has passed. True if it existed."""
    with Lease(conn, key) as lease:
        def work(tx):
            lease.check(tx)
            return generations.retire(tx, key)

        existed = conn.execute_write(work)
    generations.purge(conn)
    return existed
