"""The naive baseline: one transaction per row, ``MERGE`` per row.

This is how a first loader is usually written, and what :mod:`graph.store.writer`
is measured against. It writes the same graph as ``write_org`` (same nodes,
relationships and properties, from the writer's own property builders), so
the benchmark compares like with like. It is not all-or-nothing: never use
it for real loads.
"""

from __future__ import annotations

from typing import Any, Callable

from graph.schema.model import OrgFile
from graph.store.generations import migrate, purge
from graph.store.writer import (activity_props, declared_props, delete_org, org_props, post_props, substitution_props,
                          supervision_props, title_props, unit_props, unresolved_props, warning_props)

# One row at a time: $row and $org. Nodes without a key of their own are merged on (org, seq).
NAIVE: dict[str, str] = {
    "organisation": "MERGE (o:Organisation {key: $row.key}) SET o = $row.props",
    "titles": "MERGE (t:Title {key: $row.key}) SET t = $row.props",
    "units": "MERGE (u:Unit {key: $row.props.key}) SET u = $row.props",
    "unit_parent_unit": ("MATCH (u:Unit {key: $row.key}) MATCH (p:Unit {key: $row.parent}) "
                         "MERGE (u)-[:PART_OF]->(p)"),
    "unit_parent_org": ("MATCH (o:Organisation {key: $org}) MATCH (u:Unit {key: $row.key}) "
                        "MERGE (u)-[:PART_OF]->(o)"),
    "posts_in_unit": ("MATCH (u:Unit {key: $row.unit}) MERGE (p:Post {key: $row.props.key}) SET p = $row.props "
                      "MERGE (p)-[:IN]->(u)"),
    "posts_in_org": ("MATCH (o:Organisation {key: $org}) MERGE (p:Post {key: $row.props.key}) SET p = $row.props "
                     "MERGE (p)-[:IN]->(o)"),
    # The writer makes the title edge with the post; done the naive way it is a row of its own.
    "post_title": "MATCH (p:Post {key: $row.props.key}) MATCH (t:Title {key: $row.title}) MERGE (p)-[:HAS_TITLE]->(t)",
    "heads": "MATCH (p:Post {key: $row.key}) MATCH (u:Unit {key: $row.heads}) MERGE (p)-[:HEADS]->(u)",
    "supervision": ("MATCH (a:Post {key: $row.post}) MATCH (b:Post {key: $row.superior}) "
                    "MERGE (a)-[r:REPORTS_TO {seq: $row.props.seq}]->(b) SET r = $row.props"),
    "substitution": ("MATCH (a:Post {key: $row.substitute}) MATCH (b:Post {key: $row.principal}) "
                     "MERGE (a)-[r:SUBSTITUTES {seq: $row.props.seq}]->(b) SET r = $row.props"),
    "substitution_unresolved": ("MATCH (b:Post {key: $row.principal}) "
                                "MERGE (a:Unresolved {org: $org, seq: $row.props.seq}) SET a = $row.node "
                                "MERGE (a)-[r:SUBSTITUTES {seq: $row.props.seq}]->(b) SET r = $row.props"),
    "declared_org": ("MATCH (o:Organisation {key: $org}) MERGE (d:Declared {org: $org, seq: $row.props.seq}) "
                     "SET d = $row.props MERGE (d)-[:ABOUT]->(o)"),
    "declared_unit": ("MATCH (s:Unit {key: $row.subject}) MERGE (d:Declared {org: $org, seq: $row.props.seq}) "
                      "SET d = $row.props MERGE (d)-[:ABOUT]->(s)"),
    "declared_post": ("MATCH (s:Post {key: $row.subject}) MERGE (d:Declared {org: $org, seq: $row.props.seq}) "
                      "SET d = $row.props MERGE (d)-[:ABOUT]->(s)"),
    "declared_loose": "MERGE (d:Declared {org: $org, seq: $row.props.seq}) SET d = $row.props",
    "activities": ("MATCH (o:Organisation {key: $org}) MERGE (a:Activity {key: $row.key}) SET a = $row.props "
                   "MERGE (a)-[:OF]->(o)"),
    "actor_post": ("MATCH (x:Post {key: $row.actor}) MATCH (a:Activity {key: $row.activity}) "
                   "CALL (x, a) { WITH * WHERE $row.rel = 'RESPONSIBLE_FOR' MERGE (x)-[:RESPONSIBLE_FOR {seq: $row.i}]->(a) } "
                   "CALL (x, a) { WITH * WHERE $row.rel = 'APPROVES' MERGE (x)-[:APPROVES {seq: $row.i}]->(a) }"),
    "actor_unit": ("MATCH (x:Unit {key: $row.actor}) MATCH (a:Activity {key: $row.activity}) "
                   "CALL (x, a) { WITH * WHERE $row.rel = 'RESPONSIBLE_FOR' MERGE (x)-[:RESPONSIBLE_FOR {seq: $row.i}]->(a) } "
                   "CALL (x, a) { WITH * WHERE $row.rel = 'APPROVES' MERGE (x)-[:APPROVES {seq: $row.i}]->(a) }"),
    "warnings": ("MATCH (o:Organisation {key: $org}) MERGE (w:Warning {org: $org, seq: $row.props.seq}) "
                 "SET w = $row.props MERGE (w)-[:OF]->(o)"),
}


