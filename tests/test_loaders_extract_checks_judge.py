"""Loaders extract, checks judge: no loader warning code is also a check rule id, and the
registry of codes (graph/loaders/codes.py) is exactly what the loaders' source writes."""

from __future__ import annotations

import re
from pathlib import Path

from graph.checks.rules import RULES
from graph.loaders.codes import WARNING_CODES, all_codes

ROOT = Path(__file__).resolve().parent.parent
LOADERS = ROOT / "graph" / "loaders"
# warn("code", ...), note("code", ...), Problem("code", ...), Warning(code="code", ...)
_WRITTEN = re.compile(r"""(?:\.warn|\.note|\bProblem)\(\s*["']([a-z/-]+)["']|\bWarning\(\s*code=["']([a-z/-]+)["']""")


def written_codes(folder: str | Path) -> set[str]:
    out: set[str] = set()
    for path in (LOADERS / folder).rglob("*.py"):
        # Docstring examples (">>> n.warn('odd', ...)") write nothing.
        code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith((">>>", "...")))
        for m in _WRITTEN.finditer(code):
            out.add(m.group(1) or m.group(2))
    return out


def test_no_rule_id_is_a_loader_warning_code():
    assert {r.id for r in RULES} & all_codes() == set()


def test_every_loader_writes_exactly_its_registered_codes():
    for family, codes in WARNING_CODES.items():
        assert written_codes(family) == set(codes), family


def test_no_code_is_written_anywhere_that_is_not_registered():
    # Loaders outside a family folder (org file, spreadsheet, W3C ORG, ...) and the formats they use.
    written = written_codes(LOADERS) | (written_codes(ROOT / "graph" / "formats")
                                        if (ROOT / "graph" / "formats").is_dir() else set())
    assert written == all_codes()


def test_every_loader_family_is_registered():
    families = {p.name for p in LOADERS.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert families == set(WARNING_CODES)


def test_explanations_name_registered_codes_only():
    codes = all_codes()
    for r in RULES:
        assert set(r.explained_by) <= codes, r.id
