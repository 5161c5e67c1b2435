"""Versions of an organisation in the store: every load writes a new generation, readers pin one.

Every node an organisation owns (Post, Unit, Declared, Warning, Unresolved, Activity, and the
version's own organisation node, labelled ``OrgVersion``) carries ``org`` (the organisation key)
and ``gen`` (a fresh integer per load). Relationships only ever link nodes of one generation
(and the shared ``Title`` nodes), so a traversal from a pinned node stays in its generation.

Each organisation has one ``Organisation`` node (key unique) whose ``gen`` names the live
generation; it also carries the live version's name, kind, parent and snapshot for listings.
A load writes a complete new generation and commits it; then a tiny transaction sets
``Organisation.gen`` and marks the old version's node ``retired`` (a timestamp). The pointer is
one integer property of one node on purpose: Neo4j reads are read-committed and a reader can
see part of a concurrent commit, but never half of one property (two labels swapped, or a
generation's nodes written in the same transaction as its switch, could be seen half-done).
Retired generations stay, untouched, until :func:`purge` deletes them in batches once the grace
period (``ORGRAPH_PURGE_GRACE`` seconds, default 120, longer than any console or query timeout)
has passed, so a reader that pinned one never sees it half-deleted.

A reader resolves the live generation(s) once per operation (``Connection.gens``/``gen``,
``Connection.pinned``) and passes ``$gen`` / ``$gens`` to every query of that operation.
"""

from __future__ import annotations

import uuid
from graph.settings import current
from typing import Callable

# Labels whose nodes belong to one generation of one organisation.
ORG_LABELS = ("Post", "Unit", "Declared", "Warning", "Unresolved", "Activity", "Holder")
PURGE_BATCH = 10_000
# What a listing shows of the live version, copied onto the Organisation node at the switch.
LISTED = ("name", "name_norm", "kind", "parent", "snapshot", "part_of", "reports_to", "independent",
          "identifiers")


def grace_seconds() -> float:
    """How long a retired generation stays readable (``ORGRAPH_PURGE_GRACE``, seconds)."""
    return current().purge_grace


def new_gen() -> int:
    """A fresh generation id: a random positive 63-bit integer, unique across organisations and loads
    (an integer is stored inline in its property record: switching it is one record write).

    >>> 0 < new_gen() < 2 ** 63, new_gen() != new_gen()
    (True, True)
    """
    return uuid.uuid4().int >> 65


# ---------------------------------------------------------------- the switch (its own short transaction)

# The Organisation node is written first (its write lock taken), then read: the old generation.
SWITCH = ("MATCH (v:OrgVersion {gen: $gen}) WHERE v.key = $org AND v.pending IS NOT NULL "
          "MERGE (o:Organisation {key: $org}) SET o.switched = timestamp() "
          "WITH o, v, o.gen AS old "
          "SET o.gen = $gen, " + ", ".join(f"o.{f} = v.{f}" for f in LISTED) + " REMOVE v.pending "
          "RETURN old")
RETIRE_GEN = "MATCH (v:OrgVersion {gen: $gen}) SET v.retired = timestamp()"
# Delete: the Organisation node goes (one node, seen or not by a reader, never half).
DROP_ORG = ("MATCH (o:Organisation {key: $org}) SET o.switched = timestamp() "
            "WITH o, o.gen AS old DETACH DELETE o RETURN old")
# A generation a dead load left (never live, never retired): nobody can have pinned it.
ABANDON = ("MATCH (o:OrgVersion {key: $org}) WHERE o.pending IS NOT NULL AND o.gen <> $gen "
           "SET o.retired = 0 REMOVE o.pending RETURN count(o) AS n")


# Dated generations (graph/store/versions.py) are versions to keep: a switch retires the old live
# generation only when it is undated, and a dated load retires the kept version it replaces (same
# valid_from). A dated load older than the live version is kept without becoming live.
SWITCH_INFO = ("MATCH (v:OrgVersion {gen: $gen}) WHERE v.key = $org AND v.pending IS NOT NULL "
               "MERGE (o:Organisation {key: $org}) SET o.switched = timestamp() "
               "WITH o, v OPTIONAL MATCH (l:OrgVersion {gen: o.gen}) "
               "RETURN v.valid_from AS vf, o.gen AS live, l.valid_from AS live_vf")
RETIRE_REPLACED = ("MATCH (v:OrgVersion {key: $org}) WHERE v.gen <> $gen AND v.valid_from = $vf "
                   "AND v.pending IS NULL AND v.retired IS NULL SET v.retired = timestamp() RETURN collect(v.gen) AS gens")
RETIRE_UNDATED = "MATCH (v:OrgVersion {gen: $gen}) WHERE v.valid_from IS NULL SET v.retired = timestamp()"
KEEP = "MATCH (v:OrgVersion {gen: $gen}) REMOVE v.pending"
RETIRE_ALL = ("MATCH (v:OrgVersion {key: $org}) WHERE v.pending IS NULL AND v.retired IS NULL "
              "SET v.retired = timestamp()")