def plan(org: OrgFile) -> list[tuple[str, list[dict]]]:
    """The rows of each :data:`NAIVE` statement, in load order, keyed by post/unit key (no ids)."""
    key = org.organisation.key
    units = {u.key for u in org.units}
    posts = {p.key for p in org.posts}
    post_rows = [{"unit": p.unit, "title": p.title, "props": post_props(key, i, p)} for i, p in enumerate(org.posts)]
    subs = [{"principal": s.principal, "substitute": s.substitute, "props": substitution_props(i, s),
             "node": unresolved_props(key, s)} for i, s in enumerate(org.substitution)]
    declared = [{"subject": d.subject, "props": declared_props(key, i, d)} for i, d in enumerate(org.declared)]
    actors = [{"actor": k, "activity": a.key, "rel": rel, "i": i}
              for a in org.activities for rel, field in (("RESPONSIBLE_FOR", "responsible"), ("APPROVES", "approvers"))
              for i, k in enumerate(getattr(a, field))]
    steps = [
        ("organisation", [{"key": key, "props": org_props(org)}]),
        ("titles", [{"key": t.key, "props": title_props(t)} for t in org.titles]),
        ("units", [{"props": unit_props(key, i, u)} for i, u in enumerate(org.units)]),
        ("unit_parent_unit", [{"key": u.key, "parent": u.parent} for u in org.units if u.parent]),
        ("unit_parent_org", [{"key": u.key} for u in org.units if not u.parent]),
        ("posts_in_unit", [r for r in post_rows if r["unit"]]),
        ("posts_in_org", [r for r in post_rows if not r["unit"]]),
        ("heads", [{"key": p.key, "heads": p.heads} for p in org.posts if p.heads]),
        ("supervision", [{"post": s.post, "superior": s.superior, "props": supervision_props(i, s)}
                         for i, s in enumerate(org.supervision)]),
        ("substitution", [x for x in subs if x["substitute"]]),
        ("substitution_unresolved", [x for x in subs if not x["substitute"]]),
        ("declared_org", [x for x in declared if x["subject"] == key]),
        ("declared_unit", [x for x in declared if x["subject"] in units]),
        ("declared_post", [x for x in declared if x["subject"] in posts]),
        ("declared_loose", [x for x in declared if x["subject"] not in units | posts and x["subject"] != key]),
        ("activities", [{"key": a.key, "props": activity_props(key, i, a)} for i, a in enumerate(org.activities)]),
        ("actor_post", [x for x in actors if x["actor"] in posts]),
        ("actor_unit", [x for x in actors if x["actor"] in units]),
        ("warnings", [{"props": warning_props(key, i, w)} for i, w in enumerate(org.warnings)]),
    ]
    return [(name, data) for name, data in steps if data]


def naive_load(conn, org, progress: Callable[[int], Any] | None = None) -> int:
    """Load ``org`` row by row, each row its own transaction; returns the number of transactions."""
    from graph.store.writer import apply_schema

    apply_schema(conn)
    delete_org(conn, org.organisation.key)
    # MERGE by key would find the retired version's nodes: gone now (a benchmark has no readers to keep).
    purge(conn, grace=0)
    key = org.organisation.key
    with conn.driver.session(database=conn.settings.database) as session:
        # The look-ups a naive loader relies on: keys unique database-wide, nodes found by `org`.
        # The store's own schema has neither (keys are unique per generation), so the baseline
        # gets them for its run only.
        for stmt in NAIVE_INDEXES:
            session.run(stmt).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
        try:
            done = _naive_rows(session, org, key, progress)
        finally:
            for label, prop in NAIVE_INDEXED:
                session.run(f"DROP INDEX bench_naive_{label.lower()}_{prop} IF EXISTS").consume()
    # What it wrote becomes the organisation's live version, as a database loaded before generations would.
    migrate(conn)
    return done


NAIVE_INDEXED = (("Post", "key"), ("Unit", "key"), ("Activity", "key"), ("Declared", "org"),
                 ("Unresolved", "org"), ("Warning", "org"))
NAIVE_INDEXES = [f"CREATE INDEX bench_naive_{label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
                 for label, prop in NAIVE_INDEXED]


def _naive_rows(session, org, key: str, progress) -> int:
    done = 0
    for name, data in plan(org):
        cypher = NAIVE[name]
        for row in data:
            session.execute_write(lambda tx, r=row: tx.run(cypher, org=key, row=r).consume())
            done += 1
            if name.startswith("posts_in_") and row.get("title"):
                session.execute_write(lambda tx, r=row: tx.run(NAIVE["post_title"], org=key, row=r).consume())
                done += 1
            if progress:
                progress(done)
    return done
