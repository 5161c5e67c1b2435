"""Ad hoc Cypher, read-only: refused before it runs unless the server's plan is a plain read.

1. first screens on the text (:mod:`graph.queries.guard`): Neo4j's ``\\uXXXX``
   escapes decoded as the server decodes them, a size and nesting limit, then
   a keyword screen over the decoded query with string literals, comments and
   back-quoted names blanked out (so ``RETURN 'CREATE'`` passes and
   ``CREATE (n)`` does not), and a lexical check of procedure and namespaced
   function names and ``USE``;
2. the verdict: ``EXPLAIN`` (plans, runs nothing) in a read transaction with a
   time-out, and a walk of the returned plan that refuses LOAD CSV, procedures
   outside a short allow-list, user-defined functions, SHOW/TERMINATE,
   administration and schema commands, ``CALL { } IN TRANSACTIONS``, another
   database and any query type but ``r``;
3. the query then runs through ``execute_read`` (a read-mode transaction the
   server enforces), with a time-out and a row limit.

Both server round trips use the async driver under a deadline, so a time-out
or Ctrl-C drops the connection (ending the transaction) at once. Parameters
travel as parameters; nothing is pasted into the query text.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from neo4j import READ_ACCESS, AsyncGraphDatabase, unit_of_work
from neo4j.exceptions import ClientError, Neo4jError
from neo4j.graph import Node, Path, Relationship

from graph.errors import InputError, ReadOnlyViolation
from graph.queries import guard

DEFAULT_LIMIT = 1000
DEFAULT_TIMEOUT = 30.0

# Clauses and commands that change data, schema or the DBMS.
_WRITE_WORDS = ("CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DETACH", "DROP", "FOREACH", "ALTER", "GRANT",
                "DENY", "REVOKE")
_WRITE_RE = re.compile(r"(?<![.:$\w])(" + "|".join(_WRITE_WORDS) + r")\b(?!\s*:)", re.I)
_PHRASES = [
    (re.compile(r"\bIN\s+(\d+\s+)?(CONCURRENT\s+)?TRANSACTIONS\b", re.I), "CALL ... IN TRANSACTIONS"),
    (re.compile(r"\bLOAD\s+CSV\b", re.I), "LOAD CSV"),
    (re.compile(r"\bPERIODIC\s+COMMIT\b", re.I), "USING PERIODIC COMMIT"),
    # Admin commands whose verbs are common variable names (start, stop) are matched as phrases.
    (re.compile(r"\b(START|STOP)\s+DATABASES?\b|\bTERMINATE\s+TRANSACTIONS?\b|\bRENAME\s+(USER|ROLE|SERVER)\b|"
                r"\b(ENABLE|DEALLOCATE|REALLOCATE|DRYRUN)\s+(SERVER|DATABASES?)\b", re.I), "an administration command"),
]
# Procedures that write or administer, by name (after CALL, or used as functions).
_PROCEDURE_RE = re.compile(
    r"\b(dbms\s*\.(?!components\b)[\w.]*|db\s*\.\s*(create|drop|clearquerycaches|checkpoint)[\w.]*|"
    r"db\s*\.\s*index\s*\.\s*fulltext\s*\.\s*(create|drop)[\w.]*|tx\s*\.\s*setmetadata|"
    r"apoc\s*\.\s*(create|merge|refactor|periodic|load|import|export|trigger|atomic|lock|nodes\s*\.\s*delete|"
    r"cypher\s*\.\s*(do|run\w*write|parallel)|schema\s*\.\s*assert|do\s*\.)[\w.]*)", re.I)


def blank_literals(cypher: str) -> str:
    """The query with string literals, back-quoted names and comments replaced by spaces.

    >>> blank_literals("MATCH (n) WHERE n.name = 'CREATE \\\\' x' // SET\\nRETURN `DELETE` /* MERGE */")
    'MATCH (n) WHERE n.name =                     \\nRETURN                     '
    """
    out, i, n = [], 0, len(cypher)
    while i < n:
        ch = cypher[i]
        two = cypher[i:i + 2]
        if ch in "'\"`":
            j = i + 1
            while j < n:
                if cypher[j] == "\\" and ch != "`":
                    j += 2
                    continue
                if cypher[j] == ch:
                    if ch == "`" and cypher[j + 1:j + 2] == "`":  # `` is an escaped back-quote
                        j += 2
                        continue
                    break
                j += 1
            j = min(j + 1, n)
            out.append(" " * (j - i))
            i = j
        elif two == "//":
            j = cypher.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif two == "/*":
            j = cypher.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", cypher[i:j]))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def screen(cypher: str) -> str | None:
    """What makes a query a write, by its words; None if nothing does.

    >>> screen("MATCH (n:Post) WHERE n.name = 'CREATE' RETURN n.set AS x, {delete: 1} AS m")
    >>> screen("MATCH (n) DETACH DELETE n")
    'DETACH'
    >>> screen("LOAD CSV FROM 'file:///x' AS row RETURN row")
    'LOAD CSV'
    >>> screen("CALL dbms.setConfigValue('a', 'b')")
    'procedure dbms.setConfigValue'
    """
    text = blank_literals(cypher)
    for rx, what in _PHRASES:
        if rx.search(text):
            return what
    m = _WRITE_RE.search(text)
    if m:
        return m.group(1).upper()
    m = _PROCEDURE_RE.search(text)
    if m:
        return "procedure " + re.sub(r"\s+", "", m.group(1))
    return None


def _refuse(what: str) -> ReadOnlyViolation:
    return ReadOnlyViolation(f"refused: `orgraph cypher` runs read-only queries on the graph, and this one "
                             f"would write, administer or read files ({what}). Nothing was run.")


def screen_text(cypher: str, database: str = "neo4j") -> str:
    """The first screens, on the text alone: the decoded query, or an error saying why it is refused.

    Raises :class:`ReadOnlyViolation` for a write, file read, procedure or other
    database found in the text (after Neo4j's ``\\uXXXX`` decoding), and
    :class:`InputError` for a query that is empty, too big or malformed.
    """
    if not cypher.strip():
        raise InputError("the query is empty")
    try:
        guard.check_length(cypher)
        decoded = guard.decode_escapes(cypher)
        toks = guard.check_size(decoded)
        what = screen(decoded) or guard.text_violation(toks, database)
    except guard.GuardError as exc:
        if exc.readonly:
            raise _refuse(str(exc)) from None
        raise InputError(str(exc)) from None
    if what:
        raise _refuse(what)
    return decoded


def check(conn, cypher: str, params: dict[str, Any] | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> None:
    """Raise :class:`ReadOnlyViolation` unless ``cypher`` is a read-only query, without running it.

    The text screens, then the server's plan (``EXPLAIN`` under ``timeout``).
    """
    screen_text(cypher, conn.settings.database)
    verdict(conn, cypher, params, timeout)


def verdict(conn, cypher: str, params: dict[str, Any] | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> None:
    """The server's word alone: ``EXPLAIN`` the query and refuse anything in its plan but a plain read."""
    asyncio.run(_in_session(conn.settings, timeout, _explain, cypher, dict(params or {}), timeout))


def run(conn, cypher: str, params: dict[str, Any] | None = None, limit: int = DEFAULT_LIMIT,
        timeout: float | None = DEFAULT_TIMEOUT) -> dict[str, Any]:
    """Check, then run a read-only query: ``{"columns", "rows", "truncated"}``.

    At most ``limit`` rows are fetched (``truncated`` says whether more were there).
    The plan check and the query each get ``timeout`` seconds, on the server
    (transaction time-out) and here (the connection is dropped, which ends the
    transaction); KeyboardInterrupt (Ctrl-C) does the same at once and is re-raised.
    Nodes become ``{"_labels", "_element_id", ...properties}``, relationships ``{"_type", ...}``.
    """
    params = dict(params or {})
    check(conn, cypher, params, timeout)
    return asyncio.run(_in_session(conn.settings, timeout, _execute, cypher, params, timeout, limit))


async def _in_session(settings, timeout, work, *args):
    """``work(session, database, *args)`` in a read session of a fresh async driver.

    The async driver, because a cancelled task (time-out, Ctrl-C) kills its
    connection at once and the server then ends the transaction, where the
    blocking driver waits for the server to finish first.
    """
    driver = AsyncGraphDatabase.driver(settings.uri, auth=(settings.user, settings.password or ""),
                                       notifications_min_severity="OFF")
    try:
        async with driver.session(database=settings.database, default_access_mode=READ_ACCESS) as session:
            return await work(session, settings.database, *args)
    finally:
        await driver.close()


async def _explain(session, database, cypher, params, timeout):
    @unit_of_work(timeout=timeout)
    async def explain(tx):
        summary = await (await tx.run("EXPLAIN " + cypher, params)).consume()
        return summary.plan, summary.query_type

    plan, kind = await _limited(session.execute_read(explain), timeout, "planning it (the plan check)")
    what = guard.plan_violation(plan, kind, database)
    if what:
        raise _refuse(what)


async def _execute(session, database, cypher, params, timeout, limit):
    @unit_of_work(timeout=timeout)
    async def work(tx):
        result = await tx.run(cypher, params)
        columns = list(result.keys())
        rows, truncated = [], False
        async for record in result:
            if len(rows) >= limit:
                truncated = True
                break
            rows.append({k: plain(v) for k, v in zip(columns, record.values())})
        return {"columns": columns, "rows": rows, "truncated": truncated}

    return await _limited(session.execute_read(work), timeout, "running it")


async def _limited(work, timeout, doing):
    grace = 5.0  # the server's own time-out should answer first, with its message
    try:
        return await asyncio.wait_for(work, None if timeout is None else timeout + grace)
    except asyncio.TimeoutError:
        raise InputError(f"the server took longer than {timeout} s {doing} and the console gave up; "
                         "narrow the query or give --timeout") from None
    except ClientError as exc:
        if "timedout" in (exc.code or "").lower() or "timed out" in str(exc).lower() or \
                "terminated" in str(exc).lower():
            raise InputError(f"the query ran longer than {timeout} s {doing} and was stopped; "
                             "narrow it or give --timeout") from None
        if "AccessMode" in (exc.code or "") or "read access mode" in str(exc).lower():
            raise _refuse("the server refused a write in the read-only transaction") from None
        raise InputError(f"Neo4j cannot run this query: {_server_message(exc)}") from None
    except Neo4jError as exc:
        raise InputError(f"Neo4j failed on this query: {_server_message(exc)}") from None


def _server_message(exc: Neo4jError) -> str:
    return (exc.message or str(exc)).strip().splitlines()[0][:500]


def plain(value: Any) -> Any:
    """A driver value as plain JSON-able data."""
    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), "_element_id": value.element_id,
                **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        ends = {"_start": value.start_node, "_end": value.end_node}
        return {"_type": value.type, "_element_id": value.element_id,
                **{k: n.element_id for k, n in ends.items() if n is not None and n.element_id},
                **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)  # temporal and spatial values


