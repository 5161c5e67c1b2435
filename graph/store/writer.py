"""The one writer: an org model into Neo4j, all or nothing.

An organisation is written in a single managed write transaction in batched
``UNWIND`` statements: a first load creates its nodes, a reload replaces its
graph in place (see :func:`_clear_for_reload`). If anything fails, or the
process is killed half-way, the transaction rolls back and the previous state
stays exactly as it was. Re-loading an organisation replaces it: no
duplicates, no leftovers. Titles are shared between organisations and merged.
"""

from __future__ import annotations

import gc
import json
from functools import lru_cache
from pathlib import Path
from itertools import islice
from typing import Any, Iterable, Iterator

from graph.text.names import fold
from graph.queries import query
from graph.schema.integrity import problems
from graph.errors import InputError
from graph.schema.model import OrgFile, Provenance

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "constraints.cypher"
BATCH = 10_000
# Labels whose nodes belong to one organisation (property `org`), deleted on replace.
ORG_LABELS = ("Post", "Unit", "Declared", "Warning", "Unresolved", "Activity")


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
    return len(statements)


def _prov(p: Provenance | None) -> dict[str, Any]:
    return {"doc": p.document, "line": p.line, "article": p.article} if p else {}


def _attrs(attributes: dict) -> dict[str, Any]:
    # Neo4j properties are flat; nested attributes travel as JSON text.
    return {"attributes": json.dumps(attributes, ensure_ascii=False, sort_keys=True)} if attributes else {}


# Names repeat a great deal (every "Шеф одсека"); folding each once saves most of the row building's time.
_fold = lru_cache(maxsize=1 << 16)(fold)


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


DELETE_BATCH = {label: f"MATCH (n:{label} {{org: $org}}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n"
                for label in ORG_LABELS}
DELETE_ORG = "MATCH (o:Organisation {key: $org}) DETACH DELETE o"
COUNT_POSTS = "MATCH (p:Post {org: $org}) RETURN count(p) AS n"
# Replacing in place: every relationship of the org goes, nodes without a key go, keyed nodes
# go only when the new model no longer has their key.
KEYED = {"Unit": "units", "Post": "posts", "Activity": "activities"}
REPLACE_RELS = {label: f"MATCH (n:{label} {{org: $org}})-[r]->() DELETE r" for label in ORG_LABELS}
REPLACE_ORG_RELS = "MATCH (:Organisation {key: $org})-[r]-() DELETE r"
REPLACE_UNKEYED = {label: f"MATCH (n:{label} {{org: $org}}) DETACH DELETE n"
                   for label in ORG_LABELS if label not in KEYED}
REPLACE_GONE = {label: f"MATCH (n:{label} {{org: $org}}) WHERE NOT n.key IN $keys DETACH DELETE n"
                for label in KEYED}


def summary(org: OrgFile) -> dict[str, Any]:
    """Counts of what an org model holds: the line `load` prints per organisation."""
    return {
        "organisation": org.organisation.key,
        "units": len(org.units),
        "posts": len(org.posts),
        "headcount": sum(p.headcount or 0 for p in org.posts),
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
        "snapshot": o.snapshot.isoformat() if o.snapshot else None, "sources": org.sources,
        "documents": json.dumps([d.model_dump(exclude_none=True) for d in org.documents], ensure_ascii=False)
        if org.documents else None,
        "format_version": org.format_version, **_prov(o.provenance), **_attrs(o.attributes)})


def title_props(t) -> dict[str, Any]:
    return _clean({"key": t.key, "system": t.system, "code": t.code, "name": t.name, "name_norm": _fold(t.name),
                   "rank": t.rank, "kind": t.kind, "junior": t.junior, **_attrs(t.attributes)})


def post_props(key: str, i: int, p) -> dict[str, Any]:
    return _clean({
        "key": p.key, "org": key, "seq": i, "number": p.number, "name": p.name, "name_norm": _fold(p.name),
        "headcount": p.headcount, "title": p.title, "title_as_written": p.title_as_written,
        "partial": p.partial, "declared_only": p.declared_only, "description": p.description,
        "conditions": p.conditions, **_prov(p.provenance), **_attrs(p.attributes)})


def unit_props(key: str, i: int, u) -> dict[str, Any]:
    return _clean({"key": u.key, "org": key, "seq": i, "number": u.number, "name": u.name,
                   "name_norm": _fold(u.name), "kind": u.kind, **_prov(u.provenance), **_attrs(u.attributes)})


def activity_props(key: str, i: int, a) -> dict[str, Any]:
    return _clean({"key": a.key, "org": key, "seq": i, "number": a.number, "text": a.text,
                   "text_norm": fold(a.text), "deadline": a.deadline, "budget_source": a.budget_source,
                   "indicator": a.indicator, **_prov(a.provenance)})


def supervision_props(i: int, s) -> dict[str, Any]:
    return _clean({"seq": i, "kind": s.kind, "basis": s.basis, "note": s.note, **_prov(s.provenance)})


def substitution_props(i: int, s) -> dict[str, Any]:
    return _clean({"seq": i, "order": s.order, "basis": s.basis, **_prov(s.provenance)})


