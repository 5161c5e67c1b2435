"""``orgraph uk-summary``, ``uk-load`` and ``diff``: the UK organogram returns.

``orgraph load PATH`` reads organogram CSVs too, with the loader's defaults;
``uk-load`` is the same with the loader's options (``--apply-fixes``,
``--snapshot``), and ``uk-summary`` shows what a load would give, file by file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from graph.cli.common import console, err_console, json_option, print_json, print_table
from graph.errors import InputError, NotFound

_fixes = click.option("--apply-fixes", is_flag=True,
                      help="Apply suggested reference fixes (letter case, leading zeros) instead of only reporting them.")
_snapshot = click.option("--snapshot", metavar="YYYY-MM-DD",
                         help="Snapshot date, when the file names carry none (or to override them).")


def _load(paths, snapshot, apply_fixes):
    from graph.loaders.uk import load

    models = []
    for path in paths:
        models.extend(load(path, snapshot=snapshot, apply_fixes=apply_fixes))
    return models


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

    \b
    orgraph uk-summary ../shared/data/uk-organograms
    orgraph uk-summary --problems unknown-superior --problems suggested-fix FILE.csv
    """
    from graph.loaders.uk.diff import org_load_figures

    models = _load(paths, snapshot, apply_fixes)
    rows = [org_load_figures(m) for m in models]
    if as_json:
        print_json(rows if len(rows) != 1 else rows[0])
        return
    if show:
        _print_problems(models, () if "all" in show else tuple(show))
    table = [{**r, "files": ", ".join(r["files"]), "problems": _problems_text(r["problems"])} for r in rows]
    print_table(table, ["organisation", "senior_posts", "junior_posts", "fte_senior", "fte_junior",
                        "reporting_lines", "problems"], title="UK organograms (nothing written)")
    totals: dict[str, int] = {}
    for r in rows:
        for k, n in r["problems"].items():
            totals[k] = totals.get(k, 0) + n
    err_console.print(f"{len(rows)} snapshot(s), {sum(r['senior_posts'] for r in rows)} senior and "
                      f"{sum(r['junior_posts'] for r in rows)} junior posts; problems: "
                      f"{_problems_text(dict(sorted(totals.items(), key=lambda kv: -kv[1]))) or 'none'}",
                      highlight=False, markup=False)


@click.command("uk-load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_fixes
@_snapshot
@json_option
def uk_load_cmd(paths, apply_fixes, snapshot, as_json):
    """Load organogram CSVs (files or folders) into Neo4j, with the loader's options."""
    from graph.store.connection import connect
    from graph.cli.progress import load_bar
    from graph.store.writer import write_org

    models = _load(paths, snapshot, apply_fixes)
    results = []
    with connect() as conn, load_bar(not as_json) as progress:
        for org in models:
            results.append(write_org(conn, org, progress=progress))
    if as_json:
        print_json(results)
    else:
        print_table(results, ["organisation", "units", "posts", "headcount", "supervision", "warnings"],
                    title="loaded")


def org_key(org: str, when: str) -> str:
    """The key of a body's snapshot: ``org_key("Home Office", "2012-09-30")`` -> ``home-office@2012-09-30``.

    >>> org_key("home_office", "2012-09-30"), org_key("home-office@2011-03-31", "2012-09-30")
    ('home-office@2012-09-30', 'home-office@2012-09-30')
    """
    from graph.loaders.uk.build import org_slug

    try:
        date.fromisoformat(when)
    except ValueError:
        raise InputError(f"{when!r} is not a date (YYYY-MM-DD)") from None
    return f"{org_slug(org.split('@', 1)[0])}@{when}"


@click.command("diff")
@click.argument("org")
@click.argument("date1")
@click.argument("date2")
@json_option
def diff_cmd(org, date1, date2, as_json):
    """Posts added, removed, moved (unit or superior) or regraded between two loaded snapshots of ORG.

    \b
    orgraph diff home-office 2011-09-30 2012-09-30
    """
    from graph.store.connection import connect
    from graph.store.reader import read_org
    from graph.loaders.uk.diff import diff
    from graph.queries import query

    keys = [org_key(org, date1), org_key(org, date2)]
    with connect() as conn:
        models = []
        for key in keys:
            try:
                models.append(read_org(conn, key))
            except NotFound:
                prefix = key.split("@", 1)[0] + "@"
                have = [r["key"] for r in conn.read(query("uk", "uk-snapshots"), prefix=prefix)]
                hint = f"loaded snapshots: {', '.join(have)}" if have else f"no snapshot of {prefix[:-1]!r} is loaded"
                raise NotFound(f"organisation {key!r} is not loaded; {hint}") from None
    result = diff(*models)
    if as_json:
        print_json(result)
        return
    c = result["counts"]
    console.print(f"{keys[0]} -> {keys[1]}: {c['senior_posts_before']} -> {c['senior_posts_after']} senior posts; "
                  f"junior FTE {result['fte']['junior_before']} -> {result['fte']['junior_after']}",
                  highlight=False, markup=False)
    for part, cols in (("added", ["reference", "name", "grade", "unit", "superior"]),
                       ("removed", ["reference", "name", "grade", "unit", "superior"]),
                       ("moved", ["reference", "name", "from_unit", "to_unit", "from_superior", "to_superior"]),
                       ("regraded", ["reference", "name", "from", "to"])):
        if result[part]:
            print_table(result[part], cols, title=f"{part} ({len(result[part])})")
        else:
            console.print(f"{part}: none")


# `diff` itself is graph/cli/diff.py, which hands UK snapshots (ORG@DATE) to diff_cmd.
COMMANDS = [summary_cmd, uk_load_cmd]
