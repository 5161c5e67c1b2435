"""From the rows of one senior/junior pair to an :class:`OrgFile`.

Rules, where the returns leave a choice:

- a senior row is a post ``<org>/post/<reference>``; its grade is a ``uk/``
  title, its unit a ``<org>/u/<slug>`` unit, its FTE the headcount;
- rows sharing a reference: identical rows are one post (``duplicate-row``);
  the same job, grade, unit and superior is a job share, one post whose
  headcount is the summed FTE (``job-share``); anything else is a clash: the
  later row becomes ``<reference>~2`` (``~3`` ...) (``duplicate-reference``),
  both posts carry ``shared_reference``, and a superior written with that
  reference is read per referring row: never the row itself, never a post
  below it (that would close a false circle), never one of a lower grade,
  else the one in the same unit, else the first of twins (same unit and superior);
  when that leaves one post the edge is ``derived`` (``duplicate-superior-chosen``),
  otherwise no edge (``ambiguous-superior``, the row gets ``ambiguous_superior``);
- "Reports to Senior Post": ``XX`` (any case) is the top; the post's own
  reference is a self-reference, reported and treated as a top; an unknown
  reference gives no edge (``unknown-superior``), or a ``suggested-fix`` when
  a reference differing only in case, leading zeros or spacing exists; with
  ``apply_fixes`` that edge is made, ``basis: derived``, and reported as
  ``applied-fix``;
- a junior row is an aggregate post ``<org>/post/junior-<line>`` under its
  reporting senior post, resolved the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from functools import lru_cache

from graph.loaders.uk.csvfiles import Problem, Row, Sheet
from graph.loaders.uk.holders import PLACEHOLDERS, holders as uk_holders
from graph.loaders.uk.grades import match_grade, titles as catalogue
from graph.loaders.uk.refs import FixIndex, describe
from graph.text.names import fold, slug
from graph.schema.model import (Organisation, OrgFile, Post, Provenance, Supervision, Title, Unit,
                                Warning)


@lru_cache(maxsize=1)
def severities() -> dict[str, str]:
    """The severity of job shares, placeholder names and unknown grades: decided once, in the
    catalogue (``severities:`` in ``titles-uk.yaml``, where the reasons are written)."""
    from graph.catalogues import CATALOGUE_DIR

    import yaml

    data = yaml.safe_load((CATALOGUE_DIR / "titles-uk.yaml").read_text(encoding="utf-8"))
    return dict(data.get("severities") or {})
TOP = "xx"


def org_slug(body: str) -> str:
    """The organisation part of a key.

    >>> org_slug("home_office")
    'home-office'
    """
    return slug(body.replace("_", " "))


def _number(text: str) -> float | int | None:
    value = float(text.replace(",", ""))
    if value != value or value in (float("inf"), float("-inf")):  # nan, inf
        raise ValueError(text)
    return int(value) if value.is_integer() else round(value, 4)


#: Identifier scheme of a UK return's "Post Unique Reference".
UK_POST_REF = "uk-post-ref"


class _Builder:
    def __init__(self, org_key: str, apply_fixes: bool):
        self.org = org_key
        self.apply_fixes = apply_fixes
        self.warnings: list[Warning] = []
        self.units: dict[str, Unit] = {}
        self.posts: list[Post] = []
        self.supervision: list[Supervision] = []
        self.titles_used: set[str] = set()
        self._unit_names: dict[str, str] = {}
        self._by_key: dict[str, Post] = {}
        self.shared: dict[str, list[str]] = {}  # reference used by different posts -> their keys
        self._written_sup: dict[str, str] = {}  # senior post -> its superior's reference as written

    # -- problems -------------------------------------------------------
    def warn(self, code: str, message: str, doc: str, line: int | None, subject: str | None = None,
             severity: str = "warning") -> None:
        self.warnings.append(Warning(code=code, message=message, severity=severity, subject=subject,
                                     provenance=Provenance(document=doc, line=line)))

    def sheet_problems(self, sheet: Sheet) -> None:
        for p in sheet.problems:
            self.warn(p.code, p.message, sheet.name, p.line, severity=p.severity)

    # -- pieces -----------------------------------------------------------
    def unit(self, name: str, doc: str, line: int) -> str | None:
        if not name:
            return None
        key = self._unit_names.get(name)
        if key is not None:
            return key
        key = self._unit_names[name] = f"{self.org}/u/{slug(name) or 'unit'}"
        if key not in self.units:
            self.units[key] = Unit(key=key, name=name, kind="unit",
                                   provenance=Provenance(document=doc, line=line))
        return key

    def fte(self, row: Row, doc: str, subject: str) -> float | int | None:
        text = row["fte"]
        if not text:
            self.warn("missing-fte", "FTE is blank; headcount left unknown", doc, row.line, subject)
            return None
        try:
            value = _number(text)
        except ValueError:
            self.warn("non-numeric-fte", f"FTE {text!r} is not a number; headcount left unknown", doc,
                      row.line, subject)
            return None
        if value < 0:
            self.warn("fte-out-of-range", f"FTE {text} is negative; headcount left unknown", doc, row.line,
                      subject)
            return None
        return value

    def grade(self, text: str, band: str) -> str | None:
        hit = match_grade(text, band=band)
        if hit:
            self.titles_used.add(hit.key)
            return hit.key
        # A grade the catalogue does not know is kept as written: the unknown-title check judges it.
        return None

    # -- senior -----------------------------------------------------------
    def senior(self, sheet: Sheet) -> dict[str, str]:
        """Posts from the senior rows; returns reference -> post key."""
        doc = sheet.name
        groups: dict[str, list[Row]] = defaultdict(list)
        blank_refs: list[Row] = []
        for row in sheet.rows:
            (groups[row["ref"]] if row["ref"] else blank_refs).append(row)
        ref_key: dict[str, str] = {}
        row_key: dict[int, str] = {}  # id(row) -> the post it made
        used_keys: set[str] = set()
        # (post key, its reference, the row, its superior as written)
        entries: list[tuple[str, str, Row, str]] = []
        headcounts: dict[str, list] = {}

        def key_for(ref: str) -> str:
            base = f"{self.org}/post/{'_'.join(ref.replace('/', ' ').split())}"
            key, n = base, 1
            while key in used_keys:
                n += 1
                key = f"{base}~{n}"
            used_keys.add(key)
            return key

        for row in sheet.rows:
            ref = row["ref"]
            if not ref:
                key = key_for(f"row-{row.line}")
                self.warn("blank-reference", "post has no Post Unique Reference; loaded under its row number, "
                          "nothing can report to it", doc, row.line, key)
                entries.append((key, "", row, row["reports_to"]))
                continue
            group = groups[ref]
            first = group[0]
            if row is not first:
                post_sig = lambda r: (fold(r["title"]), fold(r["unit"]), fold(r["grade"]), r["reports_to"])
                full_sig = lambda r: tuple(v for k, v in sorted(r.values.items())
                                           if k not in ("source_line", "uri", "valid"))
                same_as = [r for r in group[: group.index(row)] if post_sig(r) == post_sig(row)]
                twin = next((r for r in same_as if full_sig(r) == full_sig(row)), None)
                if twin is not None:
                    row_key[id(row)] = row_key[id(twin)]
                    self.warn("duplicate-row", f"row repeats row {twin.line} (reference {ref!r}) "
                              "exactly; counted once", doc, row.line, row_key[id(twin)])
                    continue
                if same_as:
                    main = row_key[id(same_as[0])]
                    row_key[id(row)] = main
                    self.warn("job-share", f"reference {ref!r} is also on row {same_as[0].line} with the same job, "
                              "grade, unit and superior: a job share, FTE added to one post", doc, row.line,
                              main, severity=severities().get("job-share", "info"))
                    headcounts[main].append(self.fte(row, doc, main))
                    holders = self._post(main).attributes.setdefault("holders", [])
                    holders.append(row["holder"])
                    continue
                key = key_for(ref)
                self.warn("duplicate-reference", f"reference {ref!r} is already used on row {first.line} by a "
                          f"different post; this one is loaded as {key.rsplit('/', 1)[-1]!r}, and a superior "
                          f"written {ref!r} is read per referring row", doc, row.line, key)
                row_key[id(row)] = key
                entries.append((key, ref, row, row["reports_to"]))
                self._add_senior(key, ref, row, doc, headcounts)
                keys = self.shared.setdefault(ref, [ref_key[ref]])
                keys.append(key)
                for k in keys:
                    self._post(k).attributes["shared_reference"] = ref
                continue
            key = key_for(ref)
            ref_key[ref] = key
            row_key[id(row)] = key
            entries.append((key, ref, row, row["reports_to"]))
            self._add_senior(key, ref, row, doc, headcounts)
        for key, values in headcounts.items():
            post = self._post(key)
            known = [v for v in values if v is not None]
            post.headcount = sum(known) if known and len(known) == len(values) else (sum(known) or None)
            if len(values) > 1:
                post.attributes["fte_shares"] = values
        self._senior_edges(entries, ref_key, doc)
        return ref_key

    def _post(self, key: str) -> Post:
        return self._by_key[key]

    def _add_senior(self, key: str, ref: str, row: Row, doc: str, headcounts: dict) -> None:
        title = row["title"]
        if not title or fold(title) in ("n/d", "nd", "n/a", "na"):
            self.warn("blank-job-title", "job title is blank" if not title else f"job title is {title!r}",
                      doc, row.line, key, severity="info")
        holder = row["holder"]
        status = PLACEHOLDERS.get(fold(holder.strip("'").strip()), "named")
        if status != "named":
            self.warn("placeholder-name", f"holder name is {holder!r}" if holder else "holder name is blank",
                      doc, row.line, key, severity=severities().get("placeholder-name", "info"))
        attrs = {"reference": ref, "holder_status": status, "holders": [holder]}
        for field in ("profession", "pay_floor", "pay_ceiling", "salary_cost", "notes", "uri",
                      "source_file", "source_line"):
            if row[field]:
                attrs[field] = row[field]
        post = Post(key=key, number=ref or None, name=title or f"post {ref or row.line}",
                    unit=self.unit(row["unit"], doc, row.line),
                    title=self.grade(row["grade"], "senior"),
                    title_as_written=row["grade"] or None,
                    description=row["function"] or None,
                    # The return's own post reference, found as uk-post-ref:REF by every command.
                    identifiers={UK_POST_REF: ref} if ref and ref.strip() else {},
                    provenance=Provenance(document=doc, line=row.line), attributes=attrs)
        self.posts.append(post)
        self._by_key[key] = post
        headcounts[key] = [self.fte(row, doc, key)]

    def resolve(self, written: str, own_ref: str, ref_key: dict[str, str], fixes: FixIndex, doc: str,
                line: int, subject: str, what: str) -> tuple[str | None, str | None]:
        """The superior's key for a written reference (and a note when a fix was applied)."""
        if written in ref_key:
            return ref_key[written], None
        cands = [c for c in fixes.candidates(written) if c != own_ref]
        if len(cands) == 1:
            fix = cands[0]
            how = describe(written, fix)
            if self.apply_fixes:
                self.warn("applied-fix", f"{what} {written!r} read as {fix!r} (differs in {how})", doc, line,
                          subject, severity="info")
                return ref_key[fix], f"reference written {written!r}, read as {fix!r}"
            self.warn("suggested-fix", f"{what} {written!r}, which is no post reference; {fix!r} differs "
                      f"only in {how} (apply with apply_fixes=True / --apply-fixes)", doc, line, subject)
            return None, None
        extra = f"; it could be any of {', '.join(map(repr, cands))}" if cands else ""
        self.warn("unresolved-superior", f"{what} {written!r}, which is no post reference in the senior file"
                  f"{extra}; no reporting line made", doc, line, subject)
        return None, None

    def _senior_edges(self, entries, ref_key: dict[str, str], doc: str) -> None:
        fixes = FixIndex(ref_key)
        tops: list[tuple[str, Row, str]] = []
        shared: list[tuple[str, Row, str]] = []
        for key, ref, row, sup in entries:
            if sup.strip().lower() == TOP:
                tops.append((key, row, "XX"))
                continue
            if not sup:
                self.warn("blank-superior", "'Reports to Senior Post' is blank; no reporting line made", doc,
                          row.line, key)
                continue
            if sup in self.shared:  # read once the unambiguous lines are known
                shared.append((key, row, sup))
                continue
            if ref and sup == ref:
                self.warn("self-reference", f"post {ref!r} reports to itself; treated as a top post", doc,
                          row.line, key)
                tops.append((key, row, "itself"))
                continue
            superior, note = self.resolve(sup, ref, ref_key, fixes, doc, row.line, key,
                                          "reports to senior post")
            if superior == key:  # a clash row naming its own reference
                self.warn("self-reference", f"post reports to {sup!r}, its own reference; treated as a top post",
                          doc, row.line, key)
                tops.append((key, row, "itself"))
                continue
            if superior:
                self.supervision.append(Supervision(
                    post=key, superior=superior, kind="line", basis="derived" if note else "stated", note=note,
                    provenance=Provenance(document=doc, line=row.line)))
        self._written_sup = {key: sup.strip() for key, _, _, sup in entries}
        up = {s.post: s.superior for s in self.supervision}
        for key, row, sup in shared:
            superior = self.choose(sup, key, row, doc, up)
            if superior:
                up[key] = superior
        # Several tops, or reporting lines in a circle, are judged by the checks (several-roots,
        # supervision-cycle); a file with no top at all breaks its own XX convention.
        if not tops and entries:
            self.warn("no-top", "no post reports to XX: the file has no top post", doc, None)

    def choose(self, written: str, key: str, row: Row, doc: str, up: dict[str, str] | None) -> str | None:
        """The superior a reference used by several posts means for this row, or None.

        Never the row's own post; never a post below it (``up``: the lines known so far),
        which would close a circle that is not in the return; else the one in the row's unit."""
        cands = [k for k in self.shared[written] if k != key]
        why = "the other post with it is this row's own" if len(cands) == 1 else ""
        if len(cands) > 1 and up is not None:
            above = [c for c in cands if not _reaches(up, c, key)]
            if above and len(above) < len(cands):
                cands, why = above, "the other posts with it report to this one"
        if len(cands) > 1:
            # A post does not report to one of a lower grade.
            rank = self._rank(key)
            senior = [c for c in cands if rank is None or (r := self._rank(c)) is None or r <= rank]
            if senior and len(senior) < len(cands):
                cands, why = senior, "the others are of a lower grade than this post"
        if len(cands) > 1:
            unit = self._post(key).unit
            same = [c for c in cands if unit and self._post(c).unit == unit]
            if len(same) == 1:
                cands, why = same, "the only one in the same unit"
        if len(cands) > 1 and len({(self._post(c).unit, self._written_sup.get(c)) for c in cands}) == 1:
            # Twins in the tree (a job share written with two grades, say): either gives the same lines.
            cands, why = cands[:1], "the posts with it share unit and superior; the first is taken"
        rows = ", ".join(str(self._post(k).provenance.line) for k in self.shared[written])
        if len(cands) == 1:
            chosen = cands[0]
            line = self._post(chosen).provenance.line
            note = f"reference {written!r} is used on rows {rows}; read as row {line} ({why})"
            self.warn("duplicate-superior-chosen", f"reports to {written!r}: {note}", doc, row.line, key, "info")
            self.supervision.append(Supervision(post=key, superior=chosen, kind="line", basis="derived", note=note,
                                                provenance=Provenance(document=doc, line=row.line)))
            return chosen
        self._post(key).attributes["ambiguous_superior"] = written
        self.warn("ambiguous-superior", f"reports to {written!r}, a reference used by several posts (rows {rows}); "
                  "which one is meant cannot be told, so no reporting line made", doc, row.line, key)
        return None

    def _rank(self, key: str) -> int | None:
        title = self._post(key).title
        return catalogue()[title].rank if title else None

    # -- junior -----------------------------------------------------------
    def junior(self, sheet: Sheet, ref_key: dict[str, str]) -> None:
        doc = sheet.name
        fixes = FixIndex(ref_key)
        for row in sheet.rows:
            key = f"{self.org}/post/junior-{row.line}"
            sup = row["reports_to"]
            title = self.grade(row["grade"], "delegated")
            attrs = {"aggregate": True, "reports_to": sup}
            for field in ("pay_min", "pay_max", "profession", "source_file", "source_line"):
                if row[field]:
                    attrs[field] = row[field]
            # Tens of thousands of rows of known types: built without re-validation (a third of the time).
            post = Post.model_construct(
                key=key, name=row["title"] or "junior staff", unit=self.unit(row["unit"], doc, row.line),
                headcount=self.fte(row, doc, key), title=title, title_as_written=row["grade"] or None,
                provenance=Provenance.model_construct(document=doc, line=row.line), attributes=attrs)
            self.posts.append(post)
            self._by_key[key] = post
            if not sup:
                self.warn("blank-superior", "'Reporting Senior Post' is blank; no reporting line made", doc,
                          row.line, key)
                continue
            if sup.strip().lower() == TOP:
                self.warn("junior-at-top", "junior staff report to XX (the top); no reporting line made", doc,
                          row.line, key, severity="info")
                continue
            if sup in self.shared:
                self.choose(sup, key, row, doc, None)
                continue
            superior, note = self.resolve(sup, "", ref_key, fixes, doc, row.line, key, "reports to senior post")
            if superior:
                self.supervision.append(Supervision.model_construct(
                    post=key, superior=superior, kind="line", basis="derived" if note else "stated", note=note,
                    provenance=Provenance.model_construct(document=doc, line=row.line)))


