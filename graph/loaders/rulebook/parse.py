"""Read a rulebook's lines into raw findings: units, posts, declared figures, management.

No model building here (that is :mod:`graph.loaders.rulebook.build`): this module
only walks the text once per part and remembers what it saw and where.

The parts, found by content rather than position:
- the *articles*: everything before the systematization list (units listed with
  hierarchical numbers, the management articles, the Art. 28 totals);
- the *list*: from the first numbered post followed by a headcount line to the next
  part heading (``VI - ...``) or article heading;
- the *tail*: final provisions, signature, amendments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.errors import InputError
from graph.loaders.rulebook.org import name_candidates
from graph.loaders.rulebook.text import (
    Line, article_no, count_line, is_section_heading, label, post_heading, unit_heading,
)
from graph.text.names import fold


@dataclass
class RawUnit:
    number: str
    name: str
    kind: str
    line: int
    in_articles: bool = True
    list_line: int | None = None


@dataclass
class RawPost:
    number: str
    name: str
    line: int
    unit: str | None  # unit number
    title_text: str | None = None  # as written
    title_folded: str | None = None
    title_line: int | None = None
    headcount: int | None = None
    on_position: bool = False
    description: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    unlabelled_line: int | None = None  # first description line without "Опис послова:"


@dataclass
class RawDeclared:
    measure: str
    value: int
    title_text: str | None  # folded phrase naming the title, or None for totals
    about: str | None
    label: str
    line: int


@dataclass
class Findings:
    org_name: str | None = None
    org_line: int | None = None
    units: dict[str, RawUnit] = field(default_factory=dict)
    posts: list[RawPost] = field(default_factory=list)
    declared: list[RawDeclared] = field(default_factory=list)
    substitution_line: tuple[int, str] | None = None  # (line, article)
    secondary_line: tuple[int, str] | None = None  # Art. 26
    sector_heads_line: tuple[int, str] | None = None  # Art. 25
    amendments: list[tuple[int, str]] = field(default_factory=list)
    document_number: str | None = None
    signed: tuple[int, str] | None = None  # the line after the number: place and date of signing
    notes: list[tuple[str, str, int | None, str | None]] = field(default_factory=list)  # code, msg, line, subject
    articles_seen: list[tuple[str, int]] = field(default_factory=list)

    def note(self, code: str, message: str, line: int | None, subject: str | None = None) -> None:
        self.notes.append((code, message, line, subject))


def _has_count(lines: list[Line], i: int, window: int = 4) -> bool:
    seen = 0
    for ln in lines[i + 1:]:
        if not ln.clean:
            continue
        if "broj drzavnih sluzbenika" in ln.folded:
            return True
        seen += 1
        if seen >= window or post_heading(ln) or unit_heading(ln):
            return False
    return False


def find_list(lines: list[Line]) -> tuple[int, int]:
    """Index range ``[start, end)`` of the systematization list."""
    start = None
    for i, ln in enumerate(lines):
        if post_heading(ln) and _has_count(lines, i):
            start = i
            break
    if start is None:
        raise InputError("no systematization list found (no numbered post followed by "
                         "'број државних службеника')")
    # A post whose count line was lost still belongs to the list: walk back over posts.
    j = start - 1
    while j >= 0:
        ln = lines[j]
        if "ukupan" in ln.folded or ln.clean.isdigit() or article_no(ln):
            break
        if not ln.clean or post_heading(ln) or label(ln) or count_line(ln):
            if post_heading(ln):
                start = j
            j -= 1
            continue
        break
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if is_section_heading(lines[i]) or article_no(lines[i]):
            end = i
            break
    return start, end


_GROUP_RE = re.compile(r"(prva|druga|treca|cetvrta|peta) grupa polozaja")
_TITLE_COUNT_RE = re.compile(r"(\d+)\s+radn\w* mest\w* u zvanju (.+?)\s*\((\d+)\s+drzavn\w* sluzbenik\w*\)")
_TOTAL_POSTS_RE = re.compile(r"ukupan broj sistematizovanih radnih mesta (?:je )?(\d+)")
_TOTAL_CS_RE = re.compile(r"ukupan broj drzavnih sluzbenika (?:je )?(\d+)")
_ON_POSITION_RE = re.compile(r"od kojih (\d+) drzavn\w* sluzbenik\w* na polozaju")


def _next_number(lines: list[Line], i: int) -> tuple[int, int] | None:
    """A figure alone on one of the next lines (the Art. 28 table's second column)."""
    for ln in lines[i + 1: i + 4]:
        if not ln.clean:
            continue
        if ln.clean.isdigit():
            return int(ln.clean), ln.no
        return None
    return None


def _declared(f: Findings, lines: list[Line], i: int) -> None:
    ln = lines[i]
    t = ln.folded
    if t[:1] in "-·•*–" and ("grupa polozaja" in t or t.strip("-·•*– ") == "ukupno"):
        m = re.search(r"(\d+)\s*$", t)
        val = (int(m.group(1)), ln.no) if m else _next_number(lines, i)
        if val is None:
            f.note("declared-unreadable", f"no figure after {ln.clean!r}", ln.no)
            return
        g = _GROUP_RE.search(t)
        text = ln.clean.strip("-·•*– ")
        f.declared.append(RawDeclared("civil_servants", val[0], g.group(0) if g else None,
                                      None if g else "position_groups", f"{text}: {val[0]}", ln.no))
        return
    m = _TITLE_COUNT_RE.search(t)
    if m:
        label_ = ln.clean.strip("-·•*– ;.")
        f.declared.append(RawDeclared("posts", int(m.group(1)), m.group(2), None, label_, ln.no))
        f.declared.append(RawDeclared("civil_servants", int(m.group(3)), m.group(2), None, label_, ln.no))
        return
    for rx, measure, about in ((_TOTAL_POSTS_RE, "posts", None), (_TOTAL_CS_RE, "civil_servants", None),
                               (_ON_POSITION_RE, "civil_servants", "position_groups")):
        m = rx.search(t)
        if m:
            f.declared.append(RawDeclared(measure, int(m.group(1)), None, about, ln.clean, ln.no))


def _add_unit(f: Findings, number: str, name: str, kind: str, line: int, *, in_articles: bool) -> None:
    known = f.units.get(number)
    if known is None:
        f.units[number] = RawUnit(number, name, kind, line, in_articles=in_articles,
                                  list_line=None if in_articles else line)
        return
    same = re.sub(r"\W+", "", fold(known.name)) == re.sub(r"\W+", "", fold(name))
    if known.name.isupper() and not name.isupper() and same:
        known.name = name  # prefer the sentence-case spelling of the same name
    if not same:
        f.note("unit-name-differs", f"unit {number} is called {known.name!r} at line {known.line} "
                                    f"and {name!r} here", line, number)


def read_articles(f: Findings, lines: list[Line]) -> None:
    article = None
    for i, ln in enumerate(lines):
        if not ln.clean:
            continue
        a = article_no(ln)
        if a:
            if any(a == seen for seen, _ in f.articles_seen):
                f.note("article-number-duplicate", f"article {a} is numbered twice "
                       f"(first at line {dict(f.articles_seen)[a]})", ln.no)
            f.articles_seen.append((a, ln.no))
            article = a
            continue
        u = unit_heading(ln)
        if u:
            _add_unit(f, u[0], u[1], u[2], ln.no, in_articles=True)
            continue
        t = ln.folded
        if "zamenjuje direktora" in t and f.substitution_line is None:
            f.substitution_line = (ln.no, article)
        if "odgovaraju direktoru" in t:
            if any(h in t for h in ("nacelnik odeljenja", "sef odseka", "rukovodilac grupe")):
                f.secondary_line = (ln.no, article)
            elif "pomocnici direktora" in t:
                f.sector_heads_line = (ln.no, article)
        _declared(f, lines, i)
    find_org_name(f, lines)


def find_org_name(f: Findings, lines: list[Line]) -> None:
    """The name from the title (``ПРАВИЛНИК О ... У <name>``), spelt as the body text
    spells it (the title is often in capitals); else from the first line naming it."""
    found: list[tuple[int, str]] = []  # (line, locative name as written)
    title_at = next((i for i, ln in enumerate(lines[:80])
                     if ln.folded.replace(" ", "").startswith("pravilnik")), None)
    if title_at is not None:
        block = []
        for ln in lines[title_at:title_at + 5]:
            if not ln.clean or (block and (is_section_heading(ln) or article_no(ln))):
                break
            block.append(ln)
        folded = " ".join(ln.folded for ln in block)
        clean = " ".join(ln.clean for ln in block)
        name = name_candidates(folded, clean)
        if name:
            found.append((block[0].no, name))
    for ln in lines:
        name = name_candidates(ln.folded, ln.clean)
        if name:
            found.append((ln.no, name))
    if not found:
        return
    first_line, first = found[0]
    key = fold(first)
    for _line, name in found:
        if fold(name) == key and not name.isupper():
            f.org_name, f.org_line = name, first_line
            return
    f.org_name, f.org_line = (first if not first.isupper() else first.lower().capitalize()), first_line


def read_list(f: Findings, lines: list[Line]) -> None:
    unit: str | None = None
    post: RawPost | None = None
    mode: str | None = None
    for ln in lines:
        if not ln.clean:
            continue
        u = unit_heading(ln)
        if u:
            number, name, kind = u
            if number not in f.units:
                f.note("unit-not-in-articles", f"unit heading {ln.clean!r} matches no unit listed in "
                       "the articles; added as written", ln.no, number)
                _add_unit(f, number, name, kind, ln.no, in_articles=False)
            else:
                known = f.units[number]
                if known.list_line is not None:
                    f.note("unit-heading-duplicate", f"unit {number} has a second heading "
                           f"(first at line {known.list_line})", ln.no, number)
                else:
                    known.list_line = ln.no
                if re.sub(r"\W+", "", fold(known.name)) != re.sub(r"\W+", "", fold(name)):
                    f.note("unit-name-differs", f"unit {number} is {known.name!r} in the articles "
                           f"(line {known.line}) but {name!r} in the list", ln.no, number)
            unit, post, mode = number, None, None
            continue
        p = post_heading(ln)
        if p:
            post = RawPost(p[0], p[1], ln.no, unit)
            f.posts.append(post)
            mode = None
            continue
        if post is None:
            f.note("stray-line", f"text outside any post: {ln.clean[:60]!r}", ln.no)
            continue
        lab = label(ln)
        if lab:
            mode = lab[0]
            if lab[1]:
                getattr(post, mode).append(lab[1])
            continue
        strong = "broj drzavnih sluzbenika" in ln.folded
        c = count_line(ln) if strong or (mode is None and post.title_line is None) else None
        if c and post.title_line is None:
            post.title_folded, post.headcount, post.on_position = c
            post.title_line = ln.no
            text = re.split(r"\s(?:број|broj|БРОЈ|BROJ)\s", " " + ln.clean + " ", maxsplit=1)[0]
            post.title_text = text.strip(" -–—·•*") or None
            continue
        if c:
            f.note("extra-title-line", f"post {post.number} has a second title/headcount line, ignored: "
                   f"{ln.clean[:80]!r}", ln.no, post.number)
            continue
        if mode is None:
            mode = "description"
            post.unlabelled_line = ln.no
        getattr(post, mode).append(ln.clean)


def read_tail(f: Findings, lines: list[Line]) -> None:
    for ln in lines:
        t = ln.folded
        if t.startswith("broj:") and f.document_number is None:
            f.document_number = ln.clean.split(":", 1)[1].strip()
            continue
        if re.match(r"pravilnik\w* o izmen", t):
            f.amendments.append((ln.no, ln.clean))
        elif f.document_number is not None and f.signed is None and re.search(r"\b[12]\d{3}\b", t):
            f.signed = (ln.no, ln.clean)


def read(lines: list[Line]) -> Findings:
    f = Findings()
    start, end = find_list(lines)
    read_articles(f, lines[:start])
    read_list(f, lines[start:end])
    read_tail(f, lines[end:])
    for ln in lines[end:]:
        a = article_no(ln)
        if a and any(a == seen for seen, _ in f.articles_seen):
            f.note("article-number-duplicate", f"article {a} is numbered twice "
                   f"(first at line {dict(f.articles_seen)[a]})", ln.no)
        if a:
            f.articles_seen.append((a, ln.no))
    return f
