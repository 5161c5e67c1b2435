"""Acting for: who performs a post's duties when it is absent, and the reverse.

The rules, in order (the answer says which one gave it):

1. ``substitute``: the stated substitutes (SUBSTITUTES edges) in their order,
   skipping the absent ones and the post itself. A substitute the document
   names only vaguely (an ``Unresolved`` node, e.g. "one of the division's
   employees") stops the walk: the answer is that text, flagged unresolved,
   and nobody is guessed -- the document does name someone, we just cannot
   tell who.
2. ``line-superior``: when the stated order runs out (none stated, or all
   absent), the nearest present post up the line chain acts. This is the
   general rule of administrative practice that a superior answers for the
   unit's work; it is our fallback, not the document's statement.
3. ``none``: nobody present up to the root.

The reverse (:func:`stands_in_for`) lists the posts a post is a stated
substitute for, and the line subordinates with no stated substitute, for whom
rule 2 makes it the acting post.
"""

from __future__ import annotations

from typing import Any, Iterable

from graph.queries.chain import cut_cycle
from graph.errors import NotFound
from graph.queries import query

RULES = {
    "substitute": "stated substitute, in the document's order",
    "unresolved": "the stated substitute is named only vaguely; not resolved to a post",
    "line-superior": "fallback: nearest present line superior (no present stated substitute)",
    "none": "no stated substitute and no present line superior",
}


def acting_for(conn, post_key: str, absent: Iterable[str] = ()) -> dict[str, Any]:
    """Who acts for ``post_key`` when it and the posts ``absent`` (keys) are away.

    Returns ``{"post", "acting" (card or None), "rule", "rule_text", "order"
    (the substitute's place, for rule substitute), "also_eligible" (other present
    posts stated at the same place, e.g. either of two division heads),
    "unresolved" (text or None),
    "considered": [{step, rule, key/text, name, status}]}`` where ``status`` is
    ``chosen``, ``also eligible``, ``absent``, ``self`` or ``unresolved``.
    """
    away = set(absent) | {post_key}
    q = query("acting", "acting_inputs")

    view = conn.view()

    def work(tx):
        row = tx.run(q, key=post_key, **view).single()
        if row is None:
            raise NotFound(f"no post with key {post_key!r}")
        subs = row["subs"]
        line = cut_cycle([{**n, "depth": i} for i, n in enumerate(row["line"])])
        considered: list[dict] = []
        for s in subs:
            step = {"rule": "substitute", "order": s["order"], "key": s["key"], "name": s["name"] or s["text"]}
            if s["unresolved"]:
                considered.append({**step, "status": "unresolved"})
                return _answer(None, "unresolved", considered, unresolved=s["text"], order=s["order"])
            if s["key"] == post_key:
                considered.append({**step, "status": "self"})
                continue
            if s["key"] in away:
                considered.append({**step, "status": "absent"})
                continue
            # Several posts may share one place in the order ("the division head" of a department
            # with two divisions): the first present one answers, the others are named beside it.
            same = [t for t in subs if t["order"] == s["order"] and t is not s and not t["unresolved"]
                    and t["key"] not in away]
            considered.append({**step, "status": "chosen"})
            considered += [{"rule": "substitute", "order": t["order"], "key": t["key"], "name": t["name"],
                            "status": "also eligible"} for t in same]
            return _answer(_card(s), "substitute", considered, order=s["order"], also=[_card(t) for t in same])
        for r in line[1:]:
            step = {"rule": "line-superior", "order": r["depth"], "key": r["key"], "name": r["name"]}
            if r["key"] in away:
                considered.append({**step, "status": "absent"})
                continue
            considered.append({**step, "status": "chosen"})
            return _answer(_card(r), "line-superior", considered, order=r["depth"])
        return _answer(None, "none", considered)

    out = conn.execute_read(work)
    out["post"] = post_key
    out["absent"] = sorted(set(absent))
    return out


def _card(row: dict) -> dict:
    keys = ("key", "number", "name", "org", "unit", "unit_name", "title", "title_name", "headcount")
    return {k: row.get(k) for k in keys}


def _answer(card: dict | None, rule: str, considered: list[dict], unresolved: str | None = None,
            order: int | None = None, also: list[dict] | None = None) -> dict[str, Any]:
    return {"acting": card, "rule": rule, "rule_text": RULES[rule], "order": order, "also_eligible": also or [],
            "unresolved": unresolved, "considered": considered}


def stands_in_for(conn, post_key: str) -> list[dict]:
    """Whom ``post_key`` acts for: stated principals (rule ``substitute``, with the
    order it holds) then line subordinates with no stated substitute (rule ``line-superior``)."""

    def work(tx):
        gens = conn.gens_in(tx)
        stated = [{**r.data(), "rule": "substitute"}
                  for r in tx.run(query("acting", "stands_in_for"), key=post_key, gens=gens, org=None)]
        fallback = [{**r.data(), "rule": "line-superior", "order": None, "basis": None}
                    for r in tx.run(query("acting", "fallback_for"), key=post_key, gens=gens, org=None)]
        return stated + fallback

    return conn.execute_read(work)
