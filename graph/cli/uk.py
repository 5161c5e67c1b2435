"""``orgraph uk-summary``, ``uk-load`` and ``diff``: the UK organogram returns.

``orgraph load PATH`` reads organogram CSVs too, with the loader's defaults;
``uk-load`` is the same with the loader's options (``--apply-fixes``,
``--snapshot``), and ``uk-summary`` shows what a load would give, file by file.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import console, err_console, json_option, print_json, print_table
from graph.text.numbers import show

_fixes = click.option("--apply-fixes", is_flag=True,
                      help="Apply suggested reference fixes (letter case, leading zeros) instead of only reporting them.")
_snapshot = click.option("--snapshot", metavar="YYYY-MM-DD",
                         help="Snapshot date for returns whose file name carries none (before a date in the data).")


# Below this many snapshots a progress bar is more noise than help.
BAR_FROM = 10


def _load(paths, snapshot, apply_fixes, notices: list):
    """All the paths in one go: a pair named twice, or a file and its folder, is one snapshot."""
    from rich.progress import Progress

    from graph.loaders.uk import load

    # Transient, and only on a terminal: a pipe or a log gets the answer, not the bar.
    with Progress(console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        task = None

        def progress(snapshot_name: str, done: int, total: int) -> None:
            nonlocal task
            if total < BAR_FROM:
                return
            if task is None:
                task = bar.add_task("organogram files", total=total)
            bar.update(task, completed=done, description=snapshot_name)

        return load(list(paths), snapshot=snapshot, apply_fixes=apply_fixes, on_notice=notices.append,
                    progress=progress)


def _say_notices(notices) -> None:
    for n in notices:
        err_console.print(f"{n.code}: {n.message}", highlight=False, markup=False)


def _check_errors(org) -> dict[str, int]:
    """Errors by rule, as `orgraph check` reports them for this snapshot."""
    from graph.checks import run_checks

    found: dict[str, int] = {}
    for f in run_checks(org):
        if f.severity == "error":
            found[f.rule] = found.get(f.rule, 0) + 1
    return found


def _skipped_row(n) -> dict:
    return {"organisation": None, "loaded": False, "name": None, "files": n.files, "reason": n.message,
            "senior_posts": 0, "junior_posts": 0, "units": 0, "reporting_lines": 0, "fte_senior": 0,
            "fte_junior": 0, "problems": {n.code: 1}, "errors": 0, "errors_by_rule": {}, "loader_errors": 0,
            "warnings": 0}


def _problems_text(problems: dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in problems.items())


def _print_problems(models, codes: tuple[str, ...]) -> None:
    for org in models:
        for w in org.warnings:
            if codes and w.code not in codes:
                continue
            p = w.provenance
            where = f"{p.document}:{p.line}" if p and p.line else (p.document if p else "")
            post = f" [{w.subject.rsplit('/', 1)[-1]}]" if w.subject else ""
            console.print(f"{where}{post} {w.code}: {w.message}", highlight=False, markup=False)


@click.command("uk-summary")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_fixes
@_snapshot
@click.option("--problems", "show", multiple=True, metavar="CODE",
              help="Also list each problem of this kind (file:line [post] message); 'all' for every kind.")
@json_option
def summary_cmd(paths, apply_fixes, snapshot, show, as_json):
    """Per organisation and snapshot: posts loaded, problems by kind, FTE totals (no database).

    `errors` counts what `orgraph check` would report as errors for the snapshot
    (`errors_by_rule` names the rules); `loader_errors` the load's own. Files left
    out (header only) are rows with `loaded: false`; returns read twice are loaded
    once, with a `duplicate-return` problem.

    \b
    orgraph uk-summary ../shared/data/uk-organograms
    orgraph uk-summary --problems unknown-superior --problems suggested-fix FILE.csv
    """
    from graph.loaders.uk.diff import org_load_figures

    notices: list = []
    models = _load(paths, snapshot, apply_fixes, notices)
    rows = []
    for m in models:
        row = org_load_figures(m)
        row["loader_errors"] = row.pop("errors")
        row["errors_by_rule"] = _check_errors(m)
        row["errors"] = sum(row["errors_by_rule"].values())
        row["loaded"] = True
        rows.append(row)
    rows += [_skipped_row(n) for n in notices if n.code == "header-only"]
    if as_json:
        print_json(rows if len(rows) != 1 else rows[0])
        return
    if show:
        _print_problems(models, () if "all" in show else tuple(show))
    table = [{**r, "organisation": r["organisation"] or f"(not loaded: {', '.join(r['files'])})",
              "files": ", ".join(r["files"]), "problems": _problems_text(r["problems"])} for r in rows]
    print_table(table, ["organisation", "senior_posts", "junior_posts", "fte_senior", "fte_junior",
                        "reporting_lines", "errors", "problems"], title="UK organograms (nothing written)")
    _say_notices(n for n in notices if n.code != "header-only")
    totals: dict[str, int] = {}
    for r in rows:
        for k, n in r["problems"].items():
            totals[k] = totals.get(k, 0) + n
    loaded = [r for r in rows if r["loaded"]]
    left_out = f" ({len(rows) - len(loaded)} left out)" if len(rows) > len(loaded) else ""
    err_console.print(f"{len(loaded)} snapshot(s){left_out}, {sum(r['senior_posts'] for r in rows)} senior and "
                      f"{sum(r['junior_posts'] for r in rows)} junior posts; "
                      f"{sum(r['errors'] for r in rows)} error(s) as `orgraph check` counts them; problems: "
                      f"{_problems_text(dict(sorted(totals.items(), key=lambda kv: -kv[1]))) or 'none'}",
                      highlight=False, markup=False)


@click.command("uk-load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_fixes
@_snapshot
@click.option("--as-versions", is_flag=True,
              help="Each body's snapshots as dated versions of one organisation (orgraph versions BODY), "
                   "not organisations keyed BODY@DATE.")
@json_option
def uk_load_cmd(paths, apply_fixes, snapshot, as_versions, as_json):
    """Load organogram CSVs (files or folders) into Neo4j, with the loader's options."""
    from graph.store.connection import connect
    from graph.cli.progress import load_bar
    from graph.store.writer import write_org

    notices: list = []
    models = _load(paths, snapshot, apply_fixes, notices)
    _say_notices(notices)
    if as_versions:
        from graph.store.versions import as_version

        models = [as_version(m) for m in models]
    results = []
    with connect() as conn, load_bar(not as_json) as progress:
        for org in models:
            results.append(write_org(conn, org, progress=progress))
    if as_json:
        print_json(results)
    else:
        print_table(results, ["organisation", "units", "posts", "headcount", "supervision", "warnings"],
                    title="loaded")


