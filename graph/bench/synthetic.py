"""A synthetic organisation of any size, the same every time for the same seed.

The shape follows a Serbian rulebook at national scale: a director and a deputy
directly in the organisation, sectors, departments, sections and groups nested
6 to 10 levels deep, every unit with a head post, spans of control from 1 to 40
with a long tail, headcounts 1 to 5 (mostly 1), titles by level from the ``rs``
catalogue, accountability lines from inner unit heads to their sector head
(Art. 26), ordered substitutes for some heads and a few substitutes named only
in text. The declared totals match what is generated, so the checks have
something true to reconcile.

The generator builds the org file's plain data (:func:`synthetic_data`) and
validates it once (:func:`synthetic`), so a million posts take seconds, not
minutes, and no intermediate copies linger.

>>> org = synthetic(1_000, seed=7)
>>> len(org.posts), org.organisation.key
(1000, 'synth-1k')
>>> synthetic(1_000, seed=7) == org
True
"""

from __future__ import annotations

import gc
import json
import math
import random
from collections import deque
from pathlib import Path
from typing import Any

from graph.schema.model import OrgFile, Title

MIN_DEPTH, MAX_DEPTH = 6, 10
MAX_SPAN = 40
DOCUMENT = "synthetic.txt"

# (kind, Cyrillic name of the unit kind, head post name) by unit level, 1 = sector.
UNIT_KINDS = [
    ("sector", "Сектор за", "Помоћник директора"),
    ("department", "Одељење за", "Начелник одељења"),
    ("section", "Одсек за", "Шеф одсека"),
    ("group", "Група за", "Руководилац групе"),
]
SUBJECTS = ["финансије", "људске ресурсе", "правне послове", "информатику", "набавке", "инспекцију",
            "међународну сарадњу", "планирање", "буџет", "аналитику", "надзор", "евиденције",
            "стратешко управљање", "односе с јавношћу", "инфраструктуру", "подршку"]
POST_NAMES = ["Самостални саветник за", "Саветник за", "Аналитичар за", "Виши референт за",
              "Референт за", "Сарадник за", "Координатор за", "Систем аналитичар за"]
EXEC_TITLES = ["visi-savetnik", "samostalni-savetnik", "savetnik", "mladji-savetnik", "saradnik",
               "mladji-saradnik", "referent", "mladji-referent"]
HEADCOUNT_WEIGHTS = [70, 15, 8, 4, 3]  # headcount 1..5


def _catalogue() -> list[dict[str, Any]]:
    """The ``rs`` title records as data: the catalogue file when present, else inline."""
    try:
        from graph.catalogues import load_titles

        return [t.model_dump(mode="json", exclude_defaults=True) | {"key": t.key, "system": t.system,
                                                                     "code": t.code, "rank": t.rank}
                for t in load_titles("rs")]
    except Exception:  # the catalogue is data others own; the benchmark must still run
        names = ["прва група положаја", "друга група положаја", "трећа група положаја",
                 "четврта група положаја", "пета група положаја", "виши саветник", "самостални саветник",
                 "саветник", "млађи саветник", "сарадник", "млађи сарадник", "референт", "млађи референт"]
        codes = [f"polozaj-{i}" for i in range(1, 6)] + EXEC_TITLES
        return [Title(key=f"rs/{c}", system="rs", code=c, name=n, rank=i + 1,
                      kind="position_group" if c.startswith("polozaj") else "title",
                      junior=c.startswith("mladji")).model_dump(mode="json", exclude_defaults=True)
                | {"key": f"rs/{c}", "system": "rs", "code": c, "rank": i + 1}
                for i, (c, n) in enumerate(zip(codes, names))]


