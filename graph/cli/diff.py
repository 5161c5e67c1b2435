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
    for change in result["changes"]:
        console.print("  " + describe(change), highlight=False, markup=False)


@click.command("diff")
@click.argument("refs", nargs=-1, required=True)
@click.option("--as", "as_", metavar="TYPE", help="Document type of two files, when it cannot be detected.")
@json_option
def diff_cmd(refs: tuple[str, ...], as_: str | None, as_json: bool) -> None:
    """Two files or two stored versions: units and posts added, removed, renamed, moved,
    retitled; headcounts; reporting lines. Two loaded snapshots: posts added, removed, moved or regraded.

    \b
    orgraph diff rulebook.yaml draft.yaml                  two files, no database
    orgraph diff kite                                      the previous stored version against the current
    orgraph diff kite 2020-06-26 2021-01-21                two stored versions (orgraph versions ORG)
    orgraph diff home-office@2011-09-30 home-office        two snapshots (ORG: the latest)
    orgraph diff home-office 2011-09-30 2012-09-30
    """
    from graph.analysis.diff import diff

    files = [Path(r) for r in refs]
    if len(refs) == 2 and files[0].is_file():
        if not files[1].exists():
            raise InputError("no such file", file=refs[1])
        print_diff(diff(_one(files[0], as_), _one(files[1], as_)), as_json)
        return
    if "@" not in refs[0] and len(refs) <= 3:
        from graph.store.connection import connect
        from graph.analysis.versiondiff import versions_diff
        from graph.store.versions import list_versions

        with connect() as conn, conn.pinned():
            if len(refs) == 1 or list_versions(conn, refs[0]):
                print_diff(versions_diff(conn, refs[0], *refs[1:]), as_json)
                return
    from graph.cli.uk import snapshot_diff

    snapshot_diff(refs, as_json)


COMMANDS = [diff_cmd]