def build(body: str, snapshot: date | None, senior: Sheet | None, junior: Sheet | None, *,
          apply_fixes: bool = False) -> OrgFile:
    """One OrgFile from the sheets of one pair (either may be None)."""
    base = org_slug(body)
    key = f"{base}@{snapshot.isoformat()}" if snapshot else base
    b = _Builder(key, apply_fixes)
    sheets = [s for s in (senior, junior) if s is not None]
    first_doc = sheets[0].name if sheets else body
    for s in sheets:
        b.sheet_problems(s)
    if snapshot is None:
        b.warn("no-snapshot", "no snapshot date in the file name, none given (--snapshot) and none in the data; the "
               "organisation key has no @date, so another snapshot of this body would replace it", first_doc, None)
    if senior is None:
        b.warn("missing-senior-file", "no senior CSV beside the junior one: junior staff have no posts to "
               "report to", first_doc, None)
    if junior is None:
        b.warn("missing-junior-file", "no junior CSV beside the senior one", first_doc, None, severity="info")
    ref_key = b.senior(senior) if senior is not None and senior.kind == "senior" else {}
    if junior is not None and junior.kind == "junior":
        b.junior(junior, ref_key)
    names = Counter(r["org"] for s in sheets for r in s.rows if r["org"])
    parents = Counter(r["parent"] for s in sheets for r in s.rows if r["parent"])
    if len(names) > 1:
        b.warn("several-organisation-names", "rows name the organisation differently: "
               + ", ".join(f"{n!r} ({c})" for n, c in names.most_common()), first_doc, None, severity="info")
    source_files = sorted({r["source_file"] for s in sheets for r in s.rows if r["source_file"]})
    org = Organisation(
        key=key, name=names.most_common(1)[0][0] if names else body.replace("_", " ").title(),
        parent=parents.most_common(1)[0][0] if parents else None, snapshot=snapshot,
        provenance=Provenance(document=first_doc, line=None),
        attributes={"source": "data.gov.uk organogram", **({"original_files": source_files} if source_files else {})})
    cat = catalogue()
    return OrgFile(organisation=org, sources=[s.name for s in sheets],
                   titles=[cat[k] for k in sorted(b.titles_used, key=lambda k: (cat[k].rank, k))],
                   units=list(b.units.values()), posts=b.posts, supervision=b.supervision,
                   holders=uk_holders(b.posts), warnings=sorted(b.warnings, key=_where))


def _reaches(up: dict[str, str], start: str, target: str) -> bool:
    """Whether following the lines up from ``start`` arrives at ``target``."""
    seen = set()
    node = start
    while node in up and node not in seen:
        if node == target:
            return True
        seen.add(node)
        node = up[node]
    return node == target


def _where(w: Warning) -> tuple:
    p = w.provenance
    return (p.document if p else "", p.line or 0 if p else 0)
