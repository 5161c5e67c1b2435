"""The indexes the check rules share (graph/checks/engine.py), on the cases their fast paths skip."""

from __future__ import annotations

from graph.checks import run_checks
from graph.analysis.cycles import cyclic_parts
from graph.checks.engine import Context
from graph.schema.model import Organisation, OrgFile, Post, Supervision


def body(posts: list[Post], supervision: list[Supervision] = ()) -> OrgFile:
    return OrgFile(organisation=Organisation(key="t", name="T"), posts=posts, supervision=list(supervision))


def test_a_line_stated_twice_counts_once_by_its_first_kind():
    posts = [Post(key=k, name=k) for k in ("a", "b", "c")]
    ctx = Context(body(posts, [Supervision(post="b", superior="a", kind="secondary"),
                               Supervision(post="b", superior="a"),
                               Supervision(post="c", superior="a"),
                               Supervision(post="c", superior="b", kind="accountability")]))
    assert ctx.subordinates == {"a": ["b", "c"]}
    assert ctx.line_subordinates == {"a": ["c"]}  # b's first line to a is secondary
    assert ctx.superiors == {"b": ["a", "a"], "c": ["a"]}
    assert ctx.with_superior == {"b", "c"}


def test_accountability_alone_gives_no_superior():
    posts = [Post(key="a", name="A"), Post(key="b", name="B"), Post(key="c", name="C")]
    org = body(posts, [Supervision(post="b", superior="a"), Supervision(post="c", superior="a",
                                                                         kind="accountability")])
    assert Context(org).with_superior == {"b"}
    assert [(f.rule, f.subjects) for f in run_checks(org, select=["no-superior"])] == [("no-superior", ["c"])]


def test_numbers_written_with_spaces_dots_or_letters():
    numbers = ["1", "2", "2.", " 3 ", "3", "4b", "5", "6", "9", "10", "11", "12"]
    posts = [Post(key=f"p{i}", number=n, name=f"P{i}") for i, n in enumerate(numbers)]
    found = run_checks(body(posts), select=["post-number-duplicate", "post-number-gap"])
    assert sorted((f.rule, f.message.split(":")[0], f.subjects) for f in found) == [
        ("post-number-duplicate", "2 posts have the number 2", ["p1", "p2"]),
        ("post-number-duplicate", "2 posts have the number 3", ["p3", "p4"]),
        ("post-number-gap", "post numbers 7-8 are missing from the numbering 1-12", ["p7"])]


def test_cycles_keep_what_lies_on_a_cycle_only():
    g, comps = cyclic_parts(["a", "b", "c", "x", "y", "z"], ["b", "c", "a", "a", "x", "z"])
    assert sorted(sorted(c) for c in comps) == [["a", "b", "c"], ["z"]]
    assert set(g.nodes) == {"a", "b", "c", "z"}
    assert cyclic_parts([], []) == (None, [])
