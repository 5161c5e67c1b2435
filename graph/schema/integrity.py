"""Referential integrity of an org model: what must hold before anything is written.

Problems come back as ``(location, message)`` where ``location`` is the path
into the org file (``("posts", 3, "unit")``), so a reader can name the line.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from graph.schema.model import OrgFile

Location = tuple


def foreign_key(org: str, key: str) -> str | None:
    """Why ``key`` cannot belong to organisation ``org`` (None: it can).

    Keys of units, posts and activities are the organisation's key, ``/`` and a local part
    (``my-body/post/1``), so no load can take over, or wire itself into, another organisation.

    >>> foreign_key("my-body", "my-body/post/1") is None
    True
    >>> foreign_key("my-body", "my-body")
    "key 'my-body' is the organisation's own key; a unit, post or activity needs 'my-body/' and a name of its own"
    >>> foreign_key("b", "a/post/2")
    "key 'a/post/2' does not belong to organisation 'b' (keys of its units, posts and activities start with 'b/')"
    """
    if key == org:
        return (f"key {key!r} is the organisation's own key; a unit, post or activity needs "
                f"{org + '/'!r} and a name of its own")
    if not key.startswith(org + "/") or key == org + "/":
        return (f"key {key!r} does not belong to organisation {org!r} "
                f"(keys of its units, posts and activities start with {org + '/'!r})")
    return None


def problems(org: OrgFile) -> Iterator[tuple[Location, str]]:
    """Yield every integrity problem: duplicate keys and dangling references.

    >>> from graph.schema.model import Organisation, Post
    >>> org = OrgFile(organisation=Organisation(key="x", name="X"),
    ...               posts=[Post(key="x/post/1", name="A", unit="x/9")])
    >>> list(problems(org))
    [(('posts', 0, 'unit'), "post 'x/post/1' is in unit 'x/9', which does not exist")]
    """
    o = org.organisation
    for field in ("part_of", "reports_to"):
        if getattr(o, field) == o.key:
            yield ("organisation", field), f"organisation {o.key!r} cannot be {field.replace('_', ' ')} itself"
    seen: dict[str, tuple] = {}
    kinds = (("units", org.units), ("posts", org.posts), ("activities", org.activities))
    own = org.organisation.key
    for section, items in kinds:
        for i, item in enumerate(items):
            if wrong := foreign_key(own, item.key):
                yield (section, i, "key"), wrong
            elif item.key in seen:
                first = seen[item.key]
                yield (section, i, "key"), (f"two entries have the key {item.key!r} "
                                            f"(the first is {first[0]}[{first[1]}])")
            else:
                seen[item.key] = (section, i)
    units = {u.key for u in org.units}
    posts = {p.key for p in org.posts}
    title_keys = {t.key for t in org.titles}
    dup_titles = [k for k, n in Counter(t.key for t in org.titles).items() if n > 1]
    for i, t in enumerate(org.titles):
        if t.key in dup_titles:
            yield ("titles", i, "key"), f"title {t.key!r} is listed twice"
            dup_titles.remove(t.key)
    for i, u in enumerate(org.units):
        if u.parent is not None and u.parent not in units:
            yield ("units", i, "parent"), f"unit {u.key!r} has parent {u.parent!r}, which does not exist"
    for i, p in enumerate(org.posts):
        if p.unit is not None and p.unit not in units:
            yield ("posts", i, "unit"), f"post {p.key!r} is in unit {p.unit!r}, which does not exist"
        if p.heads is not None and p.heads not in units:
            yield ("posts", i, "heads"), f"post {p.key!r} heads unit {p.heads!r}, which does not exist"
        if p.title is not None and title_keys and p.title not in title_keys:
            yield ("posts", i, "title"), f"post {p.key!r} has title {p.title!r}, which is not in titles"
    for i, s in enumerate(org.supervision):
        for field in ("post", "superior"):
            ref = getattr(s, field)
            if ref not in posts:
                yield ("supervision", i, field), f"supervision edge names post {ref!r}, which does not exist"
    for i, s in enumerate(org.substitution):
        if s.principal not in posts:
            yield ("substitution", i, "principal"), f"substitution names post {s.principal!r}, which does not exist"
        if s.substitute is not None and s.substitute not in posts:
            yield ("substitution", i, "substitute"), f"substitution names post {s.substitute!r}, which does not exist"
        if s.substitute is None and not s.substitute_text:
            yield ("substitution", i), "a substitution needs a substitute (post key) or substitute_text"
    for i, h in enumerate(org.holders):
        if h.post not in posts:
            yield ("holders", i, "post"), f"holder of post {h.post!r}, which does not exist"
        if h.valid_from and h.valid_to and h.valid_to < h.valid_from:
            yield ("holders", i, "valid_to"), f"holder of post {h.post!r} leaves before arriving"
        if h.fte < 0:
            yield ("holders", i, "fte"), f"holder of post {h.post!r} has a negative FTE"
    actors = units | posts
    for i, a in enumerate(org.activities):
        for field in ("responsible", "approvers"):
            for j, ref in enumerate(getattr(a, field)):
                if ref not in actors:
                    yield ("activities", i, field, j), f"activity {a.key!r} names {ref!r}, which is no post or unit"


def source_of(org: OrgFile, location: Location):
    """The provenance (document and line) of the item a problem's location points into, if known.

    >>> from graph.schema.model import Organisation, Post, Provenance, Supervision
    >>> org = OrgFile(organisation=Organisation(key="x", name="X"), posts=[Post(key="x/post/1", name="A")],
    ...               supervision=[Supervision(post="x/post/1", superior="x/post/9",
    ...                                        provenance=Provenance(document="x-senior.csv", line=7))])
    >>> loc, _ = next(problems(org)); source_of(org, loc).line
    7
    """
    try:
        item = getattr(org, location[0])[location[1]]
    except (AttributeError, IndexError, TypeError, KeyError):
        return None
    return getattr(item, "provenance", None)