def diff_refs(args: tuple[str, ...]) -> list[str]:
    """The two snapshot references ``diff`` compares: ``ORG DATE1 DATE2`` or two references
    (``ORG@DATE``, or ``ORG`` for the latest snapshot).

    >>> diff_refs(("home_office", "2011-09-30", "2012-09-30"))
    ['home-office@2011-09-30', 'home-office@2012-09-30']
    >>> diff_refs(("home-office@2011-09-30", "home-office"))
    ['home-office@2011-09-30', 'home-office']
    """
    from graph.queries.snapshots import split

    if len(args) == 3:
        body, _ = split(args[0])
        return [f"{body}@{split('x@' + d)[1]}" for d in args[1:]]
    if len(args) == 2:
        for a in args:
            split(a)  # a date that is no date is refused here
        return list(args)
    raise click.UsageError("give two snapshots (ORG@DATE, or ORG for the latest) or ORG DATE1 DATE2")


def snapshot_diff(refs: tuple[str, ...], as_json: bool) -> None:
    """Posts added, removed, moved (unit or superior) or regraded between two loaded snapshots."""
    from graph.store.connection import connect
    from graph.store.reader import read_org
    from graph.loaders.uk.diff import diff
    from graph.queries.snapshots import resolve

    wanted = diff_refs(refs)
    with connect() as conn:
        keys = [resolve(conn, r) for r in wanted]
        models = [read_org(conn, k) for k in keys]
    result = diff(*models)
    if as_json:
        print_json(result)
        return
    c = result["counts"]
    console.print(f"{keys[0]} -> {keys[1]}: {c['senior_posts_before']} -> {c['senior_posts_after']} senior posts; "
                  f"junior FTE {show(result['fte']['junior_before'])} -> {show(result['fte']['junior_after'])}",
                  highlight=False, markup=False)
    for part, cols in (("added", ["reference", "name", "grade", "unit", "superior"]),
                       ("removed", ["reference", "name", "grade", "unit", "superior"]),
                       ("moved", ["reference", "name", "from_unit", "to_unit", "from_superior", "to_superior"]),
                       ("regraded", ["reference", "name", "from", "to"])):
        if result[part]:
            print_table(result[part], cols, title=f"{part} ({len(result[part])})")
        else:
            console.print(f"{part}: none")


COMMANDS = [summary_cmd, uk_load_cmd]
