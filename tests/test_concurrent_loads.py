"""Integrity under concurrency (issue 21): one writer per organisation, readers pinned to one
version, keys that belong to their organisation, retired versions purged after the grace period.

Loads run as real ``orgraph load`` processes against the test server; readers are threads of
the test process, each operation pinned as the CLI pins a command (Connection.pinned).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from graph.bench.synthetic import synthetic, write_file
from graph.errors import Ambiguous, NotFound
from graph.queries.chain import chain
from graph.queries.lookup import resolve_post
from graph.store import generations
from graph.store.lease import Lease
from graph.store.reader import read_org
from graph.store.writer import write_org
from test_foundation_db import ORGRAPH, _server_env
from test_staging import leftovers, live_posts

pytestmark = pytest.mark.neo4j

KEY = "conc"
ROUNDS = 10


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Two versions of one synthetic organisation (different sizes, shapes and relationships)."""
    folder = tmp_path_factory.mktemp("versions")
    out = {}
    for name, n, seed in (("a", 3000, 1), ("b", 2400, 2)):
        path = folder / f"{name}.json"
        write_file(n, path, seed=seed, key=KEY)
        out[name] = (path, synthetic(n, seed=seed, key=KEY))
    return out


@pytest.fixture(scope="module")
def expected(versions, neo4j_settings):
    """The counts and read-back of each version loaded alone."""
    from graph.store.connection import Connection

    conn = Connection(neo4j_settings)
    try:
        out = {}
        for name, (_, model) in versions.items():
            conn.wipe()
            write_org(conn, model)
            out[name] = conn.counts(KEY)
        conn.wipe()
        return out
    finally:
        conn.close()


