"""The questions asked of the real documents: the Serbian rulebook and the Georgian job descriptions."""

from __future__ import annotations

import pytest

from conftest import SEEDS, shared_path
from graph.queries import acting
from graph.queries import chain as chains
from graph.queries import lookup
from graph.queries import rollups
from graph.queries import span
from graph.errors import Ambiguous

pytestmark = [pytest.mark.neo4j, pytest.mark.shared]


RULEBOOK = SEEDS["rulebook"]
GEORGIAN = SEEDS["georgian"]


@pytest.fixture(scope="module")
def loaded(neo4j_settings):
    """Both documents loaded through their loaders; yields (conn, rulebook model, georgian models)."""
    from graph.store.connection import Connection
    from graph.loaders.base import load_path
    from graph.store.writer import write_org

    rulebook = load_path(shared_path(RULEBOOK), as_="rulebook")[0]
    georgian = load_path(shared_path(GEORGIAN), as_="georgian")
    c = Connection(neo4j_settings)
    c.wipe()
    for org in [rulebook, *georgian]:
        write_org(c, org)
    yield c, rulebook, georgian
    c.close()


@pytest.fixture(scope="module")
def rb(loaded):
    conn, model, _ = loaded
    return conn, model


@pytest.fixture(scope="module")
def ge(loaded):
    conn, _, models = loaded
    return conn, models[0]


def _director(model):
    roots = {s.post for s in model.supervision if s.kind == "line"}
    tops = [p for p in model.posts if p.key not in roots]
    assert len(tops) == 1, [p.key for p in tops]
    return tops[0]


def test_every_rulebook_chain_ends_at_the_director(rb):
    conn, model = rb
    director = _director(model)
    assert director.name.startswith("Директор")
    for post in model.posts:
        rows = chains.chain(conn, post.key)
        assert rows[0]["key"] == post.key
        assert rows[-1]["key"] == director.key and rows[-1]["root"], post.key


def test_the_deputy_director_acts_for_the_director(rb):
    conn, model = rb
    director = _director(model)
    r = acting.acting_for(conn, director.key)
    assert r["rule"] == "substitute" and r["order"] == 1
    assert r["acting"]["name"].startswith("Заменик директора")
    # And in the reverse direction the deputy stands in for the director.
    rows = acting.stands_in_for(conn, r["acting"]["key"])
    assert [x["key"] for x in rows if x["rule"] == "substitute"] == [director.key]


def _expected_direct(model, sector_key, head_key):
    """Posts placed in the sector itself, and the nearest head posts of the units below it."""
    heads = {}
    for p in model.posts:
        if p.heads:
            heads.setdefault(p.heads, []).append(p.key)
    children = {}
    for u in model.units:
        children.setdefault(u.parent, []).append(u.key)
    expected = {p.key for p in model.posts if p.unit == sector_key and p.key != head_key}
    todo = list(children.get(sector_key, []))
    while todo:
        u = todo.pop()
        if heads.get(u):
            expected.update(heads[u])
        else:
            todo.extend(children.get(u, []))
    return expected


def test_an_assistant_directors_span_covers_the_sector_top_level_and_inner_heads(rb):
    conn, model = rb
    rows = {r["key"]: r for r in span.span(conn, org=model.organisation.key)["rows"]}
    assistants = [p for p in model.posts if p.heads and p.name.startswith("Помоћник директора")]
    assert len(assistants) == 6
    for a in assistants:
        expected = _expected_direct(model, a.heads, a.key)
        assert expected, a.key
        direct = {r["key"] for r in chains.reports(conn, a.key, depth=1)}
        assert direct == expected, a.key
        assert rows[a.key]["direct_posts"] == len(expected)
        people = sum(p.headcount or 0 for p in model.posts if p.key in expected)
        assert rows[a.key]["direct_people"] == people
        below = chains.reports(conn, a.key)
        assert rows[a.key]["total_posts"] == len(below)


def test_unit_rollups_equal_the_article_28_totals(rb):
    conn, model = rb
    r = rollups.rollup(conn, model.organisation.key)
    checked = [d for d in r["declared"] if d["counted"] is not None]
    assert len(checked) >= 15
    for d in checked:
        if d["title"] is None and d["about"] is None and d["measure"] == "posts":
            # The overall post total: the document's own parts (per title and position group)
            # add up to what we count; where its total disagrees the mismatch is shown.
            parts = sum(x["value"] for x in r["declared"] if x["measure"] == "posts" and x["title"]) + \
                sum(x["value"] for x in r["declared"]
                    if x["measure"] == "civil_servants" and (x["title"] or "").startswith("rs/polozaj"))
            assert d["agrees"] or d["counted"] == parts, d
        else:
            assert d["agrees"], d
    assert r["organisation"]["posts"] == len(model.posts)
    assert r["organisation"]["civil_servants"] == sum(p.headcount or 0 for p in model.posts)
    # Sectors sum their departments and sections.
    units = {u["key"]: u for u in r["units"]}
    for u in model.units:
        if u.parent is None:
            inside = {x.key for x in model.units if x.key == u.key or (x.key.startswith(u.key + "."))}
            assert units[u.key]["posts"] == sum(1 for p in model.posts if p.unit in inside), u.key


def test_a_latin_name_finds_the_cyrillic_rulebook_post(rb):
    conn, model = rb
    deputy = next(p for p in model.posts if p.name.startswith("Заменик директора"))
    assert lookup.resolve_post(conn, "zamenik direktora kancelarije")["key"] == deputy.key
    assert lookup.resolve_post(conn, "ZAMENIK DIREKTORA")["key"] == deputy.key
    with pytest.raises(Ambiguous) as err:
        lookup.resolve_post(conn, "Šef odseka", org=model.organisation.key)
    heads = [p.key for p in model.posts if p.name == "Шеф одсека"]
    assert len(heads) > 1 and {c["key"] for c in err.value.candidates} == set(heads[:20])


def test_georgian_acting_for_the_department_head_with_the_deputy_absent(ge):
    conn, model = ge
    head = next(p for p in model.posts if p.title == "ge/1-1")
    deputy = next(p for p in model.posts if p.title == "ge/2-1")
    assert acting.acting_for(conn, head.key)["acting"]["key"] == deputy.key
    r = acting.acting_for(conn, head.key, absent=[deputy.key])
    # The form: the deputy, "and in the deputy's absence the division head" (სამმართველოს უფროსი).
    assert r["rule"] == "substitute" and r["order"] == 2
    division_heads = {p.key for p in model.posts if p.title == "ge/2-2"}
    assert r["acting"]["key"] in division_heads
    assert {x["key"] for x in r["also_eligible"]} | {r["acting"]["key"]} <= division_heads


def test_georgian_vague_substitute_is_reported_not_guessed(ge):
    conn, model = ge
    vague = [s for s in model.substitution if s.substitute is None]
    assert vague
    r = acting.acting_for(conn, vague[0].principal)
    assert r["acting"] is None and r["rule"] == "unresolved" and r["unresolved"] == vague[0].substitute_text


def test_georgian_chain_all_shows_the_second_superior(ge):
    conn, model = ge
    secondary = [s for s in model.supervision if s.kind != "line"]
    assert secondary
    s = secondary[0]
    edges = chains.chain_all(conn, s.post)
    assert any(e["from"] == s.post and e["key"] == s.superior and e["kind"] == s.kind for e in edges)
