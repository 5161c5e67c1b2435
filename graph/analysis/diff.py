"""What changed between two versions of one organisation: a pure function over two org models.

Works on anything a loader gives (two org files, a draft amendment against the rulebook in force,
two stored versions read back from Neo4j). Units and posts are matched by their key *relative to
their organisation* (``kite/post/9`` and ``kite@2021-01-21/post/9`` are both ``post/9``), so
versions keyed by date compare as one organisation.

Changes, one record each, in a stable order:

- ``unit-added``, ``unit-removed``; ``unit-renamed`` (name), ``unit-moved`` (parent unit)
- ``post-added``, ``post-removed``; ``post-moved`` (unit, or line superior: one record for both,
  so moving a post with its reporting line is one change); ``post-retitled`` (name),
  ``post-regraded`` (title/grade), ``headcount`` (headcount)
- ``reporting-added``, ``reporting-removed``: reporting lines between posts present in both
  versions whose post did not move (a moved post's new superior is part of its move); a joint
  line superior is of kind ``joint line``
- ``identifiers``: a unit's or post's external identifiers (scheme: code) changed
- ``organisation``: what the body is part of, reports to, or whether it is independent by design

>>> from graph.schema.model import Organisation, OrgFile, Post, Supervision, Unit
>>> a = OrgFile(organisation=Organisation(key="x", name="X"),
...             units=[Unit(key="x/1", name="Sales"), Unit(key="x/2", name="Ops")],
...             posts=[Post(key="x/post/1", name="Head"), Post(key="x/post/2", name="Clerk", unit="x/1")],
...             supervision=[Supervision(post="x/post/2", superior="x/post/1")])
>>> b = a.model_copy(deep=True)
>>> b.units[0].name = "Sales and Marketing"
>>> b.posts[1].unit = "x/2"
>>> [c["change"] for c in diff(a, b)["changes"]]
['unit-renamed', 'post-moved']
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.schema.model import OrgFile

KINDS = ("unit-added", "unit-removed", "unit-renamed", "unit-moved",
         "post-added", "post-removed", "post-moved", "post-retitled", "post-regraded", "headcount",
         "reporting-added", "reporting-removed", "identifiers", "organisation")
ORG_FIELDS = ("part_of", "reports_to", "independent")


def relative(org: OrgFile, key: str | None) -> str | None:
    """``key`` without its organisation's prefix: the identity of a unit or post across versions.

    >>> from graph.schema.model import Organisation, OrgFile
    >>> relative(OrgFile(organisation=Organisation(key="kite@2020-06-26", name="K")), "kite@2020-06-26/post/9")
    'post/9'
    """
    if key is None:
        return None
    prefix = org.organisation.key + "/"
    return key[len(prefix):] if key.startswith(prefix) else key


def _units(org: OrgFile) -> dict[str, dict]:
    return {relative(org, u.key): {"name": u.name, "parent": relative(org, u.parent), "number": u.number,
                                   "identifiers": u.identifiers}
            for u in org.units}


def _posts(org: OrgFile) -> dict[str, dict]:
    line = {}
    for s in org.supervision:
        if s.kind == "line":
            line.setdefault(relative(org, s.post), relative(org, s.superior))
    out = {}
    for p in org.posts:
        if p.attributes.get("aggregate"):
            continue  # a count of staff (UK junior rows), no post with an identity across versions
        k = relative(org, p.key)
        out[k] = {"name": p.name, "unit": relative(org, p.unit), "title": p.title, "headcount": p.headcount,
                  "superior": line.get(k), "number": p.number, "identifiers": p.identifiers}
    return out


def _lines(org: OrgFile) -> set[tuple[str, str, str]]:
    return {(relative(org, s.post), relative(org, s.superior), "joint line" if s.joint else s.kind)
            for s in org.supervision}


def diff(before: OrgFile, after: OrgFile) -> dict[str, Any]:
    """Every change from ``before`` to ``after`` (see the module's docstring), with counts."""
    ua, ub = _units(before), _units(after)
    pa, pb = _posts(before), _posts(after)
    changes: list[dict[str, Any]] = []

    def add(change: str, key: str, /, **fields: Any) -> None:
        # Positional-only: a reporting line's own field is called "kind".
        changes.append({"change": change, "key": key, **fields})

    for k, u in ub.items():
        if k not in ua:
            add("unit-added", k, name=u["name"], parent=u["parent"])
    for k, u in ua.items():
        if k not in ub:
            add("unit-removed", k, name=u["name"], parent=u["parent"])
    for k, x in ua.items():
        y = ub.get(k)
        if y is None:
            continue
        if x["name"] != y["name"]:
            add("unit-renamed", k, before=x["name"], after=y["name"])
        if x["parent"] != y["parent"]:
            add("unit-moved", k, name=y["name"], before=x["parent"], after=y["parent"])
        if x["identifiers"] != y["identifiers"]:
            add("identifiers", k, name=y["name"], before=x["identifiers"], after=y["identifiers"])

    moved: set[str] = set()
    for k, p in pb.items():
        if k not in pa:
            add("post-added", k, name=p["name"], unit=p["unit"], superior=p["superior"])
    for k, p in pa.items():
        if k not in pb:
            add("post-removed", k, name=p["name"], unit=p["unit"], superior=p["superior"])
    for k, x in pa.items():
        y = pb.get(k)
        if y is None:
            continue
        if x["unit"] != y["unit"] or x["superior"] != y["superior"]:
            moved.add(k)
            add("post-moved", k, name=y["name"], unit_before=x["unit"], unit_after=y["unit"],
                superior_before=x["superior"], superior_after=y["superior"])
        if x["name"] != y["name"]:
            add("post-retitled", k, before=x["name"], after=y["name"])
        if x["title"] != y["title"]:
            add("post-regraded", k, name=y["name"], before=x["title"], after=y["title"])
        if x["headcount"] != y["headcount"]:
            add("headcount", k, name=y["name"], before=x["headcount"], after=y["headcount"])
        if x["identifiers"] != y["identifiers"]:
            add("identifiers", k, name=y["name"], before=x["identifiers"], after=y["identifiers"])

    la, lb = _lines(before), _lines(after)
    both = pa.keys() & pb.keys()

    def reportable(edge: tuple[str, str, str]) -> bool:
        post, superior, kind = edge
        # Edges of added/removed posts come with the post; a moved post's line superior with its move.
        return post in both and superior in both and not (kind in ("line", "joint line") and post in moved)

    for post, superior, kind in sorted(e for e in lb - la if reportable(e)):
        add("reporting-added", post, superior=superior, kind=kind)
    for post, superior, kind in sorted(e for e in la - lb if reportable(e)):
        add("reporting-removed", post, superior=superior, kind=kind)

    for field in ORG_FIELDS:
        x, y = getattr(before.organisation, field), getattr(after.organisation, field)
        if x != y:
            add("organisation", field, before=x, after=y)

    counts = Counter(c["change"] for c in changes)
    return {
        "before": before.organisation.key, "after": after.organisation.key,
        "before_version": _version_label(before), "after_version": _version_label(after),
        "changes": changes,
        "counts": {k: counts[k] for k in KINDS if counts[k]},
        "totals": {"units_before": len(ua), "units_after": len(ub), "posts_before": len(pa),
                   "posts_after": len(pb)},
    }


def _version_label(org: OrgFile) -> str | None:
    """The day the structure is in force from (its earliest version); None when undated."""
    return min(v.valid_from for v in org.versions).isoformat() if org.versions else None


def describe(change: dict[str, Any]) -> str:
    """One line of text for one change.

    >>> describe({"change": "post-retitled", "key": "post/9", "before": "Head", "after": "Chief"})
    "post post/9 retitled: 'Head' -> 'Chief'"
    """
    c, k = change["change"], change["key"]
    if c in ("unit-added", "unit-removed"):
        return f"unit {k} {c.split('-')[1]}: {change['name']!r}" + (f" in {change['parent']}" if change["parent"] else "")
    if c == "unit-renamed":
        return f"unit {k} renamed: {change['before']!r} -> {change['after']!r}"
    if c == "unit-moved":
        return f"unit {k} moved: parent {change['before'] or '(organisation)'} -> {change['after'] or '(organisation)'}"
    if c in ("post-added", "post-removed"):
        return f"post {k} {c.split('-')[1]}: {change['name']!r}" + (f" in {change['unit']}" if change["unit"] else "")
    if c == "post-moved":
        parts = []
        if change["unit_before"] != change["unit_after"]:
            parts.append(f"unit {change['unit_before'] or '(organisation)'} -> {change['unit_after'] or '(organisation)'}")
        if change["superior_before"] != change["superior_after"]:
            parts.append(f"reports to {change['superior_before'] or '(none)'} -> {change['superior_after'] or '(none)'}")
        return f"post {k} moved ({change['name']!r}): " + "; ".join(parts)
    if c == "post-retitled":
        return f"post {k} retitled: {change['before']!r} -> {change['after']!r}"
    if c == "post-regraded":
        return f"post {k} regraded ({change['name']!r}): {change['before']} -> {change['after']}"
    if c == "headcount":
        return f"post {k} headcount ({change['name']!r}): {change['before']} -> {change['after']}"
    if c in ("reporting-added", "reporting-removed"):
        return f"reporting line {c.split('-')[1]}: {k} -> {change['superior']} ({change['kind']})"
    if c == "identifiers":
        show = lambda ids: ", ".join(f"{s}:{v}" for s, v in sorted(ids.items())) or "(none)"  # noqa: E731
        return f"{k} identifiers ({change['name']!r}): {show(change['before'])} -> {show(change['after'])}"
    if c == "organisation":
        return (f"organisation {k.replace('_', ' ')}: {'(none)' if change['before'] is None else change['before']} -> "
                f"{'(none)' if change['after'] is None else change['after']}")
    return f"{c} {k}"
