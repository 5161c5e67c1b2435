"""Finding what a user named in the database: a post, a unit or an organisation.

Posts and units climb the one ladder of :mod:`graph.queries.refs` (number,
key, then name in either script); this module only says how each rung is
asked of Neo4j. Organisations are named by key or by whole name (either
script): an organisation is what a command's ``--org`` or ``ORG`` names, so it
never matches by a part of its name.

Names never enter the Cypher text: they travel as parameters.
"""

from __future__ import annotations

from typing import Any

from graph.errors import NotFound
from graph.text.names import fold
from graph.queries import query
from graph.queries.refs import CANDIDATES, Ref, ambiguous, aliases, by_name_and_unit, resolve

__all__ = ["resolve_post", "resolve_unit", "resolve_org", "find_org", "find_posts", "ambiguous"]

_UNITS = 1000  # units of one reference read at once: the exact rungs and "begins with" are sorted from them


def _q(name: str) -> str:
    return query("lookup", name)


class _Posts:
    """The post rungs, one query each (graph/queries/lookup.cypher)."""

    what = "post"

    def __init__(self, conn, org: str | None):
        self.conn, self.org = conn, org

    def find(self, rung: str, ref: Ref) -> list[dict]:
        conn, org, lim = self.conn, self.org, CANDIDATES + 1
        if rung == "number":
            return conn.read(_q("posts_by_number"), number=ref.number, **conn.view(org), limit=lim)
        if rung == "key":
            return conn.read(_q("post_by_key"), key=ref.text, **conn.view(org))
        if rung == "identifier":
            return conn.read(query("refs", "posts_by_identifier"), ident=ref.identifier, **conn.view(org),
                             limit=lim)
        if rung == "name":
            return conn.read(_q("posts_by_name"), name_norm=ref.norm, **conn.view(org), limit=lim)
        if rung == "alias":
            rows = conn.read(query("refs", "posts_with_aliases"), **conn.view(org))
            return [_card(r) for r in rows if ref.norm in aliases(r["attributes"])]
        if rung == "starts":
            return conn.read(_q("posts_name_starts"), name_norm=ref.norm, **conn.view(org), limit=lim)
        if rung == "contains":
            return conn.read(_q("posts_name_contains"), name_norm=ref.norm, **conn.view(org), limit=lim)
        if rung == "name_unit":
            rows = conn.read(_q("posts_named_as_prefix"), name_norm=ref.norm, **conn.view(org))
            return by_name_and_unit(rows, ref.norm)
        raise ValueError(rung)


class _Units:
    """The unit rungs: number, key and whole name come from one query, sorted out here."""

    what = "unit"

    def __init__(self, conn, org: str | None):
        self.conn, self.org = conn, org
        self._exact: dict[Ref, list[dict]] = {}

    def _by(self, ref: Ref) -> list[dict]:
        if ref not in self._exact:
            self._exact[ref] = self.conn.read(_q("units_by"), ref=ref.text, number=ref.number, name_norm=ref.norm,
                                              **self.conn.view(self.org), limit=_UNITS)
        return self._exact[ref]

    def find(self, rung: str, ref: Ref) -> list[dict]:
        conn, org = self.conn, self.org
        if rung == "number":
            return [r for r in self._by(ref) if r["number"] is not None and r["number"] == ref.number]
        if rung == "key":
            return [r for r in self._by(ref) if r["key"] == ref.text]
        if rung == "identifier":
            return conn.read(query("refs", "units_by_identifier"), ident=ref.identifier, **conn.view(org),
                             limit=CANDIDATES + 1)
        if rung == "name":
            return [r for r in self._by(ref) if fold(r["name"] or "") == ref.norm]
        if rung == "alias":
            rows = conn.read(query("refs", "units_with_aliases"), **conn.view(org))
            return [_card(r) for r in rows if ref.norm in aliases(r["attributes"])]
        if rung == "starts":
            rows = conn.read(_q("units_name_contains"), name_norm=ref.norm, **conn.view(org), limit=_UNITS)
            return [r for r in rows if fold(r["name"] or "").startswith(ref.norm + " ")]
        if rung == "contains":
            return conn.read(_q("units_name_contains"), name_norm=ref.norm, **conn.view(org), limit=CANDIDATES + 1)
        if rung == "name_unit":
            return []
        raise ValueError(rung)


def _card(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "attributes"}


def resolve_post(conn, ref: str, org: str | None = None) -> dict:
    """The card (key, number, name, org, unit, unit_name, title, title_name, headcount) of one post.

    ``org`` is an organisation key (see :func:`resolve_org`).
    """
    return resolve(_Posts(conn, org), ref)


def resolve_unit(conn, ref: str, org: str | None = None) -> dict:
    """The card (key, number, name, kind, org, parent) of one unit."""
    return resolve(_Units(conn, org), ref)


def resolve_org(conn, ref: str) -> dict:
    """One organisation by key, by whole name (either script) or by an identifier ``scheme:code``."""
    from graph.queries.refs import identifier_of

    text = str(ref).strip()
    rows = conn.read(_q("orgs_by"), ref=identifier_of(text) or text, name_norm=fold(text), limit=CANDIDATES + 1)
    keyed = [r for r in rows if r["key"] == text]
    found = keyed or rows
    if len(found) == 1:
        return found[0]
    if found:
        raise ambiguous("organisation", text, found[:CANDIDATES], more=len(found) > CANDIDATES)
    if "@" in text or not conn.read(_q("orgs_by"), ref=text, name_norm=fold(text), limit=1):
        # Snapshots of one body (UK returns): ORG@DATE names one, ORG the latest; NotFound says which exist.
        from graph.queries.snapshots import resolve

        key = resolve(conn, text)
        return conn.read(_q("orgs_by"), ref=key, name_norm=fold(key), limit=1)[0]
    raise NotFound(f"organisation {text!r} is not loaded (no key or name matches); orgraph orgs lists them")


def find_org(conn, ref: str) -> dict | None:
    """Like :func:`resolve_org` but None when nothing matches (ambiguity still raises)."""
    try:
        return resolve_org(conn, ref)
    except NotFound:
        return None


def find_posts(conn, text: str, org: str | None = None, limit: int = 50) -> dict[str, Any]:
    """Posts whose name contains ``text`` in either script: ``{"total": n, "posts": [...]}``."""
    norm = fold(text)
    if not norm:
        return {"total": 0, "posts": []}

    def work(tx):
        gens = conn.gens_in(tx, org)
        rows = [r.data() for r in tx.run(_q("posts_name_contains"), name_norm=norm, gens=gens, org=org, limit=limit)]
        total = tx.run(_q("count_name_contains"), name_norm=norm, gens=gens, org=org).single()["n"]
        return {"total": total, "posts": rows}

    return conn.execute_read(work)
