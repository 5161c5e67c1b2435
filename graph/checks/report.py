"""Findings as a report: plain text for the terminal, Markdown, HTML, or JSON data.

Every form groups findings by severity (errors first) and gives each its source
line (``document:line``) when one is known.

>>> from graph.checks.engine import Finding
>>> from graph.schema.model import Provenance
>>> f = Finding("no-superior", "error", "post 3 has no superior", ["x/post/3"],
...             [Provenance(document="doc.txt", line=12)])
>>> print(to_markdown([("x", "Demo", [f])]).splitlines()[8])
| `doc.txt:12` | no-superior | post 3 has no superior |
"""

from __future__ import annotations

import html
import re
from typing import Any, Iterable

from graph.checks.engine import SEVERITIES, Finding, counts

HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Information"}

# (org key, org name, findings) for each organisation checked
Section = tuple[str, str, list[Finding]]


def where(f: Finding) -> str:
    """``document:line`` of a finding, or '' when unknown."""
    w = f.where
    if w is None:
        return ""
    return f"{w.document}:{w.line}" if w.line else w.document


def severity_counts_text(found: Iterable[Finding]) -> str:
    """'2 errors, 1 warning, 0 info' style counts.

    >>> severity_counts_text([Finding("a", "error", "m"), Finding("b", "warning", "m")])
    '1 error, 1 warning, 0 info'
    """
    c = counts(found)
    parts = [f"{c['error']} error{'s' if c['error'] != 1 else ''}",
             f"{c['warning']} warning{'s' if c['warning'] != 1 else ''}", f"{c['info']} info"]
    return ", ".join(parts)


def _by_severity(found: list[Finding]) -> list[tuple[str, list[Finding]]]:
    return [(s, [f for f in found if f.severity == s]) for s in SEVERITIES if any(f.severity == s for f in found)]


def to_data(sections: list[Section]) -> list[dict[str, Any]]:
    """JSON-ready: one record per organisation with counts and findings."""
    return [{"organisation": key, "name": name, "counts": counts(found),
             "findings": [f.to_dict() for f in found]} for key, name, found in sections]


def print_text(sections: list[Section], console) -> None:
    """The readable report on a rich console. Names and messages are data: they go in as
    plain Text, never as markup (a name holding "[/]" would break the line)."""
    from rich.text import Text

    colour = {"error": "red", "warning": "yellow", "info": "cyan"}
    for key, name, found in sections:
        console.print(Text.assemble((name, "bold"), " ", (f"({key})", "dim"), f": {severity_counts_text(found)}"))
        for severity, items in _by_severity(found):
            console.print(Text.assemble("\n", (HEADINGS[severity], f"bold {colour[severity]}"), f" ({len(items)})"))
            for f in items:
                loc = where(f)
                console.print(Text.assemble("  ", *([(loc, "dim"), " "] if loc else []), (f.rule, colour[severity]),
                                            f": {f.message}"))
        if not found:
            console.print("  no findings")
        console.print()


# Punctuation that means something inside a line (at the start of one, "#", "-" and "1." do
# too, but a cell or a heading's text never starts a line).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(text: str) -> str:
    r"""Text safe in a Markdown table cell or heading: HTML is written as entities (a name
    holding ``<script>`` stays text in any renderer) and Markdown punctuation is escaped
    (no links, emphasis or cell breaks from names).

    >>> print(_md("<script>x</script> [a](javascript:b) | c"))
    &lt;script&gt;x&lt;/script&gt; \[a\](javascript:b) \| c
    """
    text = " ".join(text.split())  # one line: a newline would end the table row
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _code(text: str) -> str:
    """A code span whatever ``text`` holds: a fence longer than any run of backticks in it."""
    text = " ".join(text.split())
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell_code(text: str) -> str:
    # In a GFM table a pipe ends the cell even inside a code span, unless escaped.
    return _code(text).replace("|", "\\|")


def to_markdown(sections: list[Section]) -> str:
    out: list[str] = []
    for key, name, found in sections:
        out += [f"# Checks: {_md(name)} ({_code(key)})", "", _md(severity_counts_text(found)), ""]
        for severity, items in _by_severity(found):
            out += [f"## {HEADINGS[severity]} ({len(items)})", "", "| where | rule | finding |",
                    "|---|---|---|"]
            out += [f"| {_cell_code(where(f))} | {_md(f.rule)} | {_md(f.message)} |" if where(f)
                    else f"|  | {_md(f.rule)} | {_md(f.message)} |" for f in items]
            out.append("")
        if not found:
            out += ["No findings.", ""]
    return "\n".join(out)


_CSS = ("body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}"
        "h2.error{color:#b00}h2.warning{color:#a60}h2.info{color:#06a}code{font-size:.9em}")


def to_html(sections: list[Section]) -> str:
    e = html.escape
    body: list[str] = []
    for key, name, found in sections:
        body.append(f"<h1>Checks: {e(name)} <code>{e(key)}</code></h1><p>{e(severity_counts_text(found))}</p>")
        for severity, items in _by_severity(found):
            body.append(f'<h2 class="{severity}">{HEADINGS[severity]} ({len(items)})</h2>')
            body.append("<table><tr><th>where</th><th>rule</th><th>finding</th><th>posts and units</th></tr>")
            for f in items:
                body.append(f"<tr><td><code>{e(where(f))}</code></td><td>{e(f.rule)}</td><td>{e(f.message)}</td>"
                            f"<td>{e(', '.join(f.subjects[:10]))}{' ...' if len(f.subjects) > 10 else ''}</td></tr>")
            body.append("</table>")
        if not found:
            body.append("<p>No findings.</p>")
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>orgraph checks</title>'
            f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
