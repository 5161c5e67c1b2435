"""Seed 000 into Neo4j and back: the exported model equals the loaded one."""

from __future__ import annotations

import pytest

from graph.loaders.rulebook import load

pytestmark = pytest.mark.neo4j


def test_roundtrip_loses_nothing(conn, seed_doc):
    from graph.store.reader import read_org
    from graph.store.writer import write_org

    [org] = load(seed_doc("rulebook"))
    write_org(conn, org)
    back = read_org(conn, "kite")
    assert back.dump() == org.dump()
    # Script-insensitive lookup works on the stored normalised names.
    rows = conn.read("MATCH (p:Post {org: 'kite'}) WHERE p.name_norm = $n RETURN count(p) AS n",
                     n="sef odseka")
    assert rows[0]["n"] == 6  # posts 9, 15, 20, 29, 36, 77
