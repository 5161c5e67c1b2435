"""``orgraph diff``: what changed between two versions of an organisation.

Two files (any document a loader reads, or org files) need no database: the designer's
draft amendment against the rulebook in force. ``ORG [V1] [V2]`` compares stored versions
(``orgraph versions ORG``); UK snapshots loaded as ``ORG@DATE`` keep their own post-level diff.
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
    label = lambda side: result[side] + (f" ({result[side + '_version']})" if result.get(side + "_version") else "")  # noqa: E731
    n = len(result["changes"])
    console.print(f"{label('before')} -> {label('after')}: {n} change{'s' if n != 1 else ''}"
                  + (" (" + ", ".join(f"{k} {v}" for k, v in result["counts"].items()) + ")" if n else ""))
    for change in result["changes"]:
        console.print("  " + describe(change))


@click.command("diff")
@click.argument("first")
@click.argument("second", required=False)
@click.argument("third", required=False)
@click.option("--as", "as_", metavar="TYPE", help="Document type of the two files, when it cannot be detected.")
@json_option
@click.pass_context
def diff_cmd(ctx, first, second, third, as_, as_json):
    """Units and posts added, removed, renamed, moved, retitled, regraded; headcounts; reporting lines.

    \b
    orgraph diff rulebook.yaml draft.yaml          two files, no database
    orgraph diff kite 2020-06-26 2021-01-21         two stored versions (versions ORG lists them)
    orgraph diff kite 2020-06-26                    that version against the current one
    orgraph diff home-office 2011-09-30 2012-09-30  UK snapshots loaded as ORG@DATE
    """
    from graph.analysis.diff import diff

    if second and third is None and Path(first).exists() and Path(second).exists():
        print_diff(diff(_one(Path(first), as_), _one(Path(second), as_)), as_json)
        return
    if Path(first).exists() and not Path(first).is_dir() and second and not Path(second).exists():
        raise InputError("no such file", file=second)
    from graph.store.connection import connect
    from graph.store import versions

    with connect() as conn, conn.pinned():
        stored = versions.list_versions(conn, first)
        if not stored and second and third and "@" not in first:
            # UK snapshots of one body, each its own organisation ORG@DATE.
            from graph.cli.uk import diff_cmd as uk_diff

            return ctx.invoke(uk_diff, org=first, date1=second, date2=third, as_json=as_json)
        before = versions.read_version(conn, first, second)
        after = versions.read_version(conn, first, third)
    print_diff(diff(before, after), as_json)


COMMANDS = [diff_cmd]
