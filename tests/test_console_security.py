"""The read-only console against hostile queries, on the real server (issue 21, items 1, 2 and 7).

Every attack must be refused, and the server must be as it was: counts of
nodes and relationships, labels, indexes, constraints, users, settings and
query-statistics collection compared before and after; no request reaches a
local HTTP server; neither the password nor a file's content is in any
message. Reads still work, Ctrl-C cancels at once, and the password never
appears in the process list.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph.errors import InputError, ReadOnlyViolation
from graph.queries import adhoc, guard
from graph.store import server

REPO = Path(__file__).resolve().parent.parent
MANAGED = not os.environ.get("NEO4J_URI")


# --- a local HTTP server that must never be asked for anything ---------------------------------

class _Recorder(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"a,b\n1,2\n")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def http_trap():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    srv.requests = []
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def loaded(neo4j_settings):
    """The synthetic ministry, loaded once; the attacks must leave it exactly so."""
    from graph.loaders.orgfile import read
    from graph.store.connection import Connection
    from graph.store.writer import write_org

    c = Connection(neo4j_settings)
    c.wipe()
    write_org(c, read(REPO / "tests" / "fixtures" / "queries" / "ministry.yaml"))
    yield c
    c.close()


@pytest.fixture(scope="module")
def secrets_paths(tmp_path_factory):
    """Files an attack would like to read: the password, auth.ini, /etc/passwd and a canary CSV."""
    cfg = server.ServerConfig.from_env()
    canary = tmp_path_factory.mktemp("canary") / "canary.csv"
    canary.write_text("secret_canary_7f3a\n")
    return {"password": cfg.password_file, "auth": cfg.data_dir / "dbms" / "auth.ini",
            "passwd": Path("/etc/passwd"), "canary": canary}


def _state(conn) -> dict:
    """Everything an attack could change or that would show it ran."""
    def rows(cypher, database=None):
        return [r.data() for r in conn.driver.execute_query(
            cypher, database_=database or conn.settings.database).records]

    return {
        "counts": conn.counts(),
        "labels": sorted(r["label"] for r in rows("CALL db.labels() YIELD label RETURN label")),
        "indexes": sorted(r["name"] for r in rows("SHOW INDEXES YIELD name RETURN name")),
        "constraints": sorted(r["name"] for r in rows("SHOW CONSTRAINTS YIELD name RETURN name")),
        "users": sorted(json.dumps(r, sort_keys=True, default=str)
                        for r in rows("SHOW USERS YIELD user, roles, passwordChangeRequired, suspended "
                                      "RETURN *", "system")),
        "settings": sorted((r["name"], str(r["value"])) for r in rows("SHOW SETTINGS YIELD name, value RETURN *")),
        "stats": sorted(json.dumps(r, sort_keys=True, default=str) for r in rows(
            "CALL db.stats.status() YIELD section, status RETURN section, status")),
    }


# --- the attacks ----------------------------------------------------------------------------------
# Each is (query, params); {password}, {auth}, {passwd}, {canary}, {http} are filled in.
# Raw strings: "\u0027" below is the six characters the user types, which Neo4j decodes.

ATTACKS = [
    # LOAD CSV hidden by unicode escapes of quotes (the reproducers)
    pytest.param(r"WITH '\u0027 AS a LOAD CSV FROM 'file://{password}' AS r RETURN r", id="u0027-password"),
    pytest.param(r"WITH '\u0027 AS a LOAD CSV FROM 'file://{passwd}' AS r RETURN r", id="u0027-etc-passwd"),
    pytest.param(r"WITH '\u0027 AS a LOAD CSV FROM 'file://{auth}' AS r RETURN r", id="u0027-auth-ini"),
    pytest.param(r'WITH "\u0022 AS a LOAD CSV FROM "file://{password}" AS r RETURN r', id="u0022-password"),
    pytest.param(r"RETURN 1 AS r UNION WITH '\u0027 AS a LOAD CSV FROM 'file://{passwd}' AS r RETURN r",
                 id="u0027-in-union"),
    pytest.param(r"/* \u002a/ LOAD CSV FROM 'file://{passwd}' AS r RETURN r /* */", id="escape-closes-comment"),
    pytest.param(r"RETURN 1 AS r // \u000a UNION LOAD CSV FROM 'file://{passwd}' AS r RETURN r",
                 id="escape-ends-line-comment"),
    pytest.param(r"UNWIND [1] AS y \u004cOAD CSV FROM 'file://{passwd}' AS r RETURN r", id="escaped-keyword"),
    # (a query's very first word is not decoded by the server: a syntax error there, refused here too)
    pytest.param(r"\u004cOAD CSV FROM 'file://{passwd}' AS r RETURN r", id="escaped-first-keyword"),
    pytest.param(r"WITH '\\\u0027 AS a LOAD CSV FROM 'file://{canary}' AS r RETURN r", id="odd-backslashes"),
    pytest.param(r"WITH '\u005c\u0027' AS a LOAD CSV FROM 'file://{canary}' AS r RETURN r", id="escaped-backslash"),
    # LOAD CSV in plain sight, from files and URLs
    pytest.param("LOAD CSV FROM 'file://{passwd}' AS r RETURN r", id="load-csv-file"),
    pytest.param("LOAD CSV WITH HEADERS FROM 'file://{canary}' AS r RETURN r", id="load-csv-headers"),
    pytest.param("LOAD CSV FROM 'file:///password' AS r RETURN r", id="load-csv-import-relative"),
    pytest.param("LOAD CSV FROM '{http}/plain.csv' AS r RETURN r", id="load-csv-http"),
    pytest.param(r"WITH '\u0027 AS a LOAD CSV FROM '{http}/escaped.csv' AS r RETURN r", id="load-csv-http-escaped"),
    pytest.param("MATCH (n) RETURN count(n) AS r UNION LOAD CSV FROM '{http}/union.csv' AS r RETURN count(r) AS r",
                 id="load-csv-http-union"),
    pytest.param(("LOAD CSV FROM $url AS r RETURN r", {"url": "file://{password}"}), id="load-csv-url-parameter"),
    pytest.param(("LOAD CSV FROM $url AS r RETURN r", {"url": "{http}/param.csv"}), id="load-csv-http-parameter"),
    pytest.param("CYPHER runtime=slotted LOAD CSV FROM 'file://{passwd}' AS r RETURN r", id="load-csv-cypher-options"),
    # SHOW and TERMINATE commands (query type 'r' to the server!)
    pytest.param("SHOW SETTINGS", id="show-settings"),
    pytest.param("SHOW SETTINGS YIELD name, value WHERE name CONTAINS 'directories' RETURN name, value",
                 id="show-settings-yield"),
    pytest.param(r"SHOW \u0053ETTINGS", id="show-settings-escaped"),
    pytest.param("SHOW TRANSACTIONS", id="show-transactions"),
    pytest.param("SHOW TRANSACTIONS YIELD currentQuery, parameters RETURN currentQuery, parameters",
                 id="show-transactions-parameters"),
    pytest.param("SHOW PROCEDURES", id="show-procedures"),
    pytest.param("SHOW FUNCTIONS", id="show-functions"),
    pytest.param("SHOW USERS", id="show-users"),
    pytest.param("SHOW CURRENT USER", id="show-current-user"),
    pytest.param("SHOW DATABASES", id="show-databases"),
    pytest.param("SHOW INDEXES", id="show-indexes"),
    pytest.param("SHOW CONSTRAINTS", id="show-constraints"),
    pytest.param("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", id="terminate-transactions"),
    # Procedures outside the allow-list: query statistics, replanning, dbms.*
    pytest.param("CALL db.stats.collect('QUERIES')", id="db-stats-collect"),
    pytest.param("CALL db.stats.retrieve('QUERIES')", id="db-stats-retrieve"),
    pytest.param("CALL db.stats.stop('QUERIES')", id="db-stats-stop"),
    pytest.param("CALL db.stats.clear('QUERIES')", id="db-stats-clear"),
    pytest.param("CALL db.stats.retrieveAllAnonymized('x')", id="db-stats-anonymized"),
    pytest.param(r"CALL db.stats.\u0072etrieve('QUERIES')", id="db-stats-escaped-name"),
    pytest.param("CALL `db.stats.retrieve`('QUERIES')", id="db-stats-backquoted"),
    pytest.param(r"WITH '\u0027 AS a CALL db.stats.collect(\u0027QUERIES\u0027) YIELD section RETURN section",
                 id="db-stats-inside-escapes"),
    pytest.param("CALL db.prepareForReplanning()", id="prepare-for-replanning"),
    pytest.param("CALL db.prepareForReplanning", id="prepare-for-replanning-no-parens"),
    pytest.param("CALL db.clearQueryCaches()", id="clear-query-caches"),
    pytest.param("CALL db.resampleOutdatedIndexes()", id="resample-indexes"),
    pytest.param("CALL dbms.listConfig()", id="dbms-list-config"),
    pytest.param("CALL dbms.listConnections()", id="dbms-list-connections"),
    pytest.param("CALL dbms.showCurrentUser()", id="dbms-show-current-user"),
    pytest.param("CALL dbms.queryJmx('*:*')", id="dbms-query-jmx"),
    pytest.param("CALL dbms.components()", id="dbms-components"),
    pytest.param("CALL dbms.killConnections([])", id="dbms-kill-connections"),
    pytest.param("CALL tx.setMetaData({a: 1})", id="tx-set-metadata"),
    # CALL { } IN TRANSACTIONS, other databases, administration
    pytest.param("CALL () { MATCH (n) RETURN count(n) AS c } IN TRANSACTIONS RETURN c", id="in-transactions"),
    pytest.param(r"CALL () { MATCH (n) RETURN count(n) AS c } IN TRANSACTION\u0053 RETURN c",
                 id="in-transactions-escaped"),
    pytest.param("USE system SHOW USERS", id="use-system-show-users"),
    pytest.param("USE system MATCH (n) RETURN n", id="use-system-match"),
    pytest.param("USE `system` RETURN 1 AS x", id="use-system-backquoted"),
    pytest.param(r"USE \u0073ystem RETURN 1 AS x", id="use-system-escaped"),
    pytest.param("CALL () { USE system RETURN 1 AS x } RETURN x", id="use-system-subquery"),
    pytest.param("CREATE USER mallory SET PASSWORD 'correct-horse-battery'", id="create-user"),
    pytest.param(r"CREATE \u0055SER mallory SET PASSWORD 'correct-horse-battery'", id="create-user-escaped"),
    pytest.param("ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'bbbbbbbbbb'", id="alter-password"),
    pytest.param("STOP DATABASE neo4j", id="stop-database"),
    pytest.param("CREATE INDEX mallory FOR (n:Post) ON (n.mallory)", id="create-index"),
    pytest.param("DROP CONSTRAINT post_key IF EXISTS", id="drop-constraint"),
    # Writes hidden in escapes
    pytest.param(r"MATCH (n:Post) WITH n, '\u0027 AS x SET n.hacked = 1 RETURN 1 AS y", id="set-in-escape"),
    pytest.param(r"RETURN '\u0027 AS x CREATE (:Hacked) RETURN 1 AS y //'", id="create-in-escape"),
    pytest.param(r"MATCH (n:Post) WITH n LIMIT 1 \u004dERGE (h:Hacked) RETURN h", id="merge-escaped"),
    pytest.param(r"MATCH (n:Post) DETACH \u0044ELETE n", id="delete-escaped"),
    pytest.param(r"MATCH (n:Post) FOREACH (x IN [1] | \u0053ET n.x = x)", id="foreach-set-escaped"),
    pytest.param(r"RETURN 1 AS x UNION \u0043REATE (h:Hacked) RETURN 1 AS x", id="create-in-union-escaped"),
    # Plug-in procedures and functions (APOC-like names), plain and disguised
    pytest.param("RETURN apoc.cypher.runFirstColumnSingle('LOAD CSV FROM \"file:///etc/passwd\" AS r RETURN r', {}) AS x",
                 id="apoc-cypher-function"),
    pytest.param("RETURN `apoc`.`cypher`.runFirstColumnSingle('RETURN 1', {}) AS x", id="apoc-backquoted"),
    pytest.param(r"RETURN apoc.text.join(['a'], \u0027\u0027) AS x", id="apoc-function-escaped"),
    pytest.param("CALL apoc.load.csv('file:///etc/passwd')", id="apoc-load-csv"),
    pytest.param("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})", id="apoc-periodic"),
    pytest.param("CALL apoc.util.sleep(100000)", id="apoc-sleep"),
    # Malformed or oversized text, and EXPLAIN/PROFILE games
    pytest.param(r"RETURN '\u00zz' AS x", id="bad-escape"),
    pytest.param("PROFILE LOAD CSV FROM 'file://{passwd}' AS r RETURN r", id="profile-load-csv"),
    pytest.param("RETURN " + "+".join(["1"] * 30_000) + " AS x", id="30000-terms"),
    pytest.param("RETURN " + "[" * 30_000 + "]" * 30_000 + " AS x", id="30000-brackets"),
]

# Refused as input the console will not send (exit 1 too), rather than as a write.
NOT_SENT = {"bad-escape", "30000-terms", "30000-brackets", "profile-load-csv", "use-system-match",
            "use-system-subquery"}


def _fill(value, paths, http_url):
    if isinstance(value, dict):
        return {k: _fill(v, paths, http_url) for k, v in value.items()}
    if not isinstance(value, str) or "{" not in value or len(value) > 10_000:
        return value
    for key, path in paths.items():
        value = value.replace("{" + key + "}", str(path))
    return value.replace("{http}", http_url)


def _attack(param, paths, http_url):
    query, params = param if isinstance(param, tuple) else (param, {})
    return _fill(query, paths, http_url), _fill(params, paths, http_url)


def _leaks(text: str, paths) -> list[str]:
    """What a message must never contain: the password, the canary, /etc/passwd's content."""
    leaks = []
    if paths["password"].exists() and paths["password"].read_text().strip() in text:
        leaks.append("password")
    if "secret_canary_7f3a" in text:
        leaks.append("canary")
    if "root:x:0:0" in text:
        leaks.append("/etc/passwd")
    return leaks


