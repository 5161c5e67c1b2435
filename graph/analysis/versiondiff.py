"""What changed between two stored versions of one organisation, findings included.

``orgraph diff ORG [V1] [V2]``: versions are named by a day (``YYYY-MM-DD``, as ``orgraph versions
ORG`` lists them); a day names the version in force then. Without V2 the current version is
compared; without V1 too, the version before the current one. Both sides are read back from the
store (:func:`graph.store.reader.read_version`), diffed with :func:`graph.analysis.diff.diff`, and
checked: a finding that appears only on one side is reported as appeared or gone, matched by rule
and subjects (relative keys, so ``kite/post/9`` in one version is ``post/9`` in both).
"""

from __future__ import annotations

from typing import Any

from graph.analysis.diff import diff, relative
from graph.errors import InputError
from graph.schema.model import OrgFile


def _finding_set(org: OrgFile) -> dict[tuple, dict[str, Any]]:
    """The findings of ``org`` keyed by (rule, relative subjects)."""
    from graph.checks import run_checks

    out: dict[tuple, dict[str, Any]] = {}
    for f in run_checks(org):
        subjects = tuple(relative(org, s) for s in f.subjects)
        out.setdefault((f.rule, subjects), {"rule": f.rule, "severity": f.severity, "subjects": list(subjects),
                                            "message": f.message})
    return out


def findings_diff(before: OrgFile, after: OrgFile) -> dict[str, list[dict[str, Any]]]:
    """Findings that appeared in ``after`` and those that went away from ``before``.

    >>> from graph.schema.model import Organisation, OrgFile, Post, Supervision
    >>> a = OrgFile(organisation=Organisation(key="d", name="D"),
    ...     posts=[Post(key="d/post/1", name="Head"), Post(key="d/post/2", name="Clerk"),
    ...            Post(key="d/post/3", name="Typist")],
    ...     supervision=[Supervision(post="d/post/2", superior="d/post/1")])
    >>> b = a.model_copy(update={"supervision": [*a.supervision, Supervision(post="d/post/3", superior="d/post/1")]})
    >>> [(f["rule"], f["subjects"]) for f in findings_diff(a, b)["gone"] if f["rule"] == "no-superior"]
    [('no-superior', ['post/3'])]
    """
    fa, fb = _finding_set(before), _finding_set(after)
    return {"appeared": [fb[k] for k in fb if k not in fa], "gone": [fa[k] for k in fa if k not in fb]}


def pick(rows: list[dict[str, Any]], v1: str | None, v2: str | None) -> tuple[str | None, str | None]:
    """The two days to compare: given ones as they are; V2 default the current version, V1
    default the version before it (the listing's order). None stands for the live version.

    >>> rows = [{"valid_from": "2019-02-11", "live": False}, {"valid_from": "2022-03-01", "live": True}]
    >>> pick(rows, None, None)
    ('2019-02-11', '2022-03-01')
    >>> pick(rows, "2020-01-01", None)
    ('2020-01-01', '2022-03-01')
    """
    live = [i for i, r in enumerate(rows) if r["live"]]
    current = live[-1] if live else len(rows) - 1
    if v2 is None:
        v2 = rows[current]["valid_from"] if rows else None
    if v1 is None:
        if current < 1:
            raise InputError("it has one version only; `orgraph versions ORG` lists them, "
                             "`orgraph diff FILE1 FILE2` compares a draft")
        v1 = rows[current - 1]["valid_from"]
    return v1, v2


def in_force(rows: list[dict[str, Any]], day: str | None) -> dict[str, Any] | None:
    """The version (a listing row) in force on ``day``: the latest starting on or before it."""
    if day is None:
        live = [r for r in rows if r["live"]]
        return live[-1] if live else None
    dated = [r for r in rows if r["valid_from"] and r["valid_from"] <= day]
    return dated[-1] if dated else None


def versions_diff(conn, org: str, v1: str | None = None, v2: str | None = None,
                  findings: bool = True) -> dict[str, Any]:
    """The diff of two stored versions of ``org`` (see the module docstring), with the versions
    compared (their first day, document and number), findings appeared and gone, and a note
    when both days fall in one stored structure (a consolidated text's amendments)."""
    return compare_versions(conn, org, v1, v2, findings)[2]


def compare_versions(conn, org: str, v1: str | None = None, v2: str | None = None,
                     findings: bool = True) -> tuple[OrgFile, OrgFile, dict[str, Any]]:
    """The two versions read back and their diff (:func:`versions_diff`): what a chart of the
    changes needs."""
    from graph.store.reader import read_version
    from graph.store.versions import list_versions, parse_day, resolve

    rows = list_versions(conn, org)
    if not rows and conn.gen(org) is None:
        from graph.errors import NotFound

        raise NotFound(f"organisation {org!r} is not loaded; `orgraph orgs` lists what is")
    for v, what in ((v1, "V1"), (v2, "V2")):
        if v is not None:
            parse_day(v, what)
    try:
        d1, d2 = pick(rows, v1, v2)
    except InputError as exc:
        raise InputError(f"{org!r}: {exc.args[0]}") from None
    g1, g2 = resolve(conn, org, d1), resolve(conn, org, d2)
    before = read_version(conn, org, d1)
    after = before if g1 == g2 else read_version(conn, org, d2)
    result = diff(before, after)
    r1, r2 = in_force(rows, d1), in_force(rows, d2)
    for side, row in (("before", r1), ("after", r2)):
        if row is not None:
            result[side + "_version"] = row["valid_from"]
            result[side + "_document"] = {k: row[k] for k in ("document", "number", "issued") if row.get(k)}
    if g1 == g2:
        note = (r2 or {}).get("note") or ""
        result["note"] = "no structural change: both versions stand for one stored structure" + (
            f" ({note})" if note else "")
    if findings:
        # Kept apart from "changes": a finding is a consequence of the structure, not a change to it.
        result["findings"] = {"appeared": [], "gone": []} if g1 == g2 else findings_diff(before, after)
    return before, after, result
