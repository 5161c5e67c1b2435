"""Benchmark steps for charts: the tree layout at 2k, 10k and 100k posts and on the largest UK body.

Each step times the phases apart (select, measure and lay out, scene, write)
so a regression shows where it is; the Graphviz ``dot`` step on the same 2k
body is the baseline the tree layout is compared with. Steps run in their own
process (see :mod:`graph.bench.run`), so peak RSS is theirs.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from graph.settings import current

REPO = Path(__file__).resolve().parent.parent.parent

TREE_SIZES = (2_000, 10_000, 100_000)
DOT_SIZE = 2_000
DOT_TIME_LIMIT = 600.0
UK_DIR = "data/uk-organograms"
TARGETS = {"tree_2k_svg_s": 1.0, "uk_a3_pdf_s": 5.0, "tree_100k_svg_s": 30.0, "tree_100k_rss_mb": 2048}


def shared_dir() -> Path:
    """``../shared`` beside the checkout, or ``$ORGRAPH_SHARED``."""
    return current().shared or REPO.parent / "shared"


def largest_uk_pair() -> Path | None:
    """The senior file of the UK organogram pair with the most bytes (senior + junior), if present."""
    folder = shared_dir() / UK_DIR
    if not folder.is_dir():
        return None
    sizes: dict[str, int] = {}
    for f in folder.glob("*-senior.csv"):
        junior = f.with_name(f.name.replace("-senior.csv", "-junior.csv"))
        sizes[str(f)] = f.stat().st_size + (junior.stat().st_size if junior.exists() else 0)
    return Path(max(sizes, key=sizes.__getitem__)) if sizes else None


def _tree(org, fmt: str, **print_options) -> dict:
    from viz.index import OrgIndex
    from viz.scene import build_scene
    from viz.select import select
    from viz.tree_chart import build_tree_chart

    c0 = time.process_time()  # CPU seconds too: the wall clock on a shared machine says little alone
    t0 = time.perf_counter()
    ix = OrgIndex(org)
    sel = select(org, index=ix)
    t1 = time.perf_counter()
    chart = build_tree_chart(org, sel, index=ix)
    t2 = time.perf_counter()
    scene = build_scene(chart)
    t3 = time.perf_counter()
    if fmt == "svg":
        from viz.tree_svg import to_svg

        data = to_svg(scene)
        pages = 1
    else:
        from viz.tree_paint import plan_pages, to_pdf

        data = to_pdf(scene, **print_options)
        pages = len(plan_pages(scene, print_options["paper"], print_options.get("landscape", False)).pages)
    t4 = time.perf_counter()
    return {"posts": len(org.posts), "nodes": chart.nodes, "edges": chart.edges, "select_s": t1 - t0,
            "layout_s": t2 - t1, "scene_s": t3 - t2, "write_s": t4 - t3, "seconds": t4 - t0,
            "cpu_s": time.process_time() - c0,
            "width_m": round(scene.width / 72 * 0.0254, 2), "height_m": round(scene.height / 72 * 0.0254, 2),
            "pages": pages, "bytes": len(data), "format": fmt}


def step_chart_tree(n: int, seed: int = 1) -> dict:
    """A synthetic body of ``n`` posts to SVG with the tree layout (generation not timed)."""
    from graph.bench.synthetic import synthetic

    org = synthetic(n, seed=seed)
    return _tree(org, "svg")


def step_chart_uk(paper: str = "A3") -> dict:
    """The largest UK organogram in ../shared to a paged PDF (reading the CSVs timed apart)."""
    path = largest_uk_pair()
    if path is None:
        return {"skipped": f"no UK organograms under {shared_dir() / UK_DIR}"}
    from graph.loaders.uk import load

    t = time.perf_counter()
    (org,) = load(path)
    read_s = time.perf_counter() - t
    out = _tree(org, "pdf", paper=paper)
    return {"body": path.name.replace("-senior.csv", ""), "read_s": read_s, **out}


def step_chart_dot(n: int = DOT_SIZE, seed: int = 1, time_limit: float = DOT_TIME_LIMIT) -> dict:
    """The same synthetic body drawn by Graphviz dot (nested clusters, orthogonal edges): the baseline."""
    from graph.bench.synthetic import synthetic
    from graph.errors import InputError
    from viz.render import render

    org = synthetic(n, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        c0 = _children_cpu()
        try:
            out = render(org, Path(tmp) / "chart.svg", layout="nested", time_limit=time_limit)
        except InputError as exc:
            return {"posts": n, "seconds": time.perf_counter() - t, "error": str(exc)}
        seconds = time.perf_counter() - t
    return {"posts": n, "seconds": seconds, "cpu_s": _children_cpu() - c0, "nodes": out.nodes, "edges": out.edges,
            "bytes": len(out.data)}


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # dot runs as a child process
    return usage.ru_utime + usage.ru_stime


STEPS = {"chart_tree": step_chart_tree, "chart_uk": step_chart_uk, "chart_dot": step_chart_dot}


def run_chart_steps(run_step, say) -> dict:
    """All chart steps through the runner's ``run_step``; results by step name."""
    from graph.bench.synthetic import size_label

    steps = {}
    for n in TREE_SIZES:
        steps[f"chart tree {size_label(n)} svg"] = run_step("chart_tree", say, n=n)
    steps["chart uk largest A3 pdf"] = run_step("chart_uk", say)
    steps[f"chart dot {size_label(DOT_SIZE)} svg"] = run_step("chart_dot", say, n=DOT_SIZE)
    return steps


def summary_rows(steps: dict) -> list[tuple[str, object, str, bool | None]]:
    """(measure, value, target, met) for the chart targets."""
    rows = []
    t2 = steps.get("chart tree 2k svg", {}).get("seconds")
    rows.append(("chart 2k posts to SVG (tree), s", t2, "<= 1", None if t2 is None else t2 <= 1.0))
    uk = steps.get("chart uk largest A3 pdf", {})
    rows.append((f"chart largest UK body ({uk.get('posts', '?')} posts) to A3 PDF, s", uk.get("seconds"), "<= 5",
                 None if uk.get("seconds") is None else uk["seconds"] <= 5.0))
    t100 = steps.get("chart tree 100k svg", {})
    rows.append(("chart 100k posts to SVG (tree), s", t100.get("seconds"), "<= 30",
                 None if t100.get("seconds") is None else t100["seconds"] <= 30.0))
    rss = t100.get("peak_rss_mb")
    rows.append(("chart 100k peak RSS MB", rss, "<= 2048", None if rss is None else rss <= 2048))
    dot = steps.get("chart dot 2k svg", {}).get("seconds")
    ratio = dot / t2 if dot and t2 else None
    rows.append(("Graphviz dot / tree on 2k posts", ratio, "(baseline)", None))
    return rows
