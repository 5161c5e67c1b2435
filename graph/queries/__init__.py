"""Named Cypher queries kept in ``.cypher`` files, one file per theme (after aiosql).

A file holds queries in this form::

    -- name: chain
    -- The line superiors of a post, up to the root.
    MATCH ...

``-- name:`` starts a query; the ``--`` lines right after it are its
documentation; the rest, up to the next ``-- name:``, is the query text.
Queries take parameters (``$key``), never text pasted into them.

>>> q = parse("-- name: one\\n-- Returns one.\\nRETURN 1 AS x;\\n")
>>> q["one"].doc, q["one"].text
('Returns one.', 'RETURN 1 AS x')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
_NAME = re.compile(r"^--\s*name:\s*([\w-]+)\s*$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    doc: str
    text: str


def parse(source: str) -> dict[str, NamedQuery]:
    queries: dict[str, NamedQuery] = {}
    name, doc, body, in_doc = None, [], [], False

    def flush():
        if name:
            queries[name] = NamedQuery(name, " ".join(doc).strip(), "\n".join(body).strip().rstrip(";").strip())

    for line in source.splitlines():
        m = _NAME.match(line.strip())
        if m:
            flush()
            name, doc, body, in_doc = m.group(1), [], [], True
            continue
        if in_doc and line.strip().startswith("--"):
            doc.append(line.strip()[2:].strip())
            continue
        in_doc = False
        if name and not line.strip().startswith("--"):
            body.append(line)
    flush()
    return queries


@lru_cache(maxsize=None)
def load_queries(theme: str) -> dict[str, NamedQuery]:
    """The named queries of ``graph/queries/<theme>.cypher``."""
    return parse((HERE / f"{theme}.cypher").read_text(encoding="utf-8"))


def query(theme: str, name: str) -> str:
    """The text of one named query."""
    return load_queries(theme)[name].text
