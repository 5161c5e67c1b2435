"""Finding what a user named: a post, unit or organisation by key, number or name.

A post is looked up, in this order, by its key (``kite/post/9``), by its
number as written in the document (``71a``, best with ``org``), by its whole
name folded with :func:`graph.text.names.fold` (so ``Šef odseka``, ``sef odseka``
and ``Шеф одсека`` are the same name), by a part of its name, and last by its
name followed by its unit's name (``Шеф Одсека за пројектовање``). The
first step that finds exactly one post wins; several posts raise
:class:`~graph.errors.Ambiguous` listing the candidates (key, name, unit,
organisation); nothing at all raises :class:`~graph.errors.NotFound`.

Names never enter the Cypher text: they travel as parameters.
"""

from __future__ import annotations

from typing import Any, Callable

from graph.errors import Ambiguous, NotFound
from graph.text.names import fold
from graph.text.stems import stems
from graph.queries import query

CANDIDATES = 20  # listed in an Ambiguous message; the search itself may find more


def _q(name: str) -> str:
    return query("lookup", name)


def _describe(c: dict[str, Any]) -> str:
    unit = c.get("unit_name") or c.get("unit") or "-"
    return f"{c['key']}  {c.get('name')!s}  (unit: {unit}; org: {c.get('org')})"


def ambiguous(what: str, ref: str, candidates: list[dict], more: bool = False) -> Ambiguous:
    """An :class:`Ambiguous` error whose message lists the candidates one per line.

    >>> err = ambiguous("post", "Šef", [{"key": "a/post/1", "name": "Шеф", "unit_name": "U", "org": "a"},
    ...                                 {"key": "a/post/2", "name": "Шеф", "unit": "a/2", "org": "a"}])
    >>> print(err)
    post 'Šef' is ambiguous: 2 candidates; name one by key (or narrow with --org):
      a/post/1  Шеф  (unit: U; org: a)
      a/post/2  Шеф  (unit: a/2; org: a)
    >>> err.exit_code, len(err.candidates)
    (2, 2)
    """
    head = (f"{what} {ref!r} is ambiguous: {'more than ' if more else ''}{len(candidates)} candidates; "
            "name one by key (or narrow with --org):")
    lines = [head] + ["  " + _describe(c) for c in candidates]
    slim = [{k: c.get(k) for k in ("key", "number", "name", "unit", "unit_name", "org")} for c in candidates]
    return Ambiguous("\n".join(lines), slim)


def _pick(what: str, ref: str, steps: list[Callable[[], list[dict]]], org: str | None) -> dict:
    for step in steps:
        found = step()
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ambiguous(what, ref, found[:CANDIDATES], more=len(found) > CANDIDATES)
    where = f" in organisation {org!r}" if org else ""
    raise NotFound(f"no {what} matches {ref!r}{where} (by key, number or name, in either script); "
                   f"try: orgraph find {ref!r}" if what == "post" else
                   f"no {what} matches {ref!r}{where} (by key, number or name)")


def resolve_post(conn, ref: str, org: str | None = None) -> dict:
    """The card (key, number, name, org, unit, unit_name, title, title_name, headcount) of one post."""
    ref = str(ref).strip()
    norm = fold(ref)
    lim = CANDIDATES + 1

    def by_key():
        rows = conn.read(_q("post_by_key"), key=ref, gens=conn.gens())
        return [r for r in rows if org is None or r["org"] == org]

    steps = [
        by_key,
        lambda: conn.read(_q("posts_by_number"), number=ref, gens=conn.gens(org), limit=lim),
        lambda: conn.read(_q("posts_by_name"), name_norm=norm, gens=conn.gens(org), limit=lim) if norm else [],
        lambda: conn.read(_q("posts_name_starts"), name_norm=norm, gens=conn.gens(org), limit=lim) if norm else [],
        lambda: conn.read(_q("posts_name_contains"), name_norm=norm, gens=conn.gens(org), limit=lim) if norm else [],
        lambda: by_name_and_unit(conn, norm, org) if norm else [],
    ]
    return _pick("post", ref, steps, org)


_STOP = {"za", "i", "u", "na", "od", "sa", "s", "o", "po", "iz", "do"}


def _stems(text: str) -> list[str]:
    # Serbian declines nouns (odsek, odseka, odseku): compare the first five letters.
    return stems(text, _STOP)


def by_name_and_unit(conn, norm: str, org: str | None) -> list[dict]:
    """Posts named by their name followed by words of their unit's name, in any case ending.

    The last resort of :func:`resolve_post`: a post whose name starts ``norm`` and whose
    unit name contains every remaining word (by stem) matches; the longest post name wins.
    """
    rows = conn.read(_q("posts_named_as_prefix"), name_norm=norm, gens=conn.gens(org))
    best: list[dict] = []
    best_len = -1
    for r in rows:
        rest = _stems(norm[len(fold(r["name"])):])
        unit = set(_stems(r.pop("unit_norm") or ""))
        if not rest or not all(w in unit for w in rest):
            continue
        if len(r["name"]) > best_len:
            best, best_len = [r], len(r["name"])
        elif len(r["name"]) == best_len:
            best.append(r)
    return best


def resolve_unit(conn, ref: str, org: str | None = None) -> dict:
    """One unit by key, number (within ``org`` if given) or name; Ambiguous / NotFound otherwise."""
    ref = str(ref).strip()
    norm = fold(ref)
    lim = CANDIDATES + 1
    number = ref.rstrip(".")

    def exact():
        rows = conn.read(_q("units_by"), ref=ref, number=number, name_norm=norm, gens=conn.gens(org), limit=lim)
        keyed = [r for r in rows if r["key"] == ref]
        return keyed or rows

    steps = [exact,
             lambda: conn.read(_q("units_name_contains"), name_norm=norm, gens=conn.gens(org), limit=lim) if norm else []]
    return _pick("unit", ref, steps, org)


def resolve_org(conn, ref: str) -> dict:
    """One organisation by key or name (either script)."""
    ref = str(ref).strip()
    rows = conn.read(_q("orgs_by"), ref=ref, name_norm=fold(ref), limit=CANDIDATES + 1)
    keyed = [r for r in rows if r["key"] == ref]
    return _pick("organisation", ref, [lambda: keyed or rows], None)


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

    gens = conn.gens(org)

    def work(tx):
        rows = [r.data() for r in tx.run(_q("posts_name_contains"), name_norm=norm, gens=gens, limit=limit)]
        total = tx.run(_q("count_name_contains"), name_norm=norm, gens=gens).single()["n"]
        return {"total": total, "posts": rows}

    return conn.execute_read(work)
