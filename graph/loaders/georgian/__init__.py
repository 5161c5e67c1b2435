"""Loader for Georgian job descriptions (სამუშაოს აღწერილობა): seed 003.

One post per form; the department and its divisions as units; supervision,
accountability and substitution as the forms state them; the declared direct
subordinates as :class:`Declared` figures and, where no form describes them, as
posts known only from the declaration.

Decisions where the forms leave a choice open:

* **Two superiors** ("დეპარტამენტის უფროსი და სამმართველოს უფროსი"): the one who
  heads the post's own unit (else the nearest unit above it) is the ``line``
  superior, the other ``secondary``: a specialist of a division reports on the
  line to the division head, secondarily to the department head. With no head
  among them, the first named is ``line``.
* **Accountability** (ანგარიშგება, "and/or" lists) gives ``accountability`` edges
  only to posts that are not already a superior of the post.
* **A reference that names a kind of post** ("the division head") resolves to
  the nearest such posts: the post's own unit, then the units below it, then
  the whole department. When several posts qualify (the department head's
  second substitute is "the division head", and there are two), every one gets
  the edge, with the same order, and an ``ambiguous-*`` warning lists them.
  "One of the division's employees" names no post: an unresolved substitution
  (``substitute_text``) and a warning, never a guess. Posts outside the forms
  (the minister) stay unresolved with a warning.
* **Lost headers**: a form whose title block was lost but which still shows a
  superior, subordinates or substitute is a ``partial`` post of the division
  whose section it stands in (the heading above the previous form), with a
  warning. Pieces with none of those fields (duties only) cannot be tied to a
  post and are reported as ``unattributed-fragment`` warnings.
* **Declared-only posts**: for each unit head's declaration (title, count), the
  posts with that title in the unit's subtree are counted (divisions first,
  then the department); the shortfall becomes one post of the unit with that
  headcount, ``declared_only``, reporting to the declaring head (basis
  ``derived``). Partial posts of unknown title are not subtracted (their title
  is unknown); the reconciliation warnings count them separately.
* Keys: the organisation by a table of known ministries (``ge-moh``), else
  ``ge-`` and the initials of its transliterated name; units
  ``<org>/u/<transliterated name>``; posts ``<org>/post/<n>`` in form order,
  declared-only posts ``<org>/post/d<n>``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from graph.catalogues import load_titles
from graph.errors import InputError
from graph.analysis.declared import counted, tally
from graph.loaders.base import Loader, Notes
from graph.loaders.georgian.forms import Chunk, Field, split
from graph.loaders.georgian.ranks import HEAD_CODES, read_code, read_number, role, squash
from graph.schema.integrity import problems
from graph.loaders import guard
from graph.schema.model import (Declared, Organisation, OrgFile, Post, Provenance, Substitution,
                                Supervision, Title, Unit, Warning)

_GEORGIAN = re.compile("[\u10d0-\u10ff]")
SNIFF_LABELS = ("სამუშაოს აღწერილობა", "უშუალო დაქვემდებარებაშია")

# Ministries met so far: full name (squashed) -> (key, English name).
KNOWN_ORGS = {
    "საქართველოს ოკუპირებული ტერიტორიებიდან დევნილთა, შრომის, ჯანმრთელობისა და სოციალური დაცვის სამინისტრო":
        ("ge-moh", "Ministry of Internally Displaced Persons from the Occupied Territories, "
                   "Labour, Health and Social Affairs of Georgia"),
}

_TRANSLIT = dict(zip("აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
                     ["a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh",
                      "r", "s", "t", "u", "f", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh",
                      "j", "h"]))
_STOPWORDS = {"და", "საქართველოს"}
_UNIT_WORDS = {"დეპარტამენტი": "department", "სამმართველო": "division", "სამსახური": "service",
               "განყოფილება": "section"}
_ORDER_SPLIT = re.compile(r",?\s*ხოლო\s+(?:მისი\s+)?არყოფნის\s+(?:შემთხვევაში|პერიოდში)\s*")
_PART_SPLIT = re.compile(r"\s+ან/და\s+|\s+და\s+|,\s*|;\s*")
_DECL_RE = re.compile(r"^(?P<about>.*?)\s*[–—-]\s*(?P<n>\d+)\s*[.;,]?\s*$")
_BULLET = re.compile(r"^[·•\-–]\s*")


def translit(text: str) -> str:
    """Georgian to Latin, national system (2002), but ფ as f (it mostly writes loanwords' f).

    >>> translit("ტექნიკური სამმართველო")
    'teknikuri sammartvelo'
    """
    return "".join(_TRANSLIT.get(ch, ch) for ch in text)


def unit_slug(name: str) -> str:
    """Up to three words of the name, transliterated, without the unit-type word.

    >>> unit_slug("ტექნიკური უზრუნველყოფისა და ადმინისტრირების სამმართველო")
    'teknikuri-uzrunvelqofisa-administrirebis'
    """
    words = [w for w in re.findall(r"\w+", name) if w not in _STOPWORDS and w not in _UNIT_WORDS]
    return "-".join(translit(w).lower() for w in words[:3]) or "unit"


def _norm(name: str) -> str:
    return squash(re.sub(r"[.,;:]+", " ", name)).lower()


def sniff(path: Path, head: str) -> bool:
    return bool(_GEORGIAN.search(head)) and any(label in head for label in SNIFF_LABELS)


class _Builder(Notes):
    def __init__(self, path: Path, text: str, org_key: str | None = None):
        self.doc = path.name
        self.chunks = split(text)
        self.titles = {t.code: t for t in load_titles("ge")}
        self.warnings: list[Warning] = []
        self.units: dict[str, Unit] = {}  # key -> unit
        self.unit_by_name: dict[str, str] = {}  # normalised name -> key
        self.posts: list[Post] = []
        self.supervision: list[Supervision] = []
        self.substitution: list[Substitution] = []
        self.declared: list[Declared] = []
        self.post_chunk: dict[str, Chunk] = {}
        self.org_key_option = org_key

    # -- small helpers ---------------------------------------------------------
    def title_key(self, code: str | None) -> str | None:
        return f"ge/{code}" if code and code in self.titles else None

    # -- organisation and units ----------------------------------------------------
    def organisation(self) -> Organisation:
        inst = next((c.fields["institution"] for c in self.chunks if c.value("institution")), None)
        name = inst.text if inst else ""
        known = KNOWN_ORGS.get(name)
        attrs = {}
        if known:
            key, english = known
            attrs["english"] = english
        elif name:
            initials = "".join(translit(w)[0] for w in re.findall(r"\w+", name) if w not in _STOPWORDS)
            key = "ge-" + initials.lower()[:8]
        else:
            key = "ge-" + (re.sub(r"[^a-z0-9]+", "-", Path(self.doc).stem.lower()).strip("-") or "org")
            self.warn("institution-missing", "no form names the institution; the organisation is named "
                      "after the file", None)
        key = self.org_key_option or key
        for c in self.chunks:
            for field, attr in (("address", "address"), ("postcode", "postcode")):
                if c.value(field) and attr not in attrs:
                    attrs[attr] = c.value(field)
        self.org = key
        return Organisation(key=key, name=name or Path(self.doc).stem, kind="ministry",
                            provenance=self.prov(inst.first_line if inst else None), attributes=attrs)

    def unit(self, name: str, line: int, parent: str | None) -> str:
        """The key of the unit with this name, created on first sight."""
        norm = _norm(name)
        if norm in self.unit_by_name:
            key = self.unit_by_name[norm]
            if parent and self.units[key].parent is None and parent != key:
                self.units[key].parent = parent
            return key
        last = re.findall(r"\w+", name)[-1:] or [""]
        kind = _UNIT_WORDS.get(last[0], "unit")
        base = f"{self.org}/u/{unit_slug(name)}"
        key, n = base, 2
        while key in self.units:
            key, n = f"{base}-{n}", n + 1
        self.units[key] = Unit(key=key, name=squash(name), kind=kind, parent=parent,
                               provenance=self.prov(line))
        self.unit_by_name[norm] = key
        return key

    def heading_unit(self, heading: tuple[int, str], parent: str | None) -> str:
        """A section heading names its division in the genitive (…სამმართველოს)."""
        line, text = heading
        for candidate in (text, text[:-1] if text.endswith("ს") else text):
            if _norm(candidate) in self.unit_by_name:
                return self.unit_by_name[_norm(candidate)]
        return self.unit(text[:-1] if text.endswith("ოს") else text, line, parent)

    def top_unit(self) -> str | None:
        tops = [k for k, u in self.units.items() if u.parent is None]
        return tops[0] if len(tops) == 1 else None

    def subtree(self, unit: str | None) -> set[str]:
        if unit is None:
            return set(self.units)
        out, todo = {unit}, [unit]
        while todo:
            u = todo.pop()
            for k, v in self.units.items():
                if v.parent == u and k not in out:
                    out.add(k)
                    todo.append(k)
        return out

    def ancestors(self, unit: str | None) -> list[str]:
        out = []
        while unit is not None and unit not in out:
            out.append(unit)
            unit = self.units[unit].parent if unit in self.units else None
        return out

    # -- posts -----------------------------------------------------------------
    def read_posts(self) -> None:
        section: str | None = None
        number = 0
        # Units first, in document order: headings and unit fields may name the same unit.
        for c in self.chunks:
            dept = None
            if c.value("unit"):
                dept = self.unit(c.value("unit"), c.fields["unit"].first_line, None)
            if c.value("subunit"):
                self.unit(c.value("subunit"), c.fields["subunit"].first_line, dept)
        for c in self.chunks:
            if c.heading:
                section = self.heading_unit(c.heading, self.top_unit())
            if not c.is_post():
                self.fragment(c, section)
                continue
            number += 1
            self.post(c, number, section)

    def fragment(self, c: Chunk, section: str | None) -> None:
        acc = c.value("accountability")
        what = f"; it says it is accountable to '{acc}'" if acc else ""
        where = f" (in the section of {self.units[section].name})" if section else ""
        self.warn("unattributed-fragment",
                  f"lines {c.start}-{c.end} hold part of a form{where} with no title, unit, superior or "
                  f"substitute{what}; it is not attributed to any post", c.start)

    def post(self, c: Chunk, number: int, section: str | None) -> None:
        key = f"{self.org}/post/{number}"
        dept = self.unit_by_name.get(_norm(c.value("unit"))) if c.value("unit") else None
        unit = self.unit_by_name.get(_norm(c.value("subunit"))) if c.value("subunit") else dept
        cells = c.fields["title"].cells() if "title" in c.fields else []
        if cells and len(cells[0][1]) <= 12 and read_number(cells[0][1]) is not None:
            # The first cell is a category: the title line itself was lost.
            cells = [(cells[0][0], "")] + cells
        title_text = cells[0][1] if cells else ""
        partial = not title_text
        line = cells[0][0] if cells else c.start
        if unit is None:
            unit = section or self.top_unit()
        if c.heading is None and c.leading and not partial:
            self.warn("form-starts-mid-header",
                      f"the form at line {c.start} begins with '{squash(c.leading[0][1])}': its first "
                      "header lines were lost; its own fields are complete", c.start, key, "info")
        code, as_written, attrs = self.read_title(c, cells, key, line)
        r = role(title_text) if title_text else None
        heads = None
        if r and r.kind in ("dept_head", "div_head"):
            heads = unit
        elif code and self.titles.get(code) and self.titles[code].attributes.get("heads"):
            heads = unit
        name = squash(re.sub(r"\(\s*[1-4]\s*[-–]\s*[1-4]\s*\)", "", title_text)) if title_text else \
            f"(header lost) form at line {c.start}"
        if partial:
            uname = self.units[unit].name if unit else "no unit"
            self.warn("form-header-lost",
                      f"the form at lines {c.start}-{c.end} lost its header (title, rank, unit); kept as a "
                      f"partial post in {uname} (the section it stands in) with what it still states", c.start,
                      key)
        blocks = []
        for fkey, label in (("purpose", "თანამდებობის მიზანი"), ("duties", "ფუნქცია/მოვალეობები")):
            if c.fields.get(fkey) and c.fields[fkey].lines:
                blocks.append(label + "\n" + "\n".join(t for _, t in c.fields[fkey].lines))
        if not c.fields.get("duties") and c.leading and partial:
            blocks.append("\n".join(squash(t) for _, t in c.leading))
        conds = []
        for fkey in ("schedule", "requirements"):
            if c.fields.get(fkey) and c.fields[fkey].lines:
                conds.append("\n".join(t for _, t in c.fields[fkey].lines))
        attrs["form_lines"] = [c.start, c.end]
        self.posts.append(Post(key=key, name=name, unit=unit, title=self.title_key(code),
                               title_as_written=as_written, heads=heads, partial=partial,
                               description="\n\n".join(blocks) or None, conditions="\n\n".join(conds) or None,
                               provenance=self.prov(line), attributes=attrs))
        self.post_chunk[key] = c

    def read_title(self, c: Chunk, cells: list, key: str, line: int) -> tuple[str | None, str | None, dict]:
        if not cells:
            return None, None, {}
        title_text = cells[0][1]
        from_name = read_code(title_text)
        cat_text = cells[1][1] if len(cells) > 1 else ""
        rank_text = cells[2][1] if len(cells) > 2 else ""
        attrs = {k: v for k, v in (("category_as_written", cat_text), ("rank_as_written", rank_text)) if v}
        cat, rank = read_number(cat_text), read_number(rank_text)
        from_cells = f"{rank}-{cat}" if cat and rank else None
        if re.fullmatch(r"I(\s+I)+", cat_text) or re.fullmatch(r"I(\s+I)+", rank_text):
            self.warn("rank-category-read", f"read '{cat_text} / {rank_text}' (category / rank) as "
                      f"({from_cells})", cells[1][0], key, "info")
        if from_name and from_cells and from_name[0] != from_cells:
            self.warn("rank-category-conflict", f"the title says ({from_name[0]}) but the category and rank "
                      f"cells say ({from_cells}); the title's code is used", line, key)
        code = from_name[0] if from_name else from_cells
        as_written = from_name[1] if from_name else (f"{cat_text} / {rank_text}" if from_cells else None)
        # A code the catalogue does not know is the unknown-title check's to judge; a code that
        # cannot be read at all is a reading problem, noted here.
        if not code and title_text:
            self.warn("title-code-unreadable", f"no rank-category code could be read for '{title_text}'", line,
                      key)
        return code, as_written, attrs

    # -- references -------------------------------------------------------------------
    def post_by_key(self) -> dict[str, Post]:
        return {p.key: p for p in self.posts}

    def candidates(self, text: str, post: Post) -> tuple[str, list[str]]:
        """(role kind, posts the reference may mean), nearest first."""
        r = role(text)
        if r.kind in ("vague", "unknown"):
            return r.kind, []
        posts = [p for p in self.posts if p.key != post.key]
        top = self.ancestors(post.unit)[-1] if post.unit else None
        if r.kind == "div_head":
            match = [p for p in posts if p.heads and p.heads != top and p.heads in self.units]
        elif r.kind == "dept_head":
            match = [p for p in posts if p.heads and (p.heads == top or self.units[p.heads].parent is None)]
        else:
            code = HEAD_CODES.get(r.kind, r.code)
            match = [p for p in posts if p.title == self.title_key(code)]
        if not match:
            return r.kind, []
        # Nearest first: the own unit, then below it, then upwards.
        for scope in [{post.unit}] + [self.subtree(u) for u in self.ancestors(post.unit)] + [None]:
            near = [p.key for p in match if scope is None or p.unit in scope or p.heads in scope]
            if near and r.kind == "div_head" and post.unit:
                own = [k for k in near if self.post_by_key()[k].heads == post.unit]
                near = own or near
            if near:
                return r.kind, near
        return r.kind, []

    @staticmethod
    def parts(text: str) -> list[str]:
        """The posts a field names: split on "and", "and/or" and commas, not inside brackets.

        >>> _Builder.parts("დეპარტამენტის უფროსი და სამმართველოს უფროსი")
        ['დეპარტამენტის უფროსი', 'სამმართველოს უფროსი']
        """
        text = re.sub(r"\s*წინაშე\s*[.;]?\s*$", "", text)
        # A bracket holds another name of the same post: its commas separate nothing.
        text = re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(",", " ").replace(" და ", " "), text)
        return [squash(p) for p in _PART_SPLIT.split(text) if squash(p)]

    def read_references(self) -> None:
        for post in list(self.posts):
            c = self.post_chunk.get(post.key)
            if c is None:
                continue
            superiors = self.read_superiors(post, c)
            self.read_accountability(post, c, superiors)
            self.read_substitutes(post, c)

    def read_superiors(self, post: Post, c: Chunk) -> list[str]:
        f = c.fields.get("superior")
        if not f or not f.text:
            return []  # a post without a superior is the no-superior check's to judge
        found: list[str] = []
        for part in self.parts(f.text):
            kind, keys = self.candidates(part, post)
            if not keys:
                self.warn("unresolved-superior", f"superior '{part}' is no post of these forms", f.first_line,
                          post.key)
            elif len(keys) > 1:
                self.warn("ambiguous-superior", f"superior '{part}' may be any of {', '.join(keys)}; no edge "
                          "drawn", f.first_line, post.key)
            elif keys[0] not in found:
                found.append(keys[0])
        if not found:
            return []
        by_key = self.post_by_key()
        line = found[0]
        for unit in self.ancestors(post.unit):
            heads = [k for k in found if by_key[k].heads == unit]
            if heads:
                line = heads[0]
                break
        for k in found:
            kind = "line" if k == line else "secondary"
            note = None
            if len(found) > 1:
                note = "two superiors named; the head of the nearest unit is the line superior"
            self.supervision.append(Supervision(post=post.key, superior=k, kind=kind, note=note,
                                                provenance=self.prov(f.first_line)))
        return found

    def read_accountability(self, post: Post, c: Chunk, superiors: list[str]) -> None:
        f = c.fields.get("accountability")
        if not f or not f.text:
            return
        done = set(superiors)
        for part in self.parts(f.text):
            kind, keys = self.candidates(part, post)
            if not keys:
                self.warn("unresolved-accountability", f"accountable to '{part}', which is no post of these "
                          "forms", f.first_line, post.key)
                continue
            if len(keys) > 1:
                self.warn("ambiguous-accountability", f"accountable to '{part}': any of {', '.join(keys)}; no "
                          "edge drawn", f.first_line, post.key)
                continue
            if keys[0] in done:
                continue
            done.add(keys[0])
            self.supervision.append(Supervision(post=post.key, superior=keys[0], kind="accountability",
                                                note="ანგარიშგება (and/or)" if "ან/და" in f.text else None,
                                                provenance=self.prov(f.first_line)))

    def read_substitutes(self, post: Post, c: Chunk) -> None:
        f = c.fields.get("substitute")
        if not f or not f.text:
            return
        for order, part in enumerate((p for p in _ORDER_SPLIT.split(f.text) if squash(p)), start=1):
            part = squash(part).rstrip(".;")
            kind, keys = self.candidates(part, post)
            if not keys:
                why = ("names no particular post" if kind == "vague" else "is no post of these forms")
                self.warn("unresolved-substitute", f"substitute {order} '{part}' {why}; kept as written",
                          f.first_line, post.key)
                self.substitution.append(Substitution(principal=post.key, substitute_text=part, order=order,
                                                      provenance=self.prov(f.first_line)))
                continue
            if len(keys) > 1:
                self.warn("ambiguous-substitute", f"substitute {order} '{part}' fits {len(keys)} posts "
                          f"({', '.join(keys)}); each is kept as a substitute of order {order}",
                          f.first_line, post.key, "info")
            for k in keys:
                self.substitution.append(Substitution(principal=post.key, substitute=k, order=order,
                                                      provenance=self.prov(f.first_line)))

    # -- declarations ------------------------------------------------------------
    def read_declarations(self) -> None:
        for post in self.posts:
            c = self.post_chunk.get(post.key)
            if c is None:
                continue
            f = c.fields.get("staff")
            if f:
                for line, item in self.items(f):
                    m = _DECL_RE.match(item)
                    found = read_code(item) or (None, None)
                    code = found[0]
                    if not m:
                        self.warn("declaration-unreadable", f"cannot read a count in '{item}'", line, post.key)
                        continue
                    about = squash(m.group("about"))
                    r = role(about)
                    code = code or HEAD_CODES.get(r.kind)
                    if not self.title_key(code):
                        self.warn("declaration-unreadable", f"no known rank-category code in '{item}'", line,
                                  post.key)
                    self.declared.append(Declared(subject=post.key, measure="direct_subordinates",
                                                  title=self.title_key(code), about=about,
                                                  value=int(m.group("n")), label=item,
                                                  provenance=self.prov(line)))
            f = c.fields.get("units")
            if f:
                names = self.items(f)
                if names:
                    for line, name in names:
                        self.unit(name.rstrip(".;"), line, post.heads or post.unit)
                    self.declared.append(Declared(subject=post.key, measure="direct_units", value=len(names),
                                                  label="; ".join(n.rstrip(".;") for _, n in names),
                                                  provenance=self.prov(names[0][0])))

    @staticmethod
    def items(f: Field) -> list[tuple[int, str]]:
        out = []
        for line, text in f.lines:
            for piece in re.split(r"(?<=;)\s*·\s*|\s+·\s+", text):
                piece = squash(_BULLET.sub("", squash(piece)))
                if piece:
                    out.append((line, piece))
        return out

    def heads_of(self, unit: str) -> list[Post]:
        return [p for p in self.posts if p.heads == unit and not p.declared_only]

    def count(self, units: set[str], title: str, exclude: set[str]) -> int:
        """People in ``title`` in ``units`` (``exclude`` left out): what a declared figure is set against."""
        found = tally(p for p in self.posts if p.unit in units and p.key not in exclude)
        return int(counted("direct_subordinates", found, title=title))

    def declared_only(self) -> None:
        depth = {u: len(self.ancestors(u)) for u in self.units}
        n = 0
        for unit in sorted(self.units, key=lambda u: -depth[u]):
            for head in self.heads_of(unit):
                for d in self.declarations(head.key, "direct_subordinates"):
                    if d.title is None:
                        continue
                    have = self.count(self.subtree(unit), d.title, {head.key})
                    if d.value > have:
                        n += 1
                        key = f"{self.org}/post/d{n}"
                        found = read_code(d.about or "")
                        name = squash(re.sub(r"\(\s*[1-4]\s*[-–]\s*[1-4]\s*\)", "", d.about or "")) or d.title
                        self.posts.append(Post(key=key, name=name, unit=unit, headcount=int(d.value - have),
                                               title=d.title, title_as_written=found[1] if found else None,
                                               declared_only=True, provenance=d.provenance))
                        self.supervision.append(Supervision(
                            post=key, superior=head.key, kind="line", basis="derived",
                            note=f"declared a direct subordinate by {head.key}", provenance=d.provenance))

    def declarations(self, subject: str, measure: str) -> list[Declared]:
        return [d for d in self.declared if d.subject == subject and d.measure == measure]

    # -- all together ------------------------------------------------------------------
    def build(self) -> OrgFile:
        if not any(c.is_post() for c in self.chunks):
            raise InputError("no job-description form found (no title, superior, subordinates or substitute "
                             "field)", file=self.doc)
        org = self.organisation()
        self.read_posts()
        self.read_declarations()
        self.declared_only()
        self.read_references()
        # Whether the declared figures agree is the checks' to judge (declared-mismatch, declared-breakdown).
        used = {p.title for p in self.posts if p.title}
        titles: list[Title] = [t for t in load_titles("ge") if t.key in used]
        model = OrgFile(organisation=org, sources=[self.doc], titles=titles, units=list(self.units.values()),
                        posts=self.posts, supervision=self.supervision, substitution=self.substitution,
                        declared=self.declared, warnings=self.warnings)
        found = list(problems(model))
        if found:  # a bug, not the document's fault; still say where
            loc, msg = found[0]
            raise InputError(f"the forms gave an inconsistent model: {msg}", file=self.doc)
        return model


def load(path: Path, org_key: str | None = None, **_options) -> list[OrgFile]:
    """Read a document of Georgian job descriptions into one org model."""
    path = Path(path)
    text = guard.read_text(path)
    return [_Builder(path, text, org_key).build()]


def load_text(text: str, name: str = "forms.txt") -> OrgFile:
    """Parse forms given as text (tests, tools); ``name`` is the document name."""
    return _Builder(Path(name), text).build()


LOADER = Loader(
    name="georgian",
    description="Georgian job descriptions (სამუშაოს აღწერილობა): posts, superiors, substitutes, "
                "declared subordinates",
    sniff=sniff,
    load=load,
)