def unresolved_props(key: str, s) -> dict[str, Any]:
    return _clean({"org": key, "text": s.substitute_text, **_prov(s.provenance)})


def declared_props(key: str, i: int, d) -> dict[str, Any]:
    return _clean({"org": key, "seq": i, "subject": d.subject, "measure": d.measure, "value": d.value,
                   "title": d.title, "about": d.about, "label": d.label, **_prov(d.provenance)})


def warning_props(key: str, i: int, w) -> dict[str, Any]:
    return _clean({"org": key, "seq": i, "code": w.code, "message": w.message, "severity": w.severity,
                   "subject": w.subject, **_prov(w.provenance)})


# Labels a node is created with: the live ones, or (a staged load, see graph/store/staging.py) the
# staging ones, which no query matches until the switch relabels them.
LIVE = {label: label for label in ("Organisation", *ORG_LABELS)}
STAGED = {label: f"Staged:Staged{label}" for label in LIVE}


def statements(labels: dict[str, str]) -> dict[str, Any]:
    """The node-creating statements for ``labels`` (live or staged).

    ``nodes[label]`` is (fresh, reload): $rows are property maps; they return the ids in row order,
    as one list (a record per node would cost a network message and a Python object each).
    """
    return {
        "nodes": {label: (f"UNWIND $rows AS row CREATE (n:{labels[label]}) SET n = row RETURN collect(id(n)) AS ids",
                          f"UNWIND $rows AS row MERGE (n:{labels[label]} {{key: row.key}}) SET n = row "
                          "RETURN collect(id(n)) AS ids")
                  for label in ("Organisation", "Unit", "Post", "Activity")},
        # Nodes without a key, made with their one relationship: rows [target id or null, node props(, rel props)].
        "unresolved": (f"UNWIND $rows AS row MATCH (b) WHERE id(b) = row[0] "
                       f"CREATE (a:{labels['Unresolved']})-[r:SUBSTITUTES]->(b) SET a = row[1], r = row[2]"),
        "declared": (f"UNWIND $rows AS row CREATE (d:{labels['Declared']}) SET d = row[1] "
                     "WITH d, row WHERE row[0] IS NOT NULL MATCH (s) WHERE id(s) = row[0] CREATE (d)-[:ABOUT]->(s)"),
        "warnings": (f"UNWIND $rows AS row MATCH (o) WHERE id(o) = row[0] CREATE (w:{labels['Warning']})-[:OF]->(o) "
                     "SET w = row[1]"),
    }


LIVE_STATEMENTS = statements(LIVE)
STAGED_STATEMENTS = statements(STAGED)
TITLES = "UNWIND $rows AS row MERGE (t:Title {key: row.key}) SET t = row RETURN collect(id(t)) AS ids"
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
# Anything of the organisation already there? Each by its index, stopping at the first node.
EXISTS = " UNION ".join(["MATCH (n:Organisation {key: $org}) RETURN 1 AS x LIMIT 1"] + [
    f"MATCH (n:{label} {{org: $org}}) RETURN 1 AS x LIMIT 1" for label in ORG_LABELS])


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def write_org(conn, org: OrgFile, progress: bool = False, batch_size: int | None = None,
              staged: bool | None = None) -> dict[str, Any]:
    """Replace organisation ``org`` in Neo4j, all or nothing; return a summary of counts.

    An organisation is written in one transaction; one of more than
    :data:`graph.store.staging.STAGED_ABOVE` posts (or any, with ``staged=True``) is staged: written in
    many transactions where no query sees it, then switched live in one (see
    :mod:`graph.store.staging`). Either way readers see the old organisation or the new one, never a half.

    Raises :class:`InputError` (nothing written) when the model's references
    do not hold together.
    """
    from graph.store import staging

    found = list(problems(org))
    if found:
        loc, message = found[0]
        raise InputError(message, key=".".join(map(str, loc)))
    # Once per connection: a folder of hundreds of bodies need not re-check the schema each time.
    if not conn.schema_applied:
        apply_schema(conn)
        conn.schema_applied = True
    if staged is None:
        staged = len(org.posts) > staging.STAGED_ABOVE
    # The rows are many small acyclic objects; the cyclic GC's passes over them (and over the
    # whole model, at each full collection) are pure overhead here.
    enabled = gc.isenabled()
    gc.disable()
    try:
        if staged:
            staging.write_staged(conn, org, progress, batch_size or BATCH)
        else:
            work, total = _work(org, batch_size or BATCH)
            _run(conn, work, org.organisation.key, total, progress)
    finally:
        if enabled:
            gc.enable()
    return summary(org)


