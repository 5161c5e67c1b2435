"""Snapshots of one body over time (UK organogram returns): their keys, and reading two back.

A snapshot is an organisation whose key is the body's slug, ``@`` and the date
of the return (``home-office@2012-09-30``).
"""

from __future__ import annotations

from datetime import date

from graph.errors import InputError, NotFound
from graph.queries import query
from graph.schema.model import OrgFile


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
