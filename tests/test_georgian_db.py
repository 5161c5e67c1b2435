"""Seed 003 in Neo4j: who acts for the department head, in order, from the forms."""

from __future__ import annotations

from graph.loaders.georgian import load
from graph.store.writer import write_org

ACTING = """
MATCH (head:Post {key: $head})<-[r:SUBSTITUTES]-(sub)
RETURN r.order AS order, sub.key AS key, coalesce(sub.name, sub.text) AS name,
       'Unresolved' IN labels(sub) AS unresolved
ORDER BY order, key
"""


def test_who_acts_for_the_department_head(conn, seed_doc):
    org = load(seed_doc("georgian"))[0]
    write_org(conn, org)
    rows = conn.read(ACTING, head="ge-moh/post/1")
    # First the deputy; if the deputy is absent too, a division head (either of the two).
    assert [(r["order"], r["key"]) for r in rows] == [
        (1, "ge-moh/post/2"), (2, "ge-moh/post/3"), (2, "ge-moh/post/6")]
    assert not any(r["unresolved"] for r in rows)
    assert "მოადგილე" in rows[0]["name"]
    assert all("სამმართველოს უფროსი" in r["name"] for r in rows[1:])


def test_vague_substitute_is_an_unresolved_node(conn, seed_doc):
    write_org(conn, load(seed_doc("georgian"))[0])
    rows = conn.read(ACTING, head="ge-moh/post/4")
    assert [(r["order"], r["unresolved"], r["name"]) for r in rows] == [
        (1, True, "სამმართველოს ერთ-ერთი თანამშრომელი")]
    declared_only = conn.read("MATCH (p:Post {org: $org, declared_only: true}) RETURN sum(p.headcount) AS n",
                              org="ge-moh")
    assert declared_only[0]["n"] == 5
