"""One way to reach Neo4j, whichever server it is.

``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``)
names an existing server: a single instance, a cluster or Aura
(``neo4j+s://``). Without it, orgraph uses its managed local server
(:mod:`graph.store.server`), starting it on first use. Reads go through
``execute_read`` so a cluster can route them to readers; writes through
``execute_write``.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from neo4j import GraphDatabase, RoutingControl, unit_of_work
from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable, SessionExpired

from graph.store import server
from graph.errors import DatabaseUnavailable, NotFound
from graph.settings import current


#: The day every new connection reads as of (None: the live versions); see :func:`reading_as_of`.
AS_OF: ContextVar[date | None] = ContextVar("orgraph_as_of", default=None)


@contextmanager
def reading_as_of(day: date | None) -> Iterator[None]:
    """Within the block, connections read the versions in force on ``day`` (None: the live ones):
    the one place a command's ``--as-of`` takes effect, for every query pinned through ``gens``."""
    token = AS_OF.set(day)
    try:
        yield
    finally:
        AS_OF.reset(token)


@dataclass(frozen=True)
class Settings:
    uri: str
    user: str
    password: str | None
    database: str = "neo4j"
    managed: bool = False

    def __repr__(self) -> str:  # never show the password
        return f"Settings(uri={self.uri!r}, user={self.user!r}, database={self.database!r}, managed={self.managed})"


def settings(autostart: bool = True) -> Settings:
    """Settings from the environment, or the managed server's (started if needed)."""
    env = current()
    if env.neo4j_uri:
        check_uri(env.neo4j_uri)
        return Settings(uri=env.neo4j_uri, user=env.neo4j_user,
                        password=env.neo4j_password.get_secret_value() if env.neo4j_password else None,
                        database=env.neo4j_database)
    cfg = server.ServerConfig.from_env()
    if not server.is_running(cfg):
        if not autostart:
            raise DatabaseUnavailable(f"the managed Neo4j server is not running (state in {cfg.home}); "
                                      "start it with: orgraph db start")
        server.say(f"Starting the managed Neo4j server at {cfg.uri} ...")
        server.start(cfg)
    return Settings(uri=cfg.uri, user=server.USER, password=server.password(cfg), managed=True)


# The live generation of each organisation (or of one, $org): the pointer graph/store/generations.py
# switches. The .cypher files resolve the same inline when a read is not pinned (Connection.view).
LIVE = "MATCH (o:Organisation) WHERE $org IS NULL OR o.key = $org RETURN o.key AS org, o.gen AS gen"

#: What the Bolt driver speaks. (The driver also knows http(s):// for Neo4j's query API, which
#: needs extra modules and none of the transactions this project relies on.)
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def check_uri(uri: str) -> None:
    """Refuse, in one sentence, a NEO4J_URI the driver cannot use.

    >>> check_uri("bolt://127.0.0.1:7687")
    >>> check_uri("http://127.0.0.1:7474")
    Traceback (most recent call last):
    ...
    graph.errors.DatabaseUnavailable: NEO4J_URI='http://127.0.0.1:7474' uses http://, which orgraph does not support; use bolt://HOST:7687 or neo4j://HOST:7687 (+s or +ssc for TLS).
    """
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        what = f"uses {scheme}://, which orgraph does not support" if scheme else "has no scheme"
        raise DatabaseUnavailable(f"NEO4J_URI={uri!r} {what}; use bolt://HOST:7687 or neo4j://HOST:7687 "
                                  "(+s or +ssc for TLS).")


def settings_for_tests() -> Settings:
    """The test suite uses the same mechanism: $NEO4J_URI, or one managed server per session."""
    return settings(autostart=True)


