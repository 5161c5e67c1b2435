"""A post's card: what the web view shows when a post is chosen.

Built from the library's own queries (:func:`graph.queries.chain.chain`,
:func:`graph.queries.acting.acting_for` and ``stands_in_for``) plus the
organisation's cached chart data for report counts, findings and provenance.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterable

CONTEXT_LINES = 3
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="orgraph-card")


def excerpt(document: str | None, line: int | None, folders: Iterable[Path],
            context: int = CONTEXT_LINES) -> dict[str, Any] | None:
    """The lines of ``document`` around ``line``, when a file of that name is in one of ``folders``.

    Only the document's own name is looked up (never a path it carries), so a provenance
    such as ``../../etc/passwd`` cannot reach outside the folders.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "doc.txt").write_text("a\\nb\\nc\\nd\\n", encoding="utf-8")
    >>> excerpt("doc.txt", 2, [d], context=1)["lines"]
    [{'line': 1, 'text': 'a'}, {'line': 2, 'text': 'b'}, {'line': 3, 'text': 'c'}]
    >>> excerpt("../doc.txt", 2, [d / "x"]) is None, excerpt(None, 2, [d]) is None
    (True, True)
    """
    if not document or not line:
        return None
    name = Path(document).name
    if name in ("", ".", ".."):
        return None
    for folder in folders:
        path = Path(folder) / name
        if path.is_file():
            lines = []
            with path.open(encoding="utf-8", errors="replace") as fh:
                for i, text in enumerate(fh, 1):
                    if i > line + context:
                        break
                    if i >= line - context:
                        lines.append((i, text.rstrip("\r\n")))
            return {"file": name, "lines": [{"line": i, "text": t} for i, t in lines]}
    return None


def post_card(conn, view, key: str, absent: Iterable[str] = (), folders: Iterable[Path] = ()) -> dict[str, Any]:
    """The card of post ``key`` of the organisation ``view`` (a :class:`viz.web.cache.OrgView`)."""
    from graph.queries import acting, chain

    i = view.index[key]
    posts = view.data["posts"]
    # Three independent reads, each its own managed transaction: run side by side, the card
    # waits for the slowest instead of the sum.
    f_chain = _POOL.submit(chain.chain, conn, key)
    f_acting = _POOL.submit(acting.acting_for, conn, key, absent=list(absent))
    stands = acting.stands_in_for(conn, key)
    rows, acting_now = f_chain.result(), f_acting.result()
    doc_ix = posts["doc"][i]
    document = view.data["docs"][doc_ix] if doc_ix >= 0 else None
    line = posts["line"][i]
    mark = view.data["findings"]["post"].get(str(i))
    card = rows[0] if rows else {"key": key, "name": posts["name"][i]}
    return {
        "post": {k: card.get(k) for k in ("key", "number", "name", "org", "unit", "unit_name", "title_name",
                                          "headcount")},
        "chain": [{k: r.get(k) for k in ("depth", "key", "number", "name", "unit_name", "root")} for r in rows],
        "complete": bool(rows) and bool(rows[-1].get("root")),
        "reports": view.reports(i),
        "acting": acting_now,
        "stands_in_for": [{k: r.get(k) for k in ("rule", "order", "key", "number", "name", "unit_name")}
                          for r in stands],
        "findings": mark[1] if mark else [],
        "provenance": {"document": document, "line": line,
                       "excerpt": excerpt(document, line, folders)},
    }
