"""Holders from a UK return's name column: one per senior row, except placeholders.

"Vacant" and "Eliminated" rows have no holder. A vacant row's FTE is a vacancy; an eliminated
row's FTE is no longer part of the establishment: it is recorded on the post as
``eliminated_fte`` (graph/analysis/vacancies.py takes it off the headcount), as the loader adds an
eliminated row sharing a reference to the post's headcount. "N/D", blanks and the like are a
holder whose name is not disclosed. A job share's rows are one holder each, with that row's FTE.
"""

from __future__ import annotations

from graph.schema.model import Holder, Post
from graph.text.names import fold

# Holder names that say the post has no (disclosed) holder; value: the post's holder_status.
PLACEHOLDERS = {
    "vacant": "vacant", "vacancy": "vacant", "eliminated": "eliminated", "deleted": "eliminated",
    "n/d": "not-disclosed", "nd": "not-disclosed", "n d": "not-disclosed", "not disclosed": "not-disclosed",
    "withheld": "not-disclosed", "no name": "not-disclosed", "na": "not-disclosed", "n/a": "not-disclosed",
    "": "blank",
}
# Statuses that mean nobody holds the post.
NOBODY = ("vacant", "eliminated")


def status(name: str) -> str:
    """What a name cell says: ``named`` (a person), or one of the PLACEHOLDERS' statuses.

    >>> status("Jane Smith"), status("'Vacant'"), status("N/D"), status("")
    ('named', 'vacant', 'not-disclosed', 'blank')
    """
    return PLACEHOLDERS.get(fold(name.strip("'").strip()), "named")


def holders(posts: list[Post]) -> list[Holder]:
    """One holder per senior row that names one (a person, or someone not disclosed)."""
    out = []
    for p in posts:
        names = p.attributes.get("holders")
        if not names:
            continue
        ftes = p.attributes.get("fte_shares") or [p.headcount]
        for name, fte in zip(names, ftes):
            said = status(str(name))
            if said == "eliminated":
                # The builder's post, still being built: the one place this fact can go.
                p.attributes["eliminated_fte"] = p.attributes.get("eliminated_fte", 0) + (fte or 0)
            if said in NOBODY:
                continue
            out.append(Holder(post=p.key, name=name if said == "named" else None,
                              fte=1 if fte is None else fte, provenance=p.provenance))
    return out
