"""The benchmark's parts: the synthetic generator's shape and determinism, the naive
loader's graph, the runner's bookkeeping. No timings are asserted here: speed is
measured by ``orgraph bench``, never by a test."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from graph.bench.run import headline_against_targets, markdown, percentile, rows
from graph.bench.synthetic import parse_size, synthetic, synthetic_data, write_file
from graph.schema.integrity import problems
from graph.schema.model import OrgFile


def _depth(org: OrgFile) -> int:
    parent = {u.key: u.parent for u in org.units}

    def level(k):
        n = 0
        while k:
            n, k = n + 1, parent[k]
        return n

    return max(level(u.key) for u in org.units)


@pytest.mark.parametrize("n", [1_000, 5_000, 20_000])
def test_shape(n):
    org = synthetic(n, seed=3)
    assert len(org.posts) == n
    assert list(problems(org)) == []
    assert 6 <= _depth(org) <= 10
    spans = Counter(s.superior for s in org.supervision if s.kind == "line")
    assert min(spans.values()) == 1 and max(spans.values()) == 40
    # A long tail: most managers have a handful of reports.
    assert sorted(spans.values())[len(spans) // 2] <= 8
    assert {p.headcount for p in org.posts} == {1, 2, 3, 4, 5}
    # Every post but the director has exactly one line superior.
    line = Counter(s.post for s in org.supervision if s.kind == "line")
    assert len(line) == n - 1 and set(line.values()) == {1}
    # Every unit has a head, posted in it.
    heads = {p.heads: p.unit for p in org.posts if p.heads}
    assert set(heads) == {u.key for u in org.units} and all(k == v for k, v in heads.items())
    assert {s.kind for s in org.supervision} == {"line", "accountability"}
    assert any(s.order == 2 for s in org.substitution)
    assert any(s.substitute is None and s.substitute_text for s in org.substitution)
    titles = {t.key: t for t in org.titles}
    assert titles["rs/polozaj-1"].kind == "position_group" and titles["rs/mladji-referent"].junior
    assert {p.title for p in org.posts} <= set(titles)
    declared = {d.measure: d.value for d in org.declared}
    assert declared == {"posts": n, "civil_servants": sum(p.headcount for p in org.posts)}


def test_titles_by_level():
    org = synthetic(3_000, seed=1)
    rank = {t.key: t.rank for t in org.titles}
    unit_level = {}
    for u in org.units:
        unit_level[u.key] = 1 if u.parent is None else unit_level[u.parent] + 1
    sector_heads = [p for p in org.posts if p.heads and unit_level[p.heads] == 1]
    assert all(p.title.startswith("rs/polozaj-") for p in sector_heads)
    deep = [rank[p.title] for p in org.posts if not p.heads and p.unit and unit_level[p.unit] >= 5]
    shallow = [rank[p.title] for p in org.posts if not p.heads and p.unit and unit_level[p.unit] <= 2]
    assert sum(deep) / len(deep) > sum(shallow) / len(shallow)  # deeper posts are more junior


def test_deterministic():
    assert synthetic_data(2_000, seed=5) == synthetic_data(2_000, seed=5)
    assert synthetic_data(2_000, seed=5) != synthetic_data(2_000, seed=6)


def test_file_round_trip(tmp_path):
    from graph.loaders.orgfile import read

    info = write_file(1_500, tmp_path / "s.json", seed=2)
    assert info["posts"] == 1_500 and info["depth"] >= 6
    assert read(tmp_path / "s.json") == synthetic(1_500, seed=2)
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert data["organisation"]["key"] == "synth-1500"


def test_parse_size_rejects_nonsense():
    assert parse_size("100K") == 100_000
    with pytest.raises(ValueError):
        parse_size("lots")


def test_cli_synth(tmp_path):
    from graph.cli import main

    out = tmp_path / "x.json"
    assert main(["synth", "2k", "-o", str(out), "--key", "demo", "--json"]) == 0
    org = OrgFile.model_validate_json(out.read_text(encoding="utf-8"))
    assert org.organisation.key == "demo" and len(org.posts) == 2_000
    assert main(["synth", "many", "-o", str(out)]) == 1


def test_report_from_results():
    results = {"started": "now", "machine": {"cores": 2, "neo4j": "5.26"}, "steps": {
        "load 10k": {"posts": 10_000, "posts_per_s": 30_000.0, "parse_s": 0.1, "write_s": 0.2, "seconds": 0.33,
                     "nodes": 1, "relationships": 2, "peak_rss_mb": 100.0},
        "naive 10k": {"posts": 10_000, "posts_per_s": 500.0, "seconds": 20.0, "nodes": 1, "relationships": 2,
                      "peak_rss_mb": 90.0},
        "queries 100k": {"posts": 100_000, "skipped": {"acting": "graph.queries.acting not importable"},
                         "chain": {"p50_ms": 1.0, "p99_ms": 4.0}, "peak_rss_mb": 80.0},
        "checks 100k": {"error": "boom"},
    }}
    results["summary"] = headline_against_targets(results)
    met = {r["measure"]: r["met"] for r in results["summary"]}
    assert met["load vs naive at 10000 posts"] == "yes"  # 60x
    assert met["chain p99 ms (100000 posts)"] == "yes"
    assert met["acting-for p99 ms (100000 posts)"] == "n/a"
    table = {r["step"]: r["result"] for r in rows(results)}
    assert table["checks 100k"] == "FAILED: boom"
    assert "acting skipped" in table["queries 100k"]
    text = markdown(results)
    assert text.startswith("# Benchmarks") and "| load 10k |" in text


def test_percentile():
    assert percentile([1.0], 99) == 1.0
    assert percentile([float(i) for i in range(1000)], 50) == 499.0


@pytest.mark.neo4j
def test_naive_matches_writer(conn):
    from graph.bench.naive import naive_load
    from graph.store.reader import read_org
    from graph.store.writer import write_org

    org = synthetic(120, seed=4, key="bench-tiny")
    write_org(conn, org)
    fast = conn.counts("bench-tiny")
    fast_org = read_org(conn, "bench-tiny")
    transactions = naive_load(conn, org)
    assert transactions > 120
    assert conn.counts("bench-tiny") == fast
    assert read_org(conn, "bench-tiny") == fast_org == org


def test_floor_writes_in_one_transaction_and_leaves_nothing(conn):
    from graph.bench.run import step_floor

    before = conn.counts()
    r = step_floor(n=2_500, batch=1_000)
    assert r["posts"] == 2_500 and r["posts_per_s"] > 0
    assert r["seconds"] >= r["commit_s"] > 0
    assert conn.counts() == before
