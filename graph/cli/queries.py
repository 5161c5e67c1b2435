"""``orgraph chain | common | reports | acting | span | units | find | cypher``: the questions.

Every command takes a post by number (with --org), by key (``kite/post/9``,
no --org needed) or by name in either Serbian script, through the one ladder
of graph.queries.refs; an ambiguous name prints the candidates and exits 2, a
reference that matches nothing (a number above all) exits 1. Tables by
default, JSON with --json. The work is done by graph.queries.chain, graph.queries.acting,
graph.queries.span, graph.queries.rollups, graph.queries.adhoc and graph.queries.lookup.
"""

from __future__ import annotations

from typing import Any

from contextlib import contextmanager

import click

from graph.cli.common import console, emit, json_option, org_key, print_json, print_table, resolving
from graph.errors import Ambiguous
from graph.text.numbers import total as fsum_total

org_option = click.option("--org", metavar="ORG", help="Look names and numbers up in this organisation (key or name).")
CARD = ["key", "number", "name", "unit_name", "title_name", "headcount"]


@contextmanager
def _connect():
    """A connection whose reads are pinned to one version of each organisation for the command."""
    from graph.store.connection import connect

    with connect() as conn, conn.pinned():
        yield conn


def _say(text: str) -> None:
    console.print(text, markup=False, highlight=False)


def _post(conn, ref: str, org: str | None, as_json: bool) -> dict:
    from graph.queries.lookup import resolve_post

    return resolving(lambda: resolve_post(conn, ref, org=org_key(conn, org, as_json)), as_json)


def _label(card: dict | None) -> str:
    if not card:
        return "-"
    unit = f", {card['unit_name']}" if card.get("unit_name") else ""
    return f"{card['name']} ({card['key']}{unit})"


@click.command("chain")
@click.argument("post")
@click.option("--all", "all_kinds", is_flag=True, help="Also follow secondary and accountability lines.")
@org_option
@json_option
def chain_cmd(post: str, all_kinds: bool, org: str | None, as_json: bool) -> None:
    """The reporting chain of POST up to the root (line superiors; --all: every kind)."""
    from graph.queries import chain as chains

    with _connect() as conn:
        card = _post(conn, post, org, as_json)
        if all_kinds:
            rows = chains.chain_all(conn, card["key"])
            emit({"post": card, "edges": rows}, as_json, rows=rows,
                 columns=["depth", "from", "kind", "basis", "key", "name", "unit_name", "title_name"],
                 title=f"Superiors of {_label(card)}, every kind")
            return
        rows = chains.chain(conn, card["key"])
    complete = bool(rows) and rows[-1]["root"]
    if as_json:
        print_json({"post": card, "chain": rows, "complete": complete})
        return
    print_table(rows, ["depth", "key", "number", "name", "unit_name", "title_name", "basis"],
                title=f"Reporting chain of {_label(card)}")
    for below, row in zip(rows, rows[1:]):
        if row.get("jointly_with"):
            others = " and ".join(f"{m['name']} ({m['key']})" for m in row["jointly_with"])
            _say(f"{below['name']} ({below['key']}) reports jointly to {row['name']} ({row['key']}) and {others}")
    if not complete:
        _say("warning: the chain does not reach a root (a supervision cycle, or deeper than 50 levels)")


@click.command("common")
@click.argument("first")
@click.argument("second")
@org_option
@json_option
def common_cmd(first: str, second: str, org: str | None, as_json: bool) -> None:
    """The nearest common line superior of two posts."""
    from graph.queries import chain as chains

    with _connect() as conn:
        a = _post(conn, first, org, as_json)
        b = _post(conn, second, org, as_json)
        result = chains.common_superior(conn, a["key"], b["key"])
    result = {"first": a, "second": b, **result}
    if as_json:
        print_json(result)
        return
    if result["common"] is None:
        _say(f"{_label(a)} and {_label(b)} have no common line superior")
        return
    _say(f"common superior: {_label(result['common'])}")
    _say(f"  {result['a_steps']} step(s) up from {_label(a)}")
    _say(f"  {result['b_steps']} step(s) up from {_label(b)}")


@click.command("reports")
@click.argument("post")
@click.option("--depth", type=click.IntRange(min=1), help="Only this many levels below POST.")
@org_option
@json_option
def reports_cmd(post: str, depth: int | None, org: str | None, as_json: bool) -> None:
    """Direct and indirect reports of POST, with headcount per level."""
    from graph.queries import chain as chains

    with _connect() as conn:
        card = _post(conn, post, org, as_json)
        rows = chains.reports(conn, card["key"], depth=depth)
    lv = chains.levels(rows)
    total = {"posts": len(rows), "headcount": fsum_total(r.get("headcount") for r in rows)}
    if as_json:
        print_json({"post": card, "depth": depth, "reports": rows, "levels": lv, "total": total})
        return
    print_table(rows, ["depth", "key", "number", "name", "unit_name", "title_name", "headcount", "superior"],
                title=f"Reports of {_label(card)}")
    print_table(lv, ["depth", "posts", "headcount", "posts_cumulative", "headcount_cumulative"], title="Per level")
    _say(f"total: {total['posts']} posts, {total['headcount']} people")


