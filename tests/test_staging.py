"""Staged loads (graph/store/staging.py): many transactions, one switch, never half an organisation.

The suite runs with ORGRAPH_PURGE_GRACE=0 (conftest): a replaced version is purged right after
the load that replaced it.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from graph.store import generations, staging
from graph.store.reader import list_orgs, read_org
from graph.loaders.orgfile import read
from graph.store.writer import delete_org, rows_work, write_org
from test_foundation_db import start_big_load, synthetic

FIX = Path(__file__).parent / "fixtures"


def leftovers(conn) -> int:
    """Nodes of generations that are not live: being loaded, died, or retired and not yet purged."""
    return conn.read("MATCH (o:Organisation) WITH collect(o.gen) AS live "
                     "MATCH (n) WHERE n.gen IS NOT NULL AND NOT n.gen IN live RETURN count(n) AS n")[0]["n"]


def live_posts(conn, org: str) -> int:
    return conn.read("MATCH (o:Organisation {key: $org}) MATCH (p:Post {gen: o.gen}) RETURN count(p) AS n",
                     org=org)[0]["n"]


def write_unswitched(conn, org, batch: int) -> str:
    """The staging half of a load whose process then died: written, never switched."""
    gen = generations.new_gen()
    work, _ = rows_work(org, gen, batch)
    with conn.driver.session(database=conn.settings.database) as session:
        work(staging.StatementPerTransaction(session), lambda n: None)
    return gen


def test_staged_load_writes_the_same_graph_as_one_transaction(conn):
    org = read(FIX / "tiny.yaml")
    write_org(conn, org)
    one = conn.counts("tiny"), read_org(conn, "tiny")
    delete_org(conn, "tiny")
    assert conn.counts("tiny") == {"nodes": 0, "relationships": 0}
    write_org(conn, org, staged=True)
    assert (conn.counts("tiny"), read_org(conn, "tiny")) == one
    assert read_org(conn, "tiny") == org
    assert leftovers(conn) == 0


def test_staged_reload_replaces_and_leaves_nothing_behind(conn):
    write_org(conn, synthetic("big", 300), staged=True)
    smaller = synthetic("big", 120)
    write_org(conn, smaller, staged=True)
    assert conn.read("MATCH (p:Post {org: 'big'}) RETURN count(p) AS n")[0]["n"] == 120  # the old one purged
    assert read_org(conn, "big") == smaller
    assert leftovers(conn) == 0


def test_write_org_stages_above_the_threshold(conn, monkeypatch):
    monkeypatch.setattr(staging, "STAGED_ABOVE", 50)
    seen = []
    real = staging.write_staged
    monkeypatch.setattr(staging, "write_staged", lambda *a, **k: (seen.append(a[3]), real(*a, **k)))
    write_org(conn, synthetic("small", 50))
    write_org(conn, synthetic("large", 51))
    assert seen == ["large"]
    assert live_posts(conn, "large") == 51


@pytest.mark.parametrize("staged", [True, False])
def test_failed_switch_keeps_the_old_organisation_and_removes_the_new_one(conn, monkeypatch, staged):
    write_org(conn, synthetic("a", 20))
    old = read_org(conn, "a")
    before = conn.counts()

    def fail(tx, org, gen):
        raise RuntimeError("the switch failed")

    # Everything written, then the switch fails: the load is refused as a whole.
    monkeypatch.setattr(generations, "switch", fail)
    with pytest.raises(RuntimeError, match="the switch failed"):
        write_org(conn, synthetic("a", 25), staged=staged)
    with pytest.raises(RuntimeError, match="the switch failed"):
        write_org(conn, synthetic("b", 5), staged=staged)
    assert conn.counts() == before
    assert read_org(conn, "a") == old
    assert "b" not in [o["key"] for o in list_orgs(conn)]
    assert leftovers(conn) == 0


def test_a_load_that_died_before_the_switch_is_unseen_then_purged(conn):
    org = synthetic("dead", 40)
    write_org(conn, synthetic("dead", 10))
    before = conn.counts("dead")
    write_unswitched(conn, org, 7)
    assert leftovers(conn) > 40
    assert conn.counts("dead") == before
    assert live_posts(conn, "dead") == 10
    assert conn.read("MATCH (o:Organisation {key: 'dead'}) RETURN count(o) AS n")[0]["n"] == 1
    write_org(conn, org, staged=True)
    assert leftovers(conn) == 0
    assert read_org(conn, "dead") == org


@pytest.mark.parametrize("threshold", [10, 200_000])  # retired then purged / one transaction
def test_delete_removes_exactly_one_organisation(conn, monkeypatch, threshold):
    monkeypatch.setattr(staging, "STAGED_ABOVE", threshold)
    write_org(conn, synthetic("gone", 30))
    write_org(conn, read(FIX / "tiny.yaml"))
    tiny = conn.counts("tiny")
    assert delete_org(conn, "gone") is True
    assert delete_org(conn, "gone") is False
    assert conn.counts("gone") == {"nodes": 0, "relationships": 0}
    assert conn.counts("tiny") == tiny
    assert leftovers(conn) == 0


def test_sigkill_mid_staged_load_leaves_previous_state_then_next_load_cleans_up(conn, neo4j_settings, tmp_path):
    small, before, big, proc = start_big_load(conn, neo4j_settings, tmp_path, "killstaged", 30_000,
                                              ORGRAPH_STAGED_ABOVE="100")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and leftovers(conn) < 1_000:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the load ended before it could be killed: " + \
        proc.stderr.read().decode()[-500:]
    assert leftovers(conn) >= 1_000  # staged, committed, never switched
    assert conn.counts("killstaged") == before
    assert read_org(conn, "killstaged") == small
    write_org(conn, read(big), staged=True)
    assert leftovers(conn) == 0
    assert live_posts(conn, "killstaged") == 30_000


def test_db_purge_removes_what_a_dead_load_left(conn, neo4j_settings):
    from test_foundation_db import _server_env
    import subprocess
    import sys

    write_org(conn, synthetic("dead2", 10))
    write_unswitched(conn, synthetic("dead2", 30), 7)
    assert leftovers(conn) > 30
    env = _server_env(neo4j_settings)
    r = subprocess.run([sys.executable, "-m", "graph.cli", "db", "purge", "--grace", "0", "--json"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert '"abandoned_loads": 1' in r.stdout
    assert leftovers(conn) == 0
    assert live_posts(conn, "dead2") == 10
