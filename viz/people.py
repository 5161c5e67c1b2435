"""Who holds each post, as a line for its box (``orgraph chart --holders``).

On the day given (default today): the names of the holders in office, or their FTE when names are
left out (``--no-names``: names are personal data), and what is vacant. Posts with no holder and
no vacancy to show (unknown headcount, a count of staff) get no line.

>>> from graph.schema.model import Holder, Organisation, OrgFile, Post
>>> org = OrgFile(organisation=Organisation(key="x", name="X"),
...               posts=[Post(key="x/post/1", name="Head"), Post(key="x/post/2", name="Clerk", headcount=3)],
...               holders=[Holder(post="x/post/1", name="Ана Анић"), Holder(post="x/post/2", fte=0.5)])
>>> holder_lines(org)
{'x/post/1': 'Ана Анић', 'x/post/2': '(name not disclosed) · vacant 2.5'}
>>> holder_lines(org, names=False)
{'x/post/1': 'held 1', 'x/post/2': 'held 0.5 · vacant 2.5'}
"""

from __future__ import annotations

from datetime import date

from graph.analysis.vacancies import vacancies
from graph.schema.model import OrgFile
from graph.text.numbers import show


def holder_lines(org: OrgFile, day: date | None = None, names: bool = True) -> dict[str, str]:
    """Post key -> the line its box shows (see the module docstring)."""
    out: dict[str, str] = {}
    for row in vacancies(org, day, names=names)["posts"]:
        parts = []
        if names and row["holders"]:
            parts.append(", ".join(n if n != "(not disclosed)" else "(name not disclosed)" for n in row["holders"]))
        elif row["held"]:
            parts.append(f"held {show(row['held'])}")
        if row["vacancies"]:
            parts.append(f"vacant {show(row['vacancies'])}")
        if parts:
            out[row["key"]] = " · ".join(parts)
    return out
