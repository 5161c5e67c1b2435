"""The Serbian rulebook (seed 000) read into the org model: acceptance of issue 3.

Expected figures below are read off the document by hand (the systematization list
after Article 28), not produced by the loader.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from graph.checks import run_checks
from graph.loaders.base import detect, load_path
from graph.loaders.rulebook import parse_text
from graph.text.names import fold, to_latin
from graph.schema.integrity import problems
from conftest import shared_path

DOC = "000_52640796b13b3b18.txt"


@pytest.fixture(scope="module")
def text():
    return shared_path("seeds/" + DOC).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def org(text):
    return parse_text(text, DOC)


def _numbers_in_list(text: str) -> list[str]:
    """Post numbers as the document writes them, found independently of the loader:
    a line '<n>. Name' (or '71a Name') directly followed by a title line with a count."""
    lines = [re.sub(r"\[bookmark:[^\]]*\]", "", ln).strip() for ln in text.splitlines()]
    out = []
    for i, ln in enumerate(lines):
        m = re.match(r"^(\d{1,3}[a-z]?)\.?\s+\S", ln)
        nxt = next((x for x in lines[i + 1:i + 4] if x), "")
        if m and "број државних службеника" in nxt:
            out.append(m.group(1))
    return out


def test_every_numbered_post_once_with_unit_title_headcount(org, text):
    numbers = [p.number for p in org.posts]
    assert numbers == _numbers_in_list(text)
    assert len(numbers) == len(set(numbers)) == 84  # 1..83 and the inserted 71a
    assert "71a" in numbers and numbers.index("71a") == numbers.index("71") + 1
    for p in org.posts:
        assert p.key == f"kite/post/{p.number}"
        assert p.title is not None, p.key
        assert isinstance(p.headcount, int) and p.headcount >= 1, p.key
        assert p.provenance and p.provenance.document == DOC and p.provenance.line
        if p.number not in {"1", "2"}:
            assert p.unit is not None, p.key
    by = {p.number: p for p in org.posts}
    assert (by["1"].unit, by["1"].title) == (None, "rs/polozaj-2")
    assert (by["9"].unit, by["9"].title, by["9"].headcount) == ("kite/1.1.2", "rs/samostalni-savetnik", 1)
    assert (by["12"].name, by["12"].headcount) == ("Систем аналитичар", 2)
    assert (by["71"].unit, by["71"].headcount) == ("kite/5", 3)
    assert (by["71a"].unit, by["71a"].title) == ("kite/5", "rs/mladji-savetnik")
    assert by["61"].unit == "kite/4"  # sector 4 has no inner units: posts sit in it directly
    assert by["83"].unit == "kite/6.1.2"
    assert sum(p.headcount for p in org.posts) == 99
    assert by["4"].description.startswith("Руководи радом одељења")
    assert by["4"].conditions.startswith("Стечено високо образовање")


EXPECTED_UNITS = {
    "1": None, "1.1": "1", "1.1.1": "1.1", "1.1.2": "1.1", "1.2": "1", "1.2.1": "1.2", "1.2.2": "1.2",
    "1.3": "1", "2": None, "2.1": "2", "2.1.1": "2.1", "2.1.2": "2.1", "2.2": "2", "3": None, "3.1": "3",
    "3.1.1": "3.1", "3.1.2": "3.1", "3.1.3": "3.1", "3.1.4": "3.1", "3.2": "3", "4": None, "5": None,
    "6": None, "6.1": "6", "6.1.1": "6.1", "6.1.2": "6.1",
}


def test_every_unit_with_its_parent_and_kind(org):
    got = {u.number: (u.parent.split("/", 1)[1] if u.parent else None) for u in org.units}
    assert got == EXPECTED_UNITS
    kinds = {u.number: u.kind for u in org.units}
    assert kinds["1"] == "sector" and kinds["1.1"] == "department"
    assert kinds["1.1.1"] == "group" and kinds["1.1.2"] == "section" and kinds["2.2"] == "group"
    names = {u.number: u.name for u in org.units}
    assert names["1.1.2"] == "Одсек за пројектовање и имплементацију"
    assert names["2"] == "Сектор за информационо - комуникациону инфраструктуру"  # as Art. 2 writes it
    assert all(u.key == f"kite/{u.number}" for u in org.units)


def test_organisation(org):
    assert org.organisation.key == "kite"
    assert org.organisation.name == "Канцеларија за информационе технологије и електронску управу"
    assert len(org.organisation.attributes["amendments"]) == 2
    assert list(problems(org)) == []
    assert {t.key for t in org.titles} == {p.title for p in org.posts}


def _parsed(org, measure, title):
    posts = [p for p in org.posts if p.title == title]
    return len(posts) if measure == "posts" else sum(p.headcount for p in posts)


def test_declared_figures_equal_parsed_or_reported(org):
    """Article 28, line by line: equal to the parsed list, or a warning naming both numbers."""
    assert len(org.declared) == 19
    # The loader extracts the figures; the checks judge them.
    assert not [w for w in org.warnings if w.code.startswith("declared-")]
    mismatches = run_checks(org, select=["declared-mismatch"])
    for d in org.declared:
        assert d.subject == "kite" and d.provenance.line
        if d.title:
            got = _parsed(org, d.measure, d.title)
        elif d.about == "position_groups":
            got = sum(p.headcount for p in org.posts if p.title.startswith("rs/polozaj"))
        else:
            got = len(org.posts) if d.measure == "posts" else sum(p.headcount for p in org.posts)
        if got != d.value:
            hits = [f for f in mismatches if f.where.line == d.provenance.line
                    and str(d.value) in f.message and str(got) in f.message]
            assert hits, f"undeclared disagreement: {d} vs parsed {got}"
    # The one real disagreement: 83 posts declared, 84 listed (71a was inserted).
    assert [(f.where.line, "83" in f.message, "84" in f.message) for f in mismatches] == [(181, True, True)]
    per_title = {(d.measure, d.title): d.value for d in org.declared if d.title}
    assert per_title[("posts", "rs/visi-savetnik")] == 21 == _parsed(org, "posts", "rs/visi-savetnik")
    assert per_title[("civil_servants", "rs/samostalni-savetnik")] == 27
    assert per_title[("civil_servants", "rs/polozaj-4")] == 6 == _parsed(org, "civil_servants", "rs/polozaj-4")
    inconsistent = run_checks(org, select=["declared-self-contradiction"])
    assert len(inconsistent) == 1 and "84" in inconsistent[0].message and "83" in inconsistent[0].message


def test_one_line_superior_each_and_a_single_root(org):
    line = [s for s in org.supervision if s.kind == "line"]
    assert all(s.basis == "derived" and s.provenance.line for s in org.supervision)
    superiors = Counter(s.post for s in line)
    keys = {p.key for p in org.posts}
    assert set(superiors) == keys - {"kite/post/1"}
    assert set(superiors.values()) == {1}
    # Following line superiors from any post ends at the director, without cycles.
    up = {s.post: s.superior for s in line}
    for k in keys:
        seen = set()
        while k in up:
            assert k not in seen
            seen.add(k)
            k = up[k]
        assert k == "kite/post/1"
    assert up["kite/post/2"] == "kite/post/1"  # deputy
    assert up["kite/post/3"] == "kite/post/1"  # assistant director, sector 1
    assert up["kite/post/4"] == "kite/post/3"  # department head -> assistant director
    assert up["kite/post/5"] == "kite/post/4"  # group head -> department head
    assert up["kite/post/6"] == "kite/post/5"  # ordinary post -> its group head
    assert up["kite/post/61"] == "kite/post/60"  # sector without inner units


def test_secondary_art26_and_substitution(org):
    secondary = [s for s in org.supervision if s.kind == "secondary"]
    inner_heads = {p.key for p in org.posts if p.heads and not re.fullmatch(r"kite/\d+", p.heads)}
    assert {s.post for s in secondary} == inner_heads and len(inner_heads) == 20
    assert {s.superior for s in secondary} == {"kite/post/1"}
    assert {s.provenance.line for s in secondary} == {147}  # Art. 26, second sentence
    assert len(org.substitution) == 1
    sub = org.substitution[0]
    assert (sub.principal, sub.substitute, sub.order, sub.basis) == ("kite/post/1", "kite/post/2", 1, "stated")
    assert sub.provenance.line == 139  # Art. 24


def test_head_posts_head_exactly_their_unit(org):
    heads = [p for p in org.posts if p.heads]
    assert all(p.heads == p.unit for p in heads)
    assert Counter(p.heads for p in heads) == Counter({u.key: 1 for u in org.units})
    by = {p.number: p for p in org.posts}
    assert by["3"].heads == "kite/1" and by["51"].heads == "kite/3.1.3" and by["75"].heads == "kite/6"


def test_repairs_are_reported_with_their_line(org):
    w = {(x.code, x.provenance.line): x for x in org.warnings}
    assert ("title-normalised", 325) in w  # "виши светник"
    assert w[("title-normalised", 325)].subject == "kite/post/28"
    assert ("missing-description-label", 454) in w  # post 51
    assert ("article-number-duplicate", 642) in w  # "Члан 28." used twice
    by = {p.number: p for p in org.posts}
    assert by["28"].title == "rs/visi-savetnik" and by["28"].title_as_written == "виши светник"
    assert by["69"].title == "rs/samostalni-savetnik"  # no closing dash
    assert by["64"].title == "rs/savetnik"  # '·' instead of '-'
    assert not any(x.code in {"unknown-title", "missing-headcount", "post-number-gap",
                              "post-number-duplicate", "unit-not-in-articles"} for x in org.warnings)


def test_latin_transliteration_yields_the_same_graph(org, text):
    latin = parse_text(to_latin(text), DOC)

    def shape(o):
        return ({(u.key, u.parent, u.kind) for u in o.units},
                {(p.key, p.unit, p.title, p.headcount, p.heads) for p in o.posts},
                {(s.post, s.superior, s.kind) for s in o.supervision},
                {(s.principal, s.substitute, s.order) for s in o.substitution},
                {(d.measure, d.title, d.about, d.value) for d in o.declared},
                sorted((w.code, w.provenance.line) for w in o.warnings))

    assert shape(latin) == shape(org)
    assert latin.organisation.key == "kite"
    assert latin.organisation.name == "Kancelarija za informacione tehnologije i elektronsku upravu"
    by = {p.key: p for p in latin.posts}
    assert by["kite/post/9"].name == "Šef odseka"
    assert [fold(p.name) for p in latin.posts] == [fold(p.name) for p in org.posts]


def test_detection_claims_only_the_rulebook(seed_doc):
    assert detect(seed_doc("rulebook")).name == "rulebook"
    from graph.loaders.base import read_head
    from graph.loaders.rulebook import _sniff

    for other in ("decree", "stari_grad", "razanj", "georgian"):
        path = seed_doc(other)
        assert not _sniff(path, read_head(path)), other


def test_cli_dry_run_json(seed_doc, capsys):
    from graph.cli import main

    path = seed_doc("rulebook")
    assert main(["load", "--dry-run", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["organisation"]["key"] == "kite"
    posts = data["posts"]
    assert len(posts) == 84 and len({p["number"] for p in posts}) == 84
    assert all(p.get("unit") or p["number"] in {"1", "2"} for p in posts)
    assert all(p.get("title") and p.get("headcount", 1) >= 1 for p in posts)
    assert {u["key"]: u.get("parent") for u in data["units"]}["kite/1.1.2"] == "kite/1.1"
    assert any(p.get("description") for p in posts)  # the document itself brings descriptions


def test_load_path_as_rulebook(seed_doc):
    [org] = load_path(seed_doc("rulebook"), as_="rulebook")
    assert org.organisation.key == "kite"
