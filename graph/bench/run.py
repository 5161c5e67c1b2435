"""The benchmark runner: load, query, check and chart at national scale.

Every step runs in a fresh Python process (``python -m graph.bench.run step
NAME ARGS``), so the peak RSS it reports (``resource.getrusage``) belongs to
that step alone and no step warms another's caches. The parent collects the
steps' JSON lines, prints a table, and writes a JSON file and ``BENCHMARKS.md``.

The benchmark uses organisations named ``synth-<size>``; it replaces them and
deletes them at the end (``keep=True`` leaves them), and touches nothing else.

>>> percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50)
3.0
>>> percentile([float(i) for i in range(1, 101)], 99)
99.0
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from graph.bench.synthetic import parse_size, size_label, write_file

REPO = Path(__file__).resolve().parent.parent.parent
# Profile notes kept with the code (what the numbers expose, what was fixed, what would close the gaps).
NOTES = Path(__file__).resolve().parent / "notes.md"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000)
NAIVE_SIZE = 10_000
QUERY_SAMPLES = 1_000
CHART_POSTS = 2_000
SEED = 1

TARGETS = {
    "load_posts_per_s_100k": 20_000,
    "load_vs_naive": 30,
    "chain_p99_ms": 10,
    "acting_p99_ms": 10,
    "span_all_s": 2,
    "checks_100k_s": 5,
    "peak_rss_1m_mb": 4096,
}


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# ---------------------------------------------------------------- steps (each in its own process)

def step_synth(n: int, path: str, seed: int = SEED) -> dict:
    t = time.perf_counter()
    info = write_file(n, path, seed=seed)
    return {**info, "seconds": time.perf_counter() - t}


def step_load(path: str) -> dict:
    from graph.store.connection import connect
    from graph.loaders.orgfile import read
    from graph.store import generations
    from graph.store.writer import delete_org, write_org

    t0 = time.perf_counter()
    org = read(path)
    t1 = time.perf_counter()
    with connect() as conn:
        # A fresh load: replacing a big org in the same transaction is another measure (see BENCHMARKS.md).
        td = time.perf_counter()
        delete_org(conn, org.organisation.key)
        # The deleted version and any other retired one go now, untimed, as the housekeeping they
        # are: otherwise the load pays for purging whatever earlier steps left past their grace.
        generations.purge(conn, grace=0)
        delete_s = time.perf_counter() - td
        t1 += delete_s
        write_org(conn, org)
        t2 = time.perf_counter()
        counts = conn.counts(org.organisation.key)
    posts = len(org.posts)
    return {"organisation": org.organisation.key, "posts": posts, "parse_s": t1 - t0 - delete_s,
            "write_s": t2 - t1, "seconds": t2 - t0 - delete_s, "posts_per_s": posts / (t2 - t0 - delete_s),
            "delete_before_s": delete_s, **counts}


def step_warmup(path: str) -> dict:
    """Untimed in the summary: applies the schema (a fresh database waits for its indexes) and
    runs the writer once, so the first timed load does not pay the server's start-up (JIT)."""
    from graph.store.connection import connect
    from graph.loaders.orgfile import read
    from graph.store.writer import delete_org, write_org

    t0 = time.perf_counter()
    org = read(path)
    with connect() as conn:
        write_org(conn, org)
        delete_org(conn, org.organisation.key)
    return {"posts": len(org.posts), "seconds": time.perf_counter() - t0}


def step_reload(path: str) -> dict:
    """Load the same file again over itself: the replace path (one transaction, exact replace)."""
    from graph.store.connection import connect
    from graph.loaders.orgfile import read
    from graph.store.writer import write_org

    t0 = time.perf_counter()
    org = read(path)
    t1 = time.perf_counter()
    with connect() as conn:
        write_org(conn, org)
        t2 = time.perf_counter()
        counts = conn.counts(org.organisation.key)
    posts = len(org.posts)
    return {"organisation": org.organisation.key, "posts": posts, "parse_s": t1 - t0, "write_s": t2 - t1,
            "seconds": t2 - t0, "posts_per_s": posts / (t2 - t0), **counts}


