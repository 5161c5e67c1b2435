"""What changed between two snapshots of one body: posts added, removed, moved, regraded.

A pure function over two org models, so it works on files as well as on what
:func:`graph.store.reader.read_org` gives back. Senior posts are matched by their
reference (the part of the key after ``/post/``); junior aggregate posts have
no identity across snapshots, so only their FTE totals are compared. A post
*moved* when its unit (compared by folded name) or its line superior
(compared by reference) differs; *regraded* when its grade differs.

>>> from graph.schema.model import Organisation, OrgFile, Post, Supervision, Unit
>>> def snap(d, posts, units, sup):
...     k = f"x@{d}"
...     return OrgFile(organisation=Organisation(key=k, name="X"),
...                    units=[Unit(key=f"{k}/u/{u}", name=u) for u in units],
...                    posts=[Post(key=f"{k}/post/{r}", name=r, title=f"uk/{g}", unit=f"{k}/u/{u}")
...                           for r, g, u in posts],
...                    supervision=[Supervision(post=f"{k}/post/{a}", superior=f"{k}/post/{b}") for a, b in sup])
>>> a = snap("2011-03-31", [("1", "SCS3", "top"), ("2", "SCS2", "ops"), ("3", "SCS1", "ops")], ["top", "ops"],
...          [("2", "1"), ("3", "2")])
>>> b = snap("2011-09-30", [("1", "SCS3", "top"), ("2", "SCS3", "ops"), ("4", "SCS1", "ops")], ["top", "ops"],
...          [("2", "1"), ("4", "2")])
>>> d = diff(a, b)
>>> [p["reference"] for p in d["added"]], [p["reference"] for p in d["removed"]], d["regraded"][0]["to"]
(['4'], ['3'], 'uk/SCS3')
"""

from __future__ import annotations

from typing import Any

from graph.text.names import fold
from graph.schema.model import OrgFile, Post


def reference(org: OrgFile, post_key: str) -> str:
    prefix = f"{org.organisation.key}/post/"
    return post_key[len(prefix):] if post_key.startswith(prefix) else post_key


def _is_aggregate(p: Post) -> bool:
    return bool(p.attributes.get("aggregate"))


def _view(org: OrgFile) -> dict[str, dict[str, Any]]:
    units = {u.key: u.name for u in org.units}
    sup = {s.post: s.superior for s in org.supervision if s.kind == "line"}
    out = {}
    for p in org.posts:
        if _is_aggregate(p):
            continue
        out[reference(org, p.key)] = {
            "reference": reference(org, p.key), "name": p.name, "grade": p.title or p.title_as_written,
            "unit": units.get(p.unit) if p.unit else None,
            "superior": reference(org, sup[p.key]) if p.key in sup else None, "fte": p.headcount,
        }
    return out


def _fte(org: OrgFile, aggregate: bool) -> float:
    return round(sum(p.headcount or 0 for p in org.posts if _is_aggregate(p) == aggregate), 2)


def diff(before: OrgFile, after: OrgFile) -> dict[str, Any]:
    """Posts added, removed, moved and regraded from ``before`` to ``after``."""
    a, b = _view(before), _view(after)
    added = [b[r] for r in b if r not in a]
    removed = [a[r] for r in a if r not in b]
    moved, regraded = [], []
    for r in a:
        if r not in b:
            continue
        x, y = a[r], b[r]
        unit_changed = fold(x["unit"] or "") != fold(y["unit"] or "")
        if unit_changed or x["superior"] != y["superior"]:
            moved.append({"reference": r, "name": y["name"], "from_unit": x["unit"], "to_unit": y["unit"],
                          "from_superior": x["superior"], "to_superior": y["superior"]})
        if x["grade"] != y["grade"]:
            regraded.append({"reference": r, "name": y["name"], "from": x["grade"], "to": y["grade"]})
    return {
        "before": before.organisation.key, "after": after.organisation.key,
        "added": added, "removed": removed, "moved": moved, "regraded": regraded,
        "counts": {"senior_posts_before": len(a), "senior_posts_after": len(b), "added": len(added),
                   "removed": len(removed), "moved": len(moved), "regraded": len(regraded)},
        "fte": {"senior_before": _fte(before, False), "senior_after": _fte(after, False),
                "junior_before": _fte(before, True), "junior_after": _fte(after, True)},
    }


def org_load_figures(org: OrgFile) -> dict[str, Any]:
    """Per organisation: posts loaded, problems by kind, FTE totals (for ``uk-summary``)."""
    kinds: dict[str, int] = {}
    for w in org.warnings:
        kinds[w.code] = kinds.get(w.code, 0) + 1
    senior = [p for p in org.posts if not _is_aggregate(p)]
    return {
        "organisation": org.organisation.key, "name": org.organisation.name, "files": org.sources,
        "senior_posts": len(senior), "junior_posts": len(org.posts) - len(senior), "units": len(org.units),
        "reporting_lines": len(org.supervision),
        "fte_senior": _fte(org, False), "fte_junior": _fte(org, True),
        "problems": dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        "errors": sum(1 for w in org.warnings if w.severity == "error"),
        "warnings": sum(1 for w in org.warnings if w.severity == "warning"),
    }
