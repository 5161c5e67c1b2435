"""``orgraph chart``: draw an organisation, one unit, or the neighbourhood of a post."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import console, err_console, json_option, print_json
from graph.errors import Ambiguous, InputError, NotFound, UsageError
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


def _org_from_db(wanted: str | None, around: str | None, unit: str | None, as_json: bool) -> OrgFile:
    from graph.cli.common import org_key, resolving
    from graph.queries.lookup import resolve_post, resolve_unit
    from graph.store.connection import connect
    from graph.store.reader import list_orgs, read_org

    with connect() as conn:
        if wanted:
            wanted = org_key(conn, wanted, as_json)
        elif around or unit:
            # As in every command: a key (or a name unique across the bodies) names its organisation.
            card = resolving(lambda: resolve_post(conn, around) if around else resolve_unit(conn, unit), as_json)
            wanted = card["org"]
        else:
            orgs = list_orgs(conn)
            if len(orgs) != 1:
                names = ", ".join(o["key"] for o in orgs) or "none is loaded"
                raise InputError(f"name the organisation to chart ({names})")
            wanted = orgs[0]["key"]
        from graph.queries.snapshots import resolve  # ORG@DATE one snapshot, ORG the latest

        return read_org(conn, resolve(conn, wanted))


class _ProgressBar:
    """A rich bar on stderr for the library's progress callback, shown once a step passes a second."""

    AFTER = 1.0

    def __init__(self, enabled: bool):
        import time

        self.enabled, self.clock, self.started = enabled, time.perf_counter, time.perf_counter()
        self.bar = None
        self.tasks: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or (self.bar is None and self.clock() - self.started < self.AFTER):
            return
        if self.bar is None:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                                TimeElapsedColumn(), console=err_console, transient=True)
            self.bar.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


# Options the unit overview does not use: it says so rather than ignoring them quietly.
UNITS_ONLY_IGNORES = {"substitutes": "--substitutes", "highlight_findings": "--highlight-findings",
                      "no_overlays": "--no-overlays", "no_compact": "--no-compact"}


@click.command("chart")
@click.argument("org", required=False)
@click.option("--file", "file_", type=click.Path(path_type=Path),
              help="Chart an org file or any document `load` reads, instead of the database.")
@click.option("--as", "as_", metavar="TYPE", help="Document type of --file, when it cannot be detected.")
@click.option("--unit", help="Only this unit and its sub-units (key, number such as 1.1, or name).")
@click.option("--around", metavar="POST", help="The chain above this post and its reports below (key, number or name).")
@click.option("--depth", type=click.IntRange(min=0),
              help="Levels of reports to show below the top (units only: unit levels); the rest is counted.")
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "pdf", "dot", "html"], case_sensitive=False),
              help="Output format (one -o only); default from the -o suffix, else svg. html: one interactive, "
                   "self-contained file.")
@click.option("--layout", type=click.Choice(["tree", "nested"]), default=None,
              help="tree (default): a tidy tree of any size; nested: units as nested Graphviz boxes, for a "
                   "unit or a small body.")
@click.option("--direction", type=click.Choice(["TB", "LR"], case_sensitive=False), default=None,
              help="Tree layout: top-down (TB, default for posts) or left to right (LR, default for --units-only).")
@click.option("--no-overlays", is_flag=True,
              help="Tree layout: leave out secondary and accountability edges (only line reports).")
@click.option("--no-compact", is_flag=True, help="Tree layout: leaf reports in one row, not stacked in columns.")
@click.option("--paper", type=click.Choice(["A4", "A3", "A2", "A1", "A0"], case_sensitive=False),
              help="PDF: print over sheets of this paper, with headers, footers and page markers.")
@click.option("--landscape", is_flag=True, help="PDF: sheets in landscape.")
@click.option("--fit", is_flag=True, help="PDF: the whole chart on one sheet of --paper (refused if the text "
                                          "would fall below 6 pt).")
@click.option("--png-scale", type=click.FloatRange(min=0.05, max=8), default=None,
              help="PNG: pixels per point (default 1.5).")
@click.option("--substitutes", is_flag=True, help="Draw substitution edges (dotted, numbered by order).")
@click.option("--highlight-findings", is_flag=True, help="Colour posts and units the checks report, with a legend.")
@click.option("--holders", "show_holders", is_flag=True,
              help="Show who holds each post and what is vacant (on the --as-of day, else today).")
@click.option("--no-names", is_flag=True, help="With --holders: FTE held, not names (personal data).")
@click.option("--units-only", is_flag=True, help="One box per unit with its head and totals: a one-page overview.")
@click.option("-o", "--output", "outputs", type=click.Path(path_type=Path, dir_okay=False), required=True,
              multiple=True, help="File to write; repeat for several formats of one layout (-o a.svg -o a.pdf).")
