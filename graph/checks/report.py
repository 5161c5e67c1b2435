"""Findings as a report: Markdown, HTML, or JSON data (the terminal text is the CLI's, from the same parts).

The Markdown and HTML reports are one document rendered twice (:func:`report_blocks`),
so they hold the same headings, tables and columns: the organisation and the
documents as they identify themselves (title, number, date), the orgraph version
and the time of the run, every rule that ran with its status and legal source,
then the findings by severity with the article and line they refer to and every
post or unit they concern (nothing cut).

>>> from graph.checks.engine import Finding
>>> from graph.schema.model import Provenance
>>> f = Finding("no-superior", "error", "post 3 has no superior", ["x/post/3"],
...             [Provenance(document="doc.txt", line=12, article="5")])
>>> [r for r in to_markdown([("x", "Demo", [f])]).splitlines() if "no-superior" in r][-1]
'| 1 | no-superior | 5 | 12 | doc.txt | post 3 has no superior | x/post/3 |'
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from graph.checks.engine import REGISTRY, SEVERITIES, Finding, Rule, counts
from graph.schema.model import OrgFile

HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Information"}


@dataclass
class Checked:
    """One organisation checked: its model (for the documents and the names of posts), its
    findings and the rules that ran over it (None: not known, e.g. an old caller)."""

    key: str
    name: str
    findings: list[Finding]
    org: OrgFile | None = None
    rules: list[Rule] | None = None

    def __iter__(self):
        # Unpacks as the (key, name, findings) triple callers used before the report knew more.
        return iter((self.key, self.name, self.findings))

    @classmethod
    def of(cls, section: "Section") -> "Checked":
        return section if isinstance(section, Checked) else cls(*section)


@dataclass
class Run:
    """What the report says about the run itself."""

    version: str = ""
    at: _dt.datetime = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc))

    def __post_init__(self):
        if not self.version:
            from graph import __version__

            self.version = __version__


# A Checked, or (org key, org name, findings) for each organisation checked
Section = "Checked | tuple[str, str, list[Finding]]"


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


def by_severity(found: list[Finding]) -> list[tuple[str, list[Finding]]]:
    return [(s, [f for f in found if f.severity == s]) for s in SEVERITIES if any(f.severity == s for f in found)]


def to_data(sections: list[Section]) -> list[dict[str, Any]]:
    """JSON-ready: one record per organisation with counts, the rules fired and the findings."""
    out = []
    for s in map(Checked.of, sections):
        out.append({"organisation": s.key, "name": s.name, "counts": counts(s.findings),
                    "rules_fired": rules_fired(s.findings), "findings": [f.to_dict() for f in s.findings]})
    return out


def rules_fired(found: Iterable[Finding]) -> dict[str, int]:
    """Findings per rule, in the order the rules run.

    >>> rules_fired([Finding("no-superior", "error", "m"), Finding("no-superior", "error", "n")])
    {'no-superior': 2}
    """
    order = {r: i for i, r in enumerate(REGISTRY)}
    c: dict[str, int] = {}
    for f in found:
        c[f.rule] = c.get(f.rule, 0) + 1
    return dict(sorted(c.items(), key=lambda kv: order.get(kv[0], len(order))))


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


# -- the report document ------------------------------------------------------------------------------

#: Words of the report's own headings. The report is in English; its content (names, messages
#: quoted from the document) keeps its language, which the HTML's ``lang`` follows.
STATUS_PASSED, STATUS_FAILED, STATUS_NOTED, STATUS_NOT_APPLICABLE = (
    "passed", "failed", "passed, with notes", "not applicable")
RULE_COLUMNS = ["rule", "severity", "status", "findings", "legal source"]
FINDING_COLUMNS = ["#", "rule", "article", "line", "document", "finding", "posts and units"]


@dataclass
class Block:
    """One piece of the report: a heading (level 1-3), a paragraph, or a table."""

    kind: str  # "h1" | "h2" | "h3" | "p" | "table"
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    css: str = ""  # a class for the HTML (severity colour), ignored by Markdown
    lang: str = ""  # the content's language, for the HTML
    name: str = ""  # what the table is ("about", "rules", "findings"), a data attribute in the HTML


def content_lang(texts: Iterable[str]) -> str:
    """``sr``, ``ka`` or ``en``: the script most letters of ``texts`` are written in (Latin
    Serbian is told from English by its diacritics).

    >>> content_lang(["Канцеларија за информационе технологије"]), content_lang(["საქართველოს"])
    ('sr', 'ka')
    >>> content_lang(["Home Office"]), content_lang(["Opština Stari grad, Služba"])
    ('en', 'sr')
    """
    cyr = geo = lat = dia = 0
    for t in texts:
        for ch in t or "":
            o = ord(ch)
            if 0x400 <= o <= 0x4FF:
                cyr += 1
            elif 0x10A0 <= o <= 0x10FF or 0x1C90 <= o <= 0x1CBF:
                geo += 1
            elif ch.isascii() and ch.isalpha():
                lat += 1
            elif ch in "čćžšđČĆŽŠĐ":
                dia += 1
    best = max((cyr, "sr"), (geo, "ka"), (lat + dia, "en"))
    if best[1] == "en" and dia:
        return "sr"
    return best[1] if best[0] else "en"


def _labels(org: OrgFile | None) -> dict[str, str]:
    if org is None:
        return {}
    out = {org.organisation.key: f"the organisation \"{org.organisation.name}\""}
    for u in org.units:
        out[u.key] = f'unit {u.number} "{u.name}"' if u.number else f'unit "{u.name}"'
    for p in org.posts:
        out[p.key] = f'post {p.number} "{p.name}"' if p.number else f'post "{p.name}"'
    return out


def _finding_text(f: Finding) -> str:
    parts = [f.message]
    parts += [f"Also {a['rule']}: {a['message']}" for a in f.also]
    for w in f.explained_by:
        at = f" ({w['document']}:{w['line']})" if w.get("line") else ""
        parts.append(f"Explained by the loader's warning {w['code']}{at}: {w['message']}")
    return " — ".join(parts)


def _rule_rows(s: Checked) -> list[list[str]]:
    fired = rules_fired(s.findings)
    serious = {f.rule for f in s.findings if f.severity != "info"}
    ran = s.rules if s.rules is not None else [REGISTRY[r] for r in fired if r in REGISTRY]
    rows = []
    for r in ran:
        n = fired.get(r.id, 0)
        status = STATUS_FAILED if r.id in serious else STATUS_NOTED if n else STATUS_PASSED
        rows.append([r.id, r.severity, status, str(n), r.source])
    listed = {r.id for r in ran}
    for r in REGISTRY.values():
        if s.rules is not None and r.id not in listed and r.systems is not None:
            rows.append([r.id, r.severity, STATUS_NOT_APPLICABLE, "0",
                         f"{r.source} (applies to {', '.join(r.systems)} only)"])
    return rows


def report_blocks(sections: list[Section], run: Run | None = None) -> list[Block]:
    """The report as blocks, the same for Markdown and HTML."""
    run = run or Run()
    checked = [Checked.of(s) for s in sections]
    blocks: list[Block] = []
    title = ("Check report: " + checked[0].name) if len(checked) == 1 else f"Check report: {len(checked)} organisations"
    blocks.append(Block("h1", title, lang=content_lang([c.name for c in checked])))
    blocks.append(Block("table", header=["", ""], rows=[
        ["orgraph version", run.version],
        ["run at", run.at.astimezone(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")],
        ["organisations", str(len(checked))]], name="run"))
    for s in checked:
        lang = content_lang([s.name, *(d.title or "" for d in (s.org.documents if s.org else []))])
        if len(checked) > 1:
            blocks.append(Block("h2", f"{s.name} ({s.key})", lang=lang))
        org = s.org
        about = [["organisation", s.name], ["key", s.key]]
        if org is not None and org.organisation.snapshot:
            about.append(["snapshot", org.organisation.snapshot.isoformat()])
        docs = list(org.documents) if org is not None else []
        known = {d.document for d in docs}
        sources = [x for x in (org.sources if org is not None else []) if x not in known]
        for i, d in enumerate(docs, 1):
            n = f" {i}" if len(docs) > 1 else ""
            about += [[f"document{n}", d.title or ""], [f"document{n} number", d.number or ""],
                      [f"document{n} date", d.date or ""], [f"document{n} file", d.document]]
        for x in sources:
            about.append(["document file", x])
        about.append(["findings", severity_counts_text(s.findings)])
        blocks.append(Block("table", header=["", ""], rows=about, lang=lang, name="about"))
        blocks.append(Block("h3" if len(checked) > 1 else "h2", "Rules run"))
        blocks.append(Block("table", header=RULE_COLUMNS, rows=_rule_rows(s), name="rules"))
        labels = _labels(org)
        n = 0
        for severity, items in by_severity(s.findings):
            blocks.append(Block("h3" if len(checked) > 1 else "h2", f"{HEADINGS[severity]} ({len(items)})",
                                css=severity))
            rows = []
            for f in items:
                n += 1
                w = f.where
                subjects = [*f.subjects, *f.covered]
                rows.append([str(n), f.rule, (w.article or "") if w else "", str(w.line or "") if w else "",
                             w.document if w else "", _finding_text(f),
                             "; ".join(labels.get(k, k) for k in subjects)])
            blocks.append(Block("table", header=FINDING_COLUMNS, rows=rows, css=severity, lang=lang, name="findings"))
        if not s.findings:
            blocks.append(Block("p", "No findings."))
    return blocks


def to_markdown(sections: list[Section], run: Run | None = None) -> str:
    out: list[str] = []
    for b in report_blocks(sections, run):
        if b.kind in ("h1", "h2", "h3"):
            out += ["#" * int(b.kind[1]) + " " + _md(b.text), ""]
        elif b.kind == "p":
            out += [_md(b.text), ""]
        else:
            out.append("| " + " | ".join(_md(h) for h in b.header) + " |")
            out.append("|" + "---|" * len(b.header))
            out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in b.rows]
            out.append("")
    return "\n".join(out)


_CSS = ("body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;width:100%;"
        "margin-bottom:1em}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}"
        "h2.error,h3.error{color:#b00}h2.warning,h3.warning{color:#a60}h2.info,h3.info{color:#06a}"
        "@media print{body{margin:0;max-width:none}tr,td{page-break-inside:avoid}h2,h3{page-break-after:avoid}}")


def to_html(sections: list[Section], run: Run | None = None) -> str:
    e = html.escape
    blocks = report_blocks(sections, run)
    page_lang = blocks[0].lang or "en"
    body: list[str] = []
    for b in blocks:
        lang = f' lang="{e(b.lang)}"' if b.lang and b.lang != page_lang else ""
        css = f' class="{e(b.css)}"' if b.css else ""
        if b.kind in ("h1", "h2", "h3", "p"):
            body.append(f"<{b.kind}{css}{lang}>{e(b.text)}</{b.kind}>")
        else:
            head = "".join(f"<th>{e(h)}</th>" for h in b.header) if any(b.header) else ""
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in b.rows)
            data = f' data-table="{e(b.name)}"' if b.name else ""
            body.append(f"<table{css}{lang}{data}>" + (f"<thead><tr>{head}</tr></thead>" if head else "")
                        + f"<tbody>{rows}</tbody></table>")
    title = blocks[0].text
    return (f'<!DOCTYPE html>\n<html lang="{e(page_lang)}"><head><meta charset="utf-8"><title>{e(title)}</title>'
            f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
