"""``orgraph load`` and ``orgraph schema``: documents in, graph out."""

from __future__ import annotations

import json
from pathlib import Path

import click

from graph.cli.common import console, err_console, json_option, print_json, print_table, styled
from graph.errors import InputError
from graph.loaders.base import detect, load_path, loaders
from graph.schema.model import OrgFile
from graph.store.writer import summary


def _print_warnings(org: OrgFile, limit: int = 20) -> None:
    for w in org.warnings[:limit]:
        where = ""
        if w.provenance:
            where = f"{w.provenance.document}:{w.provenance.line}: " if w.provenance.line else f"{w.provenance.document}: "
        err_console.print(styled((w.severity, "yellow"), " ", where + w.message, " ", (f"({w.code})", "dim")))
    if len(org.warnings) > limit:
        err_console.print(f"... and {len(org.warnings) - limit} more warnings (see --json)")


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as", "as_", metavar="TYPE", help="Document type, when it cannot be detected.")
@click.option("--dry-run", is_flag=True, help="Parse and validate only; no database needed.")
@click.option("--save", "save_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Also write each parsed organisation as an org file into this folder.")
@click.option("--key", "org_key", metavar="KEY",
              help="The organisation's key, instead of the one the loader derives (one document only).")
@click.option("--name", "org_name", metavar="NAME",
              help="The organisation's name, instead of the one the loader reads (one document only).")
@click.option("--version-date", metavar="YYYY-MM-DD",
              help="Load as a dated version valid from this day, kept beside the others (orgraph versions ORG).")
@click.option("--as-versions", is_flag=True,
              help="Load snapshots keyed ORG@DATE (UK returns) as dated versions of one organisation ORG.")
@click.option("--no-names", is_flag=True, help="With --dry-run --json: leave holders' names out (personal data).")
@json_option
def load_cmd(paths: tuple[Path, ...], as_: str | None, dry_run: bool, save_dir: Path | None,
             org_key: str | None, org_name: str | None, version_date: str | None, as_versions: bool,
             no_names: bool, as_json: bool) -> None:
    """Load documents or org files into Neo4j (each organisation in one transaction).

    \b
    orgraph load seed/kite.yaml
    orgraph load --dry-run --json ../shared/seeds/000_52640796b13b3b18.txt
    """
    models: list[OrgFile] = []
    if (org_key is not None or org_name is not None) and len(paths) > 1:
        from graph.errors import InputError
        raise InputError("--key and --name apply to one document; give one path", file=str(paths[1]))
    notices: list = []
    for path in paths:
        # UK returns: files left out (header only) or read twice are told, not only skipped.
        extra = {"on_notice": notices.append} if (as_ or detect(path).name) == "uk" else {}
        models.extend(load_path(path, as_=as_, key=org_key, name=org_name, **extra))
    for n in notices:
        err_console.print(f"{n.code}: {n.message}", highlight=False)
    if as_versions:
        from graph.store.versions import as_version

        models = [as_version(m) for m in models]
    if version_date:
        from graph.store.versions import parse_day, with_date

        day = parse_day(version_date, "--version-date")
        models = [with_date(m, day, m.sources[0] if m.sources else None) for m in models]
    if save_dir:
        from graph.loaders.orgfile import write
        save_dir.mkdir(parents=True, exist_ok=True)
        for org in models:
            write(org, save_dir / (org.organisation.key.replace("/", "_") + ".yaml"))
    if dry_run:
        if as_json:
            if no_names:
                from graph.analysis.privacy import without_names
                models = [without_names(m) for m in models]
            dumped = [m.dump() for m in models]
            print_json(dumped[0] if len(dumped) == 1 else dumped)
        else:
            for org in models:
                _print_warnings(org)
            print_table([summary(m) for m in models], title="parsed (dry run, nothing written)")
        return
    from graph.store.connection import connect
    from graph.cli.progress import load_bar
    from graph.store.writer import write_org

    results = []
    with connect() as conn, load_bar(not as_json) as progress:
        for org in models:
            results.append(write_org(conn, org, progress=progress))
            if not as_json:
                _print_warnings(org, limit=5)
    if as_json:
        print_json(results)
    else:
        print_table(results, title="loaded")


@click.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the org file format."""
    from graph.schema.model import json_schema

    print_json(json_schema())


@click.command("loaders")
@json_option
def loaders_cmd(as_json: bool) -> None:
    """List the document types `load` understands."""
    rows = [{"type": name, "description": l.description} for name, l in loaders().items()]
    if as_json:
        print_json(rows)
    else:
        print_table(rows)


COMMANDS = [load_cmd, schema_cmd, loaders_cmd]