@click.command("acting")
@click.argument("post")
@click.option("--absent", multiple=True, metavar="POST", help="Also absent (repeatable; key, number or name).")
@click.option("--reverse", is_flag=True, help="Whom POST stands in for, instead.")
@org_option
@json_option
def acting_cmd(post: str, absent: tuple[str, ...], reverse: bool, org: str | None, as_json: bool) -> None:
    """Who performs the duties of POST when it (and --absent posts) are away."""
    from graph.queries import acting

    with _connect() as conn:
        card = _post(conn, post, org, as_json)
        if reverse:
            rows = acting.stands_in_for(conn, card["key"])
            emit({"post": card, "stands_in_for": rows}, as_json, rows=rows,
                 columns=["rule", "order", "key", "number", "name", "unit_name", "title_name"],
                 title=f"{_label(card)} stands in for")
            return
        away_cards = [_post(conn, a, org, as_json) for a in absent]
        away = [a["key"] for a in away_cards]
        result = acting.acting_for(conn, card["key"], absent=away)
    result["post"] = card
    result["absent"] = away_cards
    if as_json:
        print_json(result)
        return
    print_table(result["considered"], ["rule", "order", "key", "name", "status"],
                title=f"Acting for {_label(card)}" + (f", absent: {', '.join(away)}" if away else ""))
    if result["acting"]:
        _say(f"acting: {_label(result['acting'])}")
        for other in result["also_eligible"]:
            _say(f"   or: {_label(other)} (stated at the same place in the order)")
    elif result["unresolved"]:
        _say(f"acting: \"{result['unresolved']}\" (the document names no post; not guessed)")
    else:
        _say("acting: nobody")
    _say(f"rule: {result['rule']} - {result['rule_text']}")


@click.command("span")
@click.argument("scope", required=False, metavar="[ORG|UNIT]")
@org_option
@click.option("--top", type=click.IntRange(min=0), default=None, help="Show only the N widest (table).")
@json_option
def span_cmd(scope: str | None, org: str | None, top: int | None, as_json: bool) -> None:
    """Span of control: direct reports (posts, people) and all below, per post with reports."""
    from graph.queries.lookup import find_org, resolve_unit
    from graph.queries.span import span

    with _connect() as conn:
        where_org = org_key(conn, org, as_json)
        unit = None
        if scope is not None:
            found = resolving(lambda: find_org(conn, scope), as_json) if where_org is None else None
            if found:
                where_org = found["key"]
            else:
                unit = resolving(lambda: resolve_unit(conn, scope, org=where_org), as_json)
                where_org = unit["org"]
        result = span(conn, org=where_org, unit=unit["key"] if unit else None)
    where = (f"unit {unit['name']} ({unit['key']})" if unit else f"organisation {where_org}" if where_org
             else "every organisation")
    if as_json:
        print_json({"scope": {"org": where_org, "unit": unit["key"] if unit else None}, **result})
        return
    rows = result["rows"] if top is None else result["rows"][:top]
    print_table(rows, ["key", "name", "unit_name", "direct_posts", "direct_people", "total_posts", "total_people"],
                title=f"Span of control, {where}")
    s = result["summary"]
    if not s["managers"]:
        _say("no post with reports")
        return
    p = s["posts"]
    _say(f"{s['managers']} posts with reports; direct reports min {p['min']}, median {p['median']}, "
         f"mean {p['mean']}, max {p['max']}")
    _say("distribution (direct reports: posts): " + ", ".join(f"{k}: {v}" for k, v in s["distribution"].items()))
    _say("narrowest: " + "; ".join(f"{m['name']} ({m['key']}) {m['direct_posts']}" for m in s["narrowest"]))


@click.command("units")
@click.argument("org", required=False)
@click.option("--by-title", is_flag=True, help="One row per unit and title (table).")
@json_option
def units_cmd(org: str | None, by_title: bool, as_json: bool) -> None:
    """Per unit: posts and civil servants, by title, sub-units included; with the declared totals."""
    from graph.store.reader import list_orgs
    from graph.queries.lookup import resolve_org
    from graph.queries.rollups import rollup

    with _connect() as conn:
        keys = ([resolving(lambda: resolve_org(conn, org), as_json)["key"]] if org
                else [o["key"] for o in list_orgs(conn)])
        results = [rollup(conn, k) for k in keys]
    if as_json:
        print_json(results[0] if org else results)
        return
    for r in results:
        _print_rollup(r, by_title)


