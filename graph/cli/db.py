"""``orgraph db ...`` (the managed server) and ``orgraph orgs`` / ``delete`` (``export``: graph/cli/export.py)."""

from __future__ import annotations

import click

from graph.store import server
from graph.cli.common import console, emit, json_option, print_json


@click.group("db")
def db_group() -> None:
    """The local Neo4j server orgraph manages (when NEO4J_URI is not set)."""


@db_group.command("start")
def start_cmd() -> None:
    """Start the managed server (idempotent); first start fetches Neo4j via Maven."""
    console.print(server.start())


@db_group.command("stop")
def stop_cmd() -> None:
    """Stop the managed server (idempotent)."""
    console.print(server.stop())


@db_group.command("status")
@json_option
def status_cmd(as_json: bool) -> None:
    """Whether the managed server runs, where, and its version (or the configured server)."""
    from graph.settings import current

    if not current().managed:
        from graph.store.connection import connect

        with connect() as conn:
            row = conn.driver.execute_query("CALL dbms.components() YIELD versions, edition "
                                            "RETURN versions[0] AS version, edition").records[0]
            info = {"managed": False, "running": True, "uri": conn.settings.uri,
                    "neo4j_version": row["version"], "edition": row["edition"]}
    else:
        info = server.status()
    if as_json:
        print_json(info)
        return
    if info["running"]:
        console.print(f"Neo4j {info.get('neo4j_version')} ({info.get('edition', 'community')}) is running at "
                      f"{info['uri']}" + (f", pid {info['pid']}, data in {info['home']}" if info["managed"] else ""))
    else:
        console.print(f"the managed Neo4j server is not running (state in {info['home']}); "
                      "start it with: orgraph db start")


@db_group.command("reset")
@click.option("--yes", is_flag=True, help="Do not ask.")
def reset_cmd(yes: bool) -> None:
    """Delete all data of the managed server (and its password) and start afresh."""
    if not yes:
        click.confirm("Delete every organisation in the managed Neo4j server?", abort=True)
    console.print(server.reset())


@db_group.command("init")
def init_cmd() -> None:
    """Create constraints and indexes (idempotent; every load does this too)."""
    from graph.store.connection import connect
    from graph.store.writer import apply_schema

    with connect() as conn:
        n = apply_schema(conn)
    console.print(f"schema applied ({n} constraints and indexes)")


@db_group.command("purge")
@click.option("--grace", type=float, default=None, metavar="SECONDS",
              help="Keep versions retired less than this long [default: ORGRAPH_PURGE_GRACE, 120].")
@json_option
def purge_cmd(grace: float | None, as_json: bool) -> None:
    """Delete replaced versions of organisations once no reader can still be using them.

    A load (or `orgraph delete`) retires the version it replaces; readers that started
    before keep reading it for the grace period. Every load purges what is due; this
    does it now, and also removes what loads that died left behind.

    \b
    orgraph db purge
    orgraph db purge --grace 0     # no command of orgraph is running
    """
    from graph.store import generations
    from graph.store.connection import connect

    with connect() as conn:
        abandoned = generations.purge_stale(conn)
        nodes = generations.purge(conn, grace=grace)
    emit({"abandoned_loads": abandoned, "nodes_deleted": nodes}, as_json,
         [{"abandoned_loads": abandoned, "nodes_deleted": nodes}], title="purged")


@click.command("orgs")
@json_option
def orgs_cmd(as_json: bool) -> None:
    """List the organisations loaded in Neo4j."""
    from graph.store.connection import connect
    from graph.store.reader import list_orgs

    with connect() as conn:
        rows = list_orgs(conn)
    # Relations between organisations are shown when any organisation states one.
    related = [c for c in ("part_of", "reports_to", "independent") if any(r.get(c) for r in rows)]
    shown = [{**r, "independent": "yes" if r.get("independent") else ""} for r in rows]
    emit(rows, as_json, rows=shown, columns=["key", "name", "snapshot", *related, "posts", "headcount"])


@click.command("delete")
@click.argument("org")
def delete_cmd(org: str) -> None:
    """Remove one organisation from Neo4j."""
    from graph.store.connection import connect
    from graph.errors import NotFound
    from graph.store.writer import delete_org

    with connect() as conn:
        if not delete_org(conn, org):
            raise NotFound(f"organisation {org!r} is not loaded")
    console.print(f"deleted {org}")


COMMANDS = [db_group, orgs_cmd, delete_cmd]
