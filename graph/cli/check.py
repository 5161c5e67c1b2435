"""``orgraph check``: structural checks of an organisation, from Neo4j or from a file.

Exit code 1 when any finding is an error, else 0, so a pipeline can gate on it.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import console, err_console, print_json, print_table
from graph.errors import InputError, OrgraphError


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


@click.command("check")
@click.argument("org", required=False)
@click.option("--all", "all_orgs", is_flag=True,
              help="Check every organisation loaded in Neo4j: one row of counts per organisation.")
@click.option("--file", "path", type=click.Path(path_type=Path),
              help="Check an org file or any document a loader reads, without a database.")
@click.option("--as", "as_", metavar="TYPE", help="Document type of --file, when it cannot be detected.")
@click.option("--rules", "list_rules", is_flag=True, help="List the rules and exit.")
@click.option("--select", multiple=True, metavar="R,..", help="Run only these rules or themes.")
@click.option("--ignore", multiple=True, metavar="R,..", help="Leave these rules or themes out.")
@click.option("--max-span", type=click.IntRange(min=1), help="Most people directly under one post (default 15).")
@click.option("--max-depth", type=click.IntRange(min=1), help="Most levels from the top (default 8).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of the report.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the report to a .md or .html file.")
@click.option("--store", is_flag=True, help="Write the findings onto the posts and units in Neo4j.")
def check_cmd(org: str | None, all_orgs: bool, path: Path | None, as_: str | None, list_rules: bool, select: tuple[str, ...],
              ignore: tuple[str, ...], max_span: int | None, max_depth: int | None, as_json: bool,
              output: Path | None, store: bool) -> None:
    """Check an organisation: superiors, units and heads, the decree's rules, declared
    figures, substitution, span and depth.

    \b
    orgraph check kite
    orgraph check --file ../shared/seeds/000_52640796b13b3b18.txt -o report.html
    orgraph check kite --select supervision,units --max-span 10 --store
    orgraph check --all --ignore span
    orgraph check --rules
    """
    from graph.checks import run_checks, select_rules
    from graph.checks import report

    chosen = select_rules(_split(select) or None, _split(ignore))
    if list_rules:
        rows = [r.to_dict() for r in chosen]
        if as_json:
            print_json(rows)
        else:
            print_table(rows, ["rule", "severity", "theme", "summary", "source", "applies_to"])
        return
    if output is not None and output.suffix.lower() not in (".md", ".markdown", ".html", ".htm"):
        raise InputError("the report file must end in .md or .html", file=str(output))
    if all_orgs and (org or path is not None):
        raise click.UsageError("--all checks every organisation in the database: name no ORG and no --file")
    if path is None and not org and not all_orgs:
        raise click.UsageError("name an organisation (from the database), give --file PATH, or --all")
    if store and path is not None:
        raise InputError("--store writes onto the graph in Neo4j: check the organisation by key "
                         "(orgraph check ORG --store), not --file")
    limits = {"max_span": max_span, "max_depth": max_depth}
    select_ids = [r.id for r in chosen]

    if all_orgs:
        return _check_all(chosen, limits, as_json, output, store)

    sections = []
    if path is not None:
        from graph.loaders.base import load_path

        models = load_path(path, as_=as_)
        if org:
            models = [m for m in models if m.organisation.key == org]
            if not models:
                raise InputError(f"the file holds no organisation {org!r}", file=str(path))
        for m in models:
            sections.append((m, run_checks(m, select=select_ids, limits=limits)))
    else:
        from graph.store.connection import connect
        from graph.store.reader import read_org

        with connect() as conn:
            model = read_org(conn, org)
            found = run_checks(model, select=select_ids, limits=limits)
            sections.append((model, found))
            if store:
                from graph.store.findings import store as store_findings

                stored = store_findings(conn, model, found)
                if not as_json:
                    err_console.print(f"stored findings on {stored['posts']} posts, {stored['units']} units, "
                                      f"{stored['activities']} activities"
                                      + (" and the organisation" if stored["organisation"] else ""))

    from graph.checks import applicable

    plain = [report.Checked(m.organisation.key, m.organisation.name, found, m, applicable(m, chosen))
             for m, found in sections]
    if as_json:
        data = report.to_data(plain)
        print_json(data[0] if len(data) == 1 else data)
    else:
        report.print_text(plain, console)
    if output is not None:
        text = report.to_html(plain) if output.suffix.lower() in (".html", ".htm") else report.to_markdown(plain)
        output.write_text(text, encoding="utf-8")
        if not as_json:
            err_console.print(f"report written to {output}")
    errors = sum(f.severity == "error" for _, found in sections for f in found)
    if errors:
        # An OrgraphError, because main() turns it into the exit code (click's Exit is swallowed
        # when click does not run standalone).
        raise FindingsFound(f"the checks found {errors} error{'s' if errors != 1 else ''}")


def _check_all(chosen: list, limits: dict, as_json: bool, output: Path | None, store: bool) -> None:
    """Every organisation in the database, one after the other: a row of counts each (and, in
    the JSON, the rules that fired with their number of findings)."""
    from graph.checks import applicable, counts, run_checks
    from graph.checks import report
    from graph.store.connection import connect
    from graph.store.reader import list_orgs, read_org

    rows, sections = [], []
    with connect() as conn:
        for o in list_orgs(conn):
            model = read_org(conn, o["key"])
            found = run_checks(model, select=[r.id for r in chosen], limits=limits)
            c = counts(found)
            rows.append({"organisation": o["key"], "name": o["name"], "posts": o["posts"],
                         "errors": c["error"], "warnings": c["warning"], "info": c["info"],
                         "rules_fired": report.rules_fired(found)})
            if store:
                from graph.store.findings import store as store_findings

                store_findings(conn, model, found)
            if output is not None:
                # Only the report file needs every finding; the rows need the counts.
                sections.append(report.Checked(model.organisation.key, model.organisation.name, found, model,
                                               applicable(model, chosen)))
    if as_json:
        print_json(rows)
    else:
        print_table(rows, ["organisation", "name", "posts", "errors", "warnings", "info"])
        bad = sum(r["errors"] > 0 for r in rows)
        err_console.print(f"{len(rows)} organisation{'s' if len(rows) != 1 else ''} checked, "
                          f"{bad} with errors" + (" (findings stored)" if store else ""))
    if output is not None:
        text = report.to_html(sections) if output.suffix.lower() in (".html", ".htm") else report.to_markdown(sections)
        output.write_text(text, encoding="utf-8")
        if not as_json:
            err_console.print(f"report written to {output}")
    bad = [r["organisation"] for r in rows if r["errors"]]
    if bad:
        raise FindingsFound(f"{len(bad)} of {len(rows)} organisations " + ("has" if len(bad) == 1 else "have")
                            + " errors: "
                            + ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else ""))


class FindingsFound(OrgraphError):
    """Findings of severity error: exit code 1, for a pipeline to gate on."""

    exit_code = 1


COMMANDS = [check_cmd]