@json_option
def chart_cmd(org: str | None, file_: Path | None, as_: str | None, unit: str | None, around: str | None,
              depth: int | None, fmt: str | None, layout: str | None, direction: str | None, no_overlays: bool,
              no_compact: bool, paper: str | None, landscape: bool, fit: bool, png_scale: float | None,
              substitutes: bool, highlight_findings: bool, show_holders: bool, no_names: bool, units_only: bool,
              outputs: tuple[Path, ...], as_json: bool) -> None:
    """Draw an org chart: a tidy tree of the posts (any size), or Graphviz for nested units and DOT.

    \b
    orgraph chart kite -o kite.svg -o kite.pdf
    orgraph chart kite --unit 1 --format png -o sector1.png
    orgraph chart kite --around 13 --depth 2 -o post13.pdf
    orgraph chart big --paper A3 --landscape -o big.pdf
    orgraph chart --file seed/kite.yaml --units-only -o overview.png
    """
    from viz.findings import run_findings
    from viz.render import format_for, render_all

    if fmt and len(outputs) > 1:
        raise click.UsageError("--format goes with one -o; with several, each file's suffix names its format")
    html = (fmt or "").lower() == "html" or any(p.suffix.lower() == ".html" for p in outputs)
    if html:
        if len(outputs) > 1:
            raise click.UsageError("an html chart is written on its own: give one -o")
        static_only = [n for n, v in (("--unit", unit), ("--around", around), ("--depth", depth),
                                      ("--units-only", units_only), ("--paper", paper),
                                      ("--holders", show_holders)) if v]
        if static_only:
            raise UsageError(f"{', '.join(static_only)} shape the static charts; the html chart has the whole "
                             "organisation, collapsible, with a posts or units view")
        formats = ["html"]
    else:
        try:
            formats = [format_for(path, fmt) for path in outputs]
        except InputError as exc:
            raise click.UsageError(str(exc)) from None
    if units_only:
        given = {"substitutes": substitutes, "highlight_findings": highlight_findings,
                 "no_overlays": no_overlays, "no_compact": no_compact}
        ignored = [UNITS_ONLY_IGNORES[k] for k, v in given.items() if v]
        if ignored:
            err_console.print(f"--units-only draws the unit overview; it ignores {', '.join(ignored)}")
        substitutes = highlight_findings = False
    if (paper or fit or landscape) and "pdf" not in formats:
        raise click.UsageError("--paper, --landscape and --fit are for PDF output")
    if (landscape or fit) and not paper:
        raise click.UsageError("--landscape and --fit need --paper")
    if file_:
        from graph.loaders.base import load_path

        model = _pick_org(load_path(file_, as_=as_), org, str(file_))
    else:
        if as_:
            raise InputError("--as goes with --file")
        model = _org_from_db(org, around, unit, as_json)
    findings = None
    if highlight_findings:
        findings = run_findings(model)
        if findings is None:
            err_console.print("the checks are not available; drawing without highlighting")
    for output in outputs:
        if output.parent and not output.parent.exists():
            raise InputError("the folder to write into does not exist", file=str(output))
    if html:
        from viz.web.standalone import write_standalone

        result = write_standalone(model, outputs[0], findings=findings if findings is not None else run_findings(model))
        if as_json:
            print_json(result)
        else:
            console.print(f"wrote {result['file']} (html, {result['nodes']} posts, {result['bytes']} bytes)")
        return
    # Resolved here, by the ladder every command uses, so the answer can name what it drew around.
    from graph.cli.common import resolving
    from viz.select import resolve_post, resolve_unit

    focus = resolving(lambda: resolve_post(model, around), as_json) if around else None
    scope = resolving(lambda: resolve_unit(model, unit), as_json) if unit else None
    people = None
    if show_holders:
        from graph.store.connection import AS_OF
        from viz.people import holder_lines

        people = holder_lines(model, AS_OF.get(), names=not no_names)
    elif no_names:
        raise click.UsageError("--no-names goes with --holders (names are shown only when asked for)")
    bar = _ProgressBar(enabled=not as_json)
    try:
        results = render_all(model, [(path, f) for path, f in zip(outputs, formats)], unit=scope, around=focus,
                             depth=depth, substitutes=substitutes, findings=findings, units_only=units_only,
                             layout=layout or "tree", direction=direction.upper() if direction else None,
                             overlays=not no_overlays, compact=not no_compact, paper=paper, landscape=landscape,
                             fit=fit, png_scale=png_scale or 1.5, progress=bar, people=people)
    finally:
        bar.close()
    first = results[0]
    if as_json:
        summary = {"file": first.file, "nodes": first.nodes, "edges": first.edges, "around": focus, "unit": scope}
        if len(results) > 1:
            summary = {"files": [r.file for r in results], "nodes": first.nodes, "edges": first.edges,
                       "around": focus, "unit": scope}
        print_json(summary)
    else:
        for r in results:
            console.print(f"wrote {r.file} ({r.format}, {r.nodes} nodes, {r.edges} edges)")


COMMANDS = [chart_cmd]