@pytest.mark.neo4j
@pytest.mark.parametrize("attack", [p.values[0] for p in ATTACKS], ids=[p.id for p in ATTACKS])
def test_attack_is_refused_and_changes_nothing(loaded, http_trap, secrets_paths, attack, request):
    name = request.node.callspec.id
    query, params = _attack(attack, secrets_paths, f"http://127.0.0.1:{http_trap.server_port}")
    before = _state(loaded)
    expected = (ReadOnlyViolation, InputError) if name in NOT_SENT else ReadOnlyViolation
    with pytest.raises(expected) as err:
        adhoc.run(loaded, query, params)
    message = str(err.value)
    assert "Nothing was run" in message or isinstance(err.value, InputError)
    assert _leaks(message, secrets_paths) == []
    assert _state(loaded) == before
    assert http_trap.requests == []


# The server's plan alone, without the text screens, refuses the disguised attacks.
PLAN_ALONE = ["u0027-password", "u0027-in-union", "escape-closes-comment", "escaped-keyword",
              "load-csv-http-escaped", "load-csv-url-parameter", "show-settings-escaped", "show-transactions",
              "terminate-transactions", "db-stats-escaped-name", "db-stats-inside-escapes",
              "prepare-for-replanning-no-parens", "dbms-list-config", "in-transactions-escaped",
              "create-user-escaped", "set-in-escape", "merge-escaped", "show-users", "create-index"]


