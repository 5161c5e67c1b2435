"""Popolo JSON (https://www.popoloproject.com/specs/): organizations, posts, memberships.

The body and its units are ``organizations`` (units with ``parent_id``, their kind as
``classification``); posts are ``posts`` in their unit, with the title as ``role``. Holders are
``memberships`` of the post (``post_id``, dates, the FTE as ``label``) and, when the model has their
name, ``persons`` (an export leaves names out unless asked: then memberships have no ``person_id``).
External identifiers of the body and its units are in their ``identifiers`` (Popolo's posts have
none); the organisation the body is part of is its ``parent_id``. Popolo has no reporting lines nor
versions: use W3C ORG (ttl, jsonld) or the workbook for those.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.schema.model import OrgFile


def _sources(item) -> list[dict[str, str]]:
    p = item.provenance
    if p is None:
        return []
    return [{"url": p.document, **({"note": f"line {p.line}"} if p.line is not None else {})}]


def _ids(key: str, identifiers: dict[str, str]) -> list[dict[str, str]]:
    return [{"scheme": "orgraph", "identifier": key}] + [{"scheme": k, "identifier": v}
                                                          for k, v in identifiers.items()]


def to_popolo(org: OrgFile) -> dict[str, Any]:
    """Plain data in Popolo's shape.

    >>> from graph.schema.model import Organisation, Post
    >>> d = to_popolo(OrgFile(organisation=Organisation(key="d", name="Demo"),
    ...                       posts=[Post(key="d/post/1", name="Director")]))
    >>> d["posts"][0]["organization_id"], d["memberships"]
    ('d', [])
    >>> from graph.schema.model import Holder
    >>> d = to_popolo(OrgFile(organisation=Organisation(key="d", name="Demo"),
    ...                       posts=[Post(key="d/post/1", name="Director")],
    ...                       holders=[Holder(post="d/post/1", name="Ana", fte=0.5, valid_from="2020-01-01")]))
    >>> d["persons"], d["memberships"][0]["start_date"], d["memberships"][0]["label"]
    ([{'id': 'd/person/1', 'name': 'Ana'}], '2020-01-01', 'FTE 0.5')
    """
    titles = {t.key: t.name for t in org.titles}
    o = org.organisation
    # The organisation this one is part of is its Popolo parent (which contains it).
    orgs = [{"id": o.key, "name": o.name, "identifiers": _ids(o.key, o.identifiers),
             **({"classification": o.kind} if o.kind else {}), **({"parent_id": o.part_of} if o.part_of else {}),
             "sources": _sources(o)}]
    for u in org.units:
        orgs.append({"id": u.key, "name": u.name, "identifiers": _ids(u.key, u.identifiers), "classification": u.kind,
                     "parent_id": u.parent or o.key, "sources": _sources(u)})
    posts = []
    for p in org.posts:
        post: dict[str, Any] = {"id": p.key, "label": p.name, "organization_id": p.unit or o.key}
        role = p.title_as_written or titles.get(p.title or "") or p.title
        if role:
            post["role"] = role
        if p.number:
            post["other_label"] = [p.number]
        post["sources"] = _sources(p)
        posts.append(post)
    units_of = {p.key: p.unit or o.key for p in org.posts}
    persons, memberships = [], []
    for i, h in enumerate(org.holders, 1):
        m: dict[str, Any] = {"id": f"{o.key}/membership/{i}", "post_id": h.post,
                             "organization_id": units_of.get(h.post, o.key), "label": f"FTE {h.fte:g}"}
        if h.name:
            persons.append({"id": f"{o.key}/person/{i}", "name": h.name})
            m["person_id"] = persons[-1]["id"]
        if h.valid_from:
            m["start_date"] = h.valid_from.isoformat()
        if h.valid_to:
            m["end_date"] = h.valid_to.isoformat()
        if h.provenance:
            m["sources"] = _sources(h)
        memberships.append(m)
    return {"organizations": orgs, "posts": posts, "memberships": memberships,
            **({"persons": persons} if persons else {})}


def write_popolo(org: OrgFile, path: str | Path, findings: list | None = None) -> None:
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(to_popolo(org), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
