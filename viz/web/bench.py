"""The web view's benchmark: measured in a real Chromium against a real ``orgraph serve``.

- ``first_paint_ms``: from navigation start to the first painted frame of the chart of a
  large organisation (page, scripts, the chart's JSON and the first layout), with the
  server's cache warm; ``cold_chart_s`` is the server's first read of that organisation
  (read-back and checks, once per load).
- ``expand_ms``: expanding a post with 800 direct reports (layout, drawing and the next
  two frames), in an organisation ``synth-wide-800`` written for the purpose and deleted after.
- ``card``: the server's response time for a post card over loopback (keep-alive), per post
  picked at random, p50/p99.

Targets (issue 17): first paint <= 2 s at 100k posts, expand <= 300 ms, card p99 <= 50 ms.
"""

from __future__ import annotations

import http.client
import json
import random
import statistics
import time
from typing import Any

from viz.web.app import cookie_name

WIDE_KEY = "synth-wide-800"


def wide_org(reports: int = 800):
    """An organisation whose second post has ``reports`` direct reports."""
    from graph.schema.model import OrgFile, Organisation, Post, Supervision

    posts = [Post(key=f"{WIDE_KEY}/post/{i}", number=str(i), name=f"Post {i}") for i in range(1, reports + 4)]
    sup = [Supervision(post=posts[1].key, superior=posts[0].key),
           Supervision(post=posts[2].key, superior=posts[0].key)]
    sup += [Supervision(post=p.key, superior=posts[1].key) for p in posts[3:]]
    return OrgFile(organisation=Organisation(key=WIDE_KEY, name="Wide synthetic organisation"), posts=posts,
                   supervision=sup)


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def card_times(served, org: str, keys: list[str], samples: int, seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    cookie = {"Cookie": f"{cookie_name(served.port)}={served.token}"}
    times = []
    try:
        for i in range(samples + 20):
            key = rng.choice(keys)
            t = time.perf_counter()
            conn.request("GET", f"/api/orgs/{org}/card?post={key}", headers=cookie)
            r = conn.getresponse()
            body = r.read()
            ms = (time.perf_counter() - t) * 1000
            if r.status != 200:
                raise RuntimeError(f"card {key}: HTTP {r.status} {body[:200]!r}")
            if i >= 20:  # the first few warm the connection and the server's queries
                times.append(ms)
    finally:
        conn.close()
    return {"samples": len(times), "p50_ms": statistics.median(times), "p99_ms": _pct(times, 99),
            "max_ms": max(times)}


def _get_json(served, path: str) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=600)
    try:
        conn.request("GET", path, headers={"Cookie": f"{cookie_name(served.port)}={served.token}"})
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            raise RuntimeError(f"{path}: HTTP {r.status} {body[:200]!r}")
        return json.loads(body)
    finally:
        conn.close()


def first_paint(driver, served, org: str, runs: int = 3) -> list[float]:
    out = []
    for _ in range(runs):
        driver.get("about:blank")
        driver.get(f"{served.base}/orgs/{org}")
        t = time.monotonic()
        while not driver.execute_script("return document.body.dataset.ready === 'true'"):
            if time.monotonic() - t > 120:
                raise RuntimeError("the chart did not draw within 120 s")
            time.sleep(0.02)
        out.append(driver.execute_script("return window.orgchart.firstPaint"))
    return out


_EXPAND = """
const done = arguments[arguments.length - 1];
const i = window.orgchart.find(arguments[0]);
const t0 = performance.now();
window.orgchart.toggle(i);
requestAnimationFrame(() => requestAnimationFrame(() => done([performance.now() - t0, window.orgchart.visible()])));
"""


def expand_times(driver, served, runs: int = 5) -> dict[str, Any]:
    driver.get(f"{served.base}/orgs/{WIDE_KEY}")
    while not driver.execute_script("return document.body.dataset.ready === 'true'"):
        time.sleep(0.02)
    driver.set_script_timeout(60)
    key = f"{WIDE_KEY}/post/2"
    times, visible = [], 0
    for _ in range(runs):
        ms, visible = driver.execute_async_script(_EXPAND, key)  # expand
        times.append(ms)
        driver.execute_async_script(_EXPAND, key)  # collapse again
    return {"runs": runs, "median_ms": statistics.median(times), "max_ms": max(times), "visible_boxes": visible}


def measure(org_key: str, samples: int = 500) -> dict[str, Any]:
    """Every web measure against ``org_key`` (already loaded), in one ``orgraph serve``."""
    from graph.store.connection import connect
    from graph.store.writer import delete_org, write_org
    from viz.web import browser

    why = browser.missing()
    if why:
        return {"skipped": why}
    with connect() as conn:
        write_org(conn, wide_org())
    try:
        with browser.serve() as served:
            t = time.perf_counter()
            data = _get_json(served, f"/api/orgs/{org_key}/chart")
            cold = time.perf_counter() - t
            packed_keys = data["posts"]["key"]
            keys = [packed_keys["$prefix"] + r for r in packed_keys["rest"]]
            result: dict[str, Any] = {"organisation": org_key, "posts": len(keys), "cold_chart_s": cold}
            result["card"] = card_times(served, org_key, keys, samples)
            _get_json(served, f"/api/orgs/{WIDE_KEY}/chart")
            driver = browser.chromium(1280, 800)
            try:
                driver.get(served.url)  # the token, once: a cookie carries it from here on
                paints = first_paint(driver, served, org_key)
                result["first_paint_ms"] = {"runs": paints, "median": statistics.median(paints)}
                result["expand_800"] = expand_times(driver, served)
            finally:
                driver.quit()
    finally:
        with connect() as conn:
            delete_org(conn, WIDE_KEY)
    return result


def summary_rows(r: dict[str, Any]) -> list[tuple[str, float | None, str, bool | None]]:
    """(measure, value, target, met) for the benchmark's summary table."""
    n = r.get("posts", "?")
    paint = (r.get("first_paint_ms") or {}).get("median")
    expand = (r.get("expand_800") or {}).get("median_ms")
    card = (r.get("card") or {}).get("p99_ms")
    return [
        (f"web chart first paint ms ({n} posts, warm server)", paint, "<= 2000", None if paint is None else paint <= 2000),
        ("web expand 800 reports ms", expand, "<= 300", None if expand is None else expand <= 300),
        (f"web post card p99 ms ({n} posts)", card, "<= 50", None if card is None else card <= 50),
    ]
