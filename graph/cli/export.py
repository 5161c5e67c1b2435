"""``orgraph export`` (an organisation from Neo4j in any format) and ``orgraph template``."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from graph.cli.common import console, print_json


def _format_names() -> list[str]:
    from graph.formats import FORMATS

    return list(FORMATS)


@click.command("export")
@click.argument("org")
@click.option("-f", "--format", "fmt", type=click.Choice(_format_names()),
              help="Output format; by default the output's extension says (.yaml .json .xlsx .zip .graphml "
                   ".ttl .jsonld .popolo.json; a folder for csv).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File (or folder, for csv) to write; without it a text format goes to standard output.")
@click.option("--no-findings", is_flag=True, help="Leave the check findings out of xlsx and csv.")
@click.option("--names", is_flag=True, help="Include holders' names (personal data; left out by default).")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def export_cmd(org: str, fmt: str | None, output: Path | None, no_findings: bool, names: bool,
               as_json: bool) -> None:
    """Write an organisation from Neo4j as an org file, workbook, CSV tables, GraphML, W3C ORG or Popolo.

    \b
    orgraph export kite -o kite.xlsx
    orgraph export kite --format csv -o kite-tables/
    orgraph export kite -o kite.ttl
    orgraph export kite --format popolo -o kite.json
    """
    from graph.formats import FORMATS, FormatRefused, choose

    name = choose(output, fmt)  # before the database: a wrong name costs nothing
    f = FORMATS[name]
    if output is None and not f.text:
        raise FormatRefused(f"the {name} format is not text: give a file with -o")
    from graph.cli.common import org_key
    from graph.store.connection import connect
    from graph.store.reader import read_org

    with connect() as conn:
        model = read_org(conn, org_key(conn, org, as_json))
    if not names:
        from graph.analysis.privacy import without_names

        model = without_names(model)
    findings = None
    if f.findings and not no_findings:
        from graph.checks import run_checks

        findings = run_checks(model)
    if output is None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("out" + (f.suffixes[0] or ""))
            f.write(model, path, findings)
            sys.stdout.write(path.read_text(encoding="utf-8"))
        return
    if output.parent and not output.parent.exists():
        output.parent.mkdir(parents=True, exist_ok=True)
    f.write(model, output, findings)
    info = {"org": model.organisation.key, "format": name, "output": str(output), "posts": len(model.posts),
            "units": len(model.units), "findings": len(findings) if findings is not None else None}
    if as_json:
        print_json(info)
    else:
        console.print(f"wrote {output} ({name}: {info['units']} units, {info['posts']} posts)")


@click.command("template")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Workbook to write (.xlsx).")
def template_cmd(output: Path) -> None:
    """Write an empty workbook to describe an organisation by hand; `orgraph load` reads it back.

    \b
    orgraph template -o org.xlsx      (fill it in, then)
    orgraph load org.xlsx
    """
    from graph.formats import FormatRefused
    from graph.formats.xlsx import write_template

    if output.suffix.lower() != ".xlsx":
        raise FormatRefused(f"{output}: the template is a workbook; give a file ending in .xlsx")
    if output.parent and not output.parent.exists():
        output.parent.mkdir(parents=True, exist_ok=True)
    write_template(output)
    console.print(f"wrote {output}: fill in the sheets (the columns sheet says what each column means), "
                  f"then: orgraph load {output}")


COMMANDS = [export_cmd, template_cmd]
