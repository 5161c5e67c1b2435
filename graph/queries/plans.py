"""Action plans: who is responsible for and who approves which activity, and by when.

An actor is named like any post (:mod:`graph.queries.refs`: number, key, then
name in either script, or an alias the plan gives, so ``Начелник ОУ``,
``nacelnik ou`` and ``Načelnik opštinske uprave`` are one post); when no post
matches, the same ladder is climbed over units, which is where a plan's bodies
(``Радна група``, ``Општинско веће``) live. A reference therefore names the
same post here as in every other command.
"""

from __future__ import annotations

from graph.errors import NotFound
from graph.queries import query


def _q(name: str) -> str:
    return query("plans", name)


def resolve_actor(conn, ref: str, org: str | None = None) -> dict:
    """The post, or else the unit or body, ``ref`` names: its card plus ``label`` ("post" or "unit")."""
    from graph.queries.lookup import resolve_post, resolve_unit

    try:
        return {**resolve_post(conn, ref, org), "label": "post"}
    except NotFound as no_post:
        try:
            return {**resolve_unit(conn, ref, org), "label": "unit"}
        except NotFound:
            raise NotFound(f"{no_post}, nor a unit") from None


def responsible(conn, actor: str) -> list[dict]:
    """The activities the post or unit with key ``actor`` is responsible for, plan order."""
    return conn.read(_q("responsible"), actor=actor, **conn.view())


def approves(conn, actor: str) -> list[dict]:
    """The activities the post or unit with key ``actor`` approves, plan order."""
    return conn.read(_q("approves"), actor=actor, **conn.view())


def unassigned(conn, org: str | None = None) -> list[dict]:
    """Activities with no responsible actor or no approver (of one organisation, or all)."""
    return conn.read(_q("unassigned"), **conn.view(org))


def deadlines(conn, org: str | None = None, actor: str | None = None) -> list[dict]:
    """Per role or body, what it is responsible for or approves and by when (optionally one org, one actor)."""
    return conn.read(_q("deadlines"), **conn.view(org), actor=actor)
