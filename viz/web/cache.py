"""Organisations read once per load: the model, its checks and its chart data.

Reading a 100k-post organisation back and checking it takes seconds; a card
must answer in milliseconds. The server keeps one :class:`OrgView` per
organisation and re-reads it when the organisation's node changes (a reload
writes a new one), which a single indexed lookup tells.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from graph.errors import NotFound

SEVERITIES = ("error", "warning", "info")
FINGERPRINT = ("MATCH (o:Organisation {key: $org}) "
               "RETURN elementId(o) AS id, properties(o) AS p")


class OrgView:
    """One organisation as the web view uses it."""

    def __init__(self, model, findings: list):
        from viz.web.data import chart_data

        self.model = model
        self.findings = findings
        self.data = chart_data(model, findings)
        self.index = {k: i for i, k in enumerate(self.data["posts"]["key"])}
        parent = self.data["posts"]["parent"]
        heads = self.data["posts"]["headcount"]
        n = len(parent)
        self.direct = [0] * n
        self.direct_people = [0.0] * n
        for i, p in enumerate(parent):
            if p >= 0:
                self.direct[p] += 1
                self.direct_people[p] += heads[i] or 0
        # Totals bottom-up: children before parents, by depth.
        depth = [0] * n
        order = sorted(range(n), key=lambda i: _depth(parent, i, depth))
        self.total = [0] * n
        self.total_people = [0.0] * n
        for i in reversed(order):
            p = parent[i]
            if p >= 0:
                self.total[p] += 1 + self.total[i]
                self.total_people[p] += (heads[i] or 0) + self.total_people[i]
        self.severities = dict(Counter(str(getattr(f, "severity", "info")) for f in findings))
        self._json: bytes | None = None
        self._people: dict[bool, dict[str, str]] = {}

    def people(self, names: bool) -> dict[str, str]:
        """Post key -> who holds it and what is vacant today (viz/people.py), made on first use."""
        if names not in self._people:
            from viz.people import holder_lines

            self._people[names] = holder_lines(self.model, names=names)
        return self._people[names]

    @property
    def chart_json(self) -> bytes:
        """The chart data as JSON, serialised once (100k posts: a few MB)."""
        if self._json is None:
            import json

            from viz.web.data import packed

            self._json = json.dumps(packed(self.data), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self._json

    def reports(self, i: int) -> dict[str, Any]:
        return {"direct": self.direct[i], "total": self.total[i],
                "direct_people": _num(self.direct_people[i]), "total_people": _num(self.total_people[i])}


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _depth(parent: list[int], i: int, memo: list[int]) -> int:
    # memo holds depth + 1 once known (0 = unknown); the parents form a forest (data.py breaks cycles).
    path = []
    while i >= 0 and memo[i] == 0:
        path.append(i)
        i = parent[i]
    d = memo[i] if i >= 0 else 0
    for j in reversed(path):
        d += 1
        memo[j] = d
    return memo[path[0]] if path else d


class Views:
    """The cache: ``get(conn, org_key)`` returns a current :class:`OrgView`."""

    def __init__(self):
        self._lock = threading.Lock()
        self._views: dict[str, tuple[Any, OrgView]] = {}
        self._building: dict[str, threading.Lock] = {}

    def fingerprint(self, conn, org: str):
        rows = conn.read(FINGERPRINT, org=org)
        if not rows:
            raise NotFound(f"no organisation {org!r} is loaded")
        return rows[0]["id"], repr(sorted(rows[0]["p"].items()))

    def get(self, conn, org: str, check: bool = True) -> OrgView:
        """The view of ``org``; ``check=False`` trusts a cached view without asking the database."""
        cached = self._views.get(org)
        if cached and not check:
            return cached[1]
        fp = self.fingerprint(conn, org)
        if cached and cached[0] == fp:
            return cached[1]
        with self._lock:
            lock = self._building.setdefault(org, threading.Lock())
        with lock:  # one reader per organisation; the others wait for its result
            cached = self._views.get(org)
            if cached and cached[0] == fp:
                return cached[1]
            view = build_view(conn, org)
            self._views[org] = (fp, view)
            return view


def build_view(conn, org: str) -> OrgView:
    from graph.checks import run_checks
    from graph.store.reader import read_org

    model = read_org(conn, org)
    return OrgView(model, list(run_checks(model)))