def _print_rollup(r: dict[str, Any], by_title: bool) -> None:
    o = r["organisation"]
    rows = [{"unit": "", "name": o["name"], "posts": o["posts"], "civil_servants": o["civil_servants"],
             "own_posts": o["own_posts"], "own_civil_servants": o["own_civil_servants"], "by_title": o["by_title"]}]
    rows += [{"unit": u.get("number") or u["key"], "name": "  " * (u["depth"] + 1) + u["name"], **u} for u in r["units"]]
    names = {k: t.get("name") or k for k, t in r["titles"].items()}
    if by_title:
        flat = [{"unit": x["unit"], "name": x["name"], "title": names.get(t, t), **v}
                for x in rows for t, v in x["by_title"].items()]
        print_table(flat, ["unit", "name", "title", "posts", "civil_servants"], title=f"Units of {r['org']}, by title")
    else:
        print_table(rows, ["unit", "name", "posts", "civil_servants", "own_posts", "own_civil_servants"],
                    title=f"Units of {r['org']} (posts and civil servants, sub-units included)")
    if r["declared"]:
        decl = [{**d, "title": names.get(d["title"], d["title"]),
                 "agrees": {True: "yes", False: "NO", None: "n/a"}[d["agrees"]]} for d in r["declared"]]
        print_table(decl, ["subject", "measure", "title", "about", "value", "counted", "agrees", "line"],
                    title="Declared figures against the counts")


@click.command("find")
@click.argument("name")
@org_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@json_option
def find_cmd(name: str, org: str | None, limit: int, as_json: bool) -> None:
    """Posts whose name contains NAME, in either Serbian script."""
    from graph.queries.lookup import find_posts

    with _connect() as conn:
        found = find_posts(conn, name, org=org_key(conn, org, as_json), limit=limit)
    if as_json:
        print_json({"query": name, **found})
        return
    print_table(found["posts"], ["key", "number", "name", "unit_name", "title_name", "headcount", "org"],
                title=f"Posts matching {name!r}")
    if found["total"] > len(found["posts"]):
        _say(f"showing {len(found['posts'])} of {found['total']}; narrow the name or raise --limit")


INTERRUPTED = ("interrupted: the query was cancelled (its connection to Neo4j was closed, "
               "which ends its transaction)")


@contextmanager
def _ctrl_c_ends_it(grace: float = 10.0):
    """Ctrl-C cancels the query; should the cancelling itself hang (a driver waiting on a socket),
    the process ends ``grace`` seconds later anyway, with the same message and exit code: a
    console the user cannot stop is worse than a connection closed by the exit."""
    import os
    import signal
    import sys
    import threading

    def die() -> None:
        sys.stderr.write(INTERRUPTED + "\n")
        sys.stderr.flush()
        os._exit(130)

    def on_sigint(signum, frame):
        timer = threading.Timer(grace, die)
        timer.daemon = True
        timer.start()
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@click.command("cypher")
@click.argument("cypher_text", metavar="QUERY")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter: name=value (a string) or name:int=5, name:float=, name:bool=, name:json=[...].")
@click.option("--limit", type=click.IntRange(min=1), default=1000, show_default=True, help="At most this many rows.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds for the plan check and again for the query; Ctrl-C cancels at once.")
@json_option
def cypher_cmd(cypher_text: str, params: tuple[str, ...], limit: int, timeout: float, as_json: bool) -> None:
    """Run a read-only Cypher QUERY; any query that could write is refused before it runs.

    \b
    orgraph cypher "MATCH (o:Organisation {key: \\$org}) MATCH (p:Post {gen: o.gen}) RETURN p.name LIMIT 5" -p org=kite
    """
    from graph.errors import Interrupted
    from graph.queries.adhoc import parse_param, run

    values = dict(parse_param(p) for p in params)
    with _connect() as conn, _ctrl_c_ends_it():
        try:
            result = run(conn, cypher_text, values, limit=limit, timeout=timeout)
        except KeyboardInterrupt:
            raise Interrupted(INTERRUPTED) from None
    if as_json:
        print_json(result)
        return
    print_table(result["rows"], result["columns"])
    if result["truncated"]:
        _say(f"stopped after {limit} rows (--limit)")


COMMANDS = [chain_cmd, common_cmd, reports_cmd, acting_cmd, span_cmd, units_cmd, find_cmd, cypher_cmd]