@pytest.mark.neo4j
@pytest.mark.parametrize("name", PLAN_ALONE)
def test_the_plan_verdict_alone_refuses(loaded, http_trap, secrets_paths, name):
    attack = next(p.values[0] for p in ATTACKS if p.id == name)
    query, params = _attack(attack, secrets_paths, f"http://127.0.0.1:{http_trap.server_port}")
    before = _state(loaded)
    with pytest.raises(ReadOnlyViolation) as err:
        adhoc.verdict(loaded, query, params)
    assert _leaks(str(err.value), secrets_paths) == []
    assert _state(loaded) == before
    assert http_trap.requests == []


@pytest.mark.neo4j
@pytest.mark.parametrize("name", ["u0027-password", "u0022-password", "u0027-auth-ini", "load-csv-http",
                                  "show-settings", "show-transactions", "db-stats-retrieve", "use-system-show-users"])
def test_cli_refuses_with_exit_1(loaded, http_trap, secrets_paths, name, capsys):
    from graph.cli import main

    attack = next(p.values[0] for p in ATTACKS if p.id == name)
    query, _ = _attack(attack, secrets_paths, f"http://127.0.0.1:{http_trap.server_port}")
    before = _state(loaded)
    assert main(["cypher", query]) == 1
    out, err = capsys.readouterr()
    assert "refused" in err and "Traceback" not in err and out == ""
    assert _leaks(out + err, secrets_paths) == []
    assert _state(loaded) == before
    assert http_trap.requests == []


