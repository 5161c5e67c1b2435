"""``orgraph load-table``: a parent-child table of units, posts or organisations, with a column mapping."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import json_option, print_json, print_table
from graph.errors import InputError


@click.command("load-table")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--map", "map_text", metavar="FIELD=COLUMN,...", help="Columns: id, name, parent, kind, number "
              "(posts: unit, headcount too; organisations: reports_to, independent), "
              "e.g. id=Code,name=Name,parent=Parent.")
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path),
              help="A YAML mapping file: organisation {key, name} and units:, posts: or organisations: "
                   "{field: column}.")
@click.option("--org", "org_key", help="Organisation key (or in the mapping file).")
@click.option("--name", "org_name", help="Organisation name (or in the mapping file).")
@click.option("--posts", is_flag=True, help="The rows are posts (parent = superior post), not units.")
@click.option("--organisations", is_flag=True,
              help="The rows are organisations (parent = the one each is part of; reports_to, independent).")
@click.option("--dry-run", is_flag=True, help="Parse only; no database needed.")
@json_option
def load_table_cmd(path, map_text, mapping_file, org_key, org_name, posts, organisations, dry_run, as_json):
    """Load a table (CSV, XLSX or JSON) of units, posts or organisations with a parent column: nothing is invented.

    \b
    orgraph load-table units.csv --org nyc --map id=Code,name=Name,parent=Parent,kind=Type
    orgraph load-table units.xlsx --mapping nyc-mapping.yaml --dry-run --json
    orgraph load-table bodies.json --organisations --map id=id,name=name,parent=parent_id
    """
    from graph.loaders.table import load_org_table, load_table, parse_mapping, read_mapping
    from graph.store.writer import summary

    if posts and organisations:
        raise click.UsageError("--posts and --organisations are two kinds of rows: give one")
    what = "organisations" if organisations else "posts" if posts else "units"
    mapping = {}
    if mapping_file:
        data = read_mapping(mapping_file)
        o = data.get("organisation") or {}
        org_key, org_name = org_key or o.get("key"), org_name or o.get("name")
        if not (posts or organisations):
            what = next((w for w in ("units", "posts", "organisations") if w in data), what)
        mapping = dict(data.get(what) or {})
    if map_text:
        mapping.update(parse_mapping(map_text))
    if what == "organisations":
        models = load_org_table(path, mapping)
    elif not org_key:
        raise InputError("give the organisation's key: --org KEY (or organisation: {key: ...} in the mapping)")
    else:
        models = [load_table(path, mapping, org_key, org_name, what)]
    if dry_run:
        if as_json:
            print_json([m.dump() for m in models] if what == "organisations" else models[0].dump())
        else:
            print_table([summary(m) for m in models], title="parsed (dry run, nothing written)")
        return
    from graph.store.connection import connect
    from graph.store.writer import write_org

    with connect() as conn:
        results = [write_org(conn, m) for m in models]
    if as_json:
        print_json(results if what == "organisations" else results[0])
    else:
        print_table(results, title="loaded")


COMMANDS = [load_table_cmd]
