"""``orgraph diff``: what changed between two versions of an organisation.

Two files (any document a loader reads, or org files) need no database: the designer's draft
amendment against the rulebook in force. ``ORG [V1] [V2]`` compares stored dated versions
(``orgraph versions ORG``); UK snapshots loaded each as ``ORG@DATE`` keep their post-level diff.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import console, json_option, print_json
from graph.errors import InputError


def _one(path: Path, as_: str | None):
    from graph.loaders.base import load_path

    models = load_path(path, as_=as_)
    if len(models) != 1:
        raise InputError(f"holds {len(models)} organisations; diff compares one with one", file=str(path))
    return models[0]


def print_diff(result: dict, as_json: bool) -> None:
    from graph.analysis.diff import describe

    if as_json:
        print_json(result)
        return

    def label(side: str) -> str:
        version = result.get(side + "_version")
        return result[side] + (f" ({version})" if version else "")

    n = len(result["changes"])
    console.print(f"{label('before')} -> {label('after')}: {n} change{'s' if n != 1 else ''}"
                  + (" (" + ", ".join(f"{k} {v}" for k, v in result["counts"].items()) + ")" if n else ""),
                  highlight=False, markup=False)
    if result.get("note"):
        console.print("  " + result["note"], highlight=False, markup=False)
    for change in result["changes"]:
        console.print("  " + describe(change), highlight=False, markup=False)
    for part in ("appeared", "gone"):
        found = (result.get("findings") or {}).get(part) or []
        if found:
            console.print(f"findings {'that appeared' if part == 'appeared' else 'gone'} ({len(found)}):",
                          highlight=False, markup=False)
        for f in found:
            console.print(f"  {f['severity']} {f['rule']}: {f['message']}", highlight=False, markup=False)
    if result.get("chart"):
        console.print(f"chart: {result['chart']['file']}", highlight=False, markup=False)


@click.command("diff")
@click.argument("refs", nargs=-1, required=True)
@click.option("--as", "as_", metavar="TYPE", help="Document type of two files, when it cannot be detected.")
@click.option("--chart", "chart", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.svg",
              help="Also draw the later version with what changed coloured (svg, pdf or png).")
@click.option("--no-findings", is_flag=True, help="Do not run the checks on both sides.")
@json_option
def diff_cmd(refs: tuple[str, ...], as_: str | None, chart: Path | None, no_findings: bool, as_json: bool) -> None:
    """Two files or two stored versions: units and posts added, removed, renamed, moved,
    retitled; headcounts; reporting lines; findings that appeared or went away. Two loaded
    snapshots keyed ORG@DATE: posts added, removed, moved or regraded.

    \b
    orgraph diff rulebook.yaml draft.yaml --chart out/draft.svg   two files, no database
    orgraph diff kite                                      the version before the current one against it
    orgraph diff kite 2020-06-26 2021-01-21                two stored versions (orgraph versions ORG)
    orgraph diff kite 2020-06-26                           that version against the current one
    orgraph diff home-office@2011-09-30 home-office        two snapshots (ORG: the latest)
    """
    from graph.analysis.diff import diff
    from graph.analysis.versiondiff import findings_diff

    files = [Path(r) for r in refs]
    if len(refs) == 2 and files[0].is_file():
        if not files[1].exists():
            raise InputError("no such file", file=refs[1])
        before, after = _one(files[0], as_), _one(files[1], as_)
        result = diff(before, after)
        if not no_findings:
            result["findings"] = findings_diff(before, after)
        _finish(result, after, chart, as_json)
        return
    if "@" not in refs[0] and len(refs) <= 3:
        from graph.analysis.versiondiff import compare_versions
        from graph.store.connection import connect
        from graph.store.versions import list_versions

        with connect() as conn, conn.pinned():
            if len(refs) == 1 or list_versions(conn, refs[0]):
                _before, after, result = compare_versions(conn, refs[0], *refs[1:], findings=not no_findings)
                _finish(result, after, chart, as_json)
                return
    if chart is not None:
        raise InputError("--chart draws two files or two stored versions (orgraph versions ORG), "
                         "not snapshots keyed ORG@DATE")
    from graph.cli.uk import snapshot_diff

    snapshot_diff(refs, as_json)


def _finish(result: dict, after, chart: Path | None, as_json: bool) -> None:
    if chart is not None:
        from viz.diffchart import write_diff_chart

        result["chart"] = write_diff_chart(after, result, chart)
    print_diff(result, as_json)


COMMANDS = [diff_cmd]
