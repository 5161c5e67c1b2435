"""Chains, reports, acting-for, span, roll-ups and lookup on a synthetic body (tests/fixtures/queries)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.queries import acting
from graph.queries import chain as chains
from graph.queries import lookup
from graph.queries import rollups
from graph.queries import span
from graph.errors import Ambiguous, NotFound
from graph.loaders.orgfile import read

pytestmark = pytest.mark.neo4j

FIXTURES = Path(__file__).parent / "fixtures"
MINISTRY = FIXTURES / "queries" / "ministry.yaml"
PROGRAMMER = 'Програмер "C" {x} \\ MATCH (n) DETACH DELETE n //'
OBRIEN = "O'Brien's `CREATE` $param ${x}"


@pytest.fixture(scope="module")
def db(neo4j_settings):
    """The synthetic ministry and tiny.yaml, loaded once for the module (read-only tests)."""
    from graph.store.connection import Connection
    from graph.store.writer import write_org

    c = Connection(neo4j_settings)
    c.wipe()
    write_org(c, read(MINISTRY))
    write_org(c, read(FIXTURES / "tiny.yaml"))
    yield c
    c.close()


def keys(rows):
    return [r["key"] for r in rows]


# --- chains -----------------------------------------------------------------

def test_chain_runs_from_the_post_to_the_root(db):
    rows = chains.chain(db, "qmin/post/7")
    assert keys(rows) == ["qmin/post/7", "qmin/post/6", "qmin/post/5", "qmin/post/3", "qmin/post/1"]
    assert [r["depth"] for r in rows] == [0, 1, 2, 3, 4]
    assert rows[-1]["root"] and not any(r["root"] for r in rows[:-1])
    assert rows[1]["unit_name"] == "Одсек за пројектовање" and rows[1]["title_name"] == "самостални саветник"


def test_chain_ignores_secondary_lines_unless_asked(db):
    assert keys(chains.chain(db, "qmin/post/9")) == ["qmin/post/9", "qmin/post/8", "qmin/post/3", "qmin/post/1"]
    edges = chains.chain_all(db, "qmin/post/9")
    kinds = {(e["from"], e["key"]): e["kind"] for e in edges}
    assert kinds[("qmin/post/9", "qmin/post/5")] == "secondary"
    assert kinds[("qmin/post/8", "qmin/post/1")] == "accountability"
    assert kinds[("qmin/post/3", "qmin/post/1")] == "line"
    assert {e["depth"] for e in edges if e["from"] == "qmin/post/9"} == {1}


def test_chain_of_the_root_is_the_root_alone(db):
    rows = chains.chain(db, "qmin/post/1")
    assert keys(rows) == ["qmin/post/1"] and rows[0]["root"]
    assert chains.chain(db, "qmin/post/none") == []


def test_common_superior(db):
    r = chains.common_superior(db, "qmin/post/7", "qmin/post/9")
    assert r["common"]["key"] == "qmin/post/3" and (r["a_steps"], r["b_steps"]) == (3, 2)
    assert chains.common_superior(db, "qmin/post/7", "qmin/post/11a")["common"]["key"] == "qmin/post/1"
    # A post above the other is itself the common superior.
    assert chains.common_superior(db, "qmin/post/5", "qmin/post/7")["common"]["key"] == "qmin/post/5"
    assert chains.common_superior(db, "qmin/post/1", "tiny/post/4")["common"] is None
    with pytest.raises(NotFound):
        chains.common_superior(db, "qmin/post/1", "nobody")


def test_reports_with_depth_and_levels(db):
    rows = chains.reports(db, "qmin/post/3")
    assert {r["key"]: r["depth"] for r in rows} == {
        "qmin/post/4": 1, "qmin/post/5": 1, "qmin/post/8": 1,
        "qmin/post/6": 2, "qmin/post/9": 2, "qmin/post/7": 3}
    assert next(r for r in rows if r["key"] == "qmin/post/7")["superior"] == "qmin/post/6"
    lv = chains.levels(rows)
    assert [(x["depth"], x["posts"], x["headcount"]) for x in lv] == [(1, 3, 4), (2, 2, 2), (3, 1, 3)]
    assert lv[-1]["headcount_cumulative"] == 9
    assert keys(chains.reports(db, "qmin/post/3", depth=1)) == ["qmin/post/4", "qmin/post/5", "qmin/post/8"]
    assert chains.reports(db, "qmin/post/7") == []


# --- acting for -------------------------------------------------------------

def test_acting_follows_the_stated_order_and_skips_the_absent(db):
    r = acting.acting_for(db, "qmin/post/1")
    assert (r["acting"]["key"], r["rule"], r["order"]) == ("qmin/post/2", "substitute", 1)
    r = acting.acting_for(db, "qmin/post/1", absent=["qmin/post/2"])
    assert (r["acting"]["key"], r["rule"], r["order"]) == ("qmin/post/3", "substitute", 2)
    assert [c["status"] for c in r["considered"]] == ["absent", "chosen"]


def test_acting_falls_back_to_the_line_superior_and_says_so(db):
    r = acting.acting_for(db, "qmin/post/11")  # no stated substitute
    assert (r["acting"]["key"], r["rule"]) == ("qmin/post/10", "line-superior")
    r = acting.acting_for(db, "qmin/post/11", absent=["qmin/post/10"])
    assert (r["acting"]["key"], r["rule"], r["order"]) == ("qmin/post/1", "line-superior", 2)
    r = acting.acting_for(db, "qmin/post/1", absent=["qmin/post/2", "qmin/post/3"])
    assert r["acting"] is None and r["rule"] == "none"


def test_acting_reports_an_unresolved_substitute_and_never_guesses(db):
    r = acting.acting_for(db, "qmin/post/5", absent=["qmin/post/6"])
    assert r["acting"] is None and r["rule"] == "unresolved"
    assert r["unresolved"] == "један од запослених у одељењу"
    # The vague first choice blocks the named second one: the document does name someone.
    r = acting.acting_for(db, "qmin/post/8")
    assert r["rule"] == "unresolved" and r["unresolved"] == 'неко "непознат" {?}'


def test_stands_in_for(db):
    rows = acting.stands_in_for(db, "qmin/post/3")
    assert [(r["key"], r["rule"], r["order"]) for r in rows] == [
        ("qmin/post/1", "substitute", 2), ("qmin/post/4", "line-superior", None)]
    assert [r["key"] for r in acting.stands_in_for(db, "qmin/post/9")] == ["qmin/post/8"]
    with pytest.raises(NotFound):
        acting.acting_for(db, "no/such/post")


# --- span and roll-ups -----------------------------------------------------------

def test_span_counts_direct_and_total_reports(db):
    s = span.span(db, org="qmin")
    by = {r["key"]: r for r in s["rows"]}
    assert (by["qmin/post/3"]["direct_posts"], by["qmin/post/3"]["direct_people"]) == (3, 4)
    assert (by["qmin/post/3"]["total_posts"], by["qmin/post/3"]["total_people"]) == (6, 9)
    assert (by["qmin/post/1"]["total_posts"], by["qmin/post/1"]["total_people"]) == (11, 17)
    assert "qmin/post/7" not in by  # no reports
    sm = s["summary"]
    assert sm["managers"] == 7 and sm["posts"]["min"] == 1 and sm["posts"]["max"] == 3
    assert sm["distribution"] == {"1": 5, "3": 2}
    assert sm["widest"][0]["key"] == "qmin/post/1"  # ties on direct reports: more below wins


def test_span_of_a_unit_keeps_its_subtree(db):
    rows = span.span(db, org="qmin", unit="qmin/1.1")["rows"]
    assert sorted(keys(rows)) == ["qmin/post/5", "qmin/post/6"]
    everything = span.span(db)["summary"]["managers"]
    assert everything == 7 + 2  # tiny has two posts with reports


def test_span_totals_survive_a_cycle():
    managers = [{"key": "a", "direct_posts": 1, "direct_people": 1, "superiors": ["b"]},
                {"key": "b", "direct_posts": 1, "direct_people": 2, "superiors": ["a"]}]
    span.totals(managers)
    assert all("total_posts" in m for m in managers)
    # Each counts the other's reports once, then the cycle is cut.
    assert sorted(m["total_posts"] for m in managers) == [1, 2]


def test_unit_rollups_include_subunits_and_meet_the_declared_figures(db):
    r = rollups.rollup(db, "qmin")
    units = {u["key"]: u for u in r["units"]}
    assert (units["qmin/1"]["posts"], units["qmin/1"]["civil_servants"]) == (7, 10)
    assert (units["qmin/1"]["own_posts"], units["qmin/1"]["own_civil_servants"]) == (2, 3)
    assert units["qmin/1.1"]["by_title"]["rs/savetnik"] == {"posts": 1, "civil_servants": 3}
    assert (r["organisation"]["posts"], r["organisation"]["civil_servants"]) == (12, 18)
    verdict = {(d["subject"], d["measure"], d["title"], d["about"]): (d["counted"], d["agrees"])
               for d in r["declared"]}
    assert verdict[("qmin", "posts", None, None)] == (12, True)
    assert verdict[("qmin", "civil_servants", None, "position_groups")] == (4, True)
    assert verdict[("qmin/1", "posts", None, None)] == (7, True)
    assert verdict[("qmin", "civil_servants", "rs/visi-savetnik", None)] == (3, False)  # the planted mismatch
    with pytest.raises(NotFound):
        rollups.rollup(db, "absent-org")


# --- lookup -------------------------------------------------------------------------

@pytest.mark.parametrize("ref", ["Džinovski ljubazni referent", "dzinovski ljubazni referent",
                                 "Џиновски љубазни референт", "ДЖИНОВСКИ", "11a", "qmin/post/11a"])
def test_a_post_is_found_in_either_script_by_name_number_or_key(db, ref):
    assert lookup.resolve_post(db, ref, org="qmin")["key"] == "qmin/post/11a"


def test_a_latin_name_finds_the_cyrillic_post(db):
    assert lookup.resolve_post(db, "Načelnik odeljenja")["key"] == "qmin/post/5"
    assert lookup.resolve_post(db, "nacelnik odeljenja")["key"] == "qmin/post/5"


def test_an_ambiguous_name_lists_its_candidates(db):
    with pytest.raises(Ambiguous) as err:
        lookup.resolve_post(db, "Šef odseka")
    assert err.value.exit_code == 2
    assert sorted(c["key"] for c in err.value.candidates) == ["qmin/post/11", "qmin/post/6", "tiny/post/3"]
    assert all(c["org"] and c["name"] == "Шеф одсека" for c in err.value.candidates)
    assert "qmin/post/6" in str(err.value) and "Одсек за пројектовање" in str(err.value)
    # Narrowing by organisation does not make it unique here, but cuts the list.
    with pytest.raises(Ambiguous) as err:
        lookup.resolve_post(db, "sef odseka", org="qmin")
    assert len(err.value.candidates) == 2


def test_a_post_name_followed_by_its_unit_name_finds_the_post(db):
    assert lookup.resolve_post(db, "Šef odseka za projektovanje", org="qmin")["key"] == "qmin/post/6"
    with pytest.raises(Ambiguous) as err:  # tiny has a section of that name too
        lookup.resolve_post(db, "Šef odseka za projektovanje")
    assert {c["key"] for c in err.value.candidates} == {"qmin/post/6", "tiny/post/3"}
    assert lookup.resolve_post(db, "Шеф одсека Сектора за љубазне џиновске ћелије")["key"] == "qmin/post/11"
    with pytest.raises(NotFound):
        lookup.resolve_post(db, "Šef odseka za nešto drugo")


def test_unknown_names_are_not_found(db):
    with pytest.raises(NotFound):
        lookup.resolve_post(db, "Нико такав")
    with pytest.raises(NotFound):
        lookup.resolve_post(db, "qmin/post/1", org="tiny")


@pytest.mark.parametrize("name", [PROGRAMMER, OBRIEN, 'Систем аналитичар "A" {x} \\ MATCH'])
def test_names_full_of_cypher_round_trip(db, name):
    card = lookup.resolve_post(db, name)
    assert card["name"] == name


def test_units_and_orgs_resolve_by_number_and_name(db):
    assert lookup.resolve_unit(db, "1.1.", org="qmin")["key"] == "qmin/1.1"
    assert lookup.resolve_unit(db, "Grupa za podršku")["key"] == "qmin/1.2"
    assert lookup.resolve_org(db, "Uprava za probne upite")["key"] == "qmin"
    with pytest.raises(Ambiguous):
        lookup.resolve_unit(db, "1.1")  # in qmin and in tiny


def test_find_posts_counts_beyond_the_limit(db):
    found = lookup.find_posts(db, "DIREKTOR", limit=2)
    assert found["total"] == 6 and len(found["posts"]) == 2


# --- the commands ---------------------------------------------------------------------------

def cli(capsys, *args):
    from graph.cli import main

    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def cli_json(capsys, *args):
    code, out, err = cli(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_every_command_round_trips_awkward_names(db, capsys):
    for name, key in ((PROGRAMMER, "qmin/post/7"), (OBRIEN, "qmin/post/9")):
        assert cli_json(capsys, "chain", name)["post"]["name"] == name
        assert cli_json(capsys, "chain", name, "--all")["post"]["key"] == key
        assert cli_json(capsys, "reports", name)["post"]["name"] == name
        assert cli_json(capsys, "acting", name)["post"]["name"] == name
        assert cli_json(capsys, "acting", name, "--reverse")["post"]["name"] == name
        assert cli_json(capsys, "common", name, "Direktor", "--org", "qmin")["first"]["name"] == name
        assert name in [p["name"] for p in cli_json(capsys, "find", name)["posts"]]
        rows = cli_json(capsys, "cypher", "MATCH (p:Post {name: $n}) RETURN p.name AS name", "-p", f"n={name}")
        assert rows["rows"] == [{"name": name}]
        # The table shows the name as written too (rich markup is escaped).
        code, out, _ = cli(capsys, "chain", name)
        assert code == 0 and name in out
    # Names that reach the answers, not only the lookups.
    reports = cli_json(capsys, "reports", "qmin/post/6")["reports"]
    assert [r["name"] for r in reports] == [PROGRAMMER]
    reverse = cli_json(capsys, "acting", "qmin/post/8", "--reverse")["stands_in_for"]
    assert [(r["name"], r["rule"]) for r in reverse] == [(OBRIEN, "line-superior")]
    acting_json = cli_json(capsys, "acting", "Rukovodilac grupe", "--absent", OBRIEN)
    assert acting_json["unresolved"] == 'неко "непознат" {?}'
    spans = cli_json(capsys, "span", "Grupa za podršku")
    assert spans["scope"]["unit"] == "qmin/1.2" and [r["key"] for r in spans["rows"]] == ["qmin/post/8"]


def test_commands_print_tables(db, capsys):
    code, out, _ = cli(capsys, "chain", "qmin/post/7")
    assert code == 0 and "Reporting chain" in out and "Директор" in out
    code, out, _ = cli(capsys, "acting", "qmin/post/1", "--absent", "qmin/post/2")
    assert code == 0 and "rule: substitute" in out and "qmin/post/3" in out
    code, out, _ = cli(capsys, "span", "qmin")
    assert code == 0 and "7 posts with reports" in out
    code, out, _ = cli(capsys, "units", "qmin")
    assert code == 0 and "Сектор за развој" in out and "NO" in out  # the planted mismatch shows
    code, out, _ = cli(capsys, "reports", "Direktor", "--org", "qmin", "--depth", "1")
    assert code == 0 and "total: 3 posts, 3 people" in out
    code, out, _ = cli(capsys, "common", "qmin/post/7", "qmin/post/9")
    assert code == 0 and "common superior: Помоћник директора" in out


def test_an_ambiguous_name_exits_2_with_the_candidates(db, capsys):
    code, out, err = cli(capsys, "chain", "Šef odseka")
    assert code == 2 and "qmin/post/6" in err and "tiny/post/3" in err and "ambiguous" in err
    code, out, err = cli(capsys, "acting", "Pomocnik direktora", "--json")
    assert code == 2
    data = json.loads(out)
    assert data["error"] == "ambiguous" and {c["key"] for c in data["candidates"]} == {"qmin/post/3", "qmin/post/10"}
    code, _, err = cli(capsys, "reports", "Нико такав")
    assert code == 1 and "no post matches" in err


def test_units_json_covers_every_org_without_an_argument(db, capsys):
    data = cli_json(capsys, "units")
    assert sorted(r["org"] for r in data) == ["qmin", "tiny"]
    one = cli_json(capsys, "units", "Канцеларија за пробе")
    assert one["organisation"]["posts"] == 4 and one["organisation"]["civil_servants"] == 5
