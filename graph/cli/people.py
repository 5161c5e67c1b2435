"""``orgraph vacancies`` and ``orgraph holders``: who holds the posts, and what is vacant.

Names are personal data: ``--no-names`` leaves them out of everything printed.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import console, json_option, print_json, print_table

no_names_option = click.option("--no-names", is_flag=True, help="Leave holders' names out (personal data).")
on_option = click.option("--on", "on", metavar="YYYY-MM-DD",
                         help="Holders in office on this day (default: the --as-of day, else today).")


def _day(on: str | None):
    from graph.store.connection import AS_OF
    from graph.store.versions import parse_day

    return parse_day(on, "--on") if on else AS_OF.get()


def _read(org: str):
    from graph.store.connection import connect
    from graph.store.reader import read_org

    with connect() as conn, conn.pinned():
        return read_org(conn, org)


@click.command("vacancies")
@click.argument("org")
@on_option
@click.option("--posts", "show_posts", is_flag=True, help="List every vacant post too.")
@no_names_option
@json_option
def vacancies_cmd(org, on, show_posts, no_names, as_json):
    """Vacancies of ORG: headcount less the FTE of the holders in office, per unit (with its sub-units).

    \b
    orgraph vacancies home-office@2012-09-30
    orgraph vacancies kite --on 2021-01-01 --posts --no-names
    """
    from graph.analysis.vacancies import vacancies

    result = vacancies(_read(org), _day(on), names=not no_names)
    if as_json:
        print_json(result)
        return
    t = result["totals"]
    console.print(f"{result['organisation']} on {result['day']}: {t['vacancies']} vacancies (FTE) in "
                  f"{t['vacant_posts']} of {t['posts']} posts; headcount {t['headcount']}, held {t['held']}"
                  + (f"; {t['headcount_unknown']} posts of unknown headcount" if t["headcount_unknown"] else ""))
    if not result["holders_recorded"]:
        console.print("no holders are recorded for this organisation: every post counts as vacant "
                      "(orgraph holders load FILE --org ORG)")
    units = [u for u in result["units"] if u["vacancies"]]
    if units:
        print_table(units, ["key", "name", "headcount", "held", "vacancies", "vacant_posts"], title="units with vacancies")
    if show_posts:
        print_table([p for p in result["posts"] if p["vacancies"]],
                    ["key", "name", "unit", "headcount", "held", "vacancies"], title="vacant posts")


@click.group("holders")
def holders_group():
    """Holders of posts: list them, or load them from a table."""


@holders_group.command("list")
@click.argument("org")
@on_option
@no_names_option
@json_option
def holders_list(org, on, no_names, as_json):
    """The holders of ORG's posts (in office on --on, if given)."""
    from graph.analysis.vacancies import in_office

    model = _read(org)
    day = _day(on)
    names = {p.key: p.name for p in model.posts}
    rows = []
    for h in model.holders:
        if day and not in_office(h, day):
            continue
        row = {"post": h.post, "post_name": names.get(h.post), "fte": h.fte,
               "from": h.valid_from.isoformat() if h.valid_from else None,
               "to": h.valid_to.isoformat() if h.valid_to else None}
        if not no_names:
            row = {"name": h.name or "(not disclosed)", **row}
        rows.append(row)
    if as_json:
        print_json(rows)
    else:
        print_table(rows, title=f"holders of {org}" + (f" on {day.isoformat()}" if day else ""))


@holders_group.command("load")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--org", required=True, help="The organisation whose posts they hold.")
@json_option
def holders_load(path, org, as_json):
    """Load holders from a CSV or XLSX (post, name, fte, from, to): they replace ORG's holders,
    written as a new version of the live one.

    \b
    orgraph holders load people.csv --org kite
    """
    from graph.loaders.holders import read_holders
    from graph.store.connection import connect
    from graph.store.reader import read_org
    from graph.store.writer import write_org

    with connect() as conn:
        with conn.pinned():
            model = read_org(conn, org)
        holders = read_holders(path, model)
        write_org(conn, model.model_copy(update={"holders": holders}))
    result = {"organisation": org, "holders": len(holders), "fte": sum(h.fte for h in holders)}
    if as_json:
        print_json(result)
    else:
        console.print(f"{org}: {result['holders']} holders loaded ({result['fte']} FTE)")


COMMANDS = [vacancies_cmd, holders_group]
