"""The rulebook loader on damaged text: small synthetic cases, and a property test that
mutates the real document and expects a model with warnings or one clear InputError."""

from __future__ import annotations

from graph.checks import run_checks

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import shared_path
from graph.errors import InputError
from graph.loaders.rulebook import parse_text
from graph.text.names import to_cyrillic, to_latin
from graph.schema.integrity import problems

HEAD = """П Р А В И Л Н И К
О УНУТРАШЊЕМ УРЕЂЕЊУ И СИСТЕМАТИЗАЦИЈИ РАДНИХ МЕСТА У УПРАВИ ЗА ПРИМЕР
Члан 1.
Правилником о систематизацији радних места у Управи за пример (у даљем тексту: Управа) уређује се.
1. Сектор за прву ствар;
1.1. Одсек за другу ствар.
Члан 24.
Заменик директора замењује директора у случају одсутности.
Члан 26.
За свој рад шеф одсека и руководилац групе одговарају директору и помоћнику директора.
Члан 28.
Укупан број систематизованих радних места је 5, укупан број државних службеника је 6.
"""
LIST = """1. Директор
- прва група положаја - број државних службеника на положају 1
2. Заменик директора
- друга група положаја - број државних службеника на положају 1
1. СЕКТОР ЗА ПРВУ СТВАР
3. Помоћник директора
- четврта група положаја - број државних службеника на положају 1
1.1 Одсек за другу ствар
4. Шеф одсека
- самостални саветник - број државних службеника 1
Опис послова: руководи.
5. Референт
- референт - број државних службеника 2
"""


def test_synthetic_rulebook():
    org = parse_text(HEAD + LIST, "t.txt")
    assert org.organisation.key == "up" and org.organisation.name == "Управа за пример"
    assert {(s.post, s.superior, s.kind) for s in org.supervision} == {
        ("up/post/2", "up/post/1", "line"), ("up/post/3", "up/post/1", "line"),
        ("up/post/4", "up/post/3", "line"), ("up/post/5", "up/post/4", "line"),
        ("up/post/4", "up/post/1", "secondary")}
    assert [w.code for w in org.warnings] == []


def test_unknown_heading_gap_duplicate_missing_count():
    damaged = LIST.replace("1.1 Одсек за другу ствар", "1.2 Одсек за нешто треће") \
                  .replace("5. Референт\n- референт - број државних службеника 2",
                           "7. Референт\n- референт -\n7. Возач\n- квази звање - број државних службеника 1")
    org = parse_text(HEAD + damaged, "t.txt")
    # The loader notes what it could not read or repaired; the checks judge the rest.
    codes = {w.code for w in org.warnings}
    assert {"unit-not-in-articles", "post-rekeyed", "missing-headcount"} <= codes
    keys = [p.key for p in org.posts]
    assert "up/post/7" in keys and "up/post/7-2" in keys
    assert {u.key for u in org.units} == {"up/1", "up/1.1", "up/1.2"}
    assert list(problems(org)) == []
    found = run_checks(org)
    fired = {f.rule for f in found}
    assert {"post-number-gap", "post-number-duplicate", "unknown-title", "declared-mismatch",
            "unit-without-head"} <= fired
    assert not fired & codes
    gap = next(f for f in found if f.rule == "post-number-gap")
    assert gap.data == {"from": 5, "to": 6} and gap.where.line
    # The duplicate names the loader's repair (the second post 7 kept under another key).
    dup = next(f for f in found if f.rule == "post-number-duplicate")
    assert [(w["code"], w["line"]) for w in dup.explained_by] == [
        ("post-rekeyed", next(w.provenance.line for w in org.warnings if w.code == "post-rekeyed"))]


def test_no_list_is_one_clear_error():
    with pytest.raises(InputError, match="no systematization list"):
        parse_text(HEAD, "t.txt")


# -- property test on the real document --------------------------------------------

_DOCS: dict[str, list[str]] = {}


def _doc_lines(script: str = "as is") -> list[str]:
    """The document's lines, in its own script or switched whole (converted once)."""
    if script not in _DOCS:
        text = shared_path("seeds/000_52640796b13b3b18.txt").read_text(encoding="utf-8")
        convert = {"as is": str, "latin": to_latin, "cyrillic": to_cyrillic}[script]
        _DOCS[script] = convert(text).splitlines()
    return _DOCS[script]


def _mutate(lines: list[str], ops: list[tuple[int, int, int]]) -> list[str]:
    lines = list(lines)
    for op, a, b in ops:
        if not lines:
            break
        i = a % len(lines)
        if op == 0:  # drop
            del lines[i]
        elif op == 1:  # duplicate
            lines.insert(i, lines[i])
        elif op == 2:  # move within a few lines (within a post)
            j = min(len(lines) - 1, i + 1 + b % 4)
            lines.insert(j, lines.pop(i))
        elif op == 3:  # bookmark at a random place
            pos = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + f"[bookmark: _h{b}]" + lines[i][pos:]
        elif op == 4:  # tabs and spaces
            pos = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + "\t \t" + lines[i][pos:]
        elif op == 5:  # script switch of one line
            lines[i] = to_latin(lines[i]) if b % 2 else to_cyrillic(lines[i])
    return lines


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 10**6), st.integers(0, 10**6)),
                    min_size=1, max_size=25),
       whole=st.sampled_from(["as is", "latin", "cyrillic"]))
def test_mutated_document_never_crashes(ops, whole):
    text = "\n".join(_mutate(_doc_lines(whole), ops))
    try:
        org = parse_text(text, "m.txt")
    except InputError as exc:
        assert str(exc)  # one clear message
        return
    assert list(problems(org)) == []
    assert org.posts
    # Whatever went missing, each surviving post has at most one line superior.
    from collections import Counter

    assert max(Counter(s.post for s in org.supervision if s.kind == "line").values(), default=1) == 1


def test_heavy_damage_in_the_list_is_reported():
    rnd = random.Random(7)
    lines = _doc_lines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("1. Директор"))
    damaged = lines[:start] + [ln for ln in lines[start:] if rnd.random() > 0.15]
    org = parse_text("\n".join(damaged), "m.txt")
    assert org.warnings and any(w.code in {"post-number-gap", "declared-mismatch", "missing-headcount",
                                           "missing-title"} for w in org.warnings)
    assert all(w.provenance and w.provenance.document == "m.txt" for w in org.warnings)
