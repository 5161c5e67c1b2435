"""UK government organogram returns (data.gov.uk): senior/junior CSV pairs.

One organisation and snapshot is a pair ``<body>-<YYYY-MM-DD>-senior.csv`` and
``...-junior.csv``. Senior rows are posts with a reference; "Reports to Senior
Post" is the line edge (``XX``, any case, marks the top). Junior rows are
staff counted in aggregate under a senior post. The data is real and messy:
every problem becomes a Warning naming file, line and post, and the rest is
loaded. See :mod:`graph.loaders.uk.build` for the rules.

``load(path)`` takes one CSV (its pair is found beside it), a folder, or a
list of them; options: ``snapshot="YYYY-MM-DD"`` (used when the file name
has no date), ``apply_fixes=True`` (apply suggested reference fixes),
``progress=True``, ``on_notice=callable`` (files left out or read twice).

Where a snapshot's parts come from, when the returns leave a choice:

- the date: the file name's ISO date; else ``snapshot``; else the one date
  the ``source_file`` column names; else none (``no-snapshot``). The
  organisation's ``snapshot_from`` attribute says which;
- the body (the key before ``@``): the name's ``<body>`` when the file is
  named ``<body>-<YYYY-MM-DD>-senior|junior.csv``, else the Organisation
  column (the name of a file renamed on each publication says nothing stable);
- a compiled file (a snapshot label column, a Senior/Junior column) is split
  into its snapshots (:mod:`graph.loaders.uk.compiled`);
- the same rows under another file name are loaded once (``duplicate-return``);
  a pair with no rows at all is left out (``header-only``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from graph.errors import InputError
from graph.loaders.base import Loader
from graph.loaders.uk.build import build
from graph.loaders.uk.compiled import header_of, is_compiled, split_file
from graph.loaders.uk.csvfiles import Sheet, read_file
from graph.loaders.uk.dates import date_in_text
from graph.loaders.uk.pairs import (FILE_RE, Pair, _csvs, _merge_pairs, find_pairs, is_organogram, name_parts,
                                    pair_for, pair_for_each, sniff)
from graph.schema.model import OrgFile, Provenance, Warning

__all__ = ["FILE_RE", "LOADER", "Notice", "Pair", "find_pairs", "is_organogram", "load", "load_pair", "name_parts",
           "pair_for", "sniff"]



@dataclass
class Notice:
    """Something about the input as a whole, not about one loaded organisation: a file
    left out (``header-only``), a return met twice (``duplicate-return``), a compiled
    file split (``compiled-split``)."""

    code: str
    message: str
    files: list[str]
    line: int | None = None


def _snapshot_option(snapshot) -> date | None:
    if snapshot is None or isinstance(snapshot, date):
        return snapshot
    try:
        return date.fromisoformat(str(snapshot))
    except ValueError:
        raise InputError(f"snapshot {snapshot!r} is not a date (YYYY-MM-DD)") from None


def _data_date(sheets: list[Sheet]) -> date | None:
    """The one date the source_file column names (the path data.gov.uk filed the return under)."""
    found = {date_in_text(r["source_file"]) for s in sheets for r in s.rows if r["source_file"]}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _body_from_data(sheets: list[Sheet]) -> str | None:
    names = Counter(r["org"] for s in sheets for r in s.rows if r["org"])
    return names.most_common(1)[0][0] if names else None


def _when(pair_date: str | None, option: date | None, sheets: list[Sheet]) -> tuple[date | None, str | None]:
    """The snapshot date and where it came from: the file name, else --snapshot, else the data."""
    if pair_date:
        return date.fromisoformat(pair_date), "file name"
    if option:
        return option, "--snapshot"
    found = _data_date(sheets)
    if found:
        return found, "column 'source_file'"
    return None, None


def _empty(sheet: Sheet | None) -> bool:
    return sheet is None or not sheet.rows


def _fingerprint(sheet: Sheet | None) -> int | None:
    """The rows of a sheet, whatever the file is called (None when it has none)."""
    if _empty(sheet):
        return None
    return hash((sheet.kind, tuple(tuple(sorted(r.values.items())) for r in sheet.rows)))


def load_pair(pair: Pair, *, snapshot=None, apply_fixes: bool = False) -> OrgFile:
    senior = read_file(pair.senior) if pair.senior else None
    junior = read_file(pair.junior) if pair.junior else None
    return _build_pair(pair, senior, junior, _snapshot_option(snapshot), apply_fixes)


def _build_pair(pair: Pair, senior: Sheet | None, junior: Sheet | None, option: date | None,
                apply_fixes: bool, taken: set[str] | None = None) -> OrgFile:
    sheets = [s for s in (senior, junior) if s is not None]
    when, source = _when(pair.snapshot, option, sheets)
    # A standard name carries the body's stable name; any other name may change from one
    # publication to the next, so the body is what the rows call the organisation.
    body = pair.body if pair.standard else (_body_from_data(sheets) or pair.body)
    key = _key(body, when)
    clash = None
    if taken and key in taken:
        # Two different returns would share a key, and the later would replace the earlier in the
        # database: the later gets a numbered key and a warning naming the first.
        n = 2
        while _key(f"{body} {n}", when) in taken:
            n += 1
        clash, body = key, f"{body} {n}"
    org = build(body, when, senior, junior, apply_fixes=apply_fixes)
    if clash:
        org.warnings.append(Warning(
            code="key-clash", severity="warning", subject=None,
            message=f"another return loaded here has the key {clash!r} (same body and snapshot, different rows); "
                    f"this one is loaded as {org.organisation.key!r}",
            provenance=Provenance(document=sheets[0].name if sheets else pair.body, line=None)))
    org.organisation.attributes["snapshot_from"] = source
    if option and pair.snapshot and option.isoformat() != pair.snapshot:
        org.warnings.append(Warning(
            code="snapshot-option-ignored", severity="info", subject=None,
            message=f"--snapshot {option.isoformat()} not used: the file name dates this return {pair.snapshot}",
            provenance=Provenance(document=sheets[0].name if sheets else pair.body, line=None)))
    return org


def _key(body: str, when: date | None) -> str:
    from graph.loaders.uk.build import org_slug

    return f"{org_slug(body)}@{when.isoformat()}" if when else org_slug(body)


class _Batch:
    """Reads pairs and compiled files one after the other, leaving out empty and repeated returns."""

    def __init__(self, option: date | None, apply_fixes: bool, on_notice):
        self.option, self.apply_fixes, self.on_notice = option, apply_fixes, on_notice
        self.models: list[OrgFile] = []
        self.skipped: list[Notice] = []
        self._seen: dict[tuple, list[tuple[OrgFile, list[str]]]] = {}

    def notice(self, n: Notice) -> None:
        if self.on_notice is not None:
            self.on_notice(n)

    def _duplicate(self, senior: Sheet | None, junior: Sheet | None, names: list[str], when: date | None) -> bool:
        """Whether these rows were loaded already, for the same snapshot or one not known.

        (The same rows dated differently are a body that did not change between two snapshots.)"""
        fp = (_fingerprint(senior), _fingerprint(junior))
        same_time = lambda org: when is None or org.organisation.snapshot in (None, when)  # noqa: E731
        seen = next((v for v in self._seen.get(fp, []) if same_time(v[0])), None)
        # A pair with one file is also a copy when that file matches a kept pair's file of the same kind.
        if seen is None and (fp[0] is None) != (fp[1] is None):
            seen = next((v for k, vs in self._seen.items() for v in vs if (fp[0] is None or k[0] == fp[0])
                         and (fp[1] is None or k[1] == fp[1]) and same_time(v[0])), None)
        if seen is None:
            return False
        kept, kept_names = seen
        msg = (f"{' and '.join(names)} hold{'s' if len(names) == 1 else ''} the same rows as "
               f"{' and '.join(kept_names)}; loaded once, from {kept_names[0]}")
        kept.warnings.append(Warning(code="duplicate-return", severity="warning", subject=None, message=msg,
                                     provenance=Provenance(document=kept_names[0], line=None)))
        kept.organisation.attributes.setdefault("duplicate_files", []).extend(names)
        self.notice(Notice("duplicate-return", msg, names + kept_names))
        return True

    def _remember(self, org: OrgFile, senior: Sheet | None, junior: Sheet | None, names: list[str]) -> None:
        fp = (_fingerprint(senior), _fingerprint(junior))
        if fp != (None, None):
            self._seen.setdefault(fp, []).append((org, names))

    def pair(self, pair: Pair) -> None:
        senior = read_file(pair.senior) if pair.senior else None
        junior = read_file(pair.junior) if pair.junior else None
        names = [p.name for p in pair.files]
        if _empty(senior) and _empty(junior):
            what = " and ".join(names)
            n = Notice("header-only", f"{what}: {'the files hold' if len(names) > 1 else 'the file holds'} a "
                       "header and no rows; not loaded as an organisation", names, 1)
            self.skipped.append(n)
            self.notice(n)
            return
        sheets = [x for x in (senior, junior) if x is not None]
        if self._duplicate(senior, junior, names, _when(pair.snapshot, self.option, sheets)[0]):
            return
        org = _build_pair(pair, senior, junior, self.option, self.apply_fixes,
                          {m.organisation.key for m in self.models})
        self._remember(org, senior, junior, names)
        self.models.append(org)

    def compiled(self, path: Path) -> None:
        parts = split_file(path)
        self.notice(Notice("compiled-split", f"{path.name} compiles {len(parts)} returns (by its snapshot "
                           "column); each is loaded as its own snapshot", [path.name]))
        for part in parts:
            senior = part.senior if part.senior.rows else None
            junior = part.junior if part.junior.rows else None
            name = f"{path.name} [{part.label}]"
            if self._duplicate(senior, junior, [name], part.snapshot):
                continue
            org = build(part.body or path.stem, part.snapshot, senior, junior, apply_fixes=self.apply_fixes)
            org.organisation.attributes["snapshot_from"] = "column of a compiled file"
            org.organisation.attributes["snapshot_label"] = part.label
            if senior is None or junior is None:  # one of the two was never in the file: not worth a warning
                org.warnings = [w for w in org.warnings if w.code not in ("missing-junior-file", "missing-senior-file")
                                or (senior is None and w.code == "missing-senior-file")]
            self._remember(org, senior, junior, [name])
            self.models.append(org)


def _gather(paths: list[Path]) -> tuple[list[Pair], list[Path]]:
    """Pairs and compiled files of all the paths, each file once however often it was named."""
    items, compiled, seen = [], [], set()
    for path in paths:
        if path.is_dir():
            files = [p for p in _csvs(path) if is_organogram(p)]
            if not files:
                raise InputError("no organogram CSV files in this folder", file=str(path))
        else:
            if not is_organogram(path):
                raise InputError("not an organogram CSV (no 'Post Unique Reference' or 'Reporting Senior Post' "
                                 "column in the header)", file=path.name, line=1)
            files = [path]
            partner = pair_for(path)
            files += [p for p in partner.files if p != path]
        for f in files:
            r = f.resolve()
            if r in seen:
                continue
            seen.add(r)
            if is_compiled(header_of(f)):
                compiled.append(f)
            else:
                items.extend(pair_for_each([f]))
    return _merge_pairs(items), compiled


def load(path, *, snapshot=None, apply_fixes: bool = False,
         progress: Callable[[str, int, int], None] | None = None, on_notice=None) -> list[OrgFile]:
    """Load organogram CSVs: one file (with its pair), a folder, or a list of them.

    A pair named twice (as files, or a file and its folder) is one snapshot; a
    return whose rows were already read under another name is loaded once; a
    pair of header-only files is left out. Each of these is told to
    ``on_notice(Notice)``. ``progress(snapshot, done, total)`` is called after each pair (the CLI
    draws it as a bar). When nothing at all can be loaded, InputError.
    """
    paths = [Path(p) for p in path] if isinstance(path, (list, tuple)) else [Path(path)]
    pairs, compiled = _gather(paths)
    # Returns dated by their name first: of two copies, the dated one is kept.
    pairs.sort(key=lambda p: p.snapshot is None)
    batch = _Batch(_snapshot_option(snapshot), apply_fixes, on_notice)
    for f in compiled:
        batch.compiled(f)
    for done, p in enumerate(pairs, 1):
        batch.pair(p)
        if progress:
            progress(f"{p.body} {p.snapshot or ''}".strip(), done, len(pairs))
    if not batch.models and batch.skipped:
        first = batch.skipped[0]
        raise InputError("the file has a header and no rows: nothing to load", file=first.files[0], line=1)
    return batch.models


LOADER = Loader(
    name="uk",
    description="UK government organogram CSVs (senior/junior pairs, or a folder of them)",
    sniff=sniff,
    load=load,
)