def _load(path: Path, settings, **env: str) -> subprocess.Popen:
    return subprocess.Popen([*ORGRAPH, "load", str(path)], env={**_server_env(settings), **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _finish(proc: subprocess.Popen) -> tuple[int, str]:
    _, err = proc.communicate(timeout=600)
    return proc.returncode, err.decode()


@pytest.mark.parametrize("staged", [False, True], ids=["one-transaction", "staged"])
def test_two_processes_loading_one_organisation_leave_exactly_one_version(conn, neo4j_settings, versions,
                                                                          expected, staged):
    env = {"ORGRAPH_STAGED_ABOVE": "100"} if staged else {}
    allowed = {tuple(sorted(c.items())) for c in expected.values()}
    for _ in range(ROUNDS):
        procs = [_load(versions["a"][0], neo4j_settings, **env), _load(versions["b"][0], neo4j_settings, **env)]
        results = [_finish(p) for p in procs]
        for rc, err in results:
            assert rc == 0, err[-800:]
            assert "Traceback" not in err
        counts = conn.counts(KEY)
        assert tuple(sorted(counts.items())) in allowed, counts
        # Never more relationships than either version, never two line superiors where neither has them.
        assert counts["relationships"] <= max(c["relationships"] for c in expected.values())
    model = read_org(conn, KEY)
    assert model in (versions["a"][1], versions["b"][1])
    assert leftovers(conn) == 0  # the suite's grace period is 0: every replaced version is gone


@pytest.mark.parametrize("staged", [False, True], ids=["one-transaction", "staged"])
def test_readers_never_see_a_mix_during_reloads(conn, neo4j_settings, versions, expected, staged):
    a, b = versions["a"][1], versions["b"][1]
    write_org(conn, a)
    both = sorted({p.key for p in a.posts} & {p.key for p in b.posts})[::97]
    allowed = {tuple(sorted(c.items())): name for name, c in expected.items()}
    seen_counts: list[str] = []
    failures: list[str] = []
    done = threading.Event()

    def counter():
        while not done.is_set():
            c = tuple(sorted(conn.counts(KEY).items()))
            if c not in allowed:
                failures.append(f"counts {dict(c)} match neither version")
            else:
                seen_counts.append(allowed[c])

    def looker():
        i = 0
        while not done.is_set():
            key = both[i % len(both)]
            i += 1
            try:
                # One command's reads, pinned as the CLI pins them.
                with conn.pinned():
                    card = resolve_post(conn, key)
                    rows = chain(conn, card["key"])
                if not rows or rows[0]["key"] != key:
                    failures.append(f"chain of {key} came back as {rows[:1]}")
            except (Ambiguous, NotFound) as exc:
                failures.append(f"{key}: {exc}")

    def reader():
        while not done.is_set():
            m = read_org(conn, KEY)
            if m != a and m != b:
                failures.append(f"read-back of {len(m.posts)} posts matches neither version")

    threads = [threading.Thread(target=f) for f in (counter, counter, looker, looker, reader)]
    for t in threads:
        t.start()
    env = {"ORGRAPH_PURGE_GRACE": "600", **({"ORGRAPH_STAGED_ABOVE": "100"} if staged else {})}
    try:
        for i in range(ROUNDS):
            rc, err = _finish(_load(versions["b" if i % 2 == 0 else "a"][0], neo4j_settings, **env))
            assert rc == 0, err[-800:]
    finally:
        done.set()
        for t in threads:
            t.join()
    assert failures == [], failures[:5]
    assert {"a", "b"} <= set(seen_counts)  # the readers did overlap the reloads
    assert conn.counts(KEY) == expected["a"]  # ten reloads: the last was version a
    # The retired versions were kept for the readers (grace 600 s); purged now, nothing is left.
    assert leftovers(conn) > 0
    generations.purge(conn, grace=0)
    assert leftovers(conn) == 0
    assert conn.counts(KEY) == expected["a"]


def _org_file(path: Path, org: str, post_keys: list[str]) -> Path:
    lines = ["format_version: 1", "organisation:", f"  key: {org}", f"  name: Body {org}", "posts:"]
    lines += [f"  - {{key: {k}, name: Post {i}}}" for i, k in enumerate(post_keys, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_file_claiming_another_organisations_key_is_refused_and_changes_nothing(conn, neo4j_settings, tmp_path):
    env = _server_env(neo4j_settings)
    ok = subprocess.run([*ORGRAPH, "load", str(_org_file(tmp_path / "a.yaml", "orga", ["orga/post/1", "orga/post/2"]))],
                        capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    before = conn.counts("orga"), read_org(conn, "orga")
    thief = _org_file(tmp_path / "b.yaml", "orgb", ["orgb/post/1", "orga/post/2"])
    r = subprocess.run([*ORGRAPH, "load", str(thief)], capture_output=True, text=True, env=env)
    assert r.returncode == 1
    assert f"{thief}:7" in r.stderr and "'orga/post/2' does not belong to organisation 'orgb'" in r.stderr
    assert "Traceback" not in r.stderr
    assert (conn.counts("orga"), read_org(conn, "orga")) == before
    assert "orgb" not in [row["key"] for row in conn.read("MATCH (o:Organisation) RETURN o.key AS key")]


def test_a_key_equal_to_the_organisation_key_is_refused(conn, neo4j_settings, tmp_path):
    own = _org_file(tmp_path / "own.yaml", "orgc", ["orgc/post/1", "orgc"])
    r = subprocess.run([*ORGRAPH, "load", str(own)], capture_output=True, text=True, env=_server_env(neo4j_settings))
    assert r.returncode == 1
    assert f"{own}:7" in r.stderr and "'orgc' is the organisation's own key" in r.stderr
    assert conn.counts("orgc") == {"nodes": 0, "relationships": 0}


def test_a_second_loader_waits_then_names_the_holder_while_other_bodies_load(conn, neo4j_settings, tmp_path):
    first = _org_file(tmp_path / "d.yaml", "orgd", ["orgd/post/1"])
    other = _org_file(tmp_path / "e.yaml", "orge", ["orge/post/1"])
    with Lease(conn, "orgd"):
        rc, err = _finish(_load(first, neo4j_settings, ORGRAPH_LOCK_WAIT="1"))
        assert rc == 1
        assert "organisation 'orgd' is being loaded by another process" in err and f"pid {os.getpid()}" in err
        assert "Traceback" not in err
        rc, err = _finish(_load(other, neo4j_settings, ORGRAPH_LOCK_WAIT="1"))
        assert rc == 0, err  # a different organisation is not held up
    assert conn.counts("orgd") == {"nodes": 0, "relationships": 0}
    rc, err = _finish(_load(first, neo4j_settings, ORGRAPH_LOCK_WAIT="1"))
    assert rc == 0, err
    assert live_posts(conn, "orgd") == 1


def test_purge_after_the_grace_period_leaves_no_retired_nodes(conn, monkeypatch):
    from test_foundation_db import synthetic as small

    monkeypatch.setenv("ORGRAPH_PURGE_GRACE", "2")
    write_org(conn, small("orgf", 30))
    write_org(conn, small("orgf", 20))
    # Within the grace period the replaced version stays, whole, for readers that pinned it.
    old = [g["gen"] for g in conn.read("MATCH (o:OrgVersion {key: 'orgf'}) WHERE o.retired IS NOT NULL "
                                        "RETURN o.gen AS gen")]
    assert len(old) == 1
    assert read_org(conn, "orgf", gen=old[0]) == small("orgf", 30)
    assert generations.purge(conn, grace=3600) == 0  # not due yet within an hour's grace
    time.sleep(2.5)  # past the 2 s grace set above
    assert generations.purge(conn) > 30
    assert leftovers(conn) == 0
    assert conn.read("MATCH (o:OrgVersion) WHERE o.retired IS NOT NULL RETURN count(o) AS n")[0]["n"] == 0
    assert live_posts(conn, "orgf") == 20
