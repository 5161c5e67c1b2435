"""Organisations part of, or reporting to, other organisations: kept by key, linked when both are there.

An organisation states ``part_of`` / ``reports_to`` as the key of another organisation; the
key is stored on its versions and copied onto its ``Organisation`` node at the switch
(graph/store/generations.py), and is what every reader uses. For Cypher, the live
``Organisation`` nodes are also linked ``(:Organisation)-[:PART_OF|REPORTS_TO]->(:Organisation)``.
The ``Organisation`` node of a key lives through reloads, so the links do too; they are
remade in each switch transaction of either end: the child's outgoing ones (its keys may
have changed) and the links to the one switched from organisations naming it (it may be
loaded after them, or reloaded after a delete). Deleting an organisation removes its node
and so its links; the organisations that name it keep the key, and are linked again when it
comes back.

>>> sorted(RELATIONS)
['PART_OF', 'REPORTS_TO']
"""

from __future__ import annotations

# Relationship type -> the Organisation node's property holding the other end's key.
RELATIONS = {"PART_OF": "part_of", "REPORTS_TO": "reports_to"}

# One statement (the switch transaction stays one round trip longer, not five): unlink, then link
# out along the organisation's own keys and in from those naming it. A null key matches nothing.
LINK = ("MATCH (o:Organisation {key: $org}) "
        "CALL (o) { MATCH (o)-[r:PART_OF|REPORTS_TO]->(:Organisation) DELETE r } "
        + " ".join(f"CALL (o) {{ MATCH (p:Organisation {{key: o.{prop}}}) WHERE p <> o MERGE (o)-[:{rel}]->(p) }} "
                   f"CALL (o) {{ MATCH (c:Organisation {{{prop}: $org}}) WHERE c <> o MERGE (c)-[:{rel}]->(o) }}"
                   for rel, prop in RELATIONS.items()))

# Every loaded organisation's relations, for the checks and `orgraph hierarchy`.
ALL = ("MATCH (o:Organisation) RETURN o.key AS key, o.name AS name, o.kind AS kind, o.part_of AS part_of, "
       "o.reports_to AS reports_to, coalesce(o.independent, false) AS independent ORDER BY key")


def link(tx, org: str) -> None:
    """Remake the links of organisation ``org`` (in its switch transaction, after the switch)."""
    tx.run(LINK, org=org).consume()


def relations(conn) -> list[dict]:
    """key, name, kind, part_of, reports_to and independent of every loaded organisation, by key."""
    return conn.read(ALL)