READS = [
    ("MATCH (p:Post {org: $org}) RETURN p.key AS key ORDER BY key LIMIT 2", {"org": "qmin"}),
    ("MATCH (p:Post) RETURN p.org AS org, count(*) AS n, sum(p.headcount) AS heads", {}),
    ("MATCH path = (a:Post)-[:REPORTS_TO*1..3]->(b:Post) RETURN length(path) AS hops LIMIT 5", {}),
    ("MATCH p = shortestPath((a:Post {key: 'qmin/post/2'})-[:REPORTS_TO*]->(b:Post {key: 'qmin/post/1'})) "
     "RETURN length(p) AS n", {}),
    ("CALL db.labels() YIELD label RETURN label ORDER BY label", {}),
    ("CALL db.relationshipTypes()", {}),
    ("CALL db.schema.visualization()", {}),
    (r"""RETURN "\u0041\u0027" AS text, date.truncate('month', date('2024-05-17')) AS d""", {}),
    ("RETURN duration.between(date('2024-01-01'), date('2024-03-01')).months AS m, "
     "point.distance(point({x: 0, y: 0}), point({x: 3, y: 4})) AS d", {}),
    ("WITH 1 AS use, 2 AS show RETURN use + show AS n", {}),
    ("MATCH (n) WHERE n.name = 'LOAD CSV FROM file:///etc/passwd' RETURN count(n) AS n", {}),
]


