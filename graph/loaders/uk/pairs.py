"""Which organogram files belong together: names, dates in them, senior/junior pairs.

One return is a senior and a junior CSV. The data.gov.uk names are
``<body>-<YYYY-MM-DD>-senior|junior.csv``; files found elsewhere are named any
way, so the kind and the date are looked for anywhere in the name and the
partner is the file whose name differs only in the kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graph.loaders.uk.csvfiles import kind_of_header
from graph.loaders.uk.dates import date_in_text

FILE_RE = re.compile(r"^(?P<body>.+?)(?:[-_](?P<date>\d{4}-\d{2}-\d{2}))?[-_](?P<kind>senior|junior)\.csv$", re.I)
_MARKERS = ("Post Unique Reference", "Reporting Senior Post")


@dataclass
class Pair:
    """The files of one organisation and snapshot (either may be missing)."""

    body: str  # the file name's organisation part, e.g. home_office
    snapshot: str | None
    senior: Path | None = None
    junior: Path | None = None
    # The name is <body>-<YYYY-MM-DD>-senior|junior.csv, so the body part is the body's stable name.
    standard: bool = False

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


_KIND_TOKEN = re.compile(r"(?<![a-z])(senior|junior)(?![a-z])", re.I)


def name_parts(path: Path) -> tuple[str, str | None, str | None, bool]:
    """(body, ISO date or None, senior/junior or None, standard name?) from a file name.

    >>> name_parts(Path("home_office-2012-09-30-senior.csv"))
    ('home_office', '2012-09-30', 'senior', True)
    >>> name_parts(Path("HO organogram junior 2012_09_30.csv"))
    ('HO organogram', '2012-09-30', 'junior', False)
    >>> name_parts(Path("organogram.csv"))
    ('organogram', None, None, False)
    """
    m = FILE_RE.match(path.name)
    if m and m["date"]:
        return m["body"], m["date"], m["kind"].lower(), True
    stem = path.stem
    kinds = list(_KIND_TOKEN.finditer(stem))
    kind = kinds[-1][1].lower() if kinds else None
    when = date_in_text(path.name)
    rest = _KIND_TOKEN.sub(" ", stem) if kinds else stem
    rest = re.sub(r"(?<!\d)\d{4}[-_]\d{2}[-_]\d{2}(?!\d)", " ", rest) if when else rest
    body = re.sub(r"[\s_-]+", " ", rest).strip(" -_") or stem
    if m and not when:  # <body>-senior.csv: the familiar form, only the date missing
        body = m["body"]
    return body, when.isoformat() if when else None, kind, False


def _kind(path: Path) -> str | None:
    kind = name_parts(path)[2]
    return kind or kind_of_header(_first_line(path).strip().split(","))  # header names never hold commas


def _group_key(path: Path) -> tuple[str, str, str]:
    body, when, _, _ = name_parts(path)
    return str(path.parent.resolve()), body.casefold(), when or ""


def pair_for(path: Path) -> Pair:
    """The pair a single file belongs to: its partner is looked for beside it."""
    body, when, kind, standard = name_parts(path)
    kind = _kind(path) or "senior"
    pair = Pair(body, when, standard=standard)
    setattr(pair, kind, path)
    if name_parts(path)[2] is None:
        return pair  # the name says neither senior nor junior: no partner can be told by name
    other = "junior" if kind == "senior" else "senior"
    key = _group_key(path)
    for cand in sorted(path.parent.glob("*")):
        if (cand != path and cand.suffix.lower() == ".csv" and cand.is_file() and name_parts(cand)[2] == other
                and _group_key(cand) == key):
            setattr(pair, other, cand)
            break
    return pair


def find_pairs(folder: Path) -> list[Pair]:
    """Every organisation+snapshot in a folder (and its subfolders), in name order."""
    return _merge_pairs(pair_for_each(p for p in _csvs(folder) if is_organogram(p)))


def pair_for_each(paths) -> list[tuple[tuple, Path, Pair]]:
    out = []
    for path in paths:
        body, when, kind, standard = name_parts(path)
        kind = kind or _kind(path) or "senior"
        key = _group_key(path) if name_parts(path)[2] else (str(path.resolve()), "", "")
        pair = Pair(body, when, standard=standard)
        setattr(pair, kind, path)
        out.append((key, path, pair))
    return out


def _merge_pairs(items) -> list[Pair]:
    """Pairs by (folder, body, date): one pair per snapshot however its files were named or given."""
    pairs: dict[tuple, Pair] = {}
    for key, path, single in items:
        pair = pairs.setdefault(key, Pair(single.body, single.snapshot, standard=single.standard))
        kind = "senior" if single.senior else "junior"
        have = getattr(pair, kind)
        if have is None or have.resolve() == path.resolve():
            setattr(pair, kind, path)
        else:  # two files claim the same role: keep both, each as its own pair
            extra = Pair(single.body, single.snapshot, standard=single.standard)
            setattr(extra, kind, path)
            pairs[key + (str(path),)] = extra
    return [pairs[k] for k in sorted(pairs, key=lambda k: (k[0], k[1], k[2] or "", k[3:]))]
