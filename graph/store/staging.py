"""Big organisations: written in many transactions, switched live in one.

One transaction of a million posts does not fit the server's transaction memory (it needs
more than 8 GiB of it; see BENCHMARKS.md). A staged load writes the organisation under
staging labels (``Staged`` and ``StagedPost``, ``StagedUnit``, ...), which no query matches,
a statement per transaction; then one transaction, the switch, retires the live organisation
(relabels its nodes ``Retired``) and relabels the staged nodes live. Readers see the old
organisation or the new one, never a half. Retired nodes are deleted afterwards in batches,
unseen meanwhile.

If the load fails before the switch, its staged nodes are removed; if the process dies,
they stay unseen and the next load of that organisation, or :func:`purge`, removes them.
Deleting an organisation works the same way: retired in one transaction, purged in batches.
"""

from __future__ import annotations

import os
from contextlib import nullcontext
from typing import Any

from graph.schema.model import OrgFile
from graph.store.writer import ORG_LABELS, STAGED, _run, _work

# Posts above which write_org stages a load; a one-transaction load takes ~9 KB of the server's
# transaction memory per post (70% of the heap: ~450k posts with the default 6g).
STAGED_ABOVE = int(os.environ.get("ORGRAPH_STAGED_ABOVE", "200000"))
PURGE_BATCH = 10_000

PURGE_STAGED = "MATCH (n:Staged {org: $org}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n"
PURGE_RETIRED = "MATCH (n:Retired) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n"
RETIRE = [f"MATCH (n:{kind} {{org: $org}}) REMOVE n:{kind} SET n:Retired" for kind in ORG_LABELS]
RETIRE_ORG = "MATCH (o:Organisation {key: $org}) REMOVE o:Organisation SET o:Retired RETURN count(o) AS n"
# The staging labels are the writer's (graph.store.writer.STAGED): `Staged` and `Staged<label>`.
PROMOTE = [f"MATCH (n:{STAGED[kind]}) WHERE n.org = $org REMOVE n:{STAGED[kind]} SET n:{kind}"
           for kind in ORG_LABELS]
PROMOTE_ORG = (f"MATCH (o:{STAGED['Organisation']} {{key: $org}}) "
               f"REMOVE o:{STAGED['Organisation']}, o.org SET o:Organisation RETURN count(o) AS n")


class _StatementPerTransaction:
    """Looks like a transaction to the writer's work function; each ``run`` commits on its own."""

    def __init__(self, session) -> None:
        self.session = session

    def run(self, cypher: str, **params: Any):
        return self.session.run(cypher, **params)


def write_staged(conn, org: OrgFile, progress: bool, batch_size: int) -> None:
    """Write ``org`` staged, switch it live, purge what it replaced (see the module docstring)."""
    key = org.organisation.key
    purge(conn, key)  # leftovers of an earlier load of this organisation that died
    work, total = _work(org, batch_size, staged=True)
    try:
        with conn.driver.session(database=conn.settings.database) as session:
            _run(conn, work, key, total, progress, execute=lambda fn: fn(_StatementPerTransaction(session)))
        # The switch of a big body takes a while (a minute at 1M posts) after the bar is full.
        with _status(progress, f"switching {key} live (one transaction)"):
            conn.execute_write(_switch, key)
    except BaseException:
        try:
            purge(conn, key, retired=False)
        except Exception:  # noqa: BLE001 - the first error is the one to report; leftovers stay unseen
            pass
        raise
    with _status(progress, "deleting the replaced version"):
        purge(conn, None)


def _status(progress: bool, message: str):
    if not progress:
        return nullcontext()
    from graph.cli.common import err_console

    return err_console.status(message)


def _retire(tx, key: str) -> bool:
    for cypher in RETIRE:
        tx.run(cypher, org=key).consume()
    return tx.run(RETIRE_ORG, org=key).single()["n"] > 0


def _switch(tx, key: str) -> None:
    _retire(tx, key)
    for cypher in PROMOTE:
        tx.run(cypher, org=key).consume()
    if tx.run(PROMOTE_ORG, org=key).single()["n"] != 1:
        raise RuntimeError(f"staged load of {key!r}: its organisation node is missing at the switch")


def retire(conn, key: str) -> bool:
    """Take organisation ``key`` out of sight in one transaction (then :func:`purge` deletes it).
    True if it existed."""
    return conn.execute_write(_retire, key)


def purge(conn, key: str | None, retired: bool = True) -> int:
    """Delete, in batches, the staged leftovers of organisation ``key`` (if given) and all
    retired nodes (if ``retired``). Returns the number of nodes deleted."""
    total = 0
    jobs = ([(PURGE_STAGED, {"org": key})] if key else []) + ([(PURGE_RETIRED, {})] if retired else [])
    for cypher, params in jobs:
        while n := conn.execute_write(lambda tx: tx.run(cypher, limit=PURGE_BATCH, **params).single()["n"]):
            total += n
    return total