@pytest.mark.neo4j
@pytest.mark.parametrize("query,params", READS)
def test_legit_reads_still_work(loaded, query, params):
    before = _state(loaded)
    out = adhoc.run(loaded, query, params)
    assert out["columns"]
    assert _state(loaded) == before


@pytest.mark.neo4j
def test_read_results_are_right(loaded):
    assert adhoc.run(loaded, r'RETURN "\u0041\u0027" AS t')["rows"] == [{"t": "A'"}]
    labels = [r["label"] for r in adhoc.run(loaded, "CALL db.labels() YIELD label RETURN label")["rows"]]
    assert "Post" in labels
    n = adhoc.run(loaded, "MATCH (p:Post {org: 'qmin'}) RETURN count(p) AS n")["rows"]
    assert n == [{"n": 12}]


# --- Neo4j's escape rules, checked on the server ---------------------------------------------------

ESCAPES = [r"a\u0027b", r"\\u0027", r"\\\u0027", r"\u005c\u0027", r"\\\\u0041", r"\\\\\u0041", r"\u00e9\u00C9",
           r"\uD83D\uDE00", r"\U0001F600", r"\u005c\u005c", "Шеф ქართ"]


def _cypher_unescape(body: str) -> str:
    """A double-quoted Cypher string's content, as the server unescapes it."""
    simple = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body) and body[i + 1] in simple:
            out.append(simple[body[i + 1]])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


