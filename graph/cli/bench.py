"""``orgraph bench`` (the benchmark) and ``orgraph synth`` (a synthetic org file)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from graph.cli.common import emit, err_console, json_option, print_table
from graph.errors import InputError


def _sizes(text: str) -> tuple[int, ...]:
    from graph.bench.synthetic import parse_size

    try:
        sizes = tuple(parse_size(s) for s in text.split(",") if s.strip())
    except ValueError:
        raise InputError(f"cannot read sizes {text!r}; write e.g. 10k,100k,1M") from None
    if not sizes or min(sizes) < 100:
        raise InputError("each size must be at least 100 posts")
    return sizes


@click.command("bench")
@click.option("--sizes", default="10k,100k,1M", show_default=True, help="Load sizes in posts, comma-separated.")
@click.option("--quick", is_flag=True, help="A smoke run: 1k and 10k only.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default="bench-results.json",
              show_default=True, help="Where to write the JSON results.")
@click.option("--markdown", "markdown_path", type=click.Path(path_type=Path), default=None,
              help="Where to write the Markdown report [default: BENCHMARKS.md in the repository, "
                   "not written with --quick].")
@click.option("--keep", is_flag=True, help="Leave the synthetic organisations in the database.")
@click.option("--work-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Where to put the synthetic org files (default: a temporary folder).")
@json_option
def bench_cmd(sizes: str, quick: bool, output: Path, markdown_path: Path | None, keep: bool,
              work_dir: Path | None, as_json: bool) -> None:
    """Measure load, queries, checks and charts against the real Neo4j.

    Loads synthetic organisations (``synth-10k`` ...) with the real writer and
    the naive one, queries and checks them, renders a chart, each step in its
    own process; prints a table and writes JSON and BENCHMARKS.md. It replaces
    and finally deletes only organisations named ``synth-*``.

    \b
    orgraph bench --quick
    orgraph bench --sizes 10k,100k,1M -o results.json
    """
    from graph.bench import run

    results = run.run(_sizes(sizes), quick=quick, work_dir=work_dir, keep=keep,
                      say=lambda s: err_console.print(s, highlight=False, markup=False))
    output.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    if markdown_path is None and not quick:
        markdown_path = run.REPO / "BENCHMARKS.md"
    if markdown_path is not None:
        markdown_path.write_text(run.markdown(results), encoding="utf-8")
    if as_json:
        emit(results, True)
        return
    print_table(run.rows(results), title="steps")
    print_table(results["summary"], title="against the targets")
    err_console.print(f"results: {output}" + (f", {markdown_path}" if markdown_path else ""))


@click.command("synth")
@click.argument("size")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The org file to write (.json is fast; .yaml goes through the org file writer).")
@click.option("--seed", default=1, show_default=True, help="Random seed: the same seed gives the same file.")
@click.option("--key", default=None, help="Organisation key [default: synth-<size>].")
@json_option
def synth_cmd(size: str, output: Path, seed: int, key: str | None, as_json: bool) -> None:
    """Write a synthetic organisation of SIZE posts (e.g. 2000, 100k, 1M) as an org file.

    \b
    orgraph synth 100k -o synth-100k.json
    """
    from graph.bench.synthetic import parse_size, write_file

    try:
        n = parse_size(size)
    except ValueError:
        raise InputError(f"cannot read size {size!r}; write e.g. 2000, 100k or 1M") from None
    if n < 2:
        raise InputError("a synthetic organisation needs at least 2 posts")
    info = write_file(n, output, seed=seed, key=key)
    emit(info, as_json, rows=[info])


COMMANDS = [bench_cmd, synth_cmd]
