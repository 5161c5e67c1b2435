"""``orgraph hierarchy [ORG]``: the tree of organisations (part of, reports to, independent)."""

from __future__ import annotations

import click

from graph.cli.common import console, json_option, org_key, print_json


@click.command("hierarchy")
@click.argument("org", required=False)
@json_option
def hierarchy_cmd(org: str | None, as_json: bool) -> None:
    """The tree of loaded organisations: which is part of, or reports to, which; with ORG, the
    organisations above it and everything below it.

    \b
    orgraph hierarchy
    orgraph hierarchy my-ministry --json
    """
    from graph.queries.hierarchy import hierarchy, text
    from graph.store.connection import connect

    with connect() as conn:
        tree = hierarchy(conn, org_key(conn, org, as_json))
    if as_json:
        print_json(tree)
    elif tree:
        console.print(text(tree), markup=False, highlight=False)
    else:
        console.print("no organisation is loaded", markup=False, highlight=False)


COMMANDS = [hierarchy_cmd]
