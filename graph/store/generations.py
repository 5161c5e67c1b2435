"""Versions of an organisation in the store: every load writes a new generation, readers pin one.

Every node an organisation owns (Post, Unit, Declared, Warning, Unresolved, Activity, and its
organisation node, labelled ``OrgVersion``) carries ``org`` (the organisation key) and ``gen``
(a fresh id per load). Relationships only ever link nodes of one generation (and the shared
``Title`` nodes), so a traversal from a pinned node stays in its generation.

The live generation of an organisation is the one whose ``OrgVersion`` node also has the label
``Organisation`` (a uniqueness constraint on ``Organisation.key`` keeps it to one). A load writes
a complete new generation, then switches it live in a tiny transaction: the old organisation node
loses the label and gets ``retired`` (a timestamp). Its nodes stay, untouched, until
:func:`purge` deletes them in batches once the grace period (``ORGRAPH_PURGE_GRACE`` seconds,
default 120, longer than any console or query timeout) has passed, so a reader that pinned the
old generation never sees it half-deleted.

A reader resolves the live generation(s) once per operation (:func:`live`, :func:`live_gens`)
and passes ``$gen`` / ``$gens`` to every query of that operation.
"""

from __future__ import annotations

import os
import uuid
from typing import Callable, Iterable

# Labels whose nodes belong to one generation of one organisation.
ORG_LABELS = ("Post", "Unit", "Declared", "Warning", "Unresolved", "Activity")
PURGE_BATCH = 10_000


def grace_seconds() -> float:
    """How long a retired generation stays readable (``ORGRAPH_PURGE_GRACE``, seconds)."""
    return float(os.environ.get("ORGRAPH_PURGE_GRACE", "120"))


def new_gen() -> str:
    """A fresh generation id: unique across organisations and loads.

    >>> len(new_gen()), new_gen() != new_gen()
    (32, True)
    """
    return uuid.uuid4().hex


LIVE_GEN = "MATCH (o:Organisation {key: $org}) RETURN o.gen AS gen"
LIVE_GENS = "MATCH (o:Organisation) WHERE $orgs IS NULL OR o.key IN $orgs RETURN o.key AS org, o.gen AS gen"


def live(conn, org: str) -> str | None:
    """The live generation of organisation ``org`` (None: not loaded). Resolve once per operation."""
    rows = conn.read(LIVE_GEN, org=org)
    return rows[0]["gen"] if rows else None


def live_gens(conn, orgs: Iterable[str] | None = None) -> list[str]:
    """The live generations of ``orgs`` (all organisations if None), for queries taking ``$gens``."""
    return [r["gen"] for r in conn.read(LIVE_GENS, orgs=list(orgs) if orgs is not None else None)]


def scope(conn, org: str | None) -> list[str]:
    """``$gens`` for a query optionally limited to one organisation: its live generation, or all."""
    if org is None:
        return live_gens(conn)
    gen = live(conn, org)
    return [gen] if gen else []


# ---------------------------------------------------------------- the switch (inside a write transaction)

# The new organisation node becomes the live one; the old one (if any) is retired. Both are tiny
# writes whatever the size of the organisation.
RETIRE_LIVE = ("MATCH (o:Organisation {key: $org}) REMOVE o:Organisation SET o.retired = timestamp() "
               "RETURN o.gen AS gen")
MAKE_LIVE = ("MATCH (o:OrgVersion {gen: $gen}) WHERE o.key = $org AND o.retired IS NULL "
             "SET o:Organisation REMOVE o.pending RETURN count(o) AS n")
# A generation a dead load left (never live, never retired): nobody can have pinned it.
ABANDON = ("MATCH (o:OrgVersion {key: $org}) WHERE o.pending IS NOT NULL AND o.gen <> $gen "
           "SET o.retired = 0 REMOVE o.pending RETURN count(o) AS n")


def switch(tx, org: str, gen: str) -> str | None:
    """Make generation ``gen`` of ``org`` live, retiring the previous one; its gen (None: first load)."""
    old = tx.run(RETIRE_LIVE, org=org).single()
    if tx.run(MAKE_LIVE, org=org, gen=gen).single()["n"] != 1:
        raise RuntimeError(f"load of {org!r}: its new organisation node is missing at the switch")
    return old["gen"] if old else None


def retire(tx, org: str) -> bool:
    """Take organisation ``org`` out of sight (delete): True if it was live."""
    return tx.run(RETIRE_LIVE, org=org).single() is not None


def abandon_pending(tx, org: str, keep: str) -> int:
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


def purge_gen(conn, gen: str, progress: Callable[[int], None] | None = None) -> int:
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

LEGACY_ORGS = ("MATCH (o:Organisation) WHERE o.gen IS NULL "
               "SET o:OrgVersion, o.org = o.key, o.gen = 'legacy-' + o.key RETURN count(o) AS n")
LEGACY_NODES = {label: (f"MATCH (n:{label}) WHERE n.gen IS NULL AND n.org IS NOT NULL "
                        "CALL (n) { SET n.gen = 'legacy-' + n.org } IN TRANSACTIONS OF 10000 ROWS")
                for label in ORG_LABELS}
# Leftovers of the staged loads of that time (labels Staged and Retired), never live.
LEGACY_LEFTOVERS = "MATCH (n:Staged|Retired) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def migrate(conn) -> int:
    """Give the organisations of a database loaded before generations one generation each
    (``legacy-<key>``), so pinned reads see them; the number of organisations migrated."""
    n = conn.execute_write(lambda tx: tx.run(LEGACY_ORGS).single()["n"])
    if n:
        with conn.driver.session(database=conn.settings.database) as s:
            for cypher in (*LEGACY_NODES.values(), LEGACY_LEFTOVERS):
                s.run(cypher).consume()
    return n