class Connection:
    """A driver plus the database name, with managed transactions only.

    >>> # conn.read("MATCH (p:Post {key: $key}) RETURN p.name AS name", key="kite/post/1")
    """

    def __init__(self, cfg: Settings):
        self.settings = cfg
        self.schema_applied = False  # set by the writer once constraints and indexes are in place
        # org -> generation while pinned (see pinned()); per thread, as a driver is shared by threads.
        self._local = threading.local()
        try:
            # Notifications (e.g. "label does not exist yet" on an empty database) are noise here.
            self.driver = GraphDatabase.driver(cfg.uri, auth=(cfg.user, cfg.password or ""),
                                               max_connection_lifetime=3600,
                                               notifications_min_severity="OFF")
            self.driver.verify_connectivity()
        except AuthError:
            raise DatabaseUnavailable(
                f"Neo4j at {cfg.uri} refused user {cfg.user!r}: wrong password. Set NEO4J_USER and "
                "NEO4J_PASSWORD" + (" (or run: orgraph db reset)" if cfg.managed else "") + ".") from None
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            hint = ("start it with: orgraph db start" if cfg.managed else
                    "check that the server runs and NEO4J_URI is right, or unset NEO4J_URI to use the managed server")
            raise DatabaseUnavailable(f"cannot reach Neo4j at {cfg.uri} ({_reason(exc)}); {hint}.") from None
        except (ConfigurationError, ValueError, ImportError) as exc:
            raise DatabaseUnavailable(f"cannot use NEO4J_URI={cfg.uri!r}: {exc}") from None

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def pinned(self) -> Iterator["Connection"]:
        """Pin every read of the block to the generations live when it first asks for one.

        One command, one view: a reload that switches meanwhile is not seen, and the version
        read stays whole until the block ends (graph/store/generations.py keeps a retired
        generation for a grace period longer than any query timeout).
        """
        outer = getattr(self._local, "pin", None)
        self._local.pin = {} if outer is None else outer
        try:
            yield self
        finally:
            self._local.pin = outer

    #: Read the versions in force on this day (graph/store/versions.py) instead of the live ones;
    #: None: the live ones. Set by ``orgraph ... --as-of DATE`` through :func:`reading_as_of`.
    as_of = None

    def reading_day(self):
        """The day this connection reads as of (:data:`as_of`, else ``--as-of``); None: the live versions."""
        return self.as_of if self.as_of is not None else AS_OF.get()

    def _live(self) -> dict[str, str]:
        day = self.reading_day()
        if day is not None:
            from graph.store.versions import AS_OF as AS_OF_QUERY

            rows = self.read(AS_OF_QUERY, day=day.isoformat())
        else:
            rows = self.read(LIVE, org=None)
        return {r["org"]: r["gen"] for r in rows if r["gen"] is not None}

    def gens(self, org: str | None = None) -> list[int]:
        """``$gens`` for a read: the live generation of ``org``, or of every organisation (None).

        Pinned (:meth:`pinned`), the first call of the block resolves them all and later calls
        reuse that; otherwise each call resolves them afresh.
        """
        pin = getattr(self._local, "pin", None)
        if pin is None:
            live = self._live()
        else:
            if not pin:
                pin.update(self._live() or {"": -1})  # resolved, even if nothing is loaded
            live = pin
        if org is None:
            return [g for o, g in live.items() if o]
        day = self.reading_day()
        if org not in live and day is not None:
            # Read as of a day, an organisation without a version then is not "not loaded".
            raise NotFound(f"no version of {org!r} is in force on {day.isoformat()}; "
                           f"`orgraph versions {org}` lists them")
        return [live[org]] if org in live else []

    def view(self, org: str | None = None) -> dict[str, Any]:
        """The ``$gens``/``$org`` parameters of a one-query read.

        Pinned, the block's generations; otherwise ``gens`` is None and the query resolves the
        live generations itself (the ``coalesce($gens, COLLECT {...})`` idiom of the .cypher
        files), inside its own transaction: as consistent as a pin for one query, and one
        round trip fewer than asking first.
        """
        if getattr(self._local, "pin", None) is None and self.reading_day() is None:
            return {"gens": None, "org": org}
        # Read as of a day, the query cannot resolve the generations itself: they are given.
        return {"gens": self.gens(org), "org": org}

    def gens_in(self, tx, org: str | None = None) -> list[int]:
        """``$gens`` for several queries of one transaction ``tx``: the pinned generations, or the
        live ones read in ``tx`` itself (no transaction of its own)."""
        if getattr(self._local, "pin", None) is not None or self.reading_day() is not None:
            return self.gens(org)
        return [r["gen"] for r in tx.run(LIVE, org=org) if r["gen"] is not None]

    def gen(self, org: str) -> int | None:
        """The live (or pinned) generation of organisation ``org``; None if it is not loaded."""
        found = self.gens(org)
        return found[0] if found else None

    def read(self, cypher: str, timeout: float | None = None, **params: Any) -> list[dict]:
        """Run a read query in a managed read transaction; rows as dicts."""
        @unit_of_work(timeout=timeout)
        def work(tx):
            return [r.data() for r in tx.run(cypher, params)]

        return self.execute_read(work)

    def write(self, cypher: str, **params: Any) -> list[dict]:
        """Run one write query in a managed write transaction."""

        def work(tx):
            return [r.data() for r in tx.run(cypher, params)]

        return self.execute_write(work)

    def execute_read(self, work: Callable, *args: Any) -> Any:
        with self.driver.session(database=self.settings.database, default_access_mode="READ") as s:
            return s.execute_read(work, *args)

    def execute_write(self, work: Callable, *args: Any) -> Any:
        with self.driver.session(database=self.settings.database) as s:
            return s.execute_write(work, *args)

    def query(self, cypher: str, **params: Any) -> list[dict]:
        """A read through the driver's routing (``execute_query``), for one-shot reads."""
        records = self.driver.execute_query(cypher, params, database_=self.settings.database,
                                            routing_=RoutingControl.READ).records
        return [r.data() for r in records]

    def wipe(self) -> None:
        """Delete everything (tests, ``db reset``): in batches, so a big graph does not exhaust memory."""
        with self.driver.session(database=self.settings.database) as s:
            s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def counts(self, org: str | None = None) -> dict[str, int]:
        """Node and relationship counts of the live generation of one organisation, or of all
        (graph/store/generations.py): what a reader sees, not versions still loading or retired."""
        row = self.read(COUNTS, org=org)[0]
        # The whole database also holds the titles organisations share.
        titles = self.read("MATCH (t:Title) RETURN count(t) AS n")[0]["n"] if org is None else 0
        return {"nodes": row["nodes"] + titles, "relationships": row["relationships"]}


# One read: the live generations are resolved in the same transaction as they are counted.
COUNTS = (
    # o.gen read once per organisation: a switch between two reads of it would mix versions.
    "MATCH (o:Organisation) WHERE $org IS NULL OR o.key = $org "
    "WITH o.gen AS g WHERE g IS NOT NULL "
    "CALL (g) { "
    + " UNION ALL ".join(f"MATCH (n:{label} {{gen: g}}) RETURN n, COUNT {{ (n)-->() }} AS out"
                         for label in ("Post", "Unit", "Declared", "Warning", "Unresolved", "Activity", "Holder"))
    + " UNION ALL MATCH (n:OrgVersion {gen: g}) RETURN n, 0 AS out } "
    "RETURN count(n) AS nodes, coalesce(sum(out), 0) AS relationships")


def _reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


@contextmanager
def connect(autostart: bool = True) -> Iterator[Connection]:
    conn = Connection(settings(autostart=autostart))
    try:
        yield conn
    finally:
        conn.close()
