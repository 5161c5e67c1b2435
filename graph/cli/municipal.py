"""``orgraph responsible|approves|unassigned|deadlines``: who does and who approves what in a plan.

A role or body is named as the user types it, in either Serbian script:
``Начелник ОУ``, ``nacelnik ou`` and ``Načelnik opštinske uprave`` (a form the
plan also uses, kept as an alias) all name the head of the municipal
administration.
"""

from __future__ import annotations

import json

import click

from graph.cli.common import emit, json_option
from graph.errors import Ambiguous, NotFound
from graph.text.names import fold


def _queries() -> dict[str, str]:
    from graph.queries import load_queries

    return {name: q.text for name, q in load_queries("municipal").items()}


def _aliases(attributes: str | None) -> list[str]:
    if not attributes:
        return []
    try:
        return list(json.loads(attributes).get("aliases", []))
    except (ValueError, AttributeError):
        return []


def match_actor(candidates: list[dict], name: str) -> list[dict]:
    """The candidates ``name`` names: same folded name, else a folded alias, else
    every candidate whose folded name contains all of its words.

    >>> c = [{"key": "r/post/n", "name": "Начелник ОУ", "name_norm": "nacelnik ou", "attributes":
    ...       '{"aliases": ["Начелник општинске управе"]}'},
    ...      {"key": "r/u/rg", "name": "Радна група", "name_norm": "radna grupa", "attributes": None}]
    >>> [m["key"] for m in match_actor(c, "Načelnik opštinske uprave")]
    ['r/post/n']
    >>> [m["key"] for m in match_actor(c, "радна")]
    ['r/u/rg']
    """
    want = fold(name)
    exact = [c for c in candidates if c["name_norm"] == want]
    if exact:
        return exact
    alias = [c for c in candidates if want in {fold(a) for a in _aliases(c.get("attributes"))}]
    if alias:
        return alias
    words = want.split()
    return [c for c in candidates if all(w in c["name_norm"].split() or w in c["name_norm"] for w in words)]


def resolve_actor(conn, name: str, org: str | None = None) -> dict:
    """The one role or body ``name`` names among those the plans mention."""
    candidates = conn.read(_queries()["actors"], gens=conn.gens(org))
    found = match_actor(candidates, name)
    if not found:
        where = f" in {org}" if org else ""
        raise NotFound(f"no role or body named {name!r} is responsible for or approves any activity{where}")
    if len(found) > 1:
        listed = "; ".join(f"{c['name']} ({c['key']})" for c in found[:10])
        raise Ambiguous(f"{name!r} names {len(found)} roles or bodies: {listed}. Be more precise or give --org.",
                        candidates=[{"key": c["key"], "name": c["name"]} for c in found])
    return found[0]


def _run(query: str, role: str | None, org: str | None) -> tuple[dict | None, list[dict]]:
    from graph.store.connection import connect

    with connect() as conn, conn.pinned():
        actor = resolve_actor(conn, role, org) if role else None
        params = {"actor": actor["key"] if actor else None, "gens": conn.gens(org)}
        return actor, conn.read(_queries()[query], **params)


_org_option = click.option("--org", metavar="ORG", help="Only this organisation (key, e.g. razanj).")


@click.command("responsible")
@click.argument("role")
@_org_option
@json_option
def responsible_cmd(role: str, org: str | None, as_json: bool) -> None:
    """The activities ROLE (a role or body, either script) is responsible for.

    \b
    orgraph responsible "ИТ администратор"
    orgraph responsible "radna grupa" --json
    """
    actor, rows = _run("responsible", role, org)
    emit({"actor": actor, "activities": rows}, as_json, rows,
         ["number", "text", "deadline", "approvers", "with_others"],
         title=f"{actor['name']} is responsible for {len(rows)} activities")


@click.command("approves")
@click.argument("role")
@_org_option
@json_option
def approves_cmd(role: str, org: str | None, as_json: bool) -> None:
    """The activities ROLE (a role or body, either script) approves.

    \b
    orgraph approves "Начелник ОУ"
    orgraph approves "opstinsko vece" --json
    """
    actor, rows = _run("approves", role, org)
    emit({"actor": actor, "activities": rows}, as_json, rows,
         ["number", "text", "deadline", "responsible", "with_others"],
         title=f"{actor['name']} approves {len(rows)} activities")


@click.command("unassigned")
@click.argument("org", required=False)
@json_option
def unassigned_cmd(org: str | None, as_json: bool) -> None:
    """Activities with no responsible actor or no approver (of ORG, or all)."""
    _, rows = _run("unassigned", None, org)
    emit(rows, as_json, rows, ["org", "number", "missing", "responsible", "approvers", "text", "line"],
         title=f"{len(rows)} activities without a responsible actor or approver")


@click.command("deadlines")
@click.argument("org", required=False)
@click.option("--role", metavar="ROLE", help="Only this role or body.")
@json_option
def deadlines_cmd(org: str | None, role: str | None, as_json: bool) -> None:
    """Deadlines by role: what each role or body is responsible for or approves, and by when."""
    _, rows = _run("deadlines", role, org)
    emit(rows, as_json, rows, ["actor", "role", "number", "deadline", "text"], title="deadlines by role")


COMMANDS = [responsible_cmd, approves_cmd, unassigned_cmd, deadlines_cmd]
