"""Serbian rulebooks on internal organisation and systematization of posts.

*Правилник о унутрашњем уређењу и систематизацији радних места*, as plain text in
Cyrillic or Latin script (DOMAIN.md section 2). The work is split by job:

- :mod:`~graph.loaders.rulebook.text`: cleaned lines and the patterns that recognise them;
- :mod:`~graph.loaders.rulebook.titles`: titles and position groups, by the catalogue;
- :mod:`~graph.loaders.rulebook.org`: the organisation's name and slug;
- :mod:`~graph.loaders.rulebook.parse`: one walk over the text, collecting raw findings;
- :mod:`~graph.loaders.rulebook.build`: the org model, derived edges, reconciliation.

>>> text = '''ПРАВИЛНИК
... О УНУТРАШЊЕМ УРЕЂЕЊУ И СИСТЕМАТИЗАЦИЈИ РАДНИХ МЕСТА У ЗАВОДУ ЗА ПРИМЕР
... Члан 1.
... Основне јединице су:
... 1. Сектор за пример.
... Члан 2.
... Укупан број систематизованих радних места је 3, укупан број државних службеника је 3.
... 1. Директор
... - друга група положаја -   број државних службеника на положају 1
... 1. Сектор за пример
... 2. Помоћник директора
... - четврта група положаја - број државних службеника на положају 1
... 3. Саветник за пример
... - савтник -  број државних службеника 1
... '''
>>> org = parse_text(text, "demo.txt")
>>> org.organisation.key, org.organisation.name
('zp', 'Завод за пример')
>>> [(p.key, p.title, p.heads) for p in org.posts]
[('zp/post/1', 'rs/polozaj-2', None), ('zp/post/2', 'rs/polozaj-4', 'zp/1'), ('zp/post/3', 'rs/savetnik', None)]
>>> [(s.post, s.superior) for s in org.supervision]
[('zp/post/2', 'zp/post/1'), ('zp/post/3', 'zp/post/2')]
>>> [w.code for w in org.warnings]
['title-normalised']
"""

from __future__ import annotations

import re
from pathlib import Path

from graph.errors import InputError, LoaderBug
from graph.loaders.base import Loader
from graph.loaders.rulebook.build import Builder
from graph.loaders.rulebook.org import nominative, org_slug
from graph.loaders.rulebook.parse import read
from graph.loaders.rulebook.text import lines_of
from graph.loaders.rulebook.titles import TitleMatcher
from graph.text.names import fold
from graph.schema.integrity import problems
from graph.schema.model import OrgFile
from graph.loaders import guard

_SUFFIXES = {".txt", ".text", ""}


def _title_line(folded: str) -> bool:
    return folded.replace(" ", "").startswith("pravilnik")


def looks_like_rulebook(head: str) -> bool:
    """A title line ``ПРАВИЛНИК`` (spaced or not) near the top, followed within a few
    lines by "систематизацији радних места"; a decree that merely *mentions* rulebooks
    has no such title line.

    >>> looks_like_rulebook("P R A V I L N I K\\nO UNUTRAŠNJEM UREĐENJU I SISTEMATIZACIJI RADNIH MESTA U X")
    True
    >>> looks_like_rulebook("Član 4\\nopisuju se u pravilniku o unutrašnjem uređenju i sistematizaciji radnih mesta")
    False
    """
    lines = [fold(ln) for ln in head.splitlines() if ln.strip()][:60]
    for i, ln in enumerate(lines):
        if _title_line(ln) and len(ln) < 400:
            window = " ".join(lines[i:i + 4])
            if re.search(r"sistematizacij\w* radnih mesta", window):
                return True
    return False


def _sniff(path: Path, head: str) -> bool:
    return path.suffix.lower() in _SUFFIXES and looks_like_rulebook(head)


def parse_text(text: str, document: str, *, org_key: str | None = None) -> OrgFile:
    """Parse a rulebook's text; ``document`` is the file name used in provenance."""
    f = read(lines_of(text))
    if not f.org_name:
        raise InputError("cannot find the organisation's name (expected '... систематизацији радних "
                         "места у <name>' in the title or Article 1)", file=document)
    name = nominative(f.org_name)
    org = Builder(f, document, org_key or org_slug(name), TitleMatcher.default()).build(name)
    found = list(problems(org))
    if found:  # a loader bug, not the document's fault; say so plainly
        raise LoaderBug(f"the parsed model is inconsistent: {found[0][1]}", file=document)
    return org


def load(path: Path, **options) -> list[OrgFile]:
    path = Path(path)
    text = guard.read_text(path)
    return [parse_text(text, path.name, org_key=options.get("org_key"))]


LOADER = Loader("rulebook", "Serbian rulebook on organisation and systematization of posts (Cyrillic or Latin)",
                _sniff, load)
