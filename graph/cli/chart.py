"""``orgraph chart``: draw an organisation, one unit, or the neighbourhood of a post."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import console, err_console, json_option, print_json
from graph.errors import Ambiguous, InputError, NotFound
from graph.schema.model import OrgFile


def _pick_org(models: list[OrgFile], wanted: str | None, where: str) -> OrgFile:
    if wanted:
        from graph.queries.snapshots import pick  # ORG@DATE one snapshot, ORG the latest

        key = pick([m.organisation.key for m in models], wanted)
        for m in models:
            if m.organisation.key == key:
                return m
        raise NotFound(f"{where} holds no organisation {wanted!r}; it holds: "
                       + ", ".join(m.organisation.key for m in models))
    if len(models) == 1:
        return models[0]
    if not models:
        raise NotFound(f"{where} holds no organisation")
    raise Ambiguous(f"{where} holds {len(models)} organisations; name one: "
                    + ", ".join(m.organisation.key for m in models),
                    [{"key": m.organisation.key, "name": m.organisation.name} for m in models])


def _org_from_db(wanted: str | None) -> OrgFile:
    from graph.store.connection import connect
    from graph.store.reader import list_orgs, read_org

    with connect() as conn:
        if not wanted:
            orgs = list_orgs(conn)
            if len(orgs) != 1:
                names = ", ".join(o["key"] for o in orgs) or "none is loaded"
                raise InputError(f"name the organisation to chart ({names})")
            wanted = orgs[0]["key"]
        from graph.queries.snapshots import resolve  # ORG@DATE one snapshot, ORG the latest

        return read_org(conn, resolve(conn, wanted))


@click.command("chart")
@click.argument("org", required=False)
@click.option("--file", "file_", type=click.Path(path_type=Path),
              help="Chart an org file or any document `load` reads, instead of the database.")
@click.option("--as", "as_", metavar="TYPE", help="Document type of --file, when it cannot be detected.")
@click.option("--unit", help="Only this unit and its sub-units (key, number such as 1.1, or name).")
@click.option("--around", metavar="POST", help="The chain above this post and its reports below (key, number or name).")
@click.option("--depth", type=click.IntRange(min=0),
              help="Levels of reports to show below the top (units only: unit levels); the rest is counted.")
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "pdf", "dot"], case_sensitive=False),
              help="Output format; default from the -o suffix, else svg.")
@click.option("--substitutes", is_flag=True, help="Draw substitution edges (dotted, numbered by order).")
@click.option("--highlight-findings", is_flag=True, help="Colour posts and units the checks report, with a legend.")
@click.option("--units-only", is_flag=True, help="One box per unit with its head and totals: a one-page overview.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="File to write.")
@json_option
def chart_cmd(org: str | None, file_: Path | None, as_: str | None, unit: str | None, around: str | None,
              depth: int | None, fmt: str | None, substitutes: bool, highlight_findings: bool,
              units_only: bool, output: Path, as_json: bool) -> None:
    """Draw an org chart with Graphviz.

    \b
    orgraph chart kite -o kite.svg
    orgraph chart kite --unit 1 --format png -o sector1.png
    orgraph chart kite --around 13 --depth 2 -o post13.pdf
    orgraph chart --file seed/kite.yaml --units-only -o overview.png
    """
    from viz.findings import run_findings
    from viz.render import render

    if file_:
        from graph.loaders.base import load_path

        model = _pick_org(load_path(file_, as_=as_), org, str(file_))
    else:
        if as_:
            raise InputError("--as goes with --file")
        model = _org_from_db(org)
    findings = None
    if highlight_findings:
        findings = run_findings(model)
        if findings is None:
            err_console.print("the checks are not available; drawing without highlighting")
    if output.parent and not output.parent.exists():
        raise InputError("the folder to write into does not exist", file=str(output))
    result = render(model, output, fmt=fmt, unit=unit, around=around, depth=depth, substitutes=substitutes,
                    findings=findings, units_only=units_only)
    summary = {"file": result.file, "nodes": result.nodes, "edges": result.edges}
    if as_json:
        print_json(summary)
    else:
        console.print(f"wrote {result.file} ({result.format}, {result.nodes} nodes, {result.edges} edges)")


COMMANDS = [chart_cmd]
