"""One writer per organisation: a lease on a lock node in Neo4j.

Each organisation has one ``(:OrgLock {org})`` node (uniqueness-constrained). A loader takes the
lease (``holder``, ``expires``) in a short transaction, renews it from a background thread while
it loads, checks it inside its switch transaction (which also write-locks the node, so two
switches of one organisation can never interleave) and releases it at the end. A second loader
of the same organisation waits for the lease up to ``ORGRAPH_LOCK_WAIT`` seconds (default 600),
then fails naming the holder. Different organisations have different lock nodes and load in
parallel.

A lease whose holder died is taken over once it expires (``ORGRAPH_LEASE_SECONDS``, default 60),
or at once when the holder was a process on this machine that no longer runs.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from datetime import datetime, timezone

from graph.errors import OrgraphError
from graph.settings import current

HOST = socket.gethostname()

# Each statement first writes the lock node (taking its write lock until commit), then reads it:
# read first, two loaders could both see it free and both take it (a lost update).
TAKE = (
    "MERGE (l:OrgLock {org: $org}) SET l.touched = timestamp() "
    "WITH l, l.holder IS NULL OR l.expires <= timestamp() OR l.holder = $holder OR l.holder IN $dead AS free "
    "FOREACH (_ IN CASE WHEN free THEN [1] ELSE [] END | "
    "  SET l.holder = $holder, l.host = $host, l.pid = $pid, l.since = timestamp(), "
    "      l.expires = timestamp() + $ttl_ms) "
    "RETURN free, l.holder AS holder, l.host AS host, l.pid AS pid, l.since AS since")
RENEW = ("MATCH (l:OrgLock {org: $org}) SET l.touched = timestamp() "
         "WITH l WHERE l.holder = $holder SET l.expires = timestamp() + $ttl_ms RETURN count(l) AS n")
RELEASE = ("MATCH (l:OrgLock {org: $org}) SET l.touched = timestamp() "
           "WITH l WHERE l.holder = $holder REMOVE l.holder, l.host, l.pid, l.since, l.expires")
# Run in a switch transaction: no row when the lease was lost; the node stays locked till commit.
CHECK = RENEW


class LoadInProgress(OrgraphError):
    """Another process holds the organisation's load lease."""


def _ttl() -> float:
    return current().lease_seconds


def _wait() -> float:
    return current().lock_wait


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Lease:
    """The load lease of one organisation, held for a ``with`` block.

    >>> # with Lease(conn, "my-body") as lease: ... conn.execute_write(lambda tx: lease.check(tx))
    """

    def __init__(self, conn, org: str, wait: float | None = None) -> None:
        self.conn, self.org = conn, org
        self.holder = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.wait = _wait() if wait is None else wait
        self.ttl_ms = int(_ttl() * 1000)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.lost = False

    def _take(self, dead: list[str]) -> dict:
        return self.conn.execute_write(lambda tx: tx.run(
            TAKE, org=self.org, holder=self.holder, host=HOST, pid=os.getpid(), ttl_ms=self.ttl_ms,
            dead=dead).single().data())

    def acquire(self) -> None:
        deadline = time.monotonic() + self.wait
        dead: list[str] = []
        while True:
            got = self._take(dead)
            if got["free"]:
                return
            # A holder on this machine whose process is gone (killed) cannot renew: take over now.
            if got["host"] == HOST and got["pid"] is not None and not _alive(int(got["pid"])):
                dead = [got["holder"]]
                continue
            if time.monotonic() >= deadline:
                since = datetime.fromtimestamp(got["since"] / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
                raise LoadInProgress(
                    f"organisation {self.org!r} is being loaded by another process (host {got['host']}, "
                    f"pid {got['pid']}, since {since}); waited {self.wait:g} s. Try again when it has "
                    "finished (ORGRAPH_LOCK_WAIT sets the wait).")
            time.sleep(0.25)

    def _renew_loop(self) -> None:
        while not self._stop.wait(self.ttl_ms / 3000):
            try:
                n = self.conn.execute_write(lambda tx: tx.run(RENEW, org=self.org, holder=self.holder,
                                                              ttl_ms=self.ttl_ms).single()["n"])
            except Exception:  # noqa: BLE001 - a missed renewal is retried; the switch checks the lease
                continue
            if not n:
                self.lost = True
                return

    def check(self, tx) -> None:
        """Inside the switch transaction: the lease is still ours (and now write-locked till commit)."""
        if not tx.run(CHECK, org=self.org, holder=self.holder, ttl_ms=self.ttl_ms).single()["n"]:
            raise LoadInProgress(f"load of {self.org!r}: its lease expired and another process took it "
                                 "over; nothing was switched (try again)")

    def __enter__(self) -> "Lease":
        self.acquire()
        self._thread = threading.Thread(target=self._renew_loop, name=f"lease {self.org}", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        try:
            self.conn.execute_write(lambda tx: tx.run(RELEASE, org=self.org, holder=self.holder).consume())
        except Exception:  # noqa: BLE001 - an unreleased lease expires on its own
            if exc[0] is None:
                raise
