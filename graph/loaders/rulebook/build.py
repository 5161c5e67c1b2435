"""Turn a rulebook's raw findings into the org model, deriving what the text implies.

Supervision is derived (DOMAIN.md section 2): a post reports to the head of its unit;
a head to the head of the nearest ancestor unit that has one; assistant directors,
the deputy and posts outside any unit to the director, who is the only root. Art. 26
adds a secondary edge from every inner-unit head to the director. Art. 24 states the
substitution of the director by the deputy.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from graph.loaders.base import Notes
from graph.loaders.rulebook.parse import Findings, RawPost
from graph.loaders.rulebook.conventions import Conventions
from graph.loaders.rulebook.titles import TitleMatcher
from graph.text.names import fold
from graph.loaders.rulebook.versions import rulebook_versions
from graph.schema.model import (
    Declared, Organisation, OrgFile, Post, Provenance, SourceDocument, Substitution, Supervision, Unit, Warning,
)


class Builder(Notes):
    def __init__(self, f: Findings, doc: str, org_key: str, matcher: TitleMatcher):
        self.f, self.doc, self.org, self.m = f, doc, org_key, matcher
        self.warnings: list[Warning] = []
        # The body's head as the list names it (the first post outside any unit named as one),
        # known before the posts are read: its assistants are the heads of sectors.
        conv = Conventions.default()
        top = next((p for p in f.posts if p.unit is None and conv.body_head(p.name)), None)
        self.body = conv.body_head(top.name) if top else None

    # -- helpers -----------------------------------------------------------
    def prov(self, line: int | None) -> Provenance:
        """Provenance with the article that holds the line (the last article heading above it)."""
        return Provenance(document=self.doc, line=line, article=self.article_at(line))

    def article_at(self, line: int | None) -> str | None:
        if line is None:
            return None
        if not hasattr(self, "_articles"):
            seen = sorted((no, a) for a, no in self.f.articles_seen)
            self._articles = ([no for no, _ in seen], [a for _, a in seen])
        starts, names = self._articles
        i = bisect.bisect_right(starts, line)
        return names[i - 1] if i else None

    def unit_key(self, number: str | None) -> str | None:
        return None if number is None else f"{self.org}/{number}"

    # -- units -------------------------------------------------------------
    def units(self) -> list[Unit]:
        out = []
        numbers = set(self.f.units)
        for number, u in sorted(self.f.units.items(), key=lambda kv: [int(p) for p in kv[0].split(".")]):
            parent = None
            parts = number.split(".")
            for k in range(len(parts) - 1, 0, -1):
                cand = ".".join(parts[:k])
                if cand in numbers:
                    parent = cand
                    break
            if len(parts) > 1 and parent != ".".join(parts[:-1]):
                self.warn("unit-parent-missing", f"unit {number} ({u.name}) has no unit "
                          f"{'.'.join(parts[:-1])} above it; placed under "
                          f"{parent or 'the organisation'}", u.line, self.unit_key(number))
            attrs = {"list_line": u.list_line} if u.list_line and u.list_line != u.line else {}
            out.append(Unit(key=self.unit_key(number), number=number, name=u.name, kind=u.kind,
                            parent=self.unit_key(parent), provenance=self.prov(u.line), attributes=attrs))
        return out

    # -- posts -------------------------------------------------------------
    def _title(self, p: RawPost, key: str) -> str | None:
        # No title, or one the catalogue does not know, is for the checks to judge (missing-title,
        # unknown-title); a title read by a repaired spelling is noted here.
        if p.title_line is None or not p.title_folded:
            return None
        hit = self.m.match(p.title_folded)
        if hit is None:
            return None
        title, exact = hit
        if not exact:
            known = self.m.titles[title].name
            self.warn("title-normalised", f"post {p.number} ({p.name}): title {p.title_text!r} read as "
                      f"{known!r}", p.title_line, key)
        return title

    def posts(self, units: dict[str, Unit]) -> list[Post]:
        out: list[Post] = []
        seen: Counter = Counter()
        heads: dict[str, str] = {}
        for p in self.f.posts:
            seen[p.number] += 1
            key = f"{self.org}/post/{p.number}"
            if seen[p.number] > 1:
                key = f"{key}-{seen[p.number]}"
                self.warn("post-rekeyed", f"post number {p.number} is used again "
                          f"({p.name}); kept as {key}", p.line, key)
            unit = self.unit_key(p.unit)
            title = self._title(p, key)
            if p.headcount is None:
                self.warn("missing-headcount", f"post {p.number} ({p.name}) states no number of civil "
                          "servants; headcount left unknown", p.title_line or p.line, key)
            if title and self.m.titles[title].kind == "position_group" and p.headcount is not None \
                    and not p.on_position:
                self.warn("position-count-wording", f"post {p.number} ({p.name}) is a position group post but "
                          "its count does not say 'на положају'", p.title_line, key, severity="info")
            if p.unlabelled_line:
                self.warn("missing-description-label", f"post {p.number} ({p.name}): description without "
                          "'Опис послова:' label, read as the description", p.unlabelled_line, key)
            head_of = self._heads(p, key, unit, units, heads)
            attrs = {"title_line": p.title_line} if p.title_line else {}
            out.append(Post(
                key=key, number=p.number, name=p.name, unit=unit, headcount=p.headcount, title=title,
                title_as_written=p.title_text, heads=head_of,
                description=" ".join(p.description) or None, conditions=" ".join(p.conditions) or None,
                provenance=self.prov(p.line), attributes=attrs))
        self._numbering()
        return out

    def _heads(self, p: RawPost, key: str, unit: str | None, units: dict[str, Unit],
               heads: dict[str, str]) -> str | None:
        kind = Conventions.default().head_kind(p.name, self.body)
        if kind is None:
            return None
        if unit is None:
            self.warn("head-name-outside-units", f"post {p.number} ({p.name}) is named like a head but "
                      "stands in no unit; not taken as heading one", p.line, key)
            return None
        u = units[unit]
        if u.kind != kind:
            self.warn("head-kind-mismatch", f"post {p.number} ({p.name}) heads a {kind}, but its unit "
                      f"{u.number} is a {u.kind}; not taken as the unit's head", p.line, key)
            return None
        if unit in heads:
            self.warn("second-head-not-taken", f"unit {u.number} already has a head ({heads[unit]}); post "
                      f"{p.number} is not taken as a second head", p.line, key)
            return None
        heads[unit] = key
        return unit

    def _numbering(self) -> None:
        prev = None
        for p in self.f.posts:
            m = re.fullmatch(r"(\d+)([a-z]?)", p.number)
            if not m:
                continue
            n, suffix = int(m.group(1)), m.group(2)
            # Gaps in the numbering are the post-number-gap check's; the order is the text's.
            if prev is not None:
                if suffix and n != prev:
                    self.warn("post-number-order", f"post {p.number} follows post {prev}, not {n}", p.line)
                elif not suffix and n <= prev:
                    self.warn("post-number-order", f"post {p.number} comes after post {prev}", p.line)
            prev = n if prev is None or not suffix else prev
            if not suffix:
                prev = n

    # -- supervision and substitution ----------------------------------------
    def edges(self, posts: list[Post], units: dict[str, Unit]) -> tuple[list[Supervision], list[Substitution]]:
        f = self.f
        conv = Conventions.default()
        # The body's head: the first post outside any unit named as a head of a body
        # (директор, секретар, генерални секретар, начелник управе ...: rulebook-rs.yaml),
        # else the first such post anywhere that heads no unit.
        top = [p for p in posts if p.unit is None]
        director = next((p for p in top if conv.body_head(p.name)), None)
        if director is None:
            director = next((p for p in posts if not p.heads and conv.body_head(p.name)
                             and conv.head_kind(p.name, self.body) is None), None)
        head = conv.body_head(director.name) if director else None
        deputy = next((p for p in posts if head and conv.is_deputy_of(p.name, head)), None)
        if director is None:
            self.warn("no-director", "no post is named as the head of the body (директор, секретар, "
                      "начелник управе ...: rulebook-rs.yaml, body_heads): supervision cannot reach a root",
                      None, severity="error")
        head_of = {p.heads: p.key for p in posts if p.heads}

        def head_above(unit: str | None) -> str | None:
            while unit is not None:
                if unit in head_of:
                    return head_of[unit]
                unit = units[unit].parent
            return director.key if director else None

        sup: list[Supervision] = []
        for p in posts:
            if director is not None and p.key == director.key:
                continue
            line = p.provenance.line if p.provenance else None
            if p.heads:
                superior = head_above(units[p.heads].parent)
                note = "head of a unit reports to the head of the nearest unit above that has one"
                if units[p.heads].parent is None:
                    note = "assistant director reports to the director (Art. 25)" \
                        if units[p.heads].kind == "sector" else "head of a basic unit reports to the director"
            elif p.unit is None:
                superior = director.key if director else None
                note = "post outside any unit reports to the director"
                if deputy is not None and p.key == deputy.key:
                    note = "the deputy reports to the head of the body"
            else:
                superior = head_above(p.unit)
                note = "post reports to the head of its unit (or the nearest one above)"
            if superior is None or superior == p.key:
                continue  # the no-superior check judges it (no-director says why, when that is why)
            sup.append(Supervision(post=p.key, superior=superior, kind="line", basis="derived", note=note,
                                   provenance=self.prov(line)))
        if director is not None and f.secondary_line:
            line, art = f.secondary_line
            for p in posts:
                if p.heads and units[p.heads].kind != "sector" and p.key != director.key:
                    sup.append(Supervision(post=p.key, superior=director.key, kind="secondary", basis="derived",
                                           note=f"heads of inner units answer to the director (Art. {art})",
                                           provenance=self.prov(line)))
        subs: list[Substitution] = []
        if f.substitution_line:
            line, art = f.substitution_line
            if director is not None and deputy is not None:
                subs.append(Substitution(principal=director.key, substitute=deputy.key, order=1,
                                         basis="stated", provenance=self.prov(line)))
            else:
                self.warn("substitution-unresolved", f"Art. {art} names the deputy as the director's substitute, "
                          "but the list lacks one of the two posts", line)
        return sup, subs

    # -- declared figures ----------------------------------------------------
    def declared(self, posts: list[Post]) -> list[Declared]:
        out = []
        for d in self.f.declared:
            title = None
            if d.title_text:
                hit = self.m.find_in(d.title_text) or (self.m.match(d.title_text) or (None,))[0]
                if hit is None:
                    self.warn("declared-unknown-title", f"declared figure names no known title: {d.label!r}", d.line)
                    continue
                title = hit
            out.append(Declared(subject=self.org, measure=d.measure, value=d.value, title=title, about=d.about,
                                label=d.label, provenance=self.prov(d.line)))
        # Whether the figures agree with the posts, and among themselves, is the checks' to judge
        # (declared-mismatch, declared-self-contradiction).
        return out

    # -- all -----------------------------------------------------------------
    def build(self, name: str) -> OrgFile:
        for code, msg, line, subject in self.f.notes:
            if subject and code.startswith("unit"):
                subject = self.unit_key(subject)
            elif subject and code == "extra-title-line":
                subject = f"{self.org}/post/{subject}"
            self.warn(code, msg, line, subject)
        units = self.units()
        by_key = {u.key: u for u in units}
        posts = self.posts(by_key)
        sup, subs = self.edges(posts, by_key)
        declared = self.declared(posts)
        used = {p.title for p in posts if p.title}
        titles = [t for t in self.m.titles.values() if t.key in used]
        attrs = {}
        if self.f.document_number:
            attrs["document_number"] = self.f.document_number
        if self.f.amendments:
            attrs["amendments"] = [text for _line, text in self.f.amendments]
        org = Organisation(key=self.org, name=name, kind="state body", provenance=self.prov(self.f.org_line),
                           attributes=attrs)
        document = SourceDocument(document=self.doc, title=self.f.document_title, number=self.f.document_number,
                                  date=self.f.document_date,
                                  provenance=Provenance(document=self.doc, line=self.f.document_line))
        documents = [document] if (document.title or document.number or document.date) else []
        signed = (self.f.document_line, self.f.document_date) if self.f.document_date else None
        versions, notes = rulebook_versions(self.doc, self.f.document_number, signed, self.f.amendments,
                                           self.f.document_title)
        for code, msg, line in notes:
            self.warn(code, msg, line, None)
        return OrgFile(organisation=org, sources=[self.doc], documents=documents, versions=versions,
                       titles=titles, units=units, posts=posts,
                       supervision=sup, substitution=subs, declared=declared, warnings=self.warnings)
