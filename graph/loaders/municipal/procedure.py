"""A municipal department's quality-management procedure as an org model.

The procedure (Stari Grad, ``СГ VIII П 01``) describes one department of the
municipal administration: the department's head (Руководилац Одељења), who
"represents, organises and manages" it, and the executor (Извршилац) who does
its work. It names the administration, its head (начелник Управе), the council
(Веће) and the assembly (Скупштина) in passing. The prose writes these in
the genitive ("послови Одељења за ..."); names are given in the nominative,
with the form as written kept in ``attributes.as_written``.

Supervision is implied, never stated: the head manages the department's work
(so the executor answers to the head), and the department is part of the
administration its head runs. Both edges carry ``basis: derived``.

>>> nominative("Одељења за информационе технологије и Е-управу")
'Одељење за информационе технологије и Е-управу'
>>> nominative("Већа Градске општине")
'Веће Градске општине'
"""

from __future__ import annotations

import re
from pathlib import Path

from graph.errors import InputError
from graph.loaders.municipal.plan_org import org_key
from graph.text.names import fold, slug
from graph.schema.model import Organisation, OrgFile, Post, Provenance, Supervision, Unit, Warning
from graph.loaders import guard

# Genitive head nouns of the names the procedure uses, and their nominatives.
_NOMINATIVE = {"Одељења": "Одељење", "Управе": "Управа", "Већа": "Веће", "Скупштине": "Скупштина",
               "начелника": "Начелник", "Начелника": "Начелник"}


def nominative(name: str) -> str:
    first, _, rest = name.partition(" ")
    return " ".join(filter(None, [_NOMINATIVE.get(first, first), rest]))


def _find(lines: list[str], pattern: str, flags: int = 0) -> tuple[str, int] | None:
    rx = re.compile(pattern, flags)
    for n, line in enumerate(lines, 1):
        m = rx.search(line)
        if m:
            return m.group(1).strip(), n
    return None


def _sentences_with(lines: list[str], word: str) -> tuple[str, int | None]:
    """The paragraphs naming ``word``; a paragraph cut by a page break (it ends
    without a full stop and the next text line starts in lower case) is joined."""
    paras: list[list] = []
    for n, line in enumerate(lines, 1):
        text = line.strip()
        if not text or "\t" in line or text.startswith("---"):
            continue  # blank, or page header/footer debris
        if paras and paras[-1][0][-1:] not in ".;:)" and text[:1].islower():
            paras[-1][0] += " " + text
        else:
            paras.append([text, n])
    # A paragraph of three words or fewer is a heading naming the role, not its duties.
    hits = [(p, n) for p, n in paras if re.search(rf"\b{word}\b", p, re.I) and len(p.split()) > 3]
    return " ".join(p for p, _ in hits), (hits[0][1] if hits else None)


def load(path: Path) -> OrgFile:
    lines = guard.read_text(path).splitlines()
    doc = path.name
    warnings: list[Warning] = []

    def prov(line: int | None) -> Provenance:
        return Provenance(document=doc, line=line)

    header = next(((n, l.split("\t")) for n, l in enumerate(lines, 1) if "\t" in l and "opstina" in fold(l)),
                  None)
    if header is None:
        raise InputError("no header line naming the municipality", file=doc)
    head_line, cells = header
    org_name = cells[0].strip()
    key = org_key(org_name)
    code = cells[-1].strip() if len(cells) > 2 else None

    dept = _find(lines, r"\b(Одељењ[аеу] за .+?)(?= Управе\b|,|\.| у даљем)")
    if dept is None:
        raise InputError("no department named (\"Одељење за ...\")", file=doc)
    admin = _find(lines, r"\b(Управ[аеи] Градске општине [^,.]+)")
    council = _find(lines, r"\b(Већ[аеу] Градске општине)")
    assembly = _find(lines, r"\b(Скупштин[аеи] општине [^,.\t]+)")
    admin_head = _find(lines, r"\b([Нн]ачелник[ау]? Управе)")
    dept_head = _find(lines, r"^\s*(Руководилац Одељења)\s*$")
    executor = _find(lines, r"\b(Извршилац)\b")

    def unit_key(name: str) -> str:
        return f"{key}/u/{slug(name)}"

    units: list[Unit] = []
    posts: list[Post] = []
    sup: list[Supervision] = []

    def add_unit(found, kind: str, parent: str | None = None) -> str | None:
        if not found:
            return None
        written, line = found
        name = nominative(written)
        attrs = {"as_written": written} if name != written else {}
        units.append(Unit(key=unit_key(name), name=name, kind=kind, parent=parent, provenance=prov(line),
                          attributes=attrs))
        return units[-1].key

    admin_key = add_unit(admin, "administration")
    add_unit(council, "body")
    add_unit(assembly, "body")
    dept_key = add_unit(dept, "department", admin_key)
    dept_unit = units[-1]

    # The work the department runs: the bulleted list of section 5 and its subsections.
    duties = [l.strip()[2:].strip(" ;.") for l in lines if l.strip().startswith("- ")
              and not l.strip().startswith("- -")]
    areas = [{"number": m.group(1), "name": m.group(2).strip(), "line": n}
             for n, l in enumerate(lines, 1)
             if (m := re.match(r"^(5\.\d+)\s+(\S.*)$", l)) and "\t" not in l]
    if duties:
        dept_unit.attributes["duties"] = duties
    if areas:
        dept_unit.attributes["work_areas"] = areas

    def add_post(found, ident: str, unit: str | None, heads: str | None, description: str | None = None,
                 headcount: int | None = 1) -> str | None:
        if not found:
            return None
        written, line = found
        name = nominative(written)
        attrs = {"as_written": written} if name != written else {}
        posts.append(Post(key=f"{key}/post/{ident}", name=name, unit=unit, heads=heads, headcount=headcount,
                          description=description, provenance=prov(line), attributes=attrs))
        return posts[-1].key

    admin_head_key = add_post(admin_head, "nacelnik-uprave", admin_key, admin_key)
    head_text, _ = _sentences_with(lines, "Руководилац")
    dept_head_key = add_post(dept_head, "rukovodilac-odeljenja", dept_key, dept_key, head_text or None)
    exec_text, _ = _sentences_with(lines, "извршилац")
    # How many executors the department has is not said.
    exec_key = add_post(executor, "izvrsilac", dept_key, None, exec_text or None, headcount=None)

    if dept_head_key and admin_head_key:
        sup.append(Supervision(post=dept_head_key, superior=admin_head_key, basis="derived",
                               note="the department is part of the administration its head runs",
                               provenance=prov(dept_head[1])))
    if exec_key and dept_head_key:
        sup.append(Supervision(post=exec_key, superior=dept_head_key, basis="derived",
                               note="the head organises and manages the department's work",
                               provenance=prov(dept_head[1] + 2)))
    for label, found in (("the head of the department", dept_head), ("the executor", executor),
                         ("the head of the administration", admin_head)):
        if not found:
            warnings.append(Warning(code="municipal/role-missing", message=f"the procedure does not name "
                                    f"{label}", provenance=prov(None)))
    attrs = {"document_code": code} if code else {}
    org = Organisation(key=key, name=org_name, kind="city-municipality", provenance=prov(head_line),
                       attributes=attrs)
    return OrgFile(organisation=org, sources=[doc], units=units, posts=posts, supervision=sup,
                   warnings=warnings)
