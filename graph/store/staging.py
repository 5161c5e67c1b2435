"""Big organisations: written in many transactions, switched live in one.

One transaction of a million posts does not fit the server's transaction memory (it needs
more than 8 GiB of it; see BENCHMARKS.md). A staged load writes the new generation a
statement per transaction; no reader sees it, since readers follow the live generation
(graph/store/generations.py). Then one tiny transaction switches it live. The lease on the
organisation (graph/store/lease.py) keeps a second loader out meanwhile.

If the load fails before the switch, its generation is marked abandoned and purged; if the
process dies, it stays unseen and the next load of that organisation (or ``orgraph db purge``)
removes it.
"""

from __future__ import annotations

from typing import Any, Callable

from graph.store import generations, orgrelations
from graph.settings import current

# Posts above which write_org stages a load; a one-transaction load takes ~9 KB of the server's
# transaction memory per post (70% of the heap: ~450k posts with the default 6g).
# None: ORGRAPH_STAGED_ABOVE (the settings); a number here overrides it (tests set it).
STAGED_ABOVE: int | None = None


def threshold() -> int:
    """Organisations with more posts than this are loaded staged."""
    return STAGED_ABOVE if STAGED_ABOVE is not None else current().staged_above


class StatementPerTransaction:
    """Looks like a transaction to the writer's work function; each ``run`` commits on its own."""

    def __init__(self, session) -> None:
        self.session = session

    def run(self, cypher: str, **params: Any):
        return self.session.run(cypher, **params)


def write_staged(conn, work: Callable, total: int, key: str, gen: int, lease,
                 progress: Callable[[str, int, int], None]) -> None:
    """Run ``work(tx, advance)`` (graph/store/writer.py's rows) a statement per transaction, then
    switch generation ``gen`` of ``key`` live under ``lease``."""
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        progress(f"loading {key} (staged)", done[0], total)

    try:
        with conn.driver.session(database=conn.settings.database) as session:
            work(StatementPerTransaction(session), advance)
        # The switch is a few node writes whatever the size of the organisation.
        progress(f"switching {key} live", 0, 0)

        def switch(tx):
            lease.check(tx)
            generations.switch(tx, key, gen)
            orgrelations.link(tx, key)

        conn.execute_write(switch)
    except BaseException:
        try:
            conn.execute_write(generations.abandon_pending, key, -1)
            generations.purge_gen(conn, gen)
        except Exception:  # noqa: BLE001 - the first error is the one to report; leftovers stay unseen
            pass
        raise
