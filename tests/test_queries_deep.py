"""Deep and cyclic supervision: the bounded patterns stop, and say they stopped."""

from __future__ import annotations

import pytest

from graph.queries import acting
from graph.queries import chain as chains
from graph.queries import span
from graph.schema.model import Organisation, OrgFile, Post, Supervision

pytestmark = pytest.mark.neo4j

DEPTH = 60  # deeper than the 50-step bound of the chain queries


def _org() -> OrgFile:
    posts = [Post(key=f"deep/post/{i}", number=str(i), name=f"Level {i}") for i in range(DEPTH + 1)]
    posts += [Post(key=f"deep/post/c{i}", number=f"c{i}", name=f"Circle {i}") for i in range(3)]
    sup = [Supervision(post=f"deep/post/{i + 1}", superior=f"deep/post/{i}") for i in range(DEPTH)]
    sup += [Supervision(post=f"deep/post/c{i}", superior=f"deep/post/c{(i + 1) % 3}") for i in range(3)]
    return OrgFile(organisation=Organisation(key="deep", name="Deep"), posts=posts, supervision=sup)


@pytest.fixture(scope="module")
def deep(neo4j_settings):
    from graph.store.connection import Connection
    from graph.store.writer import write_org

    c = Connection(neo4j_settings)
    c.wipe()
    write_org(c, _org())
    yield c
    c.close()


def test_a_chain_deeper_than_the_bound_is_cut_and_flagged(deep):
    rows = chains.chain(deep, f"deep/post/{DEPTH}")
    assert len(rows) == 51 and not rows[-1]["root"]
    assert chains.chain(deep, "deep/post/40")[-1] == {**chains.chain(deep, "deep/post/40")[-1], "root": True}


def test_a_cycle_terminates_everywhere(deep):
    rows = chains.chain(deep, "deep/post/c0")
    assert len(rows) == 3 and not rows[-1]["root"]
    assert {r["key"] for r in chains.reports(deep, "deep/post/c0")} == {"deep/post/c1", "deep/post/c2"}
    r = acting.acting_for(deep, "deep/post/c0", absent=["deep/post/c1", "deep/post/c2"])
    assert r["acting"] is None and r["rule"] == "none"
    assert acting.acting_for(deep, "deep/post/c0")["acting"]["key"] == "deep/post/c1"


def test_reports_and_span_walk_the_whole_depth(deep):
    rows = chains.reports(deep, "deep/post/0")
    assert len([r for r in rows if r["key"].startswith("deep/post/") and "c" not in r["key"]]) == DEPTH
    assert max(r["depth"] for r in rows) == DEPTH
    assert len(chains.reports(deep, "deep/post/0", depth=5)) == 5
    by = {r["key"]: r for r in span.span(deep, org="deep")["rows"]}
    assert by["deep/post/0"]["total_posts"] == DEPTH and by["deep/post/0"]["direct_posts"] == 1
    assert all(by[f"deep/post/c{i}"]["direct_posts"] == 1 for i in range(3))


def test_the_chain_command_warns_when_no_root_is_reached(deep, capsys):
    from graph.cli import main

    assert main(["chain", f"deep/post/{DEPTH}"]) == 0
    assert "does not reach a root" in capsys.readouterr().out