def _work(org: OrgFile, size: int, staged: bool = False):
    """The transaction function that writes ``org`` (``work(tx, advance)``) and its number of rows.

    ``write_org`` runs it in one transaction. It only calls ``tx.run(...)``, so a staged load
    (graph/store/staging.py) runs it statement by statement under the staging labels: always a fresh
    write, the live organisation is replaced at the switch.
    """
    stmts = STAGED_STATEMENTS if staged else LIVE_STATEMENTS
    key = org.organisation.key
    total = (1 + len(org.titles) + 2 * len(org.units) + 3 * len(org.posts) + len(org.supervision)
             + len(org.substitution) + len(org.declared) + 2 * len(org.activities) + len(org.warnings))

    def work(tx, advance):
        fresh = staged or not tx.run(EXISTS, org=key).values()
        if not fresh:
            _clear_for_reload(tx, org)
        which = 0 if fresh else 1

        # The driver keeps every result of the transaction, with its parameters, until the commit:
        # each batch's rows are cleared once sent, or a 1M-post load would hold all of them at once.
        def nodes(label: str, props: Iterable[dict]) -> list[int]:
            out: list[int] = []
            for chunk in _batches(props, size):
                out += tx.run(stmts["nodes"][label][which], rows=chunk).single()[0]
                advance(len(chunk))
                chunk.clear()
            return out

        def run(cypher: str, rows: Iterable[list]) -> None:
            for chunk in _batches(rows, size):
                tx.run(cypher, rows=chunk).consume()
                advance(len(chunk))
                chunk.clear()

        ids: dict[str, int] = {}
        # Staged, the organisation carries `org` like its other nodes, so leftovers can be found.
        org_id = nodes("Organisation", [{**org_props(org), "org": key} if staged else org_props(org)])[0]
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
        run(stmts["unresolved"], ([ids[s.principal], unresolved_props(key, s), substitution_props(i, s)]
                         for i, s in subs if not s.substitute))
        run(stmts["declared"], ([ids.get(d.subject), declared_props(key, i, d)] for i, d in enumerate(org.declared)))
        run(RELS["OF"], ([acts[a.key], org_id] for a in org.activities))
        for rel, field in (("RESPONSIBLE_FOR", "responsible"), ("APPROVES", "approvers")):
            # Actors are posts or units; other names stay text on the activity only.
            run(RELS[rel], ([ids[k], acts[a.key], {"seq": i}] for a in org.activities
                            for i, k in enumerate(getattr(a, field)) if k in ids and k != key))
        run(stmts["warnings"], ([org_id, warning_props(key, i, w)] for i, w in enumerate(org.warnings)))
        if not staged:
            # Kept nodes would keep the severity labels of a stored check; a reload is a new graph.
            # (After the writes: changes before them slow every key look-up in this transaction.)
            tx.run(query("findings", "clear_findings"), org=key).consume()

    return work, total


def _run(conn, work, key: str, total: int, progress: bool, execute=None) -> None:
    """Run ``work(tx, advance)`` through ``execute`` (default: one managed write transaction)."""
    execute = execute or conn.execute_write
    if progress and total >= 20_000:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from graph.cli.common import err_console

        with Progress(TextColumn(f"loading {key}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err_console, transient=True) as bar:
            task = bar.add_task("load", total=total)
            # A retried transaction starts the bar again.
            execute(lambda tx: (bar.reset(task), work(tx, lambda n: bar.advance(task, n))))
    else:
        execute(lambda tx: work(tx, lambda n: None))


def _clear_for_reload(tx, org: OrgFile) -> None:
    """Make room for a reload in place: every relationship of the org goes, nodes without a key
    go, keyed nodes go only when the new model no longer has their key (then MERGE keeps the rest).

    Not delete-and-recreate: in Neo4j 5 every uniqueness check on a new node scans the set of all
    nodes deleted earlier in the transaction, so re-creating a 100k-post org after deleting it is
    quadratic (minutes). Kept nodes cost nothing of the kind.
    """
    key = org.organisation.key
    keep = {"Unit": [u.key for u in org.units], "Post": [p.key for p in org.posts],
            "Activity": [a.key for a in org.activities]}
    for label in ORG_LABELS:
        tx.run(REPLACE_RELS[label], org=key).consume()
    tx.run(REPLACE_ORG_RELS, org=key).consume()
    for label in REPLACE_UNKEYED:
        tx.run(REPLACE_UNKEYED[label], org=key).consume()
    for label in KEYED:
        tx.run(REPLACE_GONE[label], org=key, keys=keep[label]).consume()


def delete_org(conn, key: str) -> bool:
    """Remove one organisation's graph, all or nothing. True if it existed.

    One transaction, unless the organisation is too big for one (more than
    :data:`graph.store.staging.STAGED_ABOVE` posts): then it is taken out of sight in one
    transaction and deleted in batches (see :mod:`graph.store.staging`).
    """
    from graph.store import staging

    posts = conn.execute_read(lambda tx: tx.run(COUNT_POSTS, org=key).single()["n"])
    if posts > staging.STAGED_ABOVE:
        existed = staging.retire(conn, key)
        staging.purge(conn, key)
        return existed

    def work(tx):
        existed = tx.run("MATCH (o:Organisation {key: $org}) RETURN count(o) AS n", org=key).single()["n"] > 0
        for label in ORG_LABELS:
            while tx.run(DELETE_BATCH[label], org=key, limit=BATCH).single()["n"]:
                pass
        tx.run(DELETE_ORG, org=key).consume()
        return existed

    return conn.execute_write(work)