@pytest.mark.neo4j
@pytest.mark.parametrize("raw", ESCAPES)
def test_escape_decoding_matches_the_server(loaded, raw):
    query = f'RETURN "{raw}" AS x'
    served = loaded.query(query)[0]["x"]
    ours = _cypher_unescape(guard.tokens(guard.decode_escapes(query))[1].text)
    assert ours == served


@pytest.mark.neo4j
def test_a_malformed_escape_is_refused_like_the_server_does(loaded):
    from neo4j.exceptions import CypherSyntaxError

    with pytest.raises(CypherSyntaxError):
        loaded.query(r"RETURN '\u00zz' AS x")
    with pytest.raises(guard.GuardError):
        guard.decode_escapes(r"RETURN '\u00zz' AS x")


# --- size limits, time limits and Ctrl-C ---------------------------------------------------------

def test_oversized_queries_are_refused_before_the_server():
    for text, word in [("RETURN " + "+".join(["1"] * 30_000), "tokens"),
                       ("RETURN " + "(" * 1000 + "1" + ")" * 1000, "deep"),
                       ("RETURN '" + "a" * (guard.MAX_CHARS + 1) + "'", "characters")]:
        with pytest.raises(InputError, match=word):
            adhoc.screen_text(text)  # the text screen: no connection involved


@pytest.mark.neo4j
def test_cli_refuses_30000_terms_with_a_message(loaded, capsys):
    from graph.cli import main

    assert main(["cypher", "RETURN " + "+".join(["1"] * 30_000) + " AS x"]) == 1
    err = capsys.readouterr().err
    assert "5,000 tokens" in err and "Traceback" not in err


def _transactions(conn, marker):
    rows = conn.driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery",
                                     database_=conn.settings.database).records
    return [r["currentQuery"] for r in rows if marker in r["currentQuery"] and "SHOW TRANSACTIONS" not in r["currentQuery"]]


@pytest.mark.neo4j
def test_ctrl_c_cancels_the_query_at_once(loaded):
    marker = f"ctrlc{os.getpid()}"
    timeout = 300
    query = (f"UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x, y WHERE x * y = -1 "
             f"RETURN count(*) AS {marker}")
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "cypher", "--timeout", str(timeout), query],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # Wait until the query itself (not its EXPLAIN) runs on the server.
        while not [q for q in _transactions(loaded, marker) if not q.lstrip().upper().startswith("EXPLAIN")]:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() - started < timeout / 2, "the query never started"
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=timeout / 2)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130
    assert "interrupted" in err and "Traceback" not in err and out == ""
    # The server ended the transaction too, long before its time-out.
    while _transactions(loaded, marker):
        assert time.monotonic() - started < timeout, "the transaction is still running on the server"
        time.sleep(0.2)


@pytest.mark.neo4j
def test_the_query_timeout_stops_a_long_query(loaded):
    with pytest.raises(InputError, match="longer than"):
        adhoc.run(loaded, "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
                          "WITH x, y WHERE x * y = -1 RETURN count(*) AS n", timeout=1)


# --- the managed server's own defences ------------------------------------------------------------

managed_only = pytest.mark.skipif(not MANAGED, reason="checks the managed server's neo4j.conf; NEO4J_URI is set")