def size_label(n: int) -> str:
    """``1000`` -> ``1k``, ``1000000`` -> ``1m``.

    >>> size_label(1_000_000), size_label(100_000), size_label(2_500)
    ('1m', '100k', '2500')
    """
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500.

    >>> [parse_size(s) for s in ("10k", "1M", "2500", "0.5m")]
    [10000, 1000000, 2500, 500000]
    """
    t = text.strip().lower().replace("_", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    number = t[:-1] if mult > 1 else t
    return int(float(number) * mult)


def target_depth(n: int) -> int:
    """Unit nesting depth aimed at for ``n`` posts: 6 for a thousand, 9 for a million.

    >>> [target_depth(n) for n in (1_000, 10_000, 100_000, 1_000_000)]
    [6, 7, 8, 9]
    """
    return max(MIN_DEPTH, min(MAX_DEPTH, round(math.log10(max(n, 10))) + 3))


def _members(rng: random.Random, children: int) -> int:
    # A long tail: most units hold a handful of posts, a few hold dozens.
    span = int(rng.paretovariate(1.25) * 2.2) - 1
    return max(0 if children else 1, min(MAX_SPAN - children, span))


def synthetic_data(n: int, seed: int = 1, key: str | None = None) -> dict[str, Any]:
    """The org file data (as :meth:`OrgFile.dump` would give) of ``n`` posts."""
    # Millions of small dicts and no cycles: the cyclic collector would only rescan them.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(n, seed, key)
    finally:
        if was_enabled:
            gc.enable()


def _generate(n: int, seed: int, key: str | None) -> dict[str, Any]:
    if n < 2:
        raise ValueError("a synthetic organisation needs at least 2 posts (director and deputy)")
    rng = random.Random(seed)
    key = key or f"synth-{size_label(n)}"
    depth_goal = target_depth(n)
    # Members average ~3.5 per unit; the branching lets depth_goal levels just hold n posts,
    # so the deepest level is always reached (and overflow grows one level more).
    units_needed = max(1.0, n / 4.5)
    branching = 1.2
    while sum(branching ** lv for lv in range(1, depth_goal + 1)) < units_needed:
        branching += 0.05
    titles = _catalogue()
    posts: list[dict] = []
    units: list[dict] = []
    supervision: list[dict] = []
    substitution: list[dict] = []
    line = 0

    def add_post(name: str, title: str, unit: str | None, heads: str | None = None) -> str:
        nonlocal line
        number = str(len(posts) + 1)
        line += 7  # a post takes a few lines in a rulebook
        post = {"key": f"{key}/post/{number}", "number": number, "name": name, "title": title,
                "provenance": {"document": DOCUMENT, "line": line}}
        hc = rng.choices((1, 2, 3, 4, 5), HEADCOUNT_WEIGHTS)[0]
        if hc != 1:
            post["headcount"] = hc
        if unit:
            post["unit"] = unit
        if heads:
            post["heads"] = heads
        posts.append(post)
        return post["key"]

    def reports(post: str, superior: str, kind: str = "line") -> None:
        edge = {"post": post, "superior": superior}
        if kind != "line":
            edge["kind"] = kind
        supervision.append(edge)

    director = add_post("Директор", "rs/polozaj-1", None)
    deputy = add_post("Заменик директора", "rs/polozaj-2", None)
    reports(deputy, director)
    substitution.append({"principal": director, "substitute": deputy})

    # Breadth first, so the levels fill in order and the last unit is cut to land exactly on n.
    queue: deque[tuple[str | None, str, int, str | None, str | None]] = deque()
    top = max(2, round(branching * 1.5))
    for i in range(1, top + 1):
        queue.append((None, str(i), 1, director, None))
    leaves: list[tuple[str | None, str, int, str | None, str | None]] = []
    max_level = 0
    while len(posts) < n:
        if not queue:
            # Ran out of room at the goal depth: let the deepest units grow one more level.
            if not leaves:
                break
            depth_goal += 1
            queue.extend(leaves)
            leaves = []
            continue
        parent, number, level, boss, sector_head = queue.popleft()
        if level > depth_goal:
            leaves.append((parent, number, level, boss, sector_head))
            continue
        kind, prefix, head_name = UNIT_KINDS[min(level, len(UNIT_KINDS)) - 1]
        subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
        ukey = f"{key}/{number}"
        unit = {"key": ukey, "number": number, "name": f"{prefix} {subject} {number}", "kind": kind}
        if parent:
            unit["parent"] = parent
        units.append(unit)
        max_level = max(max_level, level)
        if level == 1:
            head_title = rng.choices(("rs/polozaj-3", "rs/polozaj-4", "rs/polozaj-5"), (1, 6, 2))[0]
        else:
            head_title = "rs/visi-savetnik" if level == 2 else rng.choice(
                ("rs/visi-savetnik", "rs/samostalni-savetnik", "rs/samostalni-savetnik"))
        head = add_post(head_name, head_title, ukey, heads=ukey)
        reports(head, boss)
        if level >= 3 and sector_head and rng.random() < 0.1:
            reports(head, sector_head, "accountability")
        children = 0
        if level < MAX_DEPTH:
            children = max(0, min(MAX_SPAN - 1, round(rng.gauss(branching, branching / 2))))
        if level < depth_goal and set(number.split(".")) == {"1"}:
            children = max(children, 1)
        members = _members(rng, children)
        if len(posts) + members >= n:
            members = n - len(posts)
        junior_shift = min(level, 5)
        member_keys = []
        for _ in range(members):
            t = EXEC_TITLES[min(len(EXEC_TITLES) - 1, junior_shift - 1 + int(rng.expovariate(0.6)))]
            name = f"{POST_NAMES[rng.randrange(len(POST_NAMES))]} {subject}"
            m = add_post(name, f"rs/{t}", ukey)
            reports(m, head)
            member_keys.append(m)
        if member_keys and rng.random() < 0.35:
            substitution.append({"principal": head, "substitute": member_keys[0]})
            if len(member_keys) > 1 and rng.random() < 0.3:
                substitution.append({"principal": head, "substitute": member_keys[1], "order": 2})
        elif rng.random() < 0.01:
            substitution.append({"principal": head, "substitute_text": "запослени кога овласти директор"})
        # The units numbered 1, 1.1, 1.1.1 ... go first, so the goal depth is reached at any size.
        spine = level < depth_goal and set(number.split(".")) == {"1"}
        later = [(ukey, f"{number}.{c}", level + 1, head, head if level == 1 else sector_head)
                 for c in range(1, children + 1)]
        if spine:
            queue.appendleft(later.pop(0))
        queue.extend(later)

    used = {p["title"] for p in posts}
    headcount = sum(p.get("headcount", 1) for p in posts)
    return {
        "format_version": 1,
        "organisation": {"key": key, "name": f"Синтетички орган ({size_label(n)} радних места)",
                         "kind": "synthetic", "attributes": {"seed": seed, "posts": n, "depth": max_level}},
        "sources": [DOCUMENT],
        "titles": [t for t in titles if t["key"] in used],
        "units": units,
        "posts": posts,
        "supervision": supervision,
        "substitution": substitution,
        "declared": [
            {"subject": key, "measure": "posts", "value": len(posts)},
            {"subject": key, "measure": "civil_servants", "value": headcount},
        ],
    }


def synthetic(n: int, seed: int = 1, key: str | None = None) -> OrgFile:
    """A validated org model of ``n`` posts."""
    return OrgFile.model_validate(synthetic_data(n, seed, key))


def write_file(n: int, path: str | Path, seed: int = 1, key: str | None = None) -> dict[str, Any]:
    """Write a synthetic org file (``.json`` compact; ``.yaml`` through the org file writer)."""
    path = Path(path)
    data = synthetic_data(n, seed, key)
    if path.suffix.lower() == ".json":
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
            fh.write("\n")
    else:
        from graph.loaders.orgfile import write

        write(OrgFile.model_validate(data), path)
    return {"path": str(path), "organisation": data["organisation"]["key"], "posts": len(data["posts"]),
            "units": len(data["units"]), "depth": data["organisation"]["attributes"]["depth"],
            "bytes": path.stat().st_size}
