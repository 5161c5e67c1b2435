"""Ad hoc Cypher stays read-only: refused before it runs, and the database unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.queries import adhoc
from graph.errors import InputError, ReadOnlyViolation

WRITES = [
    "CREATE (n) RETURN n",
    "create (n:Post {key: 'x'})",
    "MERGE (n:Post {key: 'qmin/post/1'}) RETURN n",
    "MATCH (n:Post) SET n.name = 'x'",
    "MATCH (n:Post) SET n:Hacked",
    "MATCH (n) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Post) REMOVE n.name",
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS",
    "CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN 1",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "MATCH (n) FOREACH (x IN [1] | SET n.x = x)",
    "DROP INDEX post_org",
    "CALL db.createLabel('Hacked')",
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "MATCH (n) WITH n /* harmless? */ CREATE (m)",
    "MATCH (n) RETURN n UNION MATCH (m) MERGE (x:Y) RETURN x AS n",
    "STOP DATABASE neo4j",
]

READS = [
    "MATCH (n:Post) RETURN n.name AS name",
    "MATCH (n) WHERE n.name = 'CREATE (x)' RETURN count(n) AS n",
    "MATCH (n) // SET n.x = 1\nRETURN count(n) AS n",
    "RETURN \"MERGE \\\" DELETE\" AS text, {set: 1, delete: 2} AS m",
    "MATCH (n:Post) RETURN n.set AS x, n.`DELETE` AS y LIMIT 1",
    "WITH 1 AS start, 2 AS stop RETURN start + stop AS n",
    "CALL db.labels() YIELD label RETURN label",
]


@pytest.mark.parametrize("query", WRITES)
def test_the_screen_refuses_writes(query):
    assert adhoc.screen(query)


@pytest.mark.parametrize("query", READS)
def test_the_screen_passes_reads(query):
    assert adhoc.screen(query) is None


@pytest.fixture(scope="module")
def loaded(neo4j_settings):
    """The synthetic ministry, loaded once: every test here leaves it as it was (and checks so)."""
    from graph.store.connection import Connection
    from graph.loaders.orgfile import read
    from graph.store.writer import write_org

    c = Connection(neo4j_settings)
    c.wipe()
    write_org(c, read(Path(__file__).parent / "fixtures" / "queries" / "ministry.yaml"))
    yield c
    c.close()


def _snapshot(conn):
    labels = conn.read("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS n ORDER BY l")
    names = conn.read("MATCH (p:Post) RETURN collect(p.name) AS names")[0]["names"]
    return conn.counts(), labels, sorted(names)


@pytest.mark.neo4j
@pytest.mark.parametrize("query", WRITES)
def test_writes_are_refused_and_nothing_changes(loaded, query):
    before = _snapshot(loaded)
    with pytest.raises(ReadOnlyViolation) as err:
        adhoc.run(loaded, query)
    assert "refused" in str(err.value) and "Nothing was run" in str(err.value)
    assert _snapshot(loaded) == before


@pytest.mark.neo4j
@pytest.mark.parametrize("query", ["CREATE (n) RETURN n", "MATCH (n:Post) SET n.x = 1",
                                   "MERGE (n:X) RETURN n", "MATCH (n) DETACH DELETE n"])
def test_the_server_refuses_what_the_screen_misses(loaded, query, monkeypatch):
    """With the keyword screen disabled, EXPLAIN's query type still stops the write."""
    monkeypatch.setattr(adhoc, "screen", lambda q: None)
    before = _snapshot(loaded)
    with pytest.raises(ReadOnlyViolation) as err:
        adhoc.run(loaded, query)
    assert "query type" in str(err.value)
    assert _snapshot(loaded) == before


@pytest.mark.neo4j
def test_the_read_transaction_refuses_a_write_even_unchecked(loaded, monkeypatch):
    """Third guard: with both checks disabled, the read-mode transaction itself refuses."""
    monkeypatch.setattr(adhoc, "check", lambda *a, **k: None)
    before = _snapshot(loaded)
    with pytest.raises(ReadOnlyViolation):
        adhoc.run(loaded, "CREATE (n:Hacked) RETURN n")
    assert _snapshot(loaded) == before


@pytest.mark.neo4j
def test_cli_refuses_writes_with_exit_1_and_a_clear_message(loaded, capsys):
    from graph.cli import main

    before = _snapshot(loaded)
    for query in ("CREATE (n) RETURN n", "MERGE (n:X) RETURN n", "MATCH (n) SET n.x = 1",
                  "MATCH (n) DELETE n", "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS",
                  "LOAD CSV FROM 'file:///x.csv' AS r RETURN r"):
        assert main(["cypher", query]) == 1
        err = capsys.readouterr().err
        assert "refused" in err and "read-only" in err
    assert _snapshot(loaded) == before


@pytest.mark.neo4j
def test_reads_run_with_parameters_limit_and_plain_values(loaded):
    out = adhoc.run(loaded, "MATCH (p:Post {org: $org}) RETURN p.key AS key, p ORDER BY p.seq",
                    {"org": "qmin"}, limit=3)
    assert out["columns"] == ["key", "p"] and len(out["rows"]) == 3 and out["truncated"]
    assert out["rows"][0]["p"]["_labels"] == ["Post"] and out["rows"][0]["p"]["name"] == "Директор"
    rel = adhoc.run(loaded, "MATCH (:Post {key: 'qmin/post/2'})-[r:REPORTS_TO]->() RETURN r")["rows"][0]["r"]
    assert rel["_type"] == "REPORTS_TO" and rel["kind"] == "line"
    whole = adhoc.run(loaded, "MATCH (p:Post {org: $org}) RETURN count(p) AS n", {"org": "qmin"})
    assert whole == {"columns": ["n"], "rows": [{"n": 12}], "truncated": False}


@pytest.mark.neo4j
def test_bad_queries_and_timeouts_are_input_errors(loaded):
    with pytest.raises(InputError, match="cannot run"):
        adhoc.run(loaded, "MATCH (n RETURN n")
    with pytest.raises(InputError, match="empty"):
        adhoc.run(loaded, "   ")
    with pytest.raises(InputError, match="longer than"):
        adhoc.run(loaded, "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS n",
                  timeout=0.2)


@pytest.mark.neo4j
def test_cli_cypher_json_and_typed_parameters(loaded, capsys):
    from graph.cli import main

    assert main(["cypher", "MATCH (p:Post {org: $org}) WHERE p.headcount >= $h RETURN p.key AS key "
                 "ORDER BY key", "-p", "org=qmin", "-p", "h:int=3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in data["rows"]] == ["qmin/post/11a", "qmin/post/7"]
    assert main(["cypher", "RETURN $x AS x", "-p", "x:json={\"a\": [1, 2]}", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == [{"x": {"a": [1, 2]}}]
    assert main(["cypher", "RETURN 1", "-p", "nonsense"]) == 1
    assert "name=value" in capsys.readouterr().err
