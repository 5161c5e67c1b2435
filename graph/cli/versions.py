"""``orgraph versions ORG`` and the ``--as-of DATE`` option of the commands that read an organisation."""

from __future__ import annotations

import click

from graph.cli.common import console, json_option, print_json, print_table

#: Commands that read organisations and take ``--as-of`` (added by :func:`add_as_of`).
AS_OF_COMMANDS = ("chain", "acting", "span", "units", "chart", "check", "export", "reports", "common", "find",
                  "vacancies", "holders list")


def _as_of(ctx, _param, value):
    if value is None:
        return None
    from graph.store.connection import reading_as_of
    from graph.store.versions import parse_day

    # Entered for the rest of the command: every connection it opens reads as of that day.
    ctx.with_resource(reading_as_of(parse_day(value)))
    return value


def as_of_option() -> click.Option:
    return click.Option(["--as-of"], metavar="YYYY-MM-DD", expose_value=False, callback=_as_of,
                        help="Read the versions in force on this day (orgraph versions ORG); default: the current ones.")


def add_as_of(app: click.Group) -> None:
    """Give the organisation-reading commands ``--as-of``: one option, one place it takes effect
    (graph/store/connection.py resolves the generations as of that day)."""
    for name in AS_OF_COMMANDS:
        cmd: click.Command | None = app
        for part in name.split():  # "holders list": a command of a group
            cmd = cmd.commands.get(part) if isinstance(cmd, click.Group) else None
        if cmd is not None and not any(p.name == "as_of" for p in cmd.params):
            cmd.params.append(as_of_option())


@click.command("versions")
@click.argument("org")
@json_option
def versions_cmd(org, as_json):
    """The dated versions of ORG kept in the database, oldest first, and which one is live.

    \b
    orgraph versions kite
    orgraph chain --org kite 9 --as-of 2020-01-01
    """
    from graph.errors import NotFound
    from graph.store.connection import connect
    from graph.store.versions import list_versions

    with connect() as conn:
        rows = list_versions(conn, org)
        if not rows and conn.gen(org) is None:
            raise NotFound(f"organisation {org!r} is not loaded; `orgraph orgs` lists what is")
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print(f"{org}: no dated versions (load one with --version-date, or list versions in the org file)")
        return
    print_table([{**r, "live": "live" if r["live"] else ""} for r in rows],
                ["valid_from", "valid_to", "number", "issued", "title", "document", "note", "generation_from",
                 "generation_to", "live"], title=f"versions of {org}")


COMMANDS = [versions_cmd]