FLOOR_NODES = ("UNWIND $rows AS r CREATE (n:BenchFloor {key: r[0], org: r[1], seq: r[2], number: r[3], name: r[4], "
               "name_norm: r[5], headcount: r[6], title: r[7], doc: r[8], line: r[9]}) RETURN collect(id(n)) AS ids")
FLOOR_RELS = ("UNWIND $rows AS r MATCH (a) WHERE id(a) = r[0] MATCH (b) WHERE id(b) = r[1] "
              "CREATE (a)-[:BENCH_FLOOR]->(b)")
FLOOR_CLEAR = "MATCH (n:BenchFloor) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def step_floor(n: int = 100_000, batch: int = 10_000) -> dict:
    """What the server alone can write in one transaction on this machine: ``n`` nodes of a
    synthetic post's ten properties and three relationships each, with no index, no
    constraint, no file to parse and no model (label ``BenchFloor``, deleted afterwards).
    A bound on any one-transaction load of ``n`` posts here."""
    from graph.store.connection import connect

    name = "Виши референт за правне послове"
    with connect() as conn, conn.driver.session(database=conn.settings.database) as session:
        session.run(FLOOR_CLEAR).consume()
        t0 = time.perf_counter()
        tx = session.begin_transaction()
        ids: list[int] = []
        for i in range(0, n, batch):
            rows = [[f"floor/post/{j}", "floor", j, str(j), name, "visi referent za pravne poslove", 1,
                     "rs/savetnik", "synthetic.txt", j] for j in range(i, min(n, i + batch))]
            ids += tx.run(FLOOR_NODES, rows=rows).single()[0]
        t1 = time.perf_counter()
        for k in (3, 5, 7):  # three edges a post, to a few shared targets (like units, titles, superiors)
            for i in range(0, n, batch):
                tx.run(FLOOR_RELS, rows=[[ids[j], ids[j // k]] for j in range(i, min(n, i + batch))]).consume()
        t2 = time.perf_counter()
        tx.commit()
        t3 = time.perf_counter()
        session.run(FLOOR_CLEAR).consume()
    return {"posts": n, "nodes_s": t1 - t0, "relationships_s": t2 - t1, "commit_s": t3 - t2,
            "seconds": t3 - t0, "posts_per_s": n / (t3 - t0)}


def step_naive(path: str) -> dict:
    from graph.bench.naive import naive_load
    from graph.store.connection import connect
    from graph.loaders.orgfile import read

    org = read(path)
    with connect() as conn:
        t0 = time.perf_counter()
        transactions = naive_load(conn, org)
        t1 = time.perf_counter()
        counts = conn.counts(org.organisation.key)
    return {"organisation": org.organisation.key, "posts": len(org.posts), "transactions": transactions,
            "seconds": t1 - t0, "posts_per_s": len(org.posts) / (t1 - t0), **counts}


def _timed(fn: Callable, keys: list[str]) -> dict:
    times = []
    for k in keys:
        t = time.perf_counter()
        fn(k)
        times.append((time.perf_counter() - t) * 1000)
    return {"calls": len(times), "p50_ms": percentile(times, 50), "p99_ms": percentile(times, 99),
            "max_ms": max(times)}


def step_queries(org_key: str, samples: int = QUERY_SAMPLES, seed: int = SEED) -> dict:
    from graph.store.connection import connect

    out: dict[str, Any] = {"organisation": org_key, "skipped": {}}
    with connect() as conn:
        keys = [r["key"] for r in conn.read("MATCH (o:Organisation {key: $org}) MATCH (p:Post {gen: o.gen}) "
                                            "RETURN p.key AS key ORDER BY p.seq",
                                            org=org_key)]
        if not keys:
            raise SystemExit(f"organisation {org_key} is not loaded")
        pick = random.Random(seed).sample(keys, min(samples, len(keys)))
        out["posts"] = len(keys)
        calls: dict[str, Callable[[str], Any]] = {}
        try:
            from graph.queries.chain import chain, reports

            calls["chain"] = lambda k: chain(conn, k)
            calls["reports_depth2"] = lambda k: reports(conn, k, depth=2)
        except ImportError as exc:
            out["skipped"]["chain"] = out["skipped"]["reports_depth2"] = f"graph.queries.chain not importable: {exc}"
        try:
            from graph.queries.acting import acting_for

            calls["acting"] = lambda k: acting_for(conn, k)
        except ImportError as exc:
            out["skipped"]["acting"] = f"graph.queries.acting not importable: {exc}"
        for name, fn in calls.items():
            fn(pick[0])  # the first call pays for query planning; measure steady state
            out[name] = _timed(fn, pick)
        try:
            from graph.queries.span import span

            span(conn, org=org_key)
            t = time.perf_counter()
            result = span(conn, org=org_key)
            out["span_all"] = {"seconds": time.perf_counter() - t, "managers": len(result["rows"])}
            out["span_one"] = _timed(lambda k: span(conn, org=org_key, unit=k),
                                     [r["key"] for r in conn.read(
                                         "MATCH (o:Organisation {key: $org}) MATCH (u:Unit {gen: o.gen}) "
                                         "RETURN u.key AS key ORDER BY u.seq LIMIT 50",
                                         org=org_key)])
        except ImportError as exc:
            out["skipped"]["span"] = f"graph.queries.span not importable: {exc}"
    return out


def step_checks(org_key: str) -> dict:
    from graph.store.connection import connect
    from graph.store.reader import read_org

    t0 = time.perf_counter()
    with connect() as conn:
        org = read_org(conn, org_key)
    t1 = time.perf_counter()
    try:
        from graph.checks import run_checks
    except ImportError as exc:
        return {"organisation": org_key, "read_s": t1 - t0, "skipped": f"graph.checks.run_checks: {exc}"}
    findings = run_checks(org)
    t2 = time.perf_counter()
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    return {"organisation": org_key, "posts": len(org.posts), "read_s": t1 - t0, "check_s": t2 - t1,
            "seconds": t2 - t0, "findings": len(findings), "by_rule": by_rule}


def step_chart(n: int = CHART_POSTS, seed: int = SEED) -> dict:
    from graph.bench.synthetic import synthetic

    org = synthetic(n, seed=seed)
    try:
        from viz.render import render
    except ImportError as exc:
        return {"posts": n, "skipped": f"viz.render not importable: {exc}"}
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        out = render(org, Path(tmp) / "chart.svg")
        seconds = time.perf_counter() - t
    return {"posts": n, "seconds": seconds, "nodes": out.nodes, "edges": out.edges, "bytes": len(out.data)}


def step_web(org_key: str) -> dict:
    """The web view in Chromium: chart first paint, expanding 800 reports, post card p99."""
    from viz.web.bench import measure

    return measure(org_key)


def step_cleanup(keys: list[str]) -> dict:
    from graph.store.connection import connect
    from graph.store.writer import delete_org

    with connect() as conn:
        return {"deleted": [k for k in keys if delete_org(conn, k)]}


STEPS: dict[str, Callable[..., dict]] = {
    "synth": step_synth, "load": step_load, "warmup": step_warmup, "reload": step_reload, "floor": step_floor,
    "naive": step_naive,
    "queries": step_queries, "checks": step_checks, "chart": step_chart, "cleanup": step_cleanup,
    "web": step_web,
}
try:  # the tree-layout chart steps (graph/bench/charts.py)
    from graph.bench.charts import STEPS as CHART_STEPS

    STEPS.update(CHART_STEPS)
except ImportError:  # pragma: no cover - the viz package is optional for the database steps
    CHART_STEPS = {}


def _step_main(name: str, args: str) -> None:
    try:
        result = STEPS[name](**json.loads(args))
    except Exception as exc:  # a failed step still reports how far its memory went
        first = (str(exc).strip().splitlines() or [""])[0]
        result = {"error": f"{type(exc).__name__}: {first[:400]}"}
    result["peak_rss_mb"] = peak_rss_mb()
    sys.stdout.write("BENCH-RESULT " + json.dumps(result, default=str) + "\n")


# ---------------------------------------------------------------- the parent

def run_step(name: str, say: Callable[[str], None] = lambda s: None, **args: Any) -> dict:
    """Run one step in a fresh process; its result dict (or ``{"error": ...}``)."""
    say(f"{name} {json.dumps(args, default=str)} ...")
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "graph.bench.run", "step", name, json.dumps(args)],
                          capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - t
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("BENCH-RESULT "):
            result = json.loads(line[len("BENCH-RESULT "):])
            result["wall_s"] = wall
            say(f"  done in {wall:.1f} s")
            return result
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    say(f"  failed: {' | '.join(tail)}")
    return {"error": " | ".join(tail) or f"exit code {proc.returncode}", "wall_s": wall}


def machine() -> dict:
    info: dict[str, Any] = {"cores": os.cpu_count(), "python": platform.python_version(),
                            "platform": platform.platform(), "load_average": os.getloadavg()}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    # A pure-Python yardstick: on a shared machine the same code runs slower, and this shows by how much.
    t = time.perf_counter()
    s = 0
    for i in range(5_000_000):
        s += i
    info["python_loop_5m_s"] = round(time.perf_counter() - t, 3)
    try:
        from graph.store.connection import connect

        with connect() as conn:
            row = conn.query("CALL dbms.components() YIELD versions, edition "
                             "RETURN versions[0] AS version, edition")[0]
            info["neo4j"] = f"{row['version']} {row['edition']}"
            info["neo4j_uri"] = conn.settings.uri
    except Exception as exc:  # the table still says what could not be reached
        info["neo4j"] = f"unavailable: {str(exc)[:120]}"
    try:
        from graph.store import server

        cfg = server.ServerConfig.from_env()
        info["neo4j_heap"], info["neo4j_pagecache"] = cfg.heap, cfg.pagecache
        java = server.java_binary()
        out = subprocess.run([str(java), "-version"], capture_output=True, text=True)
        info["java"] = (out.stderr or out.stdout).splitlines()[0]
    except Exception as exc:
        info["java"] = f"unknown ({str(exc)[:80]})"
    return info


def run(sizes: tuple[int, ...] = DEFAULT_SIZES, quick: bool = False, work_dir: str | Path | None = None,
        keep: bool = False, say: Callable[[str], None] = lambda s: None) -> dict:
    """The whole benchmark; returns the results (see :func:`rows` for the table)."""
    if quick:
        sizes = QUICK_SIZES
    sizes = tuple(sorted(set(sizes)))
    naive_n = min(NAIVE_SIZE, min(sizes))
    query_n = 100_000 if 100_000 in sizes else sizes[-1]
    work = Path(work_dir or tempfile.mkdtemp(prefix="orgraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "quick": quick,
                               "machine": machine(), "steps": {}}
    steps = results["steps"]
    files = {}
    for n in sorted(set(sizes) | {naive_n}):
        files[n] = str(work / f"synth-{size_label(n)}.json")
        steps[f"synth {size_label(n)}"] = run_step("synth", say, n=n, path=files[n])
    steps["warm-up"] = run_step("warmup", say, path=files[naive_n])
    for n in sizes:
        steps[f"load {size_label(n)}"] = run_step("load", say, path=files[n])
        if n == naive_n:
            steps[f"naive {size_label(n)}"] = run_step("naive", say, path=files[n])
            # Put the fast load back, so later steps read what write_org wrote.
            steps[f"load {size_label(n)} again"] = run_step("load", say, path=files[n])
        if n == query_n:
            steps[f"floor {size_label(n)}"] = run_step("floor", say, n=n)
            steps[f"reload {size_label(n)}"] = run_step("reload", say, path=files[n])
            steps[f"queries {size_label(n)}"] = run_step("queries", say, org_key=f"synth-{size_label(n)}")
            steps[f"web {size_label(n)}"] = run_step("web", say, org_key=f"synth-{size_label(n)}")
        if n >= 100_000 or n == sizes[-1]:
            steps[f"checks {size_label(n)}"] = run_step("checks", say, org_key=f"synth-{size_label(n)}")
    steps[f"chart {size_label(CHART_POSTS)}"] = run_step("chart", say, n=CHART_POSTS)
    if CHART_STEPS:
        from graph.bench.charts import run_chart_steps

        steps.update(run_chart_steps(run_step, say))
    if not keep:
        steps["cleanup"] = run_step("cleanup", say, keys=[f"synth-{size_label(n)}" for n in files])
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    results["summary"] = headline_against_targets(results)
    return results


def headline_against_targets(results: dict) -> list[dict]:
    """Headline numbers against the targets."""
    s = results["steps"]
    out = []

    def add(what: str, value: Any, target: str, ok: bool | None) -> None:
        out.append({"measure": what, "value": value, "target": target,
                    "met": "n/a" if ok is None else ("yes" if ok else "NO")})

    load100 = s.get("load 100k", {}).get("posts_per_s")
    add("load 100k, posts/s", _fmt(load100), ">= 20,000", None if load100 is None else load100 >= 20_000)
    floor = s.get("floor 100k", {}).get("posts_per_s")
    if floor is not None:
        add("server floor 100k (no index, no parse), posts/s", _fmt(floor), "(bound)", None)
    naive = next((v for k, v in s.items() if k.startswith("naive")), {})
    fast = s.get(f"load {size_label(naive['posts'])}", {}) if naive.get("posts") else {}
    ratio = (fast["posts_per_s"] / naive["posts_per_s"]) if fast.get("posts_per_s") and naive.get("posts_per_s") \
        else None
    add(f"load vs naive at {naive.get('posts', '?')} posts", _fmt(ratio, "x"), ">= 30x",
        None if ratio is None else ratio >= 30)
    q = next((v for k, v in s.items() if k.startswith("queries")), {})
    for name, key in (("chain", "chain"), ("acting-for", "acting")):
        p99 = q.get(key, {}).get("p99_ms")
        add(f"{name} p99 ms ({q.get('posts', '?')} posts)", _fmt(p99), "<= 10", None if p99 is None else p99 <= 10)
    sp = q.get("span_all", {}).get("seconds")
    add(f"span over all posts, s ({q.get('posts', '?')} posts)", _fmt(sp), "<= 2", None if sp is None else sp <= 2)
    c = s.get("checks 100k", {}).get("seconds")
    add("checks 100k incl. read-back, s", _fmt(c), "<= 5", None if c is None else c <= 5)
    m = [v for k, v in s.items() if " 1m" in k and "peak_rss_mb" in v]
    peak = max((v["peak_rss_mb"] for v in m), default=None)
    done = bool(m) and all("error" not in v for k, v in s.items() if " 1m" in k)
    add("1M completes, peak RSS MB (max over steps)", _fmt(peak) + ("" if done or peak is None else " (failed)"),
        "<= 4096", None if peak is None else (done and peak <= 4096))
    if CHART_STEPS:
        from graph.bench.charts import summary_rows

        for what, value, target, ok in summary_rows(s):
            add(what, _fmt(value), target, ok)
    web = next((v for k, v in s.items() if k.startswith("web ")), None)
    if web is not None:
        from viz.web.bench import summary_rows

        for what, value, target, ok in summary_rows(web):
            add(what, _fmt(value), target, ok)
    c1m = s.get("checks 1m", {})
    if "read_s" in c1m:
        add("checks 1M incl. read-back, s", _fmt(c1m.get("seconds", c1m["read_s"])), "completes", "error" not in c1m)
    return out


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return (f"{value:,.0f}" if value >= 100 else f"{value:.2f}") + unit
    return f"{value}{unit}"


def rows(results: dict) -> list[dict]:
    """One table row per step."""
    out = []
    for name, r in results["steps"].items():
        if "error" in r:
            detail = "FAILED: " + r["error"]
        elif r.get("skipped") and isinstance(r["skipped"], str):
            detail = "skipped: " + r["skipped"]
        elif name.startswith(("load", "naive", "reload")):
            detail = f"{r.get('posts_per_s', 0):,.0f} posts/s"
            if "parse_s" in r:
                detail += f" (parse {r['parse_s']:.2f} s, write {r['write_s']:.2f} s)"
            if "nodes" in r:
                detail += f"; {r['nodes']:,} nodes, {r['relationships']:,} rels"
        elif name == "warm-up":
            detail = f"schema applied, {r['posts']:,} posts loaded and deleted (not a measure)"
        elif name.startswith("floor"):
            detail = (f"{r['posts_per_s']:,.0f} posts/s (nodes {r['nodes_s']:.2f} s, relationships "
                      f"{r['relationships_s']:.2f} s, commit {r['commit_s']:.2f} s)")
        elif name.startswith("queries"):
            parts = [f"{k} p50 {r[k]['p50_ms']:.1f} / p99 {r[k]['p99_ms']:.1f} ms"
                     for k in ("chain", "reports_depth2", "acting", "span_one") if k in r]
            if "span_all" in r:
                parts.append(f"span all {r['span_all']['seconds']:.2f} s ({r['span_all']['managers']:,} managers)")
            parts += [f"{k} skipped ({v})" for k, v in r.get("skipped", {}).items()]
            detail = "; ".join(parts)
        elif name.startswith("checks"):
            detail = f"read-back {r['read_s']:.2f} s + checks {r['check_s']:.2f} s; {r['findings']:,} findings"
        elif name.startswith("chart"):
            detail = f"{r['nodes']:,} nodes, {r['edges']:,} edges, {r['bytes']:,} bytes SVG"
        elif name.startswith("synth"):
            detail = f"{r['posts']:,} posts, {r['units']:,} units, depth {r['depth']}, {r['bytes'] / 1e6:.0f} MB"
        else:
            detail = json.dumps({k: v for k, v in r.items() if k not in ("wall_s", "peak_rss_mb")})
        seconds = r.get("seconds")
        out.append({"step": name, "seconds": _fmt(seconds) if seconds is not None else "",
                    "peak RSS MB": _fmt(r.get("peak_rss_mb")), "result": detail})
    return out


def markdown(results: dict) -> str:
    m = results["machine"]

    def table(items: list[dict]) -> list[str]:
        cols = list(items[0].keys())
        lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(str(i[c]).replace("|", "\\|") for c in cols) + " |" for i in items]
        return lines

    lines = ["# Benchmarks", "",
             "Generated by `orgraph bench` (graph/bench/run.py); numbers from the run of "
             f"{results['started']}. Regenerate with `orgraph bench` (about 5 minutes at 10k,100k, longer with 1M; "
             "`--quick` for a smoke run).", "",
             "## Machine", ""]
    for k in ("cpu", "cores", "ram_gb", "load_average", "python_loop_5m_s", "python", "neo4j", "neo4j_heap",
              "neo4j_pagecache", "java", "platform"):
        if k in m:
            lines.append(f"- {k}: {m[k]}")
    lines += ["", "`python_loop_5m_s` is a pure-Python loop of 5M additions: about 0.3 s on an idle modern "
              "core; larger means the machine was shared during the run and every number below is slower "
              "by about that factor.", "", "## Against the targets", ""]
    lines += table(results["summary"])
    lines += ["", "## Steps", "", "Each step runs in its own Python process; peak RSS is that process's.", ""]
    lines += table(rows(results))
    notes = results.get("notes") or (NOTES.read_text(encoding="utf-8").strip() if NOTES.exists() else "")
    if notes:
        lines += ["", "## Notes", ""] + [notes]
    return "\n".join(lines) + "\n"


def main_step(argv: list[str]) -> None:
    _step_main(argv[0], argv[1] if len(argv) > 1 else "{}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "step":
        main_step(sys.argv[2:])
    else:
        sizes = tuple(parse_size(s) for s in (sys.argv[1].split(",") if len(sys.argv) > 1 else ()))
        res = run(sizes or DEFAULT_SIZES, say=lambda s: print(s, file=sys.stderr, flush=True))
        print(json.dumps(res, indent=2, default=str))
