"""The Georgian loader on damaged forms: the real document mutated at random gives a
model with warnings (and no integrity problem) or one clear InputError, never a crash."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import shared_path
from graph.errors import InputError
from graph.loaders.georgian import load_text
from graph.loaders.georgian.forms import LABELS
from graph.schema.integrity import problems

_DOC: list[str] | None = None

# Junk worth inserting: field labels out of place, references, counts, bullets, stray tabs.
JUNK = [label for _, label, _ in LABELS] + [
    "\tდეპარტამენტის უფროსი და სამმართველოს უფროსი", "· III რანგის II კატეგორიის უფროსი სპეციალისტი (3-2) – 7;",
    "\tსამმართველოს ერთ-ერთი თანამშრომელი", "\t(9-9)", "\tI I", "· – ;", "(", ")", "\t", "",
    "ხოლო მისი არყოფნის შემთხვევაში", "[bookmark: _Hlk1]", "მეოთხე რანგის მეხუთე კატეგორიის",
]


def _doc_lines() -> list[str]:
    global _DOC
    if _DOC is None:
        _DOC = shared_path("seeds/003_80ee688c297bddd5.txt").read_text(encoding="utf-8").splitlines()
    return _DOC


def _mutate(lines: list[str], ops: list[tuple[int, int, int]]) -> list[str]:
    lines = list(lines)
    for op, a, b in ops:
        if not lines:
            break
        i = a % len(lines)
        if op == 0:  # drop a line
            del lines[i]
        elif op == 1:  # duplicate it
            lines.insert(i, lines[i])
        elif op == 2:  # move it anywhere
            lines.insert(b % len(lines), lines.pop(i))
        elif op == 3:  # insert junk
            lines.insert(i, JUNK[b % len(JUNK)])
        elif op == 4:  # cut a line in two
            pos = b % (len(lines[i]) + 1)
            lines[i:i + 1] = [lines[i][:pos], lines[i][pos:]]
        elif op == 5:  # drop a block of lines (a lost header)
            del lines[i:i + 1 + b % 40]
    return lines


def _check(text: str) -> None:
    try:
        org = load_text(text, "m.txt")
    except InputError as exc:
        assert str(exc)
        return
    assert list(problems(org)) == []
    keys = {p.key for p in org.posts}
    assert all(s.superior in keys and s.post in keys for s in org.supervision)
    for s in org.substitution:
        assert s.substitute in keys or (s.substitute is None and s.substitute_text)
    assert max(Counter(s.post for s in org.supervision if s.kind == "line").values(), default=1) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 10**6), st.integers(0, 10**6)),
                    min_size=1, max_size=30))
def test_mutated_forms_never_crash(ops):
    _check("\n".join(_mutate(_doc_lines(), ops)))


@settings(max_examples=30, deadline=None)
@given(lines=st.lists(st.sampled_from(JUNK) | st.text(max_size=30), max_size=40))
def test_junk_never_crashes(lines):
    _check("\n".join(lines))


def test_lost_headers_everywhere_still_reads_the_rest():
    # Without any title block every form is partial, yet superiors and substitutes survive.
    lines = [ln for ln in _doc_lines() if "(1-1)" not in ln and "(2-1)" not in ln and "(2-2)" not in ln]
    org = load_text("\n".join(lines), "m.txt")
    assert list(problems(org)) == []
    assert sum(p.partial for p in org.posts) >= 4
    assert any(w.code == "form-header-lost" for w in org.warnings)
