"""One way for each thing: the cycle detector and the declared-vs-counted reconciliation that
every stage uses (graph/analysis/cycles.py, graph/analysis/declared.py). No database."""

from __future__ import annotations

from graph.analysis import cycles
from graph.analysis.declared import Tally, counted, tally
from graph.analysis.index import OrgIndex
from graph.checks import run_checks
from graph.queries.chain import cut_cycle
from graph.queries.rollups import compare
from graph.queries.span import totals
from graph.schema.model import Declared, Organisation, OrgFile, Post, Supervision, Unit


def org(posts, supervision=(), units=(), declared=()) -> OrgFile:
    return OrgFile(organisation=Organisation(key="t", name="T"), posts=posts, units=list(units),
                   supervision=list(supervision), declared=list(declared))


def test_one_cycle_between_two_posts_is_found_by_the_check_and_cut_by_every_walk():
    posts = [Post(key=k, name=k, headcount=1) for k in ("top", "a", "b")]
    lines = [Supervision(post="a", superior="b"), Supervision(post="b", superior="a")]
    g, parts = cycles.cyclic_parts([s.post for s in lines], [s.superior for s in lines])
    assert parts == [{"a", "b"}] and cycles.cycle_order(g, parts[0]) == ["a", "b"]
    [f] = run_checks(org(posts, lines), select=["supervision-cycle"])
    assert f.subjects == ["a", "b"]
    # The chain of superiors stops before it comes round again ...
    assert [r["key"] for r in cut_cycle([{"key": "a"}, {"key": "b"}, {"key": "a"}])] == ["a", "b"]
    # ... and span totals count each post once.
    managers = [{"key": "a", "direct_posts": 1, "direct_people": 1, "superiors": ["b"]},
                {"key": "b", "direct_posts": 1, "direct_people": 1, "superiors": ["a"]}]
    totals(managers)
    assert sorted(m["total_posts"] for m in managers) == [1, 2]


def test_units_in_a_circle_are_left_out_of_the_tree_and_reported_once():
    units = [Unit(key="u1", name="U1"), Unit(key="u2", name="U2", parent="u3"),
             Unit(key="u3", name="U3", parent="u2"), Unit(key="u4", name="U4", parent="u2")]
    o = org([Post(key="p", name="P")], units=units)
    assert OrgIndex(o).units_bottom_up == ["u1"]
    assert cycles.loops({u.key: u.parent for u in units}) == [["u2", "u3"]]
    [f] = run_checks(o, select=["unit-cycle"])
    assert f.subjects == ["u2", "u3"]


def test_post_order_goes_deep_without_recursion():
    chain = {i: [i + 1] for i in range(50_000)}
    order = list(cycles.post_order(chain, [0]))
    assert order[0] == 50_000 and order[-1] == 0 and len(order) == 50_001


def test_one_reconciliation_for_the_check_and_the_rollup():
    posts = [Post(key="d", name="Director", title="rs/polozaj-2", headcount=1),
             Post(key="a", name="A", title="rs/savetnik", headcount=3),
             Post(key="b", name="B", title="rs/savetnik", headcount=2)]
    declared = [Declared(subject="t", measure="posts", value=3),
                Declared(subject="t", measure="civil_servants", value=4, title="rs/savetnik")]
    t = tally(posts)
    assert (counted("posts", t), counted("civil_servants", t, title="rs/savetnik")) == (3, 5)
    # The check says what the roll-up says: 3 posts agree, 4 civil servants in savetnik do not.
    [f] = run_checks(org(posts, declared=declared), select=["declared-mismatch"])
    assert f.data["declared"] == 4 and f.data["actual"] == 5
    organisation = {"posts": 3, "civil_servants": 6, "by_title": {
        "rs/polozaj-2": {"posts": 1, "civil_servants": 1}, "rs/savetnik": {"posts": 2, "civil_servants": 5}}}
    rows = compare([d.model_dump() for d in declared], "t", organisation, {}, {})
    assert [(r["counted"], r["agrees"]) for r in rows] == [(3, True), (5, False)]


def test_a_measure_that_is_not_counted_is_none_not_zero():
    assert counted("activities", Tally()) is None
    assert counted("posts", Tally(), title="rs/x") == 0
    assert counted("civil_servants", Tally(by_title={"rs/x": [2, 3]}), title="rs/y") == 0
