"""``orgraph load-table``: a parent-child table of units or posts, with a column mapping."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import json_option, print_json, print_table
from graph.errors import InputError


@click.command("load-table")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--map", "map_text", metavar="FIELD=COLUMN,...", help="Columns: id, name, parent, kind, number "
              "(posts: unit, headcount too), e.g. id=Code,name=Name,parent=Parent.")
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path),
              help="A YAML mapping file: organisation {key, name} and units: or posts: {field: column}.")
@click.option("--org", "org_key", help="Organisation key (or in the mapping file).")
@click.option("--name", "org_name", help="Organisation name (or in the mapping file).")
@click.option("--posts", is_flag=True, help="The rows are posts (parent = superior post), not units.")
@click.option("--dry-run", is_flag=True, help="Parse only; no database needed.")
@json_option
def load_table_cmd(path, map_text, mapping_file, org_key, org_name, posts, dry_run, as_json):
    """Load a table (CSV or XLSX) of units or posts with a parent column: nothing is invented.

    \b
    orgraph load-table units.csv --org nyc --map id=Code,name=Name,parent=Parent,kind=Type
    orgraph load-table units.xlsx --mapping nyc-mapping.yaml --dry-run --json
    """
    from graph.loaders.table import load_table, parse_mapping, read_mapping
    from graph.store.writer import summary

    what = "posts" if posts else "units"
    mapping = {}
    if mapping_file:
        data = read_mapping(mapping_file)
        o = data.get("organisation") or {}
        org_key, org_name = org_key or o.get("key"), org_name or o.get("name")
        what = "posts" if "posts" in data and not posts and "units" not in data else what
        mapping = dict(data.get(what) or {})
    if map_text:
        mapping.update(parse_mapping(map_text))
    if not org_key:
        raise InputError("give the organisation's key: --org KEY (or organisation: {key: ...} in the mapping)")
    org = load_table(path, mapping, org_key, org_name, what)
    if dry_run:
        if as_json:
            print_json(org.dump())
        else:
            print_table([summary(org)], title="parsed (dry run, nothing written)")
        return
    from graph.store.connection import connect
    from graph.store.writer import write_org

    with connect() as conn:
        result = write_org(conn, org)
    if as_json:
        print_json(result)
    else:
        print_table([result], title="loaded")


COMMANDS = [load_table_cmd]
