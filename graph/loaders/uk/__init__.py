"""UK government organogram returns (data.gov.uk): senior/junior CSV pairs.

One organisation and snapshot is a pair ``<body>-<YYYY-MM-DD>-senior.csv`` and
``...-junior.csv``. Senior rows are posts with a reference; "Reports to Senior
Post" is the line edge (``XX``, any case, marks the top). Junior rows are
staff counted in aggregate under a senior post. The data is real and messy:
every problem becomes a Warning naming file, line and post, and the rest is
loaded. See :mod:`graph.loaders.uk.build` for the rules.

``load(path)`` takes one CSV (its pair is found beside it) or a folder;
options: ``snapshot="YYYY-MM-DD"`` (else from the file name),
``apply_fixes=True`` (apply suggested reference fixes), ``progress=callback``
(``progress(snapshot, done, total)`` after each pair; the CLI draws it as a bar).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from graph.errors import InputError
from graph.loaders.base import Loader
from graph.loaders.uk.build import build
from graph.loaders.uk.csvfiles import kind_of_header, read_file
from graph.schema.model import OrgFile

FILE_RE = re.compile(r"^(?P<body>.+?)(?:[-_](?P<date>\d{4}-\d{2}-\d{2}))?[-_](?P<kind>senior|junior)\.csv$", re.I)
_MARKERS = ("Post Unique Reference", "Reporting Senior Post")


@dataclass
class Pair:
    """The files of one organisation and snapshot (either may be missing)."""

    body: str  # the file name's organisation part, e.g. home_office
    snapshot: str | None
    senior: Path | None = None
    junior: Path | None = None

    @property
    def files(self) -> list[Path]:
        return [p for p in (self.senior, self.junior) if p is not None]


def _first_line(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            return fh.readline(4096).decode("utf-8", errors="replace")
    except OSError:
        return ""


def is_organogram(path: Path, head: str | None = None) -> bool:
    if path.suffix.lower() != ".csv":
        return False
    first = (head if head is not None else _first_line(path)).splitlines()[:1]
    return bool(first) and any(m.lower() in first[0].lower() for m in _MARKERS)


def sniff(path: Path, head: str) -> bool:
    if path.is_dir():
        # Top level and one below: enough to recognise a download folder, cheap on a big tree.
        return any(is_organogram(p) for pattern in ("*.csv", "*/*.csv") for p in path.glob(pattern))
    return is_organogram(path, head)


def _csvs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".csv" and p.is_file())


def _kind(path: Path) -> str | None:
    m = FILE_RE.match(path.name)
    if m:
        return m["kind"].lower()
    return kind_of_header(_first_line(path).strip().split(","))  # header names never hold commas


def pair_for(path: Path) -> Pair:
    """The pair a single file belongs to: its partner is looked for beside it."""
    m = FILE_RE.match(path.name)
    if not m:
        kind = _kind(path)
        body = path.stem
        pair = Pair(body, None)
        setattr(pair, kind or "senior", path)
        return pair
    kind = m["kind"].lower()
    other = "junior" if kind == "senior" else "senior"
    pair = Pair(m["body"], m["date"])
    setattr(pair, kind, path)
    stem = path.name[: m.start("kind")]
    for cand in (path.with_name(stem + other + path.suffix), path.with_name(stem + other.upper() + path.suffix)):
        if cand.exists():
            setattr(pair, other, cand)
            break
    return pair


def find_pairs(folder: Path) -> list[Pair]:
    """Every organisation+snapshot in a folder (and its subfolders), in name order."""
    pairs: dict[tuple, Pair] = {}
    for path in _csvs(folder):
        if not is_organogram(path):
            continue
        m = FILE_RE.match(path.name)
        if m:
            k = (str(path.parent), m["body"], m["date"])
            pair = pairs.setdefault(k, Pair(m["body"], m["date"]))
            setattr(pair, m["kind"].lower(), path)
        else:
            pairs[(str(path.parent), path.stem, None)] = pair_for(path)
    return [pairs[k] for k in sorted(pairs, key=lambda k: (k[0], k[1], k[2] or ""))]


def _snapshot_option(snapshot) -> date | None:
    if snapshot is None or isinstance(snapshot, date):
        return snapshot
    try:
        return date.fromisoformat(str(snapshot))
    except ValueError:
        raise InputError(f"snapshot {snapshot!r} is not a date (YYYY-MM-DD)") from None


def load_pair(pair: Pair, *, snapshot=None, apply_fixes: bool = False) -> OrgFile:
    senior = read_file(pair.senior) if pair.senior else None
    junior = read_file(pair.junior) if pair.junior else None
    when = _snapshot_option(snapshot) or (date.fromisoformat(pair.snapshot) if pair.snapshot else None)
    return build(pair.body, when, senior, junior, apply_fixes=apply_fixes)


def load(path, *, snapshot=None, apply_fixes: bool = False,
         progress: Callable[[str, int, int], None] | None = None) -> list[OrgFile]:
    """Load one organogram CSV (with its pair) or a folder of them; ``progress(snapshot, done, total)``
    is called after each pair."""
    path = Path(path)
    if path.is_dir():
        pairs = find_pairs(path)
        if not pairs:
            raise InputError("no organogram CSV files in this folder", file=str(path))
    else:
        if not is_organogram(path):
            raise InputError("not an organogram CSV (no 'Post Unique Reference' or 'Reporting Senior Post' "
                             "column in the header)", file=path.name, line=1)
        pairs = [pair_for(path)]
    out = []
    for done, p in enumerate(pairs, 1):
        out.append(load_pair(p, snapshot=snapshot, apply_fixes=apply_fixes))
        if progress:
            progress(f"{p.body} {p.snapshot or ''}".strip(), done, len(pairs))
    return out


LOADER = Loader(
    name="uk",
    description="UK government organogram CSVs (senior/junior pairs, or a folder of them)",
    sniff=sniff,
    load=load,
)
