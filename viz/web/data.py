"""An org model as the compact arrays the browser chart draws.

Columns, not objects: one list per field, posts and units referred to by
their index, so 100k posts make a few MB of JSON that the browser reads
in tens of milliseconds. Each post's ``parent`` is its first line superior
(the tree); other supervision edges travel in ``extra`` and substitutions
in ``subs``, drawn on demand.

>>> from graph.schema.model import OrgFile, Organisation, Post, Supervision, Unit
>>> org = OrgFile(organisation=Organisation(key="d", name="Демо"),
...     units=[Unit(key="d/1", number="1", name="Сектор")],
...     posts=[Post(key="d/post/1", number="1", name="Директор"),
...            Post(key="d/post/2", number="2", name="Шеф", unit="d/1", heads="d/1")],
...     supervision=[Supervision(post="d/post/2", superior="d/post/1")])
>>> data = chart_data(org, findings=[{"severity": "error", "subjects": ["d/post/2"], "message": "x"}])
>>> data["posts"]["parent"], data["units"]["head"], data["findings"]["post"]
([-1, 0], [1], {'1': [3, ['error: x']]})
>>> chart_data(org, folded=True)["posts"]["folded"]
['direktor', 'sef']
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable

from graph.schema.model import OrgFile
from graph.text.names import fold

SEVERITY_CODE = {"info": 1, "warning": 2, "error": 3}
MESSAGES_PER_NODE = 8  # a card lists a few; the check report has them all


def _get(finding: Any, name: str, default: Any = None) -> Any:
    return finding.get(name, default) if isinstance(finding, dict) else getattr(finding, name, default)


def fold_table() -> dict[str, str]:
    """The library's folding of every non-ASCII letter it changes, for the browser's search box.

    >>> fold_table()["Ш"], fold_table()["đ"]
    ('s', 'dj')
    """
    letters = [chr(c) for c in range(0x400, 0x460)] + list("ђјљњћџЂЈЉЊЋЏčćšžđČĆŠŽĐ")
    return {ch: fold(ch) for ch in letters if fold(ch) != ch}


def _marks(findings: Iterable[Any], index: dict[str, int]) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in findings:
        sev = str(_get(f, "severity", "info"))
        msg = f"{sev}: {_get(f, 'message', '')}"
        for key in dict.fromkeys(_get(f, "subjects") or []):
            i = index.get(key)
            if i is None:
                continue
            mark = out.setdefault(str(i), [0, []])
            mark[0] = max(mark[0], SEVERITY_CODE.get(sev, 1))
            if len(mark[1]) < MESSAGES_PER_NODE:
                mark[1].append(msg)
    return out


def chart_data(org: OrgFile, findings: Iterable[Any] | None = None, folded: bool = False) -> dict[str, Any]:
    """The chart's data for ``org``; ``findings`` (from the checks) mark posts and units;
    ``folded`` adds each post's folded name and the folding table, for a search with no server."""
    findings = list(findings or [])
    units = org.units
    posts = org.posts
    ui = {u.key: i for i, u in enumerate(units)}
    pi = {p.key: i for i, p in enumerate(posts)}
    titles: dict[str, int] = {}
    title_names = {t.key: t.name for t in org.titles}
    docs: dict[str, int] = {}

    def title_ix(key: str | None) -> int:
        if not key:
            return -1
        return titles.setdefault(title_names.get(key, key), len(titles))

    def doc_ix(prov) -> int:
        if prov is None:
            return -1
        return docs.setdefault(prov.document, len(docs))

    parent = [-1] * len(posts)
    extra: list[list] = []
    for s in org.supervision:
        a, b = pi.get(s.post), pi.get(s.superior)
        if a is None or b is None:
            continue
        if s.kind == "line" and parent[a] == -1 and a != b:
            parent[a] = b
        else:
            extra.append([a, b, s.kind])
    _break_cycles(parent)
    heads = [-1] * len(units)
    for i, p in enumerate(posts):
        if p.heads in ui and heads[ui[p.heads]] == -1:
            heads[ui[p.heads]] = i
    subs = [[pi.get(s.principal, -1), pi.get(s.substitute, -1) if s.substitute else -1, s.order,
             s.substitute_text] for s in org.substitution if s.principal in pi]
    o = org.organisation
    data = {
        "org": {"key": o.key, "name": o.name, "kind": o.kind,
                "snapshot": o.snapshot.isoformat() if o.snapshot else None},
        "posts": {
            "key": [p.key for p in posts],
            "number": [p.number for p in posts],
            "name": [p.name for p in posts],
            "unit": [ui.get(p.unit, -1) for p in posts],
            "parent": parent,
            "headcount": [p.headcount for p in posts],
            "title": [title_ix(p.title) for p in posts],
            "doc": [doc_ix(p.provenance) for p in posts],
            "line": [p.provenance.line if p.provenance else None for p in posts],
        },
        "units": {
            "key": [u.key for u in units],
            "number": [u.number for u in units],
            "name": [u.name for u in units],
            "parent": [ui.get(u.parent, -1) for u in units],
            "head": heads,
        },
        "titles": list(titles),
        "docs": list(docs),
        "extra": extra,
        "subs": subs,
        "findings": {"post": _marks(findings, pi), "unit": _marks(findings, ui)},
    }
    _break_cycles(data["units"]["parent"])
    if folded:
        data["posts"]["folded"] = [fold(p.name) for p in posts]
        data["fold"] = fold_table()
    return data


def packed(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` for the wire: names as indexes into their distinct values, keys without their common
    prefix (100k posts share a few hundred names and one key prefix: 9 MB of JSON becomes 2).

    >>> p = packed({"posts": {"key": ["o/post/1", "o/post/2"], "name": ["A", "A"]},
    ...             "units": {"key": ["o/1"], "name": ["U"]}})
    >>> p["posts"]["key"], p["posts"]["name"]
    ({'$prefix': 'o/post/', 'rest': ['1', '2']}, {'$dict': ['A'], 'ix': [0, 0]})
    """
    out = dict(data)
    for section in ("posts", "units"):
        cols = dict(data[section])
        keys = cols["key"]
        prefix = os.path.commonprefix(keys) if keys else ""
        cols["key"] = {"$prefix": prefix, "rest": [k[len(prefix):] for k in keys]}
        distinct: dict[str, int] = {}
        cols["name"] = {"ix": [distinct.setdefault(n, len(distinct)) for n in cols["name"]]}
        cols["name"] = {"$dict": list(distinct), **cols["name"]}
        out[section] = cols
    return out


def _break_cycles(parent: list[int]) -> None:
    """Make ``parent`` a forest: a post on a supervision cycle becomes a root of its own tree."""
    state = [0] * len(parent)  # 0 new, 1 on the current walk, 2 done
    for start in range(len(parent)):
        walk, i = [], start
        while i != -1 and state[i] == 0:
            state[i] = 1
            walk.append(i)
            i = parent[i]
        if i != -1 and state[i] == 1:
            parent[i] = -1
        for j in walk:
            state[j] = 2


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` element: no ``</script>``, no ``<!--``.

    >>> script_json({"name": "</script><script>alert(1)</script>"})
    '{"name":"\\\\u003c/script>\\\\u003cscript>alert(1)\\\\u003c/script>"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
