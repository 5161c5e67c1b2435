"""A municipal department's quality-management procedure as an org model.

The procedure (a document of a quality-management system, coded like ``XX VIII П 01``)
describes one department of the municipal administration: the department's head (Руководилац Одељења), who
"represents, organises and manages" it, and the executor (Извршилац) who does
its work. It names the administration, its head (начелник Управе), the council
(Веће) and the assembly (Скупштина) in passing. The prose writes these in
the genitive ("послови Одељења за ..."); names are given in the nominative,
with the form as written kept in ``attributes.as_written``.

Supervision is implied, never stated: the head manages the department's work
(so the executor answers to the head), and the department is part of the
administration its head runs. Both edges carry ``basis: derived``.

>>> nominative("Одсека за пример и архиву")
'Одсек за пример и архиву'
>>> nominative("Општинске управе општине Пример")
'Општинска управа општине Пример'
>>> nominative("Већа Градске општине")
'Веће Градске општине'
"""

from __future__ import annotations

import re
from pathlib import Path

from graph.errors import InputError
from graph.loaders.municipal.plan_org import org_key
from graph.catalogues import load_conventions
from graph.text.names import fold, slug
from graph.schema.model import Organisation, OrgFile, Post, Provenance, Supervision, Unit, Warning
from graph.loaders import guard

C = load_conventions("municipal-procedure")  # graph/catalogues/municipal-procedure.yaml


def nominative(name: str) -> str:
    """The name with its head word (and a leading adjective's noun) in the nominative."""
    words = name.split(" ")
    adjectives, nouns = C["nominative_adjectives"], C["nominative"]
    if words and words[0] in adjectives:
        words[0] = adjectives[words[0]]
        if len(words) > 1:
            words[1] = nouns.get(words[1], words[1])
    elif words:
        words[0] = nouns.get(words[0], words[0])
    return " ".join(words)


def _kind(name: str, table: list[dict], default: str) -> str:
    f = fold(name)
    return next((e["kind"] for e in table if re.match(e["words"], f)), default)


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
    hits = [(p, n) for p, n in paras if re.search(rf"\b(?:{word})\b", p, re.I) and len(p.split()) > 3]
    return " ".join(p for p, _ in hits), (hits[0][1] if hits else None)


def load(path: Path) -> OrgFile:
    lines = guard.read_text(path).splitlines()
    doc = path.name
    warnings: list[Warning] = []

    def prov(line: int | None) -> Provenance:
        return Provenance(document=doc, line=line)

    header_rx = re.compile(C["header"])
    header = next(((n, l.split("\t")) for n, l in enumerate(lines, 1)
                   if "\t" in l and header_rx.search(fold(l.split("\t")[0]))), None)
    if header is None:
        raise InputError("no header line naming the municipality or city (a tab-separated line whose "
                         "first cell is \"Општина ...\", \"Град ...\" or \"Градска општина ...\")", file=doc)
    head_line, cells = header
    org_name = cells[0].strip()
    key = org_key(org_name)
    code = cells[-1].strip() if len(cells) > 2 else None

    dept = _find(lines, C["department"])
    if dept is None:
        raise InputError("no department named (\"Одељење за ...\", \"Одсек за ...\", \"Служба за ...\")",
                         file=doc)
    admin = _find(lines, C["administration"])
    council = _find(lines, C["council"])
    assembly = _find(lines, C["assembly"])
    elected = _find(lines, C["elected"])
    admin_head = _find(lines, C["administration_head"])
    dept_head = _find(lines, C["department_head"])
    executor = _find(lines, C["executor"])

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
    add_unit(elected, "elected-office")
    dept_key = add_unit(dept, _kind(dept[0], C["department_kinds"], "department"), admin_key)
    dept_unit = units[-1]

    # The work the department runs: the bulleted list of section 5 and its subsections.
    duties = [l.strip()[2:].strip(" ;.") for l in lines if l.strip().startswith("- ")
              and not l.strip().startswith("- -")]
    # Work areas: the numbered subsections of the section that describes the work
    # ("5. ОПИС ПРОЦЕДУРЕ" in one document, another number in the next).
    work = re.compile(C["work_section"])
    section = next((m.group(1) for l in lines if "\t" not in l
                    and (m := re.match(r"^\s*(\d+)\.\s+(\S.*)$", l)) and work.search(fold(m.group(2)))), None)
    areas = [{"number": m.group(1), "name": m.group(2).strip(), "line": n}
             for n, l in enumerate(lines, 1)
             if section and (m := re.match(rf"^({section}\.\d+)\.?\s+(\S.*)$", l)) and "\t" not in l]
    expected = 1
    for area in areas:  # numbered 1, 2, 3 ... under the section: a gap or repeat is reported
        n = int(area["number"].rsplit(".", 1)[1])
        if n != expected:
            warnings.append(Warning(code="municipal/work-area-numbering", message=f"work area {area['number']} "
                                    f"({area['name']}) follows {section}.{expected - 1}, not {section}.{expected}",
                                    provenance=prov(area["line"])))
        expected = n + 1
    if section is None:
        warnings.append(Warning(code="municipal/work-section-missing", message="no section describing the work "
                                "(\"Опис процедуре\"): no work areas read", provenance=prov(None)))
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

    def ident(found) -> str:
        # The post's key from its name as the document writes it (nominative), not a fixed word.
        return slug(nominative(found[0])) if found else "post"

    admin_head_key = add_post(admin_head, ident(admin_head), admin_key, admin_key)
    # The prose names the head by the first word of its heading (Руководилац, Начелник, Шеф).
    head_word = re.escape(dept_head[0].split()[0]) if dept_head else r"(?!)"
    head_text, head_text_line = _sentences_with(lines, head_word)
    dept_head_key = add_post(dept_head, ident(dept_head), dept_key, dept_key, head_text or None)
    exec_text, _ = _sentences_with(lines, C["executor_word"])
    # How many executors the department has is not said.
    exec_key = add_post(executor, ident(executor), dept_key, None, exec_text or None, headcount=None)

    if dept_head_key and admin_head_key:
        sup.append(Supervision(post=dept_head_key, superior=admin_head_key, basis="derived",
                               note="the department is part of the administration its head runs",
                               provenance=prov(dept_head[1])))
    if exec_key and dept_head_key:
        sup.append(Supervision(post=exec_key, superior=dept_head_key, basis="derived",
                               note="the head organises and manages the department's work",
                               provenance=prov(head_text_line or dept_head[1])))
    for label, found in (("the head of the department", dept_head), ("the executor", executor),
                         ("the head of the administration", admin_head)):
        if not found:
            warnings.append(Warning(code="municipal/role-missing", message=f"the procedure does not name "
                                    f"{label}", provenance=prov(None)))
    attrs = {"document_code": code} if code else {}
    kind = _kind(org_name, C["org_kinds"], "municipality")
    org = Organisation(key=key, name=org_name, kind=kind, provenance=prov(head_line),
                       attributes=attrs)
    return OrgFile(organisation=org, sources=[doc], units=units, posts=posts, supervision=sup,
                   warnings=warnings)
