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

# Statuses (graph/loaders/uk/build.py PLACEHOLDERS) that mean nobody holds the post.
NOBODY = ("vacant", "eliminated")


def holders(posts: list[Post]) -> list[Holder]:
    from graph.loaders.uk.build import PLACEHOLDERS

    out = []
    for p in posts:
        names = p.attributes.get("holders")
        if not names:
            continue
        ftes = p.attributes.get("fte_shares") or [p.headcount]
        for name, fte in zip(names, ftes):
            status = PLACEHOLDERS.get(fold(str(name).strip("'").strip()), ("named", None))[0]
            if status == "eliminated":
                # The builder's post, still being built: the one place this fact can go.
                p.attributes["eliminated_fte"] = p.attributes.get("eliminated_fte", 0) + (fte or 0)
            if status in NOBODY:
                continue
            out.append(Holder(post=p.key, name=name if status == "named" else None,
                              fte=1 if fte is None else fte, provenance=p.provenance))
    return out
