"""Organisation references with snapshots: ``ORG@DATE`` names one snapshot, ``ORG`` the latest.

UK returns load one organisation per snapshot, keyed ``<body>@<YYYY-MM-DD>``;
``chart``, ``check`` and ``diff`` take the same references through :func:`resolve`.
A key that is loaded as written always wins (``kite`` is ``kite``).

>>> split("home-office@2012-09-30"), split("home-office"), split("Home Office")
(('home-office', '2012-09-30'), ('home-office', None), ('home-office', None))
"""

from __future__ import annotations

from datetime import date

from graph.errors import InputError, NotFound
from graph.queries import query
from graph.text.names import slug


def split(ref: str) -> tuple[str, str | None]:
    """(body slug, ISO date or None) of a reference; a date that is no date is refused."""
    body, _, when = ref.strip().partition("@")
    if when:
        try:
            date.fromisoformat(when)
        except ValueError:
            raise InputError(f"{when!r} in {ref!r} is not a date (YYYY-MM-DD)") from None
    return slug(body.replace("_", " ")) or body, when or None


def snapshots(conn, body: str) -> list[dict]:
    """The loaded snapshots of a body, latest first."""
    return conn.read(query("snapshots", "org-snapshots"), prefix=f"{body}@")


def resolve(conn, ref: str) -> str:
    """The key of the organisation ``ref`` names: the key itself when loaded, else by the convention."""
    if conn.read(query("snapshots", "org-exists"), key=ref):
        return ref
    body, when = split(ref)
    have = snapshots(conn, body)
    if when:
        key = f"{body}@{when}"
        if any(r["key"] == key for r in have):
            return key
        hint = f"loaded snapshots: {', '.join(r['key'] for r in have)}" if have else f"no snapshot of {body!r} is loaded"
        raise NotFound(f"organisation {key!r} is not loaded; {hint}")
    if conn.read(query("snapshots", "org-exists"), key=body):
        return body
    if have:
        return have[0]["key"]
    raise NotFound(f"organisation {ref!r} is not loaded (nor any snapshot {body}@DATE)")


def pick(keys: list[str], ref: str) -> str | None:
    """The key among ``keys`` (e.g. the organisations of a file) that ``ref`` names, by the same
    convention as :func:`resolve`; None when none does.

    >>> keys = ["x@2012-03-31", "x@2013-03-31", "y"]
    >>> pick(keys, "x"), pick(keys, "x@2012-03-31"), pick(keys, "y"), pick(keys, "z")
    ('x@2013-03-31', 'x@2012-03-31', 'y', None)
    """
    if ref in keys:
        return ref
    body, when = split(ref)
    if when:
        return f"{body}@{when}" if f"{body}@{when}" in keys else None
    if body in keys:
        return body
    dated = sorted(k for k in keys if k.startswith(f"{body}@"))
    return dated[-1] if dated else None
