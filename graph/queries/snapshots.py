"""Organisation references with snapshots: ``ORG@DATE`` names one snapshot, ``ORG`` the latest.

UK returns load one organisation per snapshot, keyed ``<body>@<YYYY-MM-DD>``;
``chart``, ``check`` and ``diff`` take the same references through :func:`resolve`.
A key that is loaded as written always wins (``kite`` is ``kite``).

>>> split("home-office@2012-09-30"), split("home-office"), split("Home Office")
(('home-office', '2012-09-30'), ('home-office', None), ('home-office', None))

:func:`snapshot_key` and :func:`read_snapshot` name and read one snapshot for ``diff``.
"""

from __future__ import annotations

from datetime import date

from graph.errors import InputError, NotFound
from graph.queries import query
from graph.schema.model import OrgFile
from graph.text.names import slug


def snapshot_key(org: str, when: str) -> str:
    """The key of a body's snapshot on a date; ``org`` may be a name, a slug or another snapshot's key.

    >>> snapshot_key("home_office", "2012-09-30"), snapshot_key("home-office@2011-03-31", "2012-09-30")
    ('home-office@2012-09-30', 'home-office@2012-09-30')
    >>> snapshot_key("home-office", "30.9.2012")
    Traceback (most recent call last):
    graph.errors.InputError: '30.9.2012' is not a date (YYYY-MM-DD)
    """
    from graph.loaders.uk.build import org_slug

    try:
        date.fromisoformat(when)
    except ValueError:
        raise InputError(f"{when!r} is not a date (YYYY-MM-DD)") from None
    return f"{org_slug(org.split('@', 1)[0])}@{when}"


def loaded_snapshots(conn, org: str) -> list[dict]:
    """The snapshots of the body ``org`` that are loaded: key, name and date, oldest first."""
    prefix = snapshot_key(org, "2000-01-01").split("@", 1)[0] + "@"
    return conn.read(query("snapshots", "snapshots_of"), prefix=prefix)


def read_snapshot(conn, org: str, when: str) -> OrgFile:
    """The snapshot of ``org`` on ``when``, read back; NotFound names the snapshots that are loaded."""
    from graph.store.reader import read_org

    key = snapshot_key(org, when)
    try:
        return read_org(conn, key)
    except NotFound:
        have = [r["key"] for r in loaded_snapshots(conn, org)]
        body = key.split("@", 1)[0]
        hint = f"loaded snapshots: {', '.join(have)}" if have else f"no snapshot of {body!r} is loaded"
        raise NotFound(f"organisation {key!r} is not loaded; {hint}") from None


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