_TYPES = {"str": str, "int": int, "float": float, "bool": lambda s: _bool(s), "json": json.loads}


def _bool(s: str) -> bool:
    if s.lower() in ("true", "1", "yes"):
        return True
    if s.lower() in ("false", "0", "no"):
        return False
    raise ValueError(f"not a boolean: {s!r}")


def parse_param(text: str) -> tuple[str, Any]:
    """``name=value`` (a string, as typed) or ``name:type=value`` with type int, float, bool, json, str.

    >>> parse_param("name=Шеф \\"A\\" {x}")
    ('name', 'Шеф "A" {x}')
    >>> parse_param("n:int=5"), parse_param("keys:json=[\\"a\\", \\"b\\"]")
    (('n', 5), ('keys', ['a', 'b']))
    """
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise InputError(f"a parameter is name=value (or name:int=value): {text!r}")
    name, _, kind = name.strip().partition(":")
    kind = kind or "str"
    if kind not in _TYPES:
        raise InputError(f"unknown parameter type {kind!r} in {text!r}; use one of {', '.join(_TYPES)}")
    if not re.fullmatch(r"\w+", name):
        raise InputError(f"a parameter name is letters, digits and _: {name!r}")
    try:
        return name, _TYPES[kind](value)
    except ValueError as exc:
        raise InputError(f"parameter {name}: {exc}") from None