def switch(tx, org: str, gen: int) -> int | None:
    """Make generation ``gen`` of ``org`` live, retiring the previous one unless it is a dated
    version (kept); its gen (None: first load). A dated generation older than the live dated one
    is kept as a version without becoming live (returns the live gen, unchanged)."""
    info = tx.run(SWITCH_INFO, org=org, gen=gen).single()
    if info is None:
        raise RuntimeError(f"load of {org!r}: its new version is missing at the switch")
    replaced = []
    if info["vf"] is not None:
        replaced = tx.run(RETIRE_REPLACED, org=org, gen=gen, vf=info["vf"]).single()["gens"]
    live, live_vf = info["live"], info["live_vf"]
    if not (live is None or info["vf"] is None or live_vf is None or info["vf"] >= live_vf or live in replaced):
        tx.run(KEEP, gen=gen).consume()
        return live
    row = tx.run(SWITCH, org=org, gen=gen).single()
    if row["old"] is not None:
        tx.run(RETIRE_UNDATED, gen=row["old"]).consume()
    return row["old"]


def retire(tx, org: str) -> bool:
    """Take organisation ``org`` out of sight (delete), its kept versions too: True if it was loaded."""
    row = tx.run(DROP_ORG, org=org).single()
    if row is None:
        return False
    if row["old"] is not None:
        tx.run(RETIRE_GEN, gen=row["old"]).consume()
    tx.run(RETIRE_ALL, org=org).consume()
    return True


def abandon_pending(tx, org: str, keep: int | None) -> int:
    """Mark the never-switched generations of ``org`` (a load that died) for immediate purging."""
    return tx.run(ABANDON, org=org, gen=keep).single()["n"]


# ---------------------------------------------------------------- purging (its own transactions)

DUE = ("MATCH (o:OrgVersion) WHERE o.retired IS NOT NULL AND o.retired <= timestamp() - $grace_ms "
       "RETURN o.gen AS gen ORDER BY o.retired")
PURGE_NODES = {label: f"MATCH (n:{label} {{gen: $gen}}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n"
               for label in ORG_LABELS}
PURGE_VERSION = "MATCH (o:OrgVersion {gen: $gen}) WHERE o.retired IS NOT NULL DETACH DELETE o RETURN count(*) AS n"
# Pending generations whose loader is gone (its lease expired or was released) cannot be
# switched any more; `orgraph db purge` marks them too.
STALE_PENDING = ("MATCH (o:OrgVersion) WHERE o.pending IS NOT NULL "
                 "AND NOT EXISTS { MATCH (l:OrgLock {org: o.key}) WHERE l.holder IS NOT NULL "
                 "AND l.expires > timestamp() } "
                 "SET o.retired = 0 REMOVE o.pending RETURN count(o) AS n")


def purge(conn, grace: float | None = None, progress: Callable[[int], None] | None = None) -> int:
    """Delete every generation retired more than ``grace`` seconds ago (default
    :func:`grace_seconds`), in batches of their own transactions. Returns the number of nodes deleted.
    """
    grace_ms = int(1000 * (grace_seconds() if grace is None else grace))
    return sum(purge_gen(conn, row["gen"], progress) for row in conn.read(DUE, grace_ms=grace_ms))


def purge_gen(conn, gen: int, progress: Callable[[int], None] | None = None) -> int:
    """Delete retired generation ``gen``, node label by node label, its organisation node last: a
    purge that is interrupted leaves a still-retired ``OrgVersion`` behind, and the next one finishes it."""
    total = 0
    for label in ORG_LABELS:
        while n := conn.execute_write(
                lambda tx: tx.run(PURGE_NODES[label], gen=gen, limit=PURGE_BATCH).single()["n"]):
            total += n
            if progress:
                progress(n)
    return total + conn.execute_write(lambda tx: tx.run(PURGE_VERSION, gen=gen).single()["n"])


def purge_stale(conn) -> int:
    """Mark the generations of loads that died (no live lease) for purging; their number."""
    return conn.execute_write(lambda tx: tx.run(STALE_PENDING).single()["n"])


# ---------------------------------------------------------------- databases loaded before generations

LEGACY_ORGS = ("MATCH (v:Organisation) WHERE v.gen IS NULL "
               "WITH v, toInteger(rand() * 4611686018427387903) + 1 AS g "
               "REMOVE v:Organisation SET v:OrgVersion, v.org = v.key, v.gen = g "
               "CREATE (o:Organisation {key: v.key, gen: g}) SET "
               + ", ".join(f"o.{f} = v.{f}" for f in LISTED) + " RETURN count(v) AS n")
LEGACY_NODES = {label: (f"MATCH (n:{label}) WHERE n.gen IS NULL AND n.org IS NOT NULL "
                        "CALL (n) { MATCH (o:Organisation {key: n.org}) SET n.gen = o.gen } "
                        "IN TRANSACTIONS OF 10000 ROWS")
                for label in ORG_LABELS}
# Leftovers of the staged loads of that time (labels Staged and Retired), never live.
LEGACY_LEFTOVERS = "MATCH (n:Staged|Retired) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def migrate(conn) -> int:
    """Give the organisations of a database loaded before generations one generation each
    so pinned reads see them; the number of organisations migrated."""
    n = conn.execute_write(lambda tx: tx.run(LEGACY_ORGS).single()["n"])
    if n:
        with conn.driver.session(database=conn.settings.database) as s:
            for cypher in (*LEGACY_NODES.values(), LEGACY_LEFTOVERS):
                s.run(cypher).consume()
    return n