@pytest.mark.neo4j
@managed_only
def test_managed_server_refuses_file_and_url_loads_even_to_an_admin(loaded, http_trap, secrets_paths):
    """Past the console (the test's own admin connection), the server itself refuses LOAD CSV."""
    from neo4j.exceptions import ClientError

    cfg = server.ServerConfig.from_env()
    conf = (cfg.conf_dir / "neo4j.conf").read_text()
    assert "dbms.security.allow_csv_import_from_file_urls=false" in conf
    assert f"server.directories.import={cfg.import_dir}" in conf
    assert cfg.import_dir.is_dir() and list(cfg.import_dir.iterdir()) == []
    settings = dict(loaded.driver.execute_query("SHOW SETTINGS YIELD name, value WHERE name IN $names "
                                                "RETURN name, value", names=[
        "dbms.security.allow_csv_import_from_file_urls", "server.directories.import",
        "dbms.security.procedures.unrestricted"]).records)
    assert settings["dbms.security.allow_csv_import_from_file_urls"] == "false"
    assert settings["server.directories.import"] == str(cfg.import_dir)
    assert settings["dbms.security.procedures.unrestricted"] in ("", None)
    for url in (f"file://{secrets_paths['password']}", "file:///etc/passwd", f"file://{secrets_paths['canary']}",
                f"http://127.0.0.1:{http_trap.server_port}/direct.csv",
                f"http://localhost:{http_trap.server_port}/direct.csv"):
        with pytest.raises(ClientError) as err:
            loaded.driver.execute_query("LOAD CSV FROM $url AS r RETURN r", url=url)
        assert _leaks(str(err.value), secrets_paths) == []
    assert http_trap.requests == []


@pytest.mark.neo4j
@managed_only
def test_password_file_is_private(loaded):
    cfg = server.ServerConfig.from_env()
    assert stat.S_IMODE(cfg.password_file.stat().st_mode) == 0o600


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sample_ps_while(cmd, env) -> tuple[list[str], subprocess.CompletedProcess]:
    proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples = []
    while proc.poll() is None:
        # -ww: never cut a line at a terminal width (the classpath makes these lines ~20 kB)
        samples.append(subprocess.run(["ps", "-ww", "-eo", "args"], capture_output=True, text=True,
                                      stdin=subprocess.DEVNULL).stdout)
    out, err = proc.communicate()
    return samples, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


@pytest.mark.neo4j
@managed_only
def test_the_password_is_never_on_a_command_line(tmp_path):
    """`ps` sampled all through a first start and a `db reset` of a server of the test's own."""
    home = tmp_path / "srv"
    home.mkdir()
    for f in server.ServerConfig.from_env().home.glob("classpath-*.txt"):
        shutil.copy(f, home / f.name)  # Maven already resolved the jars
    env = dict(os.environ, ORGRAPH_HOME=str(home), ORGRAPH_BOLT_PORT=str(_free_port()),
               ORGRAPH_HEAP="1g", ORGRAPH_PAGECACHE="64m")
    orgraph = [sys.executable, "-m", "graph.cli"]
    try:
        samples, started = _sample_ps_while(orgraph + ["db", "start"], env)
        assert started.returncode == 0, started.stderr
        first = (home / "password").read_text().strip()
        more, reset = _sample_ps_while(orgraph + ["db", "reset", "--yes"], env)
        assert reset.returncode == 0, reset.stderr
        samples += more
        second = (home / "password").read_text().strip()
    finally:
        subprocess.run(orgraph + ["db", "stop"], env=env, cwd=REPO, capture_output=True)
    assert first != second and len(second) == 48
    assert stat.S_IMODE((home / "password").stat().st_mode) == 0o600
    admin = [s for s in samples if "set-initial-password" in s]
    assert admin, f"the sampler never saw neo4j-admin at work ({len(samples)} samples, " \
                  f"{sum('AdminTool' in s for s in samples)} with AdminTool)"
    assert [s for s in samples if first in s or second in s] == []
    for text in (started.stdout, started.stderr, reset.stdout, reset.stderr):
        assert first not in text and second not in text
