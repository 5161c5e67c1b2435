"""No name, key or phrase of one of the five seed bodies in code (issue 15): conventions are data.

The seed bodies may appear in graph/catalogues/ (known keys, exempt bodies, the lexicon) and
in tests, never in the code under graph/ and viz/. The loaders are held to the strictest
reading (their docstrings and comments too); elsewhere string literals and names are
searched, while docstrings and comments may still name the shipped seed files as examples
(``orgraph chart kite``), since those files are part of the package's documentation.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

from graph.text.names import fold

REPO = Path(__file__).resolve().parent.parent
# Folded (Latin, lower case, no diacritics) forms of what is specific to one seed body: its keys,
# names, donors, people and document codes.
FORBIDDEN = [
    "kite", "ge-moh", "razanj", "razanja", "stari grad", "stari-grad", "starog grada", "unops", "swiss pro",
    "kancelarija za informacione tehnologije", "kancelarije za informacione tehnologije",
    "kancelariji za informacione tehnologije", "vukicevic", "belingar", "sg viii",
    fold("დევნილთა"), fold("ოკუპირებული ტერიტორიებიდან"),
]
_PATTERN = re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(t) for t in FORBIDDEN) + r")(?![a-z0-9])")


def code_files() -> list[Path]:
    files = [p for root in ("graph", "viz") for p in sorted((REPO / root).rglob("*"))
             if p.is_file() and p.suffix in (".py", ".js", ".html", ".css", ".svg")]
    return [p for p in files if "catalogues" not in p.relative_to(REPO).parts]


def _is_docstring(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """A string token standing alone as a statement (a docstring or a bare string)."""
    prev = next((t for t in reversed(tokens[:i]) if t.type not in (tokenize.NL, tokenize.COMMENT)), None)
    nxt = next((t for t in tokens[i + 1:] if t.type not in (tokenize.NL, tokenize.COMMENT)), None)
    starts = prev is None or prev.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT) \
        or (prev.type == tokenize.OP and prev.string == ":")
    return starts and (nxt is None or nxt.type in (tokenize.NEWLINE, tokenize.ENDMARKER))


def searched_text(path: Path) -> list[tuple[int, str]]:
    """(line, text) pieces of a file that must not name a seed body."""
    text = path.read_text(encoding="utf-8")
    rel = path.relative_to(REPO).parts
    if path.suffix != ".py" or rel[:2] == ("graph", "loaders"):
        return list(enumerate(text.splitlines(), 1))
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    out = []
    for i, tok in enumerate(tokens):
        if tok.type == tokenize.NAME or (tok.type == tokenize.STRING and not _is_docstring(tokens, i)):
            out.append((tok.start[0], tok.string))
        elif tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            out.append((tok.start[0], tok.string))
    return out


def test_the_search_sees_what_it_must():
    assert _PATTERN.search(fold('key = "KITE"')) and _PATTERN.search(fold("ОПШТИНА РАЖАЊ"))
    assert _PATTERN.search(fold("Градска општина Стари град")) and _PATTERN.search(fold("UNOPS/Swiss PRO"))
    assert not _PATTERN.search(fold("kites and kiteboards")) and not _PATTERN.search(fold("Општина Пример"))
    src = 'def f():\n    """orgraph chart kite"""\n    return "kite/post/1"  # kite\n'
    tokens = list(tokenize.generate_tokens(io.StringIO(src).readline))
    flagged = [t.string for i, t in enumerate(tokens) if t.type == tokenize.STRING and not _is_docstring(tokens, i)]
    assert flagged == ['"kite/post/1"']


@pytest.mark.parametrize("path", code_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_seed_body_in_code(path):
    hits = [f"{path.relative_to(REPO)}:{line}: {text.strip()[:80]}" for line, text in searched_text(path)
            if _PATTERN.search(fold(text))]
    assert not hits, "seed-specific names in code (move them to graph/catalogues/):\n" + "\n".join(hits)
