"""Node labels: the text a chart shows for a post or a unit, wrapped to fit a box.

A post reads ``name · title · ×headcount`` in the script of the document; the
post number, when there is one, comes first as the document writes it.

>>> post_text("Систем аналитичар", "саветник", 2, number="12")
'12. Систем аналитичар · саветник · ×2'
>>> post_text("III რანგის II კატეგორიის უფროსი სპეციალისტი", "III რანგის II კატეგორიის უფროსი სპეციალისტი", 2)
'III რანგის II კატეგორიის უფროსი სპეციალისტი · ×2'
>>> wrap("12. Систем аналитичар · саветник · ×2", 24)
['12. Систем аналитичар ·', 'саветник · ×2']
>>> html_lines(["a < b & c"], bold=True)
'<B>a &lt; b &amp; c</B>'
"""

from __future__ import annotations

from html import escape

from graph.text.names import fold
from graph.text.numbers import show

SEP = " · "
POST_WIDTH = 26  # characters per line in a post box
UNIT_WIDTH = 46  # characters per line in a cluster label


def count_text(value: int | float | None) -> str | None:
    """A headcount as written: whole numbers without a decimal point.

    >>> count_text(2.0), count_text(0.5), count_text(None), count_text(55.730000000000004)
    ('2', '0.5', None, '55.73')
    """
    if value is None:
        return None
    return show(value)  # at most two decimals: 55.73, not 55.730000000000004


def post_text(name: str, title: str | None, headcount: int | float | None, number: str | None = None) -> str:
    """The one-line form of a post's label (what a chart's wrapped lines join back to).

    A title the name already spells out (Georgian posts are often named by
    their rank-category) is not repeated."""
    name = " ".join(name.split())
    if number and not name.startswith(number):
        name = f"{number.rstrip('.')}. {name}"
    parts = [name]
    if title and fold(title) not in fold(name):
        parts.append(" ".join(title.split()))
    count = count_text(headcount)
    if count is not None:
        parts.append("×" + count)
    return SEP.join(parts)


def wrap(text: str, width: int) -> list[str]:
    """Break at spaces into lines of about ``width`` characters; a word longer than
    ``width`` keeps its own line rather than being cut (names must stay searchable).
    Joining the lines with single spaces gives ``text`` back (spaces normalised)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        elif word == "·":
            # Keep the separator at the end of the line it closes, not at the start of the next.
            line += " ·"
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def html_lines(lines: list[str], *, bold: bool = False, size: float | None = None,
               colour: str | None = None, left: bool = False) -> str:
    """Graphviz HTML-like label body: escaped lines joined by <BR/> (``left``: flush left)."""
    if left:
        body = "".join(escape(line, quote=False) + '<BR ALIGN="LEFT"/>' for line in lines)
    else:
        body = "<BR/>".join(escape(line, quote=False) for line in lines)
    if bold:
        body = f"<B>{body}</B>"
    attrs = ""
    if size:
        attrs += f' POINT-SIZE="{size:g}"'
    if colour:
        attrs += f' COLOR="{colour}"'
    if attrs:
        body = f"<FONT{attrs}>{body}</FONT>"
    return body


def unit_text(name: str, number: str | None) -> str:
    """A unit's number and name.

    >>> unit_text("Одсек за базе података", "1.1.1.")
    '1.1.1. Одсек за базе података'
    """
    name = " ".join(name.split())
    if number and not name.startswith(number):
        return f"{number.rstrip('.')}. {name}"
    return name
