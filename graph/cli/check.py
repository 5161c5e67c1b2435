"""``orgraph check``: structural checks of an organisation, from Neo4j or from a file.

Exit code 1 when any finding is an error, else 0, so a pipeline can gate on it.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import console, err_console, org_key, print_json, print_table
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
        return _check_all(select_ids, limits, as_json, output, store)

    sections = []
    if path is not None:
        from graph.loaders.base import load_path

        from graph.checks.engine import Peers

        models = load_path(path, as_=as_)
        peers = Peers.of_models(models, "in the file")
        if org:
            from graph.queries.snapshots import pick  # ORG@DATE one snapshot, ORG the latest

            key = pick([m.organisation.key for m in models], org)
            models = [m for m in models if m.organisation.key == key]
            if not models:
                raise InputError(f"the file holds no organisation {org!r}", file=str(path))
        for m in models:
            sections.append((m, run_checks(m, select=select_ids, limits=limits, peers=peers)))
    else:
        from graph.checks.loaded import check_loaded
        from graph.store.connection import connect

        with connect() as conn:
            checked = check_loaded(conn, org_key(conn, org, as_json), select_ids, limits, store)
        sections.append((checked.model, checked.findings))
        if checked.stored is not None and not as_json:
            stored = checked.stored
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
        _print_text(plain)
    if output is not None:
        _write_report(output, plain, as_json)
    errors = sum(f.severity == "error" for _, found in sections for f in found)
    if errors:
        # An OrgraphError, because main() turns it into the exit code (click's Exit is swallowed
        # when click does not run standalone).
        raise FindingsFound(f"the checks found {errors} error{'s' if errors != 1 else ''}")


def _check_all(select_ids: list[str], limits: dict, as_json: bool, output: Path | None, store: bool) -> None:
    """Every organisation in the database: a row of counts each, with a progress bar on a terminal."""
    from rich.progress import Progress

    from graph.checks.loaded import check_all
    from graph.store.connection import connect

    # Transient: the bar shows while it runs on a terminal and leaves no trace in a pipe or a log.
    with connect() as conn, Progress(console=err_console, transient=True,
                                          disable=as_json or not err_console.is_terminal) as bar:
        task = bar.add_task("checking", total=None)
        result = check_all(conn, select_ids, limits, store=store, keep_findings=output is not None,
                           progress=lambda done, total, key: bar.update(task, completed=done, total=total,
                                                                        description=key))
    rows = result.rows
    if as_json:
        print_json(rows)
    else:
        print_table(rows, ["organisation", "name", "posts", "errors", "warnings", "info"])
        err_console.print(f"{len(rows)} organisation{'s' if len(rows) != 1 else ''} checked, "
                          f"{len(result.with_errors)} with errors" + (" (findings stored)" if store else ""))
    if output is not None:
        _write_report(output, result.sections, as_json)
    bad = result.with_errors
    if bad:
        raise FindingsFound(f"{len(bad)} of {len(rows)} organisations " + ("has" if len(bad) == 1 else "have")
                            + " errors: "
                            + ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else ""))


def _write_report(output: Path, sections: list, as_json: bool) -> None:
    from graph.checks import report

    text = report.to_html(sections) if output.suffix.lower() in (".html", ".htm") else report.to_markdown(sections)
    output.write_text(text, encoding="utf-8")
    if not as_json:
        err_console.print(f"report written to {output}")


def _print_text(sections: list) -> None:
    """The readable report, grouped by severity. Names and messages are data: they go in as
    plain Text, never as markup (a name holding "[/]" would break the line)."""
    from rich.text import Text

    from graph.checks import report

    colour = {"error": "red", "warning": "yellow", "info": "cyan"}
    for key, name, found in ((s.key, s.name, s.findings) for s in map(report.Checked.of, sections)):
        console.print(Text.assemble((name, "bold"), " ", (f"({key})", "dim"), f": {report.severity_counts_text(found)}"))
        for severity, items in report.by_severity(found):
            console.print(Text.assemble("\n", (report.HEADINGS[severity], f"bold {colour[severity]}"),
                                        f" ({len(items)})"))
            for f in items:
                loc = report.where(f)
                console.print(Text.assemble("  ", *([(loc, "dim"), " "] if loc else []), (f.rule, colour[severity]),
                                            f": {f.message}"))
                for a in f.also:  # a rule folded into this finding: the same cause, said once
                    console.print(Text.assemble("    ", ("also " + a["rule"], "dim"), f": {a['message']}"))
        if not found:
            console.print("  no findings")
        console.print()


class FindingsFound(OrgraphError):
    """Findings of severity error: exit code 1, for a pipeline to gate on."""

    exit_code = 1


COMMANDS = [check_cmd]
