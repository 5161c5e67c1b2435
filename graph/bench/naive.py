"""The naive baseline: one transaction per row, ``MERGE`` per row.

This is how a first loader is usually written, and what :mod:`graph.writer`
is measured against. It writes the same graph as ``write_org`` (same nodes,
relationships and properties, from the same :func:`graph.writer.plan` rows),
so the benchmark compares like with like. It is not all-or-nothing: never use
it for real loads.
"""

from __future__ import annotations

from typing import Any, Callable

from graph.writer import delete_org, plan

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


def naive_load(conn, org, progress: Callable[[int], Any] | None = None) -> int:
    """Load ``org`` row by row, each row its own transaction; returns the number of transactions."""
    from graph.writer import apply_schema

    apply_schema(conn)
    delete_org(conn, org.organisation.key)
    key = org.organisation.key
    done = 0
    with conn.driver.session(database=conn.settings.database) as session:
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
