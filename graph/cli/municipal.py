"""``orgraph responsible|approves|unassigned|deadlines``: who does and who approves what in a plan.

A role is a post, named as in every command (number, key, or name in either
Serbian script, or an alias the plan gives: ``Начелник ОУ``, ``nacelnik ou``
and ``Načelnik opštinske uprave`` are one post), or else a unit or body
(``Радна група``); the lookup is graph.queries.plans.resolve_actor.
"""

from __future__ import annotations

import click

from graph.cli.common import emit, json_option, org_key, resolving


def _run(which: str, role: str | None, org: str | None, as_json: bool) -> tuple[dict | None, list[dict]]:
    from graph.queries import plans
    from graph.store.connection import connect

    with connect() as conn, conn.pinned():
        key = org_key(conn, org, as_json)
        actor = resolving(lambda: plans.resolve_actor(conn, role, key), as_json) if role else None
        if which in ("responsible", "approves"):
            return actor, getattr(plans, which)(conn, actor["key"])
        if which == "unassigned":
            return None, plans.unassigned(conn, key)
        return actor, plans.deadlines(conn, key, actor["key"] if actor else None)


_org_option = click.option("--org", metavar="ORG", help="Look ROLE up in this organisation (key or name).")


@click.command("responsible")
@click.argument("role")
@_org_option
@json_option
def responsible_cmd(role: str, org: str | None, as_json: bool) -> None:
    """The activities ROLE (a post, else a unit or body: number, key or name) is responsible for.

    \b
    orgraph responsible "ИТ администратор"
    orgraph responsible "radna grupa" --json
    """
    actor, rows = _run("responsible", role, org, as_json)
    emit({"actor": actor, "activities": rows}, as_json, rows,
         ["number", "text", "deadline", "approvers", "with_others"],
         title=f"{actor['name']} is responsible for {len(rows)} activities")


@click.command("approves")
@click.argument("role")
@_org_option
@json_option
def approves_cmd(role: str, org: str | None, as_json: bool) -> None:
    """The activities ROLE (a post, else a unit or body: number, key or name) approves.

    \b
    orgraph approves "Начелник ОУ"
    orgraph approves "opstinsko vece" --json
    """
    actor, rows = _run("approves", role, org, as_json)
    emit({"actor": actor, "activities": rows}, as_json, rows,
         ["number", "text", "deadline", "responsible", "with_others"],
         title=f"{actor['name']} approves {len(rows)} activities")


@click.command("unassigned")
@click.argument("org", required=False)
@json_option
def unassigned_cmd(org: str | None, as_json: bool) -> None:
    """Activities with no responsible actor or no approver (of ORG, or all)."""
    _, rows = _run("unassigned", None, org, as_json)
    emit(rows, as_json, rows, ["org", "number", "missing", "responsible", "approvers", "text", "line"],
         title=f"{len(rows)} activities without a responsible actor or approver")


@click.command("deadlines")
@click.argument("org", required=False)
@click.option("--role", metavar="ROLE", help="Only this role or body.")
@json_option
def deadlines_cmd(org: str | None, role: str | None, as_json: bool) -> None:
    """Deadlines by role: what each role or body is responsible for or approves, and by when."""
    actor, rows = _run("deadlines", role, org, as_json)
    emit({"actor": actor, "deadlines": rows}, as_json, rows, ["actor", "role", "number", "deadline", "text"],
         title="deadlines by role")


COMMANDS = [responsible_cmd, approves_cmd, unassigned_cmd, deadlines_cmd]
