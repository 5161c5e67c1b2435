"""The spine against the real server: load, replace, all-or-nothing, clear failures."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from graph.cli import main
from graph.store.reader import read_org
from graph.loaders.orgfile import read, write
from graph.schema.model import Organisation, OrgFile, Post, Supervision, Unit
from graph.store.writer import write_org

FIX = Path(__file__).parent / "fixtures"
ORGRAPH = [sys.executable, "-m", "graph.cli"]


def synthetic(key: str, n: int) -> OrgFile:
    """A flat-ish body of ``n`` posts: enough rows for a load that takes a while."""
    units = [Unit(key=f"{key}/{i}", number=str(i), name=f"Unit {i}", kind="sector") for i in range(1, 51)]
    posts = [Post(key=f"{key}/post/{i}", number=str(i), name=f"Post {i}",
                  unit=units[i % 50].key if i > 1 else None, headcount=1 + i % 3) for i in range(1, n + 1)]
    sup = [Supervision(post=p.key, superior=f"{key}/post/{max(1, i // 10)}") for i, p in enumerate(posts[1:], 2)]
    return OrgFile(organisation=Organisation(key=key, name=f"Body {key}"), units=units, posts=posts,
                   supervision=sup)


def test_load_twice_same_counts(conn):
    org = read(FIX / "tiny.yaml")
    write_org(conn, org)
    first = conn.counts("tiny")
    write_org(conn, org)
    assert conn.counts("tiny") == first
    assert first["nodes"] == 1 + 2 + 4 + 1 + 1 + 1  # org, units, posts, unresolved, declared, warning
    assert conn.counts()["nodes"] == first["nodes"] + 2  # + the two shared Title nodes


def test_changed_version_replaces_old_graph(conn):
    org = read(FIX / "tiny.yaml")
    write_org(conn, org)
    changed = org.model_copy(deep=True)
    changed.posts = [p for p in changed.posts if p.key != "tiny/post/4"]
    changed.supervision = [s for s in changed.supervision if s.post != "tiny/post/4"]
    changed.posts[1].name = "Заменик директора (нови назив)"
    write_org(conn, changed)
    assert conn.read("MATCH (p:Post {key: 'tiny/post/4'}) RETURN p") == []
    assert conn.read("MATCH (p:Post {key: 'tiny/post/2'}) RETURN p.name AS n")[0]["n"].endswith("(нови назив)")
    assert read_org(conn, "tiny") == changed


def test_round_trip_loses_nothing(conn):
    org = read(FIX / "tiny.yaml")
    write_org(conn, org)
    assert read_org(conn, "tiny") == org


def test_other_organisations_untouched(conn):
    write_org(conn, read(FIX / "tiny.yaml"))
    before = conn.counts("tiny")
    write_org(conn, synthetic("other", 30))
    write_org(conn, synthetic("other", 10))
    assert conn.counts("tiny") == before
    assert conn.read("MATCH (p:Post {org: 'other'}) RETURN count(p) AS n")[0]["n"] == 10


def test_bad_input_writes_nothing(conn, capsys):
    write_org(conn, read(FIX / "tiny.yaml"))
    before = conn.counts()
    for name in ("unknown_unit.yaml", "duplicate_key.yaml", "unknown_superior.json"):
        assert main(["load", str(FIX / "bad" / name)]) == 1
    assert conn.counts() == before
    assert "does not exist" in capsys.readouterr().err


def _server_env(settings) -> dict:
    env = dict(os.environ)
    if not settings.managed:
        env.update(NEO4J_URI=settings.uri, NEO4J_USER=settings.user, NEO4J_PASSWORD=settings.password or "")
    return env


def start_big_load(conn, settings, tmp_path, key: str, posts: int, **env: str):
    """A 20-post version of ``key`` loaded, and a ``posts``-post one being loaded by ``orgraph load``
    in a subprocess (to be killed). Returns the small model, its counts, the big file, the process."""
    small = synthetic(key, 20)
    write_org(conn, small)
    before = conn.counts(key)
    big = tmp_path / "big.json"
    write(synthetic(key, posts), big)
    proc = subprocess.Popen([*ORGRAPH, "load", str(big)], env={**_server_env(settings), **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return small, before, big, proc


def test_sigkill_mid_load_leaves_previous_state(conn, neo4j_settings, tmp_path):
    small, before, _, proc = start_big_load(conn, neo4j_settings, tmp_path, "killme", 150_000)
    # Wait until the writer's transaction is open and has written rows, then kill it.
    deadline = time.monotonic() + 120
    seen = False
    while time.monotonic() < deadline and proc.poll() is None:
        rows = conn.query("SHOW TRANSACTIONS YIELD currentQuery, status "
                          "WHERE currentQuery CONTAINS 'UNWIND $rows' RETURN count(*) AS n")
        if rows[0]["n"]:
            seen = True
            time.sleep(0.5)
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert seen, "the load finished or failed before it could be killed: " + proc.stderr.read().decode()[-500:]
    # The server rolls the transaction back when the connection drops.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and conn.counts("killme") != before:
        time.sleep(0.2)
    assert conn.counts("killme") == before
    assert read_org(conn, "killme") == small


def test_unreachable_server_one_sentence_exit_2():
    env = dict(os.environ, NEO4J_URI="neo4j://127.0.0.1:9", NEO4J_PASSWORD="x")
    out = subprocess.run([*ORGRAPH, "orgs"], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "cannot reach Neo4j at neo4j://127.0.0.1:9" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) <= 2


def test_wrong_password_one_sentence_exit_2(neo4j_settings):
    env = dict(os.environ, NEO4J_URI=neo4j_settings.uri, NEO4J_USER=neo4j_settings.user,
               NEO4J_PASSWORD="not-the-password")
    out = subprocess.run([*ORGRAPH, "orgs"], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "wrong password" in out.stderr and "Traceback" not in out.stderr


def test_db_status_and_idempotent_start(neo4j_settings):
    if not neo4j_settings.managed:
        pytest.skip("NEO4J_URI names an external server: the managed server is not in use")
    out = subprocess.run([*ORGRAPH, "db", "status", "--json"], capture_output=True, text=True, timeout=60)
    info = json.loads(out.stdout)
    assert out.returncode == 0 and info["running"] and info["answering"]
    assert info["neo4j_version"].startswith("5.26.") and info["uri"] == neo4j_settings.uri
    again = subprocess.run([*ORGRAPH, "db", "start"], capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and "already running" in again.stdout


def test_managed_server_is_loopback_only_with_private_password(neo4j_settings):
    if not neo4j_settings.managed:
        pytest.skip("NEO4J_URI names an external server: the managed server is not in use")
    from graph.store.server import ServerConfig

    cfg = ServerConfig.from_env()
    conf = (cfg.conf_dir / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert f"server.bolt.listen_address=127.0.0.1:{cfg.port}" in conf
    assert "server.http.enabled=false" in conf and "dbms.security.auth_enabled=true" in conf
    assert cfg.password_file.stat().st_mode & 0o777 == 0o600
    assert neo4j_settings.password not in repr(neo4j_settings)


def test_load_cli_summary_json(conn, neo4j_settings):
    out = subprocess.run([*ORGRAPH, "load", "--json", str(FIX / "tiny.yaml")], env=_server_env(neo4j_settings),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["posts"] == 4


def test_reload_clears_stored_findings(conn):
    from graph.checks import run_checks
    from graph.store.findings import store

    org = read(FIX / "tiny.yaml")
    write_org(conn, org)
    org_bad = org.model_copy(deep=True)
    store(conn, org_bad, run_checks(org_bad))
    flagged = conn.read("MATCH (n:HasError|HasWarning|HasInfo) RETURN count(n) AS n")[0]["n"]
    assert flagged > 0
    write_org(conn, org)  # a reload is a new graph: old findings must not stick to kept nodes
    assert conn.read("MATCH (n:HasError|HasWarning|HasInfo) RETURN count(n) AS n")[0]["n"] == 0
    assert conn.read("MATCH (n {org: 'tiny'}) WHERE n.findings IS NOT NULL RETURN count(n) AS n")[0]["n"] == 0
